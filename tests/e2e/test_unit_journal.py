"""Journals belong to the unit (by serial), not to the console port (issue 11, item 2)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.records.journal import Journal
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from rommon_toolkit.simulator.state import UnitState
from tests.e2e.conftest import Bench

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)

FIRST, SECOND = "JADAAAA0001", "JADBBBB0002"


def _stage(bench: Bench, image: Path, *more: str) -> tuple[int, dict[str, object]]:
    return bench.run(
        "stage", "--port", bench.url(), "--image", str(image), *bench.network_args(), "--yes", *more
    )


def _swap_in(bench: Bench, serial: str, images: list[Path], boot: list[str]) -> None:
    """Unplug the unit on the port and put another unit (another serial) behind the same URL."""
    registry.close_all()
    shutil.rmtree(bench.state_dir)
    init_unit(bench.state_dir, "asa5506", images=images, boot=boot, serial=serial)
    bench.attach()


def test_a_second_unit_on_the_same_port_keeps_its_same_named_file(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    old_boot = [f"disk0:/{images['old'].name}"]
    init_unit(bench.state_dir, "asa5506", images=[images["old"]], boot=old_boot, serial=FIRST)
    bench.attach("reboot-mid-copy")
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED  # interrupted: the first unit holds our partial copy
    assert str(report["journal"]).endswith(f"unit-{FIRST}.jsonl")
    first_records = Journal.read(Path(str(report["journal"])))
    assert any(r["step"] == "copy-image" and r["phase"] == "begin" for r in first_records)

    impostor = make_image(tmp_path / "impostor", "asa5506", "9.16(4)85", 8192)
    assert impostor.name == images["new"].name
    _swap_in(bench, SECOND, [images["old"], impostor], old_boot)
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    assert "did not write it" in str(report["error"])
    assert str(report["journal"]).endswith(f"unit-{SECOND}.jsonl")
    kept = registry.unit_for(bench.state_dir).snapshot().file(images["new"].name)
    assert kept is not None
    assert kept.sha512 == hashlib.sha512(impostor.read_bytes()).hexdigest()  # never replaced
    assert [s for s in report["steps"] if s["name"] == "delete-own-copy"] == []  # type: ignore[union-attr]


def test_the_first_unit_back_on_the_port_resumes_from_its_own_journal(
    bench: Bench, images: dict[str, Path]
) -> None:
    old_boot = [f"disk0:/{images['old'].name}"]
    init_unit(bench.state_dir, "asa5506", images=[images["old"]], boot=old_boot, serial=FIRST)
    unit = bench.attach("reboot-mid-copy")
    code, _ = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    unit.clear_fault("reboot-mid-copy")
    code, report = _stage(bench, images["new"])  # same unit: its journal says the partial is ours
    assert code == ExitCode.SUCCESS, report.get("error")
    assert [s["name"] for s in report["steps"]].count("delete-own-copy") == 1  # type: ignore[union-attr]


def test_state_dir_option_moves_the_journals_and_both_serials_are_recorded(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    bench.provision([images["old"]], [f"disk0:/{images['old'].name}"])
    serial = UnitState(bench.state_dir).hardware().serial
    state = tmp_path / "elsewhere"
    code, report = _stage(bench, images["new"], "--state-dir", str(state))
    assert code == ExitCode.SUCCESS, report.get("error")
    journal = state / "journals" / f"unit-{serial}.jsonl"
    assert report["journal"] == str(journal)
    identity = Journal.read(journal)[0]
    assert identity["step"] == "identify-unit"
    assert identity["serial"] == identity["version_serial"] == serial
    assert identity["source"] == "show version"
    assert str(identity["chassis_serial"]).startswith("JMX")
    assert identity["chassis_serial"] != serial
    assert not list((state / "journals").glob("port-*.jsonl"))  # provisional records moved
    assert json.dumps(identity)  # plain JSON, readable by hand


def test_a_unit_met_at_rommon_gets_its_records_filed_under_its_serial(
    bench: Bench, images: dict[str, Path]
) -> None:
    registry.attach(
        "asa5506", bench.state_dir, speed=60, tftp_port=bench.tftp_port, faults=["boot-loop"]
    )
    code, error, report = bench.recover(bench.url(), images["new"])
    assert code == ExitCode.SUCCESS, error and error.render()
    serial = UnitState(bench.state_dir).hardware().serial
    journal = Path(report["journal"])
    assert journal.name == f"unit-{serial}.jsonl"
    records = Journal.read(journal)
    moved = [r["step"] for r in records if r.get("provisional")]
    assert "tftpdnld" in moved  # written before the serial was known, then moved
    assert all(r["step"] != "tftpdnld" for r in records if not r.get("provisional"))
    assert not list(journal.parent.glob("port-*.jsonl"))


def test_staging_refuses_a_release_the_model_in_show_version_cannot_run(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    init_unit(bench.state_dir, "asa5508", images=[images["old"]], boot=[])
    registry.attach("asa5508", bench.state_dir, speed=60, tftp_port=bench.tftp_port)
    first_5506_only = make_image(tmp_path / "932", "asa5508", "9.3(2)", 1 << 16)
    url = bench.url().replace("sim://asa5506", "sim://asa5508")
    code, report = bench.run(
        "stage", "--port", url, "--image", str(first_5506_only), *bench.network_args(), "--yes"
    )
    assert code == ExitCode.DEVICE_REFUSED
    assert "ASA5508 runs ASA 9.3(3) to 9.16(x)" in str(report["error"])
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.file(first_5506_only.name) is None  # nothing copied


def test_recover_without_model_stops_at_the_banner_of_a_model_that_cannot_run_the_release(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    init_unit(bench.state_dir, "asa5508", images=[images["old"]], boot=[])
    registry.attach(
        "asa5508", bench.state_dir, speed=60, tftp_port=bench.tftp_port, faults=["boot-loop"]
    )
    first_5506_only = make_image(tmp_path / "932", "asa5508", "9.3(2)", 1 << 16)
    url = bench.url().replace("sim://asa5506", "sim://asa5508")
    code, error, _ = bench.recover(url, first_5506_only)
    assert code == ExitCode.DEVICE_REFUSED, error and error.render()
    assert error is not None
    assert "ASA5508 runs ASA 9.3(3) to 9.16(x)" in error.message
    transcript = "".join(p.read_text() for p in bench.root.rglob("*.transcript.jsonl"))
    assert "Platform ASA5508" in transcript  # the model came from the banner
    assert "tftpdnld" not in transcript  # refused before anything was downloaded


def test_an_unusable_state_dir_is_refused_before_the_line_is_opened(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    bench.provision([images["old"]], [f"disk0:/{images['old'].name}"])
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, report = _stage(bench, images["new"], "--state-dir", str(blocker / "state"))
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert "cannot keep the journal in" in str(report["error"])
    assert "--state-dir" in str(report["error"])
