"""`failover reload-standby`, switchover both ways, and the whole 9.14 -> 9.16 walk."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.simulator.failover.scenario import NEW_VERSION
from tests.sim.pair.pairflows import (
    PRI_ACT,
    PRI_STBY,
    SEC_ACT,
    SEC_STBY,
    Pair,
    login,
    run,
    start_pair,
)
from tests.sim.spawn import PortSpawn
from tests.sim.tftpd import TftpServer

NEW = "asa9-16-4-85-lfbff-k8.SPA"
BANNER = "************WARNING****WARNING****WARNING********************************"


def reload_standby(active: PortSpawn, active_prompt: str, standby: PortSpawn) -> None:
    """`failover reload-standby`: nothing before the prompt; the standby shuts down [C]."""
    assert run(active, "failover reload-standby", active_prompt) == ""
    standby.expect_exact(
        "\r\n\r\n***\r\n*** --- SHUTDOWN NOW ---\r\n***\r\n*** Message to all terminals:\r\n"
        "***\r\n***   requested by active unit\r\n"
    )
    standby.expect_exact("Rom image verified correctly")  # the normal boot, from the banner


def stage(con: PortSpawn, prompt: str) -> None:
    out = run(con, f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}", prompt)
    assert "Digital signature successfully validated" in out


def test_reload_standby_rejoins(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    reload_standby(pair.pri, PRI_ACT, pair.sec)
    pair.sec.expect_exact("\tDetected an Active mate\r\n")
    pair.pri.expect_exact("End Configuration Replication to mate\r\n")
    login(pair.sec, SEC_STBY)
    assert "Other host: Secondary - Standby Ready" in run(pair.pri, "show failover", PRI_ACT)


def test_reload_standby_needs_the_active(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    assert run(pair.sec, "failover reload-standby", SEC_STBY) == (
        "ERROR: This command can only be used on the active unit.\r\n"
    )


def test_switchover_both_ways_and_prompts_flip(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    pair.pri.sendline("no failover active")
    pair.pri.expect_exact("\r\n        Switching to Standby\r\n" + PRI_STBY)
    pair.sec.expect_exact("\r\n        Switching to Active\r\n")
    run(pair.sec, "", SEC_ACT)
    out = run(pair.pri, "show failover", PRI_STBY)
    assert "        This host: Primary - Standby Ready \r\n" in out
    assert "        Other host: Secondary - Active \r\n" in out
    assert "Last Failover at: " in out
    pair.pri.sendline("failover active")
    pair.pri.expect_exact("\r\n        Switching to Active\r\n" + PRI_ACT)
    pair.sec.expect_exact("\r\n        Switching to Standby\r\n")
    run(pair.sec, "", SEC_STBY)
    assert pair.primary.failover_role == "active"


def test_active_reload_hands_over_to_the_standby(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    pair.pri.sendline("reload noconfirm")
    pair.sec.expect_exact("\r\n        Switching to Active\r\n")
    run(pair.sec, "", SEC_ACT)
    pair.pri.expect_exact("Rom image verified correctly")
    login(pair.pri, PRI_STBY)  # the old active comes back as the standby
    assert "This host: Secondary - Active" in run(pair.sec, "show failover", SEC_ACT)


def _boot_lines(pair: Pair, old: str) -> None:
    run(pair.pri, "configure terminal", "ciscoasa/pri/act(config)# ")
    run(pair.pri, f"no boot system disk0:/{old}", "ciscoasa/pri/act(config)# ")
    run(pair.pri, f"boot system disk0:/{NEW}", "ciscoasa/pri/act(config)# ")
    run(pair.pri, f"boot system disk0:/{old}", "ciscoasa/pri/act(config)# ")
    run(pair.pri, "end", PRI_ACT)
    run(pair.pri, "write memory", PRI_ACT)


def test_hitless_upgrade_walk_9_14_to_9_16(tmp_path: Path, tftp_server: TftpServer) -> None:
    pair = start_pair(tmp_path / "pair", tftp_port=tftp_server.port, image_dir=tftp_server.root)
    assert pair.scenario.new_image is not None
    assert pair.scenario.new_image.name == NEW
    stage(pair.pri, PRI_ACT)
    stage(pair.sec, SEC_STBY)  # images do not replicate: each unit copies its own
    _boot_lines(pair, pair.scenario.old_image)
    reload_standby(pair.pri, PRI_ACT, pair.sec)
    pair.sec.expect_exact(f'Attempt autoboot: "boot disk0:/{NEW}"')
    pair.pri.expect_exact(
        f"{BANNER}\r\n   Mate version {NEW_VERSION} is not identical with ours 9.14(4)24\r\n"
        f"{BANNER}\r\nBeginning configuration replication: Sending to mate.\r\n"
    )
    login(pair.sec, SEC_STBY)
    out = run(pair.pri, "show failover", PRI_ACT)
    assert f"Version: Ours 9.14(4)24, Mate {NEW_VERSION}\r\n" in out
    assert "Other host: Secondary - Standby Ready" in out
    pair.pri.sendline("no failover active")
    pair.pri.expect_exact("Switching to Standby\r\n" + PRI_STBY)
    pair.sec.expect_exact("Switching to Active\r\n")
    run(pair.sec, "", SEC_ACT)
    reload_standby(pair.sec, SEC_ACT, pair.pri)
    pair.pri.expect_exact(f'Attempt autoboot: "boot disk0:/{NEW}"')
    login(pair.pri, PRI_STBY)
    out = run(pair.sec, "show failover", SEC_ACT)
    assert f"Version: Ours {NEW_VERSION}, Mate {NEW_VERSION}\r\n" in out
    assert "        Other host: Primary - Standby Ready \r\n" in out
    for unit in (pair.primary, pair.secondary):
        assert unit.running().image == f"disk0:/{NEW}"
    pair.pri.sendline("failover active")  # the original primary active again
    pair.pri.expect_exact("Switching to Active\r\n" + PRI_ACT)
