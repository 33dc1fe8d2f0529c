"""`rommon upgrade --peer-port` on a virtual failover pair: 9.14 -> 9.16 hitless, end to end."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.simulator.failover.pair import attach_pair
from rommon_toolkit.simulator.failover.scenario import PairScenario, provision_pair
from rommon_toolkit.simulator.unit import VirtualAsa
from tests.e2e.conftest import IMAGE_SIZE, SPEED, Bench
from tests.e2e.upgrade_setup import PASSPHRASE, TRAFFIC, ctrl_c_in_step, sha512

pytestmark = pytest.mark.slow  # whole runs against two virtual units


@dataclass
class PairBench:
    bench: Bench
    scenario: PairScenario
    primary: VirtualAsa
    secondary: VirtualAsa

    def url(self, directory: Path) -> str:
        return f"sim://asa5506?state-dir={directory}&speed={SPEED}&tftp-port={self.bench.tftp_port}"

    def argv(self, *more: str) -> list[str]:
        assert self.scenario.new_image is not None
        image = self.scenario.new_image
        return [
            "upgrade",
            "--port",
            self.url(self.scenario.primary),
            "--peer-port",
            self.url(self.scenario.secondary),
            "--image",
            str(image),
            "--sha512",
            sha512(image),
            "--server",
            "127.0.0.1",
            "--tftp-port",
            str(self.bench.tftp_port),
            "--yes",
            "--timeout-scale",
            "0.05",
            *more,
        ]


@pytest.fixture
def pair(bench: Bench, monkeypatch: pytest.MonkeyPatch) -> PairBench:
    monkeypatch.setenv("ROMMON_BACKUP_PASSPHRASE", PASSPHRASE)
    scenario = provision_pair(
        bench.root / "pair",
        image_size=IMAGE_SIZE,
        image_dir=bench.root / "images",
        traffic=TRAFFIC,
        trustpoints=("VPN-CERT",),
    )
    primary, secondary = attach_pair(
        scenario.base, speed=SPEED, tftp_port=bench.tftp_port, powered=False
    )
    primary.power_on()
    assert primary.wait_for_mode("asa", timeout=60)
    secondary.power_on()
    return PairBench(bench, scenario, primary, secondary)


def test_pair_upgrade_end_to_end(pair: PairBench) -> None:
    code, report = pair.bench.run(*pair.argv())
    assert code == ExitCode.SUCCESS, report.get("error")
    assert pair.scenario.new_image is not None
    new = f"disk0:/{pair.scenario.new_image.name}"
    old = f"disk0:/{pair.scenario.old_image}"
    for unit in (pair.primary, pair.secondary):
        assert unit.running().image == new
        assert list(unit.snapshot().boot_lines) == [new, old]
    units = {u["port"]: u for u in report["units"]}
    assert {u["role_at_start"] for u in units.values()} == {"active", "standby"}
    assert {u["role"] for u in units.values()} == {"active", "standby"}
    for unit in units.values():
        assert unit["running_image"] == new
        assert unit["backup_dir"]
        assert unit["health_before"]["failover"]["enabled"]
        assert unit["health_warnings"] == [], unit["health_warnings"]
    active_after = next(u for u in units.values() if u["role"] == "active")
    assert active_after["health_after"]["failover"]["other_host"] == "Standby Ready"
    assert active_after["health_after"]["failover"]["mate_version"] == "9.16(4)85"
    names = [s["name"] for s in report["steps"]]
    assert names.count("failover-reload-standby") == 2
    assert names.count("switchover") == 1
    assert report["checklist"]["reload-and-verify"]["status"] == "passed"


def test_pair_dry_run_numbers_both_units(
    pair: PairBench, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = pair.bench.run(*pair.argv("--dry-run"))
    assert code == ExitCode.SUCCESS
    out = capsys.readouterr().out
    assert "(failover pair)" in out
    assert "tftp        bundled server on 127.0.0.1, a UDP port the OS chooses" in out
    assert "standby  stage the same" in out
    assert "failover reload-standby" in out


def _steps(report: dict[str, Any]) -> list[str]:
    return [step["name"] for step in report["steps"] if step["outcome"] != "skipped"]


def _resumed_to_the_end(pair: PairBench) -> dict[str, Any]:
    """The same command again after a stop: both units end on the new image, healthy."""
    code, report = pair.bench.run(*pair.argv())
    assert code == ExitCode.SUCCESS, report.get("error")
    assert pair.scenario.new_image is not None
    new = f"disk0:/{pair.scenario.new_image.name}"
    for unit in (pair.primary, pair.secondary):
        assert unit.running().image == new
    for entry in report["units"]:
        assert entry["running_image"] == new
        assert entry["health_before"] is not None
        assert entry["health_warnings"] == [], entry["health_warnings"]
    assert {u["role_at_start"] for u in report["units"]} == {"active", "standby"}
    assert report["checklist"]["reload-and-verify"]["status"] == "passed"
    return report


def test_pair_stopped_at_the_switchover_resumes_without_reloading_the_standby_again(
    pair: PairBench, monkeypatch: pytest.MonkeyPatch
) -> None:
    began = ctrl_c_in_step(monkeypatch, "switchover")
    code, first = pair.bench.run(*pair.argv())
    assert began.is_set(), first.get("error")
    assert code == ExitCode.OPERATOR_ABORT, first.get("error")
    assert _steps(first).count("failover-reload-standby") == 1
    assert pair.primary.running().image != pair.secondary.running().image  # mid-walk
    where = {u["port"]: u for u in first["final_state"]["pair"]}
    assert {u["role"] for u in where.values()} == {"active", "standby"}
    second = _resumed_to_the_end(pair)
    names = _steps(second)
    assert names.count("switchover") == 1
    assert names.count("failover-reload-standby") == 1  # only the old active's reload
    assert "copy-image" not in names  # both units already hold the verified image


def test_pair_stopped_while_the_standby_boots_never_reloads_it_twice(
    pair: PairBench, monkeypatch: pytest.MonkeyPatch
) -> None:
    secondary = pair.secondary
    began = ctrl_c_in_step(monkeypatch, "standby-boot", once=lambda: secondary.mode != "asa")
    code, first = pair.bench.run(*pair.argv())
    assert began.is_set(), first.get("error")
    assert code == ExitCode.OPERATOR_ABORT, first.get("error")
    [boot] = [s for s in first["steps"] if s["name"] == "standby-boot"]
    assert boot["outcome"] == "failed"  # the Ctrl-C landed in the boot, not after it
    second = _resumed_to_the_end(pair)
    names = _steps(second)
    assert names.count("failover-reload-standby") == 1  # the old active only, after switchover
    assert names.count("switchover") == 1


def test_pair_stopped_while_the_old_active_boots_finishes_without_another_reload(
    pair: PairBench, monkeypatch: pytest.MonkeyPatch
) -> None:
    primary = pair.primary
    began = ctrl_c_in_step(
        monkeypatch, "standby-boot", once=lambda: primary.mode != "asa", occurrence=2
    )
    code, first = pair.bench.run(*pair.argv())
    assert began.is_set(), first.get("error")
    assert code == ExitCode.OPERATOR_ABORT, first.get("error")
    assert _steps(first).count("failover-reload-standby") == 2
    assert _steps(first).count("switchover") == 1
    second = _resumed_to_the_end(pair)
    names = _steps(second)
    assert "failover-reload-standby" not in names  # both units already reloaded once
    assert "switchover" not in names
