"""Configuration and certificate replication on a virtual failover pair."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.simulator.keystore import load_keystore
from tests.sim.pair.pairflows import PRI_ACT, SEC_STBY, run, start_pair
from tests.sim.test_asa_crypto import export, paste

PRI_CFG = "ciscoasa/pri/act(config)# "
SEC_CFG = "ciscoasa/sec/stby(config)# "
NEW = "asa9-16-4-85-lfbff-k8.SPA"


def test_boot_system_replicates_and_write_memory_saves_both(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    old = pair.scenario.old_image
    run(pair.pri, "configure terminal", PRI_CFG)
    run(pair.pri, f"no boot system disk0:/{old}", PRI_CFG)
    run(pair.pri, f"boot system disk0:/{NEW}", PRI_CFG)
    run(pair.pri, f"boot system disk0:/{old}", PRI_CFG)
    run(pair.pri, "end", PRI_ACT)
    expected = f"boot system disk0:/{NEW}\r\nboot system disk0:/{old}\r\n"
    assert run(pair.sec, "show running-config boot", SEC_STBY) == expected
    assert f"disk0:/{old}" in run(pair.sec, "show startup-config", SEC_STBY)
    assert f"disk0:/{NEW}" not in run(pair.sec, "show startup-config", SEC_STBY)
    assert "[OK]" in run(pair.pri, "write memory", PRI_ACT)
    snap = pair.secondary.snapshot()
    assert snap.boot_lines == (f"disk0:/{NEW}", f"disk0:/{old}")
    assert snap.boot_string == (f"disk0:/{NEW}", f"disk0:/{old}")
    assert run(pair.sec, "show bootvar", SEC_STBY).startswith(
        f"\r\nBOOT variable = disk0:/{NEW};disk0:/{old}\r\n"
    )


def test_interface_changes_replicate_in_their_sub_mode(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    run(pair.pri, "configure terminal", PRI_CFG)
    run(pair.pri, "interface GigabitEthernet1/3", "ciscoasa/pri/act(config-if)# ")
    run(pair.pri, "nameif dmz", "ciscoasa/pri/act(config-if)# ")
    run(
        pair.pri,
        "ip address 10.3.3.1 255.255.255.0 standby 10.3.3.2",
        "ciscoasa/pri/act(config-if)# ",
    )
    run(pair.pri, "no shutdown", "ciscoasa/pri/act(config-if)# ")
    run(pair.pri, "end", PRI_ACT)
    brief = run(pair.sec, "show interface ip brief", SEC_STBY)
    assert "GigabitEthernet1/3         10.3.3.2        YES CONFIG up " in brief
    primary = run(pair.pri, "show interface ip brief", PRI_ACT)
    assert "GigabitEthernet1/3         10.3.3.1        YES CONFIG up " in primary
    assert " ip address 10.3.3.1 255.255.255.0 standby 10.3.3.2 \r\n" in run(
        pair.sec, "show running-config interface GigabitEthernet1/3", SEC_STBY
    )


def test_standby_warns_and_does_not_replicate_back(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    pair.sec.sendline("configure terminal")
    pair.sec.expect_exact(
        "**** WARNING ****\r\n"
        "\tConfiguration Replication is NOT performed from Standby unit to Active unit.\r\n"
        "\tConfigurations are no longer synchronized.\r\n" + SEC_CFG
    )
    run(pair.sec, "hostname standby-only", "standby-only/sec/stby(config)# ")
    run(pair.sec, "end", "standby-only/sec/stby# ")
    assert "hostname ciscoasa\r\n" in run(pair.pri, "show running-config", PRI_ACT)


def test_failover_bootstrap_lines_are_not_replicated(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    run(pair.pri, "configure terminal", PRI_CFG)
    run(pair.pri, "failover lan unit primary", PRI_CFG)
    run(pair.pri, "hostname fw", "fw/pri/act(config)# ")
    run(pair.pri, "end", "fw/pri/act# ")
    running = run(pair.sec, "show running-config", "fw/sec/stby# ")
    assert "failover lan unit secondary\r\n" in running
    assert "failover interface ip FAILOVER 10.255.0.1 255.255.255.252 standby 10.255.0.2" in running


def test_certificates_reach_the_standby_only_by_bulk_sync(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair", trustpoints=("VPN-CERT",))
    assert "VPN-CERT" in load_keystore(pair.scenario.secondary)  # bulk sync at the join
    run(pair.pri, "configure terminal", PRI_CFG)
    block = export(pair.pri, "VPN-CERT", prompt=PRI_CFG)
    paste(pair.pri, "NEW-CERT", block)
    pair.pri.expect_exact("INFO: Import PKCS12 operation completed successfully\r\n")
    pair.pri.expect_exact(PRI_CFG)
    run(pair.pri, "end", PRI_ACT)
    assert "NEW-CERT" not in load_keystore(pair.scenario.secondary)  # CSCsr71150
    assert "Trustpoint NEW-CERT:" not in run(pair.sec, "show crypto ca trustpoints", SEC_STBY)
    out = run(pair.pri, "write standby", PRI_ACT)
    assert out == (
        "Building configuration...\r\n"
        "Beginning configuration replication: Sending to mate.\r\n"
        "End Configuration Replication to mate\r\n[OK]\r\n"
    )
    pair.sec.expect_exact(
        "Beginning configuration replication from mate.\r\n"
        "End configuration replication from mate.\r\n"
    )
    assert (
        load_keystore(pair.scenario.secondary)["NEW-CERT"]
        == load_keystore(pair.scenario.primary)["NEW-CERT"]
    )
    assert "Trustpoint NEW-CERT:" in run(pair.sec, "show crypto ca trustpoints", SEC_STBY)


def test_write_standby_needs_the_active(tmp_path: Path) -> None:
    pair = start_pair(tmp_path / "pair")
    assert run(pair.sec, "write standby", SEC_STBY) == (
        "ERROR: This command can only be used on the active unit.\r\n"
    )
