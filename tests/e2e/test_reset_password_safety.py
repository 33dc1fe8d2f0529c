"""`reset-password` refuses passwords the ASA would not save as typed, before touching the unit,
and puts the config register back when it stops after `confreg 0x41` (virtual ASA)."""

from __future__ import annotations

from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator import registry
from tests.e2e.conftest import Bench
from tests.e2e.upgrade_setup import ctrl_c_in_step

NEW_PASSWORD = "Kx7-recovered-Pw"
CURRENT = "still-known-Pw"


def _sent(report: dict[str, object]) -> str:
    return Path(str(report["transcript"])).read_text()


@pytest.mark.parametrize(
    ("password", "complaint"),
    [
        ("new?pass", "`?` at character 4: the ASA CLI takes `?` as a request for help"),
        ("two words", "a space at character 4: a space ends the password"),
        ("pipe|pw", "`|` at character 5: the ASA CLI takes `|` as an output filter"),
        ("ab", "the new enable password is too short"),
        ("x" * 128, "has 128 characters; the ASA takes at most 127"),
    ],
)
def test_a_password_the_asa_would_not_save_is_refused_before_the_unit_is_touched(
    bench: Bench,
    images: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *,
    password: str,
    complaint: str,
) -> None:
    # (no snapshot right after provisioning: the simulator's snapshot can race the boot-loop
    # scenario's own boot-string write; the unit is provisioned with 0x1)
    bench.provision([images["new"]], [f"disk0:/{images['new'].name}"], "boot-loop")
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", password)
    code, _report = bench.run("reset-password", "--port", bench.url(), "--yes")
    assert code == ExitCode.PREFLIGHT_REFUSED
    err = capsys.readouterr().err
    assert complaint in err
    assert "nothing was sent to the unit" in err or "too short" in err
    if len(password) > 3:
        assert password not in err  # the message names the character, never the password
    after = registry.unit_for(bench.state_dir).snapshot()
    assert after.confreg == 0x1
    assert not list(bench.root.glob("runs/*/*.transcript.jsonl"))  # the line was never opened


def test_a_user_password_with_a_question_mark_is_refused_too(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench.provision([images["new"]], [f"disk0:/{images['new'].name}"], "boot-loop")
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    monkeypatch.setenv("ROMMON_USER_ADMIN_PASSWORD", "what?")
    code, _report = bench.run("reset-password", "--port", bench.url(), "--yes", "--user", "admin")
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert registry.unit_for(bench.state_dir).snapshot().confreg == 0x1


def test_a_boot_that_fails_after_confreg_puts_the_register_back_in_rommon(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # boot-loop: every image is gone, so the `boot` after `confreg 0x41` lands back in ROMMON
    bench.provision([images["new"]], [f"disk0:/{images['new'].name}"], "boot-loop")
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    code, report = bench.run("reset-password", "--port", bench.url(), "--yes")
    assert code != ExitCode.SUCCESS
    steps = {s["name"]: s["outcome"] for s in report["steps"]}
    assert steps["confreg-0x41"] == "ok"
    assert steps["restore-config-register"] == "ok"
    assert "put back to 0x1 (read before the change) on ROMMON" in str(report["error"])
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.confreg == 0x1


def test_a_failure_on_the_asa_after_confreg_puts_the_register_back(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    image = f"disk0:/{images['new'].name}"
    bench.provision([images["new"]], [image], enable_password=CURRENT)
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    monkeypatch.setenv("ROMMON_ENABLE_PASSWORD", CURRENT)
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "backups").write_text("not a folder: the backup before the change fails\n")
    code, report = bench.run(
        "reset-password", "--port", bench.url(), "--yes", "--run-dir", str(run_dir)
    )
    assert code != ExitCode.SUCCESS
    steps = {s["name"]: s["outcome"] for s in report["steps"]}
    assert steps["restore-config"] == "ok"  # on the ASA, booted without its configuration
    assert steps["restore-config-register"] == "ok"
    assert "set-passwords" not in steps
    assert "put back to 0x1 (read before the change) on the ASA" in str(report["error"])
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.confreg == 0x1  # NVRAM: the next boot uses the configuration again
    assert NEW_PASSWORD not in _sent(report)


def test_ctrl_c_on_the_asa_after_confreg_puts_the_register_back_then_stops(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    image = f"disk0:/{images['new'].name}"
    bench.provision([images["new"]], [image], enable_password=CURRENT)
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    monkeypatch.setenv("ROMMON_ENABLE_PASSWORD", CURRENT)
    began = ctrl_c_in_step(monkeypatch, "set-passwords")
    code, report = bench.run("reset-password", "--port", bench.url(), "--yes")
    assert began.is_set(), report.get("error")
    assert code == ExitCode.OPERATOR_ABORT
    steps = {s["name"]: s["outcome"] for s in report["steps"]}
    assert steps["restore-config-register"] == "ok"
    assert "write-memory" not in steps
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.confreg == 0x1  # NVRAM: the next boot uses the configuration again
    assert NEW_PASSWORD not in _sent(report)
