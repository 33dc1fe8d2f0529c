"""`rommon recover` from every starting state the issue lists, to its documented outcome."""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from tests.e2e.conftest import FAST, Bench

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)


def _sha512(path: Path) -> str:
    return hashlib.sha512(path.read_bytes()).hexdigest()


def _steps(report: dict[str, object]) -> dict[str, str]:
    return {s["name"]: s["outcome"] for s in report["steps"]}  # type: ignore[index,union-attr]


def _assert_boots_on_its_own(bench: Bench, image: Path) -> None:
    snap = registry.unit_for(bench.state_dir).snapshot()
    on_disk = snap.file(image.name)
    assert on_disk is not None
    assert on_disk.sha512 == _sha512(image)
    assert snap.boot_lines[0] == f"disk0:/{image.name}"
    assert snap.next_boot.target == f"disk0:/{image.name}"
    assert snap.running.image == f"disk0:/{image.name}"


def test_boot_loop_unit_is_recovered_and_boots_the_image_on_its_own(
    bench: Bench, images: dict[str, Path]
) -> None:
    code, error, report = bench.recover(bench.url("boot-loop"), images["new"])
    assert code == ExitCode.SUCCESS, error and error.render()
    _assert_boots_on_its_own(bench, images["new"])
    steps = _steps(report)
    for step in ("tftpdnld", "set-variables", "sync", "copy-image", "write-memory"):
        assert steps[step] == "ok", step
    assert report["outcome"] == "success"
    assert report["transfers"][0]["bytes"] == images["new"].stat().st_size
    assert Path(report["transcript"]).exists()
    # after the proving reload it runs the disk0 copy, not the image it was TFTP-booted with
    assert report["final_state"]["running_image"] == f"disk0:/{images['new'].name}"
    assert report["final_state"]["booted_after_reload"] == f"disk0:/{images['new'].name}"


def test_unit_waiting_at_the_rommon_prompt_is_recovered(
    bench: Bench, images: dict[str, Path]
) -> None:
    unit = registry.attach(
        "asa5506", bench.state_dir, speed=60, tftp_port=bench.tftp_port, faults=["boot-loop"]
    )
    assert unit.wait_for_mode("rommon", timeout=30)  # the failed autoboot lands in ROMMON
    code, error, report = bench.recover(bench.url(), images["new"])
    assert code == ExitCode.SUCCESS, error and error.render()
    assert report["final_state"]["started_from"] == "rommon"
    _assert_boots_on_its_own(bench, images["new"])


def test_running_asa_is_reloaded_and_keeps_its_old_image_as_fallback(
    bench: Bench, images: dict[str, Path]
) -> None:
    first, error, _ = bench.recover(bench.url("boot-loop"), images["new"])
    assert first == ExitCode.SUCCESS, error and error.render()
    code, error, report = bench.recover(bench.url(), images["other"])
    assert code == ExitCode.SUCCESS, error and error.render()
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.boot_lines == (f"disk0:/{images['other'].name}", f"disk0:/{images['new'].name}")
    assert snap.running.image == f"disk0:/{images['other'].name}"
    assert _steps(report)["backup"] == "ok"  # the running config was saved before the reload


def test_unit_powered_off_is_asked_for_and_recovered_after_power_on(
    bench: Bench, images: dict[str, Path]
) -> None:
    unit = registry.attach(
        "asa5506",
        bench.state_dir,
        powered=False,
        speed=60,
        tftp_port=bench.tftp_port,
        faults=["boot-loop"],
    )
    feedback = RecordingFeedback()
    asked = threading.Event()
    tell = feedback.tell

    def tell_and_power_on(message: str) -> None:
        tell(message)
        if "power-cycle the unit now" in message:
            asked.set()
            unit.power_on()

    feedback.tell = tell_and_power_on  # type: ignore[method-assign]
    code, error, _ = bench.recover(bench.url(), images["new"], feedback=feedback)
    assert code == ExitCode.SUCCESS, error and error.render()
    assert asked.is_set()
    _assert_boots_on_its_own(bench, images["new"])


def test_password_recovery_disabled_stops_after_answering_no(
    bench: Bench, images: dict[str, Path]
) -> None:
    code, error, report = bench.recover(
        bench.url("password-recovery-disabled", "boot-loop"), images["new"]
    )
    assert code == ExitCode.DEVICE_REFUSED
    assert error is not None
    assert "ROMMON access is disabled" in error.render()
    transcript = Path(report["transcript"]).read_text()
    sent = [
        json.loads(line)["data"]
        for line in transcript.splitlines()[1:]
        if json.loads(line)["dir"] == "tx"
    ]
    assert "no\r" in sent
    assert not any(s.strip().lower() in ("y", "yes") for s in sent)
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.file(images["new"].name) is None  # nothing was written


def test_wrong_family_image_is_refused_before_anything_is_sent(
    bench: Bench, images: dict[str, Path]
) -> None:
    code, error, report = bench.recover(bench.url(), images["smp"])
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert error is not None
    assert "5512-X" in error.render()
    assert report == {}  # no report: the unit was never opened


def test_bad_hash_is_refused_before_anything_is_sent(bench: Bench, images: dict[str, Path]) -> None:
    code, error, _ = bench.recover(bench.url(), images["new"], "--sha512", "ab" * 64)
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert error is not None
    assert "SHA-512 mismatch" in error.render()


def test_external_server_without_the_file_is_refused_at_preflight(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    from rommon_toolkit.tftp_server import Catalog, TftpService

    other = tmp_path / "other.SPA"
    other.write_bytes(b"x")
    with TftpService(Catalog.from_paths([other]), bind="127.0.0.1", port=0) as service:
        bench.tftp_port = service.port  # an external server has a port of its own
        code, error, _ = bench.recover(bench.url(), images["new"], "--external-tftp")
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert error is not None
    assert "refused" in error.render()


def test_unreachable_server_is_diagnosed_and_retried_boundedly(
    bench: Bench, images: dict[str, Path]
) -> None:
    url = bench.url("no-mgmt-link", "boot-loop", extra=FAST)
    code, error, report = bench.recover(url, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    assert error is not None
    assert "no TFTP request" in error.render()
    assert "Management1/1" in error.render()
    attempts = [s for s in report["steps"] if s["name"] == "tftpdnld"]
    assert len(attempts) == 2
    assert all(s["details"]["diagnosis"] == "no-request" for s in attempts)


def test_cable_pulled_mid_transfer_then_the_same_command_resumes(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    unit = registry.attach(
        "asa5506", bench.state_dir, speed=60, tftp_port=bench.tftp_port, faults=["boot-loop"]
    )
    pulled = threading.Event()

    def pull_when_downloading() -> None:
        if unit.wait_for_mode("tftpdnld", timeout=60):
            unit.unplug_cable()
            pulled.set()

    watcher = threading.Thread(target=pull_when_downloading, daemon=True)
    watcher.start()
    code, error, report = bench.recover(bench.url(), images["new"])
    watcher.join(timeout=60)
    assert pulled.is_set()
    assert code == ExitCode.LINE_ERROR, error and error.render()
    assert Path(report["transcript"]).exists()
    assert report["outcome"] == "LineError"
    unit.plug_cable()
    code, error, report = bench.recover(bench.url(), images["new"])
    assert code == ExitCode.SUCCESS, error and error.render()
    _assert_boots_on_its_own(bench, images["new"])


def test_a_release_the_model_cannot_run_is_refused_with_exit_3(
    bench: Bench, tmp_path: Path
) -> None:
    too_new = make_image(tmp_path / "too-new", "asa5506", "9.18(3)56", 1 << 16)
    code, error, _ = bench.recover(bench.url(), too_new, "--model", "asa5506")
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert error is not None
    assert "ASA5506 runs ASA 9.3(2) to 9.16(x)" in error.message


def test_steps_are_announced_with_the_dry_run_numbers(
    bench: Bench, images: dict[str, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = bench.recover(bench.url("boot-loop"), images["new"], "--dry-run")
    assert code == ExitCode.SUCCESS
    planned = [
        line.strip() for line in capsys.readouterr().out.splitlines() if line.startswith("  [")
    ]
    feedback = RecordingFeedback()
    code, error, _ = bench.recover(bench.url("boot-loop"), images["new"], feedback=feedback)
    assert code == ExitCode.SUCCESS, error and error.render()
    started = [m for m in feedback.messages if m.startswith("[") and m.endswith(" ...")]
    assert started, feedback.messages
    for message in started:
        number, name = message[1:].split("] ")
        assert f"[{number}] {name.removesuffix(' ...')}" in planned, (message, planned)
    numbers = [int(m[1:].split("/")[0]) for m in started]
    assert numbers == sorted(numbers)  # in the plan's order
