"""Pair faults: standby never returns, switchover refused, version skew refused."""

from __future__ import annotations

from pathlib import Path

import pexpect
import pytest

from rommon_toolkit.simulator.failover.scenario import NEW_VERSION, OLD_VERSION
from rommon_toolkit.simulator.images import make_image
from tests.sim.pair.pairflows import PRI_ACT, SEC_STBY, login, run, start_pair
from tests.sim.pair.test_pair_reload import BANNER, reload_standby

REFUSED = "WARNING: Mate is not in Standby Ready state; switchover not performed.\r\n"


def test_standby_never_returns(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    pair.secondary.inject_fault("standby-never-returns")
    assert run(pair.pri, "failover reload-standby", PRI_ACT) == ""
    pair.sec.expect_exact("***   requested by active unit\r\n")
    with pytest.raises(pexpect.TIMEOUT):
        pair.sec.expect_exact("Rom image verified correctly", timeout=2)
    assert pair.secondary.mode == "hung"
    out = run(pair.pri, "show failover", PRI_ACT)
    assert f"Version: Ours {OLD_VERSION}, Mate Unknown\r\n" in out
    assert "        Other host: Secondary - Failed \r\n" in out
    state = run(pair.pri, "show failover state", PRI_ACT)
    assert "               Failed         Comm Failure             " in state
    assert run(pair.pri, "no failover active", PRI_ACT) == REFUSED
    pair.secondary.power_cycle()  # the engineer walks over and power-cycles it
    login(pair.sec, SEC_STBY)
    assert "Secondary - Standby Ready" in run(pair.pri, "show failover", PRI_ACT)


def test_switchover_refused(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair", faults=("switchover-refused",))
    assert run(pair.pri, "no failover active", PRI_ACT) == REFUSED
    assert run(pair.sec, "failover active", SEC_STBY) == REFUSED
    assert pair.primary.failover_role == "active"
    assert "This host: Primary - Active" in run(pair.pri, "show failover", PRI_ACT)


def test_version_skew_refused_keeps_the_standby_out(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    pair.secondary.inject_fault("version-skew-refused")
    made = pair.scenario
    image = make_image(made.secondary / "disk0", "asa5506", NEW_VERSION, 1 << 20)
    run(pair.sec, "configure terminal", "ciscoasa/sec/stby(config)# ")
    run(pair.sec, f"no boot system disk0:/{made.old_image}", "ciscoasa/sec/stby(config)# ")
    run(pair.sec, f"boot system disk0:/{image.name}", "ciscoasa/sec/stby(config)# ")
    run(pair.sec, "end", SEC_STBY)
    run(pair.sec, "write memory", SEC_STBY)  # on the standby: saved there only
    reload_standby(pair.pri, PRI_ACT, pair.sec)
    pair.sec.expect_exact(
        f"{BANNER}\r\n   Mate version {OLD_VERSION} is not compatible with ours {NEW_VERSION}\r\n"
    )
    pair.pri.expect_exact(
        f"   Mate version {NEW_VERSION} is not compatible with ours {OLD_VERSION}\r\n{BANNER}\r\n"
    )
    login(pair.sec, SEC_STBY)
    out = run(pair.pri, "show failover", PRI_ACT)
    assert f"Version: Ours {OLD_VERSION}, Mate {NEW_VERSION}\r\n" in out
    assert "        Other host: Secondary - Failed \r\n" in out
    side = run(pair.sec, "show failover", SEC_STBY)
    assert "        This host: Secondary - Failed \r\n" in side
    assert run(pair.pri, "no failover active", PRI_ACT) == REFUSED
    assert "Beginning configuration replication" not in side
