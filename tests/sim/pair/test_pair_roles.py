"""A virtual failover pair: roles at boot, `show failover`, prompts, who waits for whom."""

from __future__ import annotations

import json
import re
from pathlib import Path

from rommon_toolkit.simulator.failover.compat import compatible
from rommon_toolkit.simulator.failover.pair import attach_pair
from rommon_toolkit.simulator.failover.scenario import provision_pair
from tests.sim.conftest import FAST
from tests.sim.pair.pairflows import (
    IMAGE_SIZE,
    PRI_ACT,
    SEC_STBY,
    console_on,
    login,
    run,
    start_pair,
)


def test_pair_boots_primary_active_secondary_standby_ready(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    out = run(pair.pri, "show failover", PRI_ACT)
    lines = out.split("\r\n")
    assert lines[:3] == [
        "Failover On ",
        "Failover unit Primary",
        "Failover LAN Interface: FAILOVER GigabitEthernet1/8 (up)",
    ]
    assert "Version: Ours 9.14(4)24, Mate 9.14(4)24\r\n" in out
    ours, mate = pair.primary.state.hardware().serial, pair.secondary.state.hardware().serial
    assert f"Serial Number: Ours {ours}, Mate {mate}\r\n" in out
    assert "        This host: Primary - Active \r\n" in out
    assert "        Other host: Secondary - Standby Ready \r\n" in out
    assert "                slot 1: ASA5506 hw/sw rev (2.2/9.14(4)24) status (Up Sys)\r\n" in out
    assert "                  Interface inside (10.1.1.1): Normal (Monitored)\r\n" in out
    assert "                  Interface inside (10.1.1.2): Normal (Monitored)\r\n" in out
    assert re.search(r"\r\n {16}Active time: \d+ \(sec\)\r\n", out)
    side = run(pair.sec, "show failover", SEC_STBY)
    assert "        This host: Secondary - Standby Ready \r\n" in side
    assert "        Other host: Primary - Active \r\n" in side
    assert f"Serial Number: Ours {mate}, Mate {ours}\r\n" in side
    assert pair.primary.failover_role == "active"
    assert pair.secondary.failover_role == "standby"


def test_standby_joins_with_the_replication_notices(tmp_path: Path) -> None:
    made = provision_pair(tmp_path / "pair", image_size=IMAGE_SIZE)
    primary, secondary = attach_pair(made.base, speed=FAST, powered=False)
    primary.power_on()
    pri = console_on(made.primary)
    login(pri, PRI_ACT)
    secondary.power_on()
    sec = console_on(made.secondary)
    sec.expect_exact(
        "\tDetected an Active mate\r\nBeginning configuration replication from mate.\r\n"
        "End configuration replication from mate.\r\n"
    )
    pri.expect_exact(
        "Beginning configuration replication: Sending to mate.\r\n"
        "End Configuration Replication to mate\r\n"
    )
    login(sec, SEC_STBY)
    assert "Standby Ready" in run(pri, "show failover", PRI_ACT)


def test_lone_primary_is_active_with_the_mate_unknown(tmp_path: Path) -> None:
    made = provision_pair(tmp_path / "pair", image_size=IMAGE_SIZE)
    primary, _ = attach_pair(made.base, speed=FAST, powered=False)
    primary.power_on()
    pri = console_on(made.primary)
    login(pri, PRI_ACT)
    out = run(pri, "show failover", PRI_ACT)
    assert "Version: Ours 9.14(4)24, Mate Unknown\r\n" in out
    assert re.search(r"Serial Number: Ours JAD\w+, Mate Unknown\r\n", out)
    assert "        Other host: Secondary - Failed \r\n" in out
    assert "                  Interface inside (10.1.1.2): Unknown (Waiting)\r\n" in out
    state = run(pri, "show failover state", PRI_ACT)
    assert "This host  -   Primary\r\n               Active         None\r\n" in state
    assert "Other host -   Secondary\r\n               Failed         None\r\n" in state


def test_secondary_alone_becomes_active_and_keeps_it(tmp_path: Path) -> None:
    made = provision_pair(tmp_path / "pair", image_size=IMAGE_SIZE)
    primary, secondary = attach_pair(made.base, speed=FAST, powered=False)
    secondary.power_on()
    sec = console_on(made.secondary)
    login(sec, "ciscoasa/sec/act# ")
    primary.power_on()  # no preemption: the primary joins as standby
    pri = console_on(made.primary)
    login(pri, "ciscoasa/pri/stby# ")
    assert "        This host: Primary - Standby Ready \r\n" in run(
        pri, "show failover", "ciscoasa/pri/stby# "
    )


def test_show_failover_state_on_both(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    out = run(pair.pri, "show failover state", PRI_ACT)
    assert out.split("\r\n")[:6] == [
        "",
        "               State          Last Failure Reason      Date/Time",
        "This host  -   Primary",
        "               Active         None",
        "Other host -   Secondary",
        "               Standby Ready  None",
    ]
    assert "====Configuration State===\r\n        Sync Done\r\n" in out
    side = run(pair.sec, "show failover state", SEC_STBY)
    assert "        Sync Done - STANDBY\r\n" in side


def test_prompt_follows_the_prompt_command(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    run(pair.pri, "configure terminal", "ciscoasa/pri/act(config)# ")
    run(pair.pri, "prompt priority state hostname", "pri/act/ciscoasa(config)# ")
    run(pair.pri, "no prompt", "ciscoasa(config)# ")
    run(pair.pri, "prompt hostname state", "ciscoasa/act(config)# ")
    run(pair.pri, "end", "ciscoasa/act# ")


def test_failover_off_prompt_and_status_json(tmp_path: Path) -> None:
    from tests.sim.test_cli import rommon_cli

    pair = start_pair(tmp_path / "pair")
    status = rommon_cli("sim", "status", "--state-dir", str(pair.scenario.secondary), "--json")
    assert json.loads(status.stdout)["running"]["failover"] == "standby"
    run(pair.sec, "configure terminal", "ciscoasa/sec/stby(config)# ")
    run(pair.sec, "no failover", "ciscoasa/sec/actNoFailover(config)# ")
    assert run(pair.sec, "show failover", "ciscoasa/sec/actNoFailover(config)# ").startswith(
        "Failover Off \r\nFailover unit Secondary\r\n"
    )


def test_version_compatibility_rule() -> None:
    assert compatible("9.14(4)24", "9.16(4)85")
    assert compatible("9.16(4)85", "9.16(4)85", skew_refused=True)
    assert not compatible("9.14(4)24", "9.16(4)85", skew_refused=True)
    assert not compatible("9.16(4)85", "10.1(1)")
    assert not compatible("8.4(7)", "9.1(7)")
