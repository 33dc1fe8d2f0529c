"""Staging, boot repair and backup against the virtual ASA (issue 6's scenarios)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.workflows.backup import verify_manifest
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from tests.e2e.conftest import Bench

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)


def _disk0(image: Path) -> str:
    return f"disk0:/{image.name}"


def _stage(bench: Bench, image: Path, *more: str) -> tuple[int, dict[str, object]]:
    return bench.run(
        "stage",
        "--port",
        bench.url(),
        "--image",
        str(image),
        *bench.network_args(),
        "--yes",
        *more,
    )


def test_stage_copies_verifies_then_skips_a_verified_copy(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["old"]], [_disk0(images["old"])])
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.SUCCESS, report.get("error")
    assert report["final_state"] == {"target": _disk0(images["new"]), "copied": True}
    snap = registry.unit_for(bench.state_dir).snapshot()
    staged = snap.file(images["new"].name)
    assert staged is not None
    assert staged.sha512 == hashlib.sha512(images["new"].read_bytes()).hexdigest()
    assert snap.startup_config is not None
    assert "127.0.0.2" not in snap.startup_config  # Management1/1 change undone, never saved
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.SUCCESS
    assert report["final_state"] == {"target": _disk0(images["new"]), "copied": False}


def test_stage_refuses_a_full_disk_with_the_numbers(bench: Bench, images: dict[str, Path]) -> None:
    bench.provision([images["old"]], [_disk0(images["old"])], "disk-full")
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    assert "bytes free" in str(report["error"])
    assert registry.unit_for(bench.state_dir).snapshot().file(images["new"].name) is None


def test_corrupted_transfer_is_retried_once_then_its_copy_deleted(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["old"]], [_disk0(images["old"])], "corrupt-download")
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    assert "could not be copied and verified in 2 attempts" in str(report["error"])
    copies = [s for s in report["steps"] if s["name"] == "copy-image"]  # type: ignore[union-attr]
    assert len(copies) == 2
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.file(images["new"].name) is None
    assert snap.file(images["old"].name) is not None  # never touched


def test_a_foreign_file_with_the_same_name_is_never_overwritten(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    impostor_dir = tmp_path / "impostor"
    impostor = make_image(impostor_dir, "asa5506", "9.16(4)85", 8192)
    assert impostor.name == images["new"].name
    bench.provision([images["old"], impostor], [_disk0(images["old"])])
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    assert "did not write it" in str(report["error"])
    kept = registry.unit_for(bench.state_dir).snapshot().file(images["new"].name)
    assert kept is not None
    assert kept.size == 8192


def test_unreachable_server_stops_the_copy(bench: Bench, images: dict[str, Path]) -> None:
    bench.provision([images["old"]], [_disk0(images["old"])], "no-mgmt-link")
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    assert "copy" in str(report["error"])


def test_reboot_mid_copy_then_the_same_command_resumes(
    bench: Bench, images: dict[str, Path]
) -> None:
    unit = bench.provision([images["old"]], [_disk0(images["old"])], "reboot-mid-copy")
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.DEVICE_REFUSED
    assert "restarted" in str(report["error"])
    unit.clear_fault("reboot-mid-copy")
    partial = registry.unit_for(bench.state_dir).snapshot().file(images["new"].name)
    assert partial is not None  # the interrupted copy left a partial file, as a unit could
    assert partial.size < images["new"].stat().st_size
    code, report = _stage(bench, images["new"])
    assert code == ExitCode.SUCCESS, report.get("error")
    deleted = [s for s in report["steps"] if s["name"] == "delete-own-copy"]  # type: ignore[union-attr]
    staged = registry.unit_for(bench.state_dir).snapshot().file(images["new"].name)
    assert staged is not None
    assert staged.sha512 == hashlib.sha512(images["new"].read_bytes()).hexdigest()
    assert len(deleted) == 1  # the partial file was ours (journal): deleted, then recopied


def _repair(bench: Bench, *more: str) -> tuple[int, dict[str, object]]:
    return bench.run("boot-repair", "--port", bench.url(), "--yes", *more)


@pytest.mark.parametrize(
    ("boot", "target", "expected"),
    [
        pytest.param(["gone", "old"], "new", ["new", "old"], id="missing-file-first"),
        pytest.param([], None, ["new"], id="no-boot-lines"),
        pytest.param(["old"], "new", ["new", "old"], id="only-a-fallback"),
    ],
)
def test_boot_repair_from_broken_starting_points(
    bench: Bench,
    images: dict[str, Path],
    boot: list[str],
    target: str | None,
    expected: list[str],
) -> None:
    names = {**{k: _disk0(v) for k, v in images.items()}, "gone": "disk0:/asa9-8-4-lfbff-k8.SPA"}
    unit = bench.provision([images["new"], images["old"]], [names[b] for b in boot])
    if not boot:  # no boot lines: it boots the first image; make sure that is `new`
        assert unit.wait_for_mode("asa", timeout=60)
    more = ["--image", names[target]] if target else []
    code, report = _repair(bench, *more, "--reload")
    assert code == ExitCode.SUCCESS, report.get("error")
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert list(snap.boot_lines) == [names[e] for e in expected]
    assert snap.running.image == names[expected[0]]


def test_boot_repair_restores_a_recovery_config_register(
    bench: Bench, images: dict[str, Path]
) -> None:
    from rommon_toolkit.simulator.state import UnitState

    init = bench.provision([images["new"]], [_disk0(images["new"])])
    init.close()
    registry.forget(init)
    state = UnitState(bench.state_dir)
    nvram = state.nvram()
    nvram.confreg = 0x41
    state.save_nvram(nvram)
    bench.attach()
    code, report = _repair(bench)
    assert code == ExitCode.SUCCESS, report.get("error")
    assert registry.unit_for(bench.state_dir).snapshot().confreg == 0x1


def test_boot_repair_from_rommon_boots_the_named_image_first(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision([images["new"], images["old"]], ["disk0:/asa9-8-4-lfbff-k8.SPA"])
    code, _ = bench.run("interrupt", "--port", bench.url(), "--yes", "--timeout", "60")
    assert code == ExitCode.SUCCESS
    assert registry.unit_for(bench.state_dir).snapshot().mode == "rommon"
    code, report = _repair(bench, "--image", _disk0(images["new"]), "--reload")
    assert code == ExitCode.SUCCESS, report.get("error")
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.boot_lines == (_disk0(images["new"]),)
    assert snap.running.image == _disk0(images["new"])


def test_backup_holds_what_the_unit_holds(
    bench: Bench, images: dict[str, Path], tmp_path: Path
) -> None:
    bench.provision([images["new"], images["old"]], [_disk0(images["new"])])
    out = tmp_path / "backups"
    code, report = bench.run(
        "backup",
        "--port",
        bench.url(),
        "--out",
        str(out),
        "--tftp",
        *bench.network_args(),
    )
    assert code == ExitCode.SUCCESS, report.get("error")
    folder = Path(report["final_state"]["backup"])  # type: ignore[index]
    assert verify_manifest(folder) == []
    snap = registry.unit_for(bench.state_dir).snapshot()
    config = (folder / "running-config.cfg").read_text()
    assert f"boot system {_disk0(images['new'])}" in config
    listing = (folder / "dir-disk0.txt").read_text()
    for name in (images["new"].name, images["old"].name):
        assert name in listing
    assert _disk0(images["new"]) in (folder / "show-version.txt").read_text()
    assert (folder / "confreg.txt").read_text().startswith(f"0x{snap.confreg:x}")
    uploaded = Path(report["final_state"]["tftp_upload"])  # type: ignore[index]
    assert uploaded.parent == folder
    assert f"boot system {_disk0(images['new'])}" in uploaded.read_text()


def _sent_lines(transcript: Path) -> list[str]:
    import json

    sent = "".join(
        json.loads(line).get("data", "")
        for line in transcript.read_text(encoding="utf-8").splitlines()
        if json.loads(line).get("dir") == "tx"
    )
    return [line for line in sent.split("\r") if line]


@pytest.mark.parametrize("stay", [False, True])
def test_the_console_is_logged_off_at_the_end_unless_asked_not_to(
    bench: Bench, images: dict[str, Path], tmp_path: Path, stay: bool
) -> None:
    bench.provision([images["new"]], [_disk0(images["new"])])
    transcript = tmp_path / "backup.jsonl"
    argv = ["backup", "--port", bench.url(), "--out", str(tmp_path / "b")]
    argv += ["--transcript", str(transcript)] + (["--stay-logged-in"] if stay else [])
    code, report = bench.run(*argv)
    assert code == ExitCode.SUCCESS, report.get("error")
    assert (_sent_lines(transcript)[-1] == "exit") is not stay
    if not stay:
        assert "Logoff" in transcript.read_text(encoding="utf-8")
