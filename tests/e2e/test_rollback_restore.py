"""`rommon rollback` (both seed scenarios) and `rommon restore` on the virtual ASA."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import serial

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from tests.e2e.conftest import IMAGE_SIZE, Bench
from tests.e2e.upgrade_setup import (
    PASSPHRASE,
    networked_config,
    provision_single,
    snapshot,
    upgrade_argv,
    upgrade_images,
)
from tests.sim.flows import to_rommon
from tests.sim.spawn import PortSpawn

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA


@pytest.fixture
def images(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return upgrade_images(tmp_path_factory.mktemp("rollback"))


def _upgraded(bench: Bench, images: dict[str, Path], **kwargs: object) -> dict[str, object]:
    provision_single(bench, images, **kwargs)  # type: ignore[arg-type]
    code, report = bench.run(*upgrade_argv(bench, images["new"]))
    assert code == ExitCode.SUCCESS, report.get("error")
    return report


def _rollback(bench: Bench, *more: str) -> tuple[int, dict[str, object]]:
    return bench.run("rollback", "--port", bench.url(), "--yes", "--timeout-scale", "0.05", *more)


def test_rollback_of_a_unit_that_booted_the_new_image(
    bench: Bench, images: dict[str, Path]
) -> None:
    _upgraded(bench, images)
    new, old = f"disk0:/{images['new'].name}", f"disk0:/{images['old'].name}"
    code, report = _rollback(bench)
    assert code == ExitCode.SUCCESS, report.get("error")
    snap = snapshot(bench)
    assert snap.running.image == old
    assert list(snap.boot_lines) == [old, new]  # old first, the new one kept as the fallback
    assert report["final_state"]["scenario"] == "booted"  # type: ignore[index]
    assert "reload-verify" in [s["name"] for s in report["steps"]]  # type: ignore[union-attr]


def test_rollback_of_a_unit_that_did_not_come_back(bench: Bench, images: dict[str, Path]) -> None:
    _upgraded(bench, images)
    new, old = f"disk0:/{images['new'].name}", f"disk0:/{images['old'].name}"
    con = PortSpawn(serial.serial_for_url(bench.url()), timeout=30)
    bench.attach().power_cycle()
    to_rommon(con)  # the unit sits at the ROMMON prompt, as after a failed boot
    con.close()
    code, report = _rollback(bench)  # no --image: the journals know OLD for this port
    assert code == ExitCode.SUCCESS, report.get("error")
    assert report["final_state"]["scenario"] == "rommon"  # type: ignore[index]
    snap = snapshot(bench)
    assert snap.running.image == old
    assert list(snap.boot_lines) == [old, new]
    assert "boot-from-rommon" in [s["name"] for s in report["steps"]]  # type: ignore[union-attr]


def test_rollback_refuses_without_a_known_old_image(bench: Bench, images: dict[str, Path]) -> None:
    provision_single(bench, images)
    code, report = _rollback(bench)
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert "--image" in str(report["error"])
    assert snapshot(bench).running.image == f"disk0:/{images['old'].name}"


def test_restore_onto_a_replacement_unit_with_certificates(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROMMON_BACKUP_PASSPHRASE", PASSPHRASE)
    source = bench.root / "source"
    init_unit(
        source,
        "asa5506",
        images=[images["old"]],
        boot=[f"disk0:/{images['old'].name}"],
        trustpoints=("VPN-CERT",),
        config=networked_config(),
    )
    original = registry.attach("asa5506", source, speed=60, tftp_port=bench.tftp_port)
    url = f"sim://asa5506?state-dir={source}&speed=60&tftp-port={bench.tftp_port}"
    code, report = bench.run("backup", "--port", url, "--out", str(bench.root / "backups"))
    assert code == ExitCode.SUCCESS, report.get("error")
    original.close()
    [folder] = list((bench.root / "backups").iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["trustpoints"] == ["VPN-CERT"]
    fresh = make_image(bench.root / "fresh", "asa5506", "9.14(2)15", IMAGE_SIZE)
    init_unit(bench.state_dir, "asa5506", images=[fresh], boot=[f"disk0:/{fresh.name}"])
    bench.attach()
    code, report = bench.run(
        "restore",
        "--port",
        bench.url(),
        "--backup",
        str(folder),
        "--certificates",
        *bench.network_args(),
        "--yes",
        "--timeout-scale",
        "0.05",
    )
    assert code == ExitCode.SUCCESS, report.get("error")
    final = report["final_state"]
    assert final["trustpoints_imported"] == ["VPN-CERT"]  # type: ignore[index]
    whats = [e["what"] for e in final["re_enter_by_hand"]]  # type: ignore[index]
    assert "licence entitlement" in whats
    startup = snapshot(bench).startup_config or ""
    assert "crypto ca trustpoint VPN-CERT" in startup
    assert "ip address 198.51.100.2 255.255.255.0" in startup  # the backup's configuration
    assert "127.0.0.2" not in startup  # the temporary Management1/1 address was undone
    transcript = Path(str(report["transcript"])).read_text()
    assert PASSPHRASE not in transcript
    body = (folder / "VPN-CERT.p12.b64").read_text().splitlines()[1]
    assert body not in transcript
