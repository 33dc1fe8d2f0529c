"""`show failover` on the captured texts (cisco-texts §2.1, ntc and genieparser fixtures)."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.failover_state import parse_show_failover

# [C] ntc cisco_asa_show_failover_firepower.raw (head; trailing spaces as captured)
KENTON = """Failover On\x20
Failover unit Secondary
Failover LAN Interface: FAILOVER Port-channel1 (up)
Reconnect timeout 0:00:00
Unit Poll frequency 1 seconds, holdtime 5 seconds
Version: Ours 9.6(4)5, Mate 9.6(4)5
Serial Number: Ours JAD201603CM, Mate JAD193905FV
Last Failover at: 15:04:07 MET Feb 21 2019
        This host: Secondary - Active\x20
                Active time: 19157465 (sec)
                slot 1: ASA5516 hw/sw rev (3.1/9.6(4)5) status (Up Sys)
        Other host: Primary - Standby Ready\x20
                Active time: 0 (sec)
"""
# [C] ntc cisco_asa_show_failover_off.raw
OFF = """Failover Off\x20
Failover unit Secondary
Failover LAN Interface: not Configured
"""
# [C] genie golden_output1 (mate down)
MATE_DOWN = """Failover On\x20
Failover unit Primary
Version: Ours 9.12(2), Mate Unknown
Serial Number: Ours 9A5GDAFMPL1, Mate Unknown
        This host: Primary - Active\x20
        Other host: Secondary - Failed\x20
"""


def test_kenton_pair_active_secondary() -> None:
    status = parse_show_failover(KENTON)
    assert status is not None
    assert status.enabled
    assert status.unit == "Secondary"
    assert status.role == "active"
    assert status.other_host is not None
    assert status.other_host.standby_ready
    assert (status.our_version, status.mate_version) == ("9.6(4)5", "9.6(4)5")
    assert (status.our_serial, status.mate_serial) == ("JAD201603CM", "JAD193905FV")
    assert status.pair_healthy


def test_failover_off_is_a_single_unit() -> None:
    status = parse_show_failover(OFF)
    assert status is not None
    assert not status.enabled
    assert status.role == "single"
    assert not status.pair_healthy


def test_mate_down_is_not_healthy() -> None:
    status = parse_show_failover(MATE_DOWN)
    assert status is not None
    assert status.mate_version is None
    assert status.other_host is not None
    assert status.other_host.state == "Failed"
    assert not status.pair_healthy


def test_the_standby_side_and_version_skew() -> None:
    text = KENTON.replace("Secondary - Active", "Secondary - Standby Ready").replace(
        "Primary - Standby Ready", "Primary - Active"
    )
    status = parse_show_failover(text.replace("Mate 9.6(4)5", "Mate 9.6(4)45"))
    assert status is not None
    assert status.role == "standby"
    assert not status.pair_healthy  # versions differ


def test_not_failover_output() -> None:
    assert parse_show_failover("ERROR: % Invalid input detected at '^' marker.") is None
