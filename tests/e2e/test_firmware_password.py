"""ROMMON firmware upgrade and password reset against the virtual ASA (issue 7)."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import PlainFeedback
from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.asa_os.config import check_password
from rommon_toolkit.simulator.provision import init_unit
from rommon_toolkit.simulator.state import UnitState
from tests.e2e.conftest import Bench

pytestmark = pytest.mark.slow  # whole runs against the virtual ASA (seconds each)

NEW_PASSWORD = "Kx7-recovered-Pw"


def _upgrade(bench: Bench, firmware: Path, *more: str) -> tuple[int, dict[str, object]]:
    return bench.run(
        "upgrade-firmware",
        "--port",
        bench.url(),
        "--image",
        str(firmware),
        *bench.network_args(),
        "--yes",
        "--timeout-scale",
        "0.05",
        *more,
    )


def _sent(report: dict[str, object]) -> list[tuple[float, str]]:
    lines = Path(str(report["transcript"])).read_text().splitlines()[1:]
    records = [json.loads(line) for line in lines]
    return [(r["t"], r["data"]) for r in records if r["dir"] == "tx"]


def _confirmed_at(report: dict[str, object]) -> float:
    """When the toolkit answered `upgrade rommon`'s `Proceed with reload? [confirm]`."""
    sent = _sent(report)
    upgrade_at = max(t for t, data in sent if data.startswith("upgrade rommon "))
    return min(t for t, data in sent if t > upgrade_at)


def _back_at_a_prompt(report: dict[str, object], after: float) -> float:
    """When the unit, after the double reload, first showed a prompt to type at."""
    lines = Path(str(report["transcript"])).read_text().splitlines()[1:]
    received = ""
    for record in (json.loads(line) for line in lines):
        if record["dir"] != "rx" or record["t"] <= after:
            continue
        received += record["data"]
        if any(p in received for p in ("ciscoasa> ", "ciscoasa# ", "Password: ", "rommon 1 > ")):
            return float(record["t"])
    raise AssertionError("the unit never came back to a prompt")


def test_upgrade_from_an_older_rommon_to_a_newer_one(bench: Bench, images: dict[str, Path]) -> None:
    image = f"disk0:/{images['new'].name}"
    bench.provision([images["new"]], [image], rommon_version="1.1.14")
    code, report = _upgrade(bench, images["firmware"])
    assert code == ExitCode.SUCCESS, report.get("error")
    assert report["final_state"]["before"] == "1.1.14"  # type: ignore[index]
    assert report["final_state"]["after"] == "1.1.18"  # type: ignore[index]
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.rommon_version == "1.1.18"
    assert snap.running.image == image  # back up on its own image
    assert snap.file(images["firmware"].name) is not None  # staged and verified first


@pytest.mark.parametrize(
    ("rommon", "firmware", "message"),
    [
        ("1.1.18", "firmware", "already 1.1.18"),
        ("1.1.14", "old-firmware", "cannot be downgraded"),
    ],
)
def test_downgrade_and_same_version_are_refused_without_a_change(
    bench: Bench, images: dict[str, Path], rommon: str, firmware: str, message: str
) -> None:
    bench.provision([images["new"]], [f"disk0:/{images['new'].name}"], rommon_version=rommon)
    code, report = _upgrade(bench, images[firmware])
    assert code == ExitCode.PREFLIGHT_REFUSED
    assert message in str(report["error"])
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.rommon_version == rommon
    assert snap.file(images[firmware].name) is None  # nothing was copied


def test_a_slow_upgrade_is_waited_for_without_a_keystroke(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision(
        [images["new"]], [f"disk0:/{images['new'].name}"], "slow-upgrade", rommon_version="1.1.14"
    )
    code, report = _upgrade(bench, images["firmware"])
    assert code == ExitCode.SUCCESS, report.get("error")
    assert registry.unit_for(bench.state_dir).snapshot().rommon_version == "1.1.18"
    confirm_at = _confirmed_at(report)
    assert dict(_sent(report))[confirm_at] == "y"  # the key every ASA takes at [confirm]
    back_at = _back_at_a_prompt(report, confirm_at)
    sent_while_waiting = [d for t, d in _sent(report) if confirm_at < t < back_at]
    assert sent_while_waiting == []  # nothing at all during the double reload


def test_upgrade_past_its_deadline_stops_with_the_advice_and_sends_nothing(
    bench: Bench, images: dict[str, Path]
) -> None:
    bench.provision(
        [images["new"]], [f"disk0:/{images['new'].name}"], "slow-upgrade", rommon_version="1.1.14"
    )
    code, report = _upgrade(bench, images["firmware"], "--upgrade-deadline", "1")
    assert code == ExitCode.TIMEOUT
    assert "do NOT power-cycle" in str(report["error"])
    confirm_at = _confirmed_at(report)
    assert [d for t, d in _sent(report) if t > confirm_at] == []


def test_reset_password_keeps_the_config_and_never_writes_the_password(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    image = f"disk0:/{images['new'].name}"
    bench.provision([images["new"]], [image], enable_password="lost-and-gone")
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    code, report = bench.run("reset-password", "--port", bench.url(), "--yes", "--reload")
    assert code == ExitCode.SUCCESS, report.get("error")
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.confreg == 0x1
    assert snap.startup_config is not None
    assert f"boot system {image}" in snap.startup_config  # the configuration was kept
    stored = next(
        line.split()[2]
        for line in snap.startup_config.splitlines()
        if line.startswith("enable password ")
    )
    assert check_password(NEW_PASSWORD, stored)
    run_dir = Path(str(report["transcript"])).parent
    for path in run_dir.rglob("*"):
        if path.is_file():
            assert NEW_PASSWORD not in path.read_text(errors="replace"), path
    assert NEW_PASSWORD not in json.dumps(report)


def test_reset_password_puts_back_the_units_own_register_and_says_which(
    bench: Bench,
    images: dict[str, Path],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    image = f"disk0:/{images['new'].name}"
    init_unit(
        bench.state_dir, "asa5506", images=[images["new"]], boot=[image],
        enable_password="lost-and-gone",
    )  # fmt: skip
    state = UnitState(bench.state_dir)
    # Not the 0x1 default, and without the auto-boot bit: the unit waits at the ROMMON prompt.
    state.save_nvram(replace(state.nvram(), confreg=0x2100))
    unit = bench.attach()  # powered on now, as provision() does
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    code, report = bench.run("reset-password", "--port", bench.url(), "--yes")
    assert code == ExitCode.SUCCESS, report.get("error")
    assert unit.snapshot().confreg == 0x2100
    assert report["final_state"] == {"config_register": "0x2100"}
    assert "config register 0x2100; configuration kept" in capsys.readouterr().out


def test_reset_password_on_a_running_unit_asks_for_a_power_cycle_not_the_lost_password(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    image = f"disk0:/{images['new'].name}"
    unit = bench.provision([images["new"]], [image], enable_password="lost-and-gone")
    assert unit.wait_for_mode("asa", timeout=60)  # up and running: no ROMMON window to catch
    told: list[str] = []
    tell = PlainFeedback.tell

    def tell_and_power_cycle(self: PlainFeedback, message: str) -> None:
        tell(self, message)
        told.append(message)
        if "power-cycle the unit now" in message:
            unit.power_cycle()  # the engineer at the power switch

    monkeypatch.setattr(PlainFeedback, "tell", tell_and_power_cycle)
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    code, report = bench.run("reset-password", "--port", bench.url(), "--yes")
    assert code == ExitCode.SUCCESS, report.get("error")
    assert any("enable password is lost" in m for m in told)
    sent = [data for _t, data in _sent(report)]
    assert "enable\r" not in sent[: sent.index("confreg\r")]  # never tried the lost password
    snap = unit.snapshot()
    assert snap.confreg == 0x1
    assert snap.startup_config is not None
    assert f"boot system {image}" in snap.startup_config


def test_reset_password_with_recovery_disabled_explains_and_changes_nothing(
    bench: Bench, images: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    bench.provision(
        [images["new"]],
        [f"disk0:/{images['new'].name}"],
        "password-recovery-disabled",
        enable_password="lost",
    )
    monkeypatch.setenv("ROMMON_NEW_ENABLE_PASSWORD", NEW_PASSWORD)
    monkeypatch.setenv("ROMMON_ENABLE_PASSWORD", "lost")
    code, report = bench.run("reset-password", "--port", bench.url(), "--yes")
    assert code == ExitCode.DEVICE_REFUSED
    assert "password recovery is disabled" in str(report["error"])
    snap = registry.unit_for(bench.state_dir).snapshot()
    assert snap.confreg == 0x1
    assert snap.file(images["new"].name) is not None  # disk0 not erased
