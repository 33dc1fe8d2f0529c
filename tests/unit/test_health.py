"""Health parsers and the diff, on the captured texts of the research notes (cisco-texts §4)."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.health import HealthSnapshot, diff_health
from rommon_toolkit.rommon.decisions.health_parsers import (
    parse_count,
    parse_interface_brief,
    parse_route,
    parse_vpn_summary,
)

# [C] ntc cisco_asa_show_interface_ip_brief (trailing spaces as captured)
BRIEF = """Interface                  IP-Address      OK? Method Status                Protocol
Virtual0                   127.1.0.1       YES unset  up                    up\x20\x20
GigabitEthernet1/1         192.168.1.253   YES CONFIG up                    up\x20\x20
GigabitEthernet1/4         unassigned      YES unset  administratively down down
Internal-Control1/1        unassigned      YES unset  up                    down
Management1/1              10.10.12.2      YES CONFIG up                    up\x20\x20
Port-channel1.144          10.10.14.1      YES CONFIG up                    up\x20\x20
"""

# [C] ntc cisco_asa_show_route_alt_multiline
ROUTE = """Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP
       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area
       o - ODR, P - periodic downloaded static route, + - replicated route
Gateway of last resort is 192.168.1.2 to network 0.0.0.0

S*       0.0.0.0 0.0.0.0 [1/0] via 192.168.1.2, outside
O E1     10.15.0.0 255.255.0.0 [110/21] via 192.168.2.1, 3w1d, inside
O E1     172.23.100.0 255.255.254.0\x20
           [110/50] via 192.168.2.1, 3w1d, inside
C        172.17.13.0 255.255.255.0 is directly connected, routing
L        172.17.13.60 255.255.255.255 is directly connected, routing\x20\x20\x20
C        192.168.1.0 255.255.255.0 is directly connected, outside
"""

# [C] ntc cisco_asa_show_vpn-sessiondb2
VPN = """---------------------------------------------------------------------------
VPN Session Summary
---------------------------------------------------------------------------
                               Active : Cumulative : Peak Concur : Inactive
                             ----------------------------------------------
Site-to-Site VPN             :     99 :    3506999 :          99
  IKEv2 IPsec                :      9 :       3999 :           9
  IKEv1 IPsec                :     99 :    3502999 :          99
---------------------------------------------------------------------------
Total Active and Inactive    :     99             Total Cumulative : 3506999
Device Total VPN Capacity    :    750
Device Load                  :     2%
---------------------------------------------------------------------------
---------------------------------------------------------------------------
Tunnels Summary
---------------------------------------------------------------------------
                               Active : Cumulative : Peak Concurrent
                             ----------------------------------------------
IKEv1                        :     99 :    3502999 :              99
---------------------------------------------------------------------------
"""

FAILOVER_OK = """Failover On\x20
Failover unit Primary
Version: Ours 9.16(4)85, Mate 9.16(4)85
        This host: Primary - Active\x20
        Other host: Secondary - Standby Ready\x20
"""
FAILOVER_FAILED = FAILOVER_OK.replace("Standby Ready", "Failed").replace(
    "Mate 9.16(4)85", "Mate Unknown"
)


def test_interface_brief_rows_and_states() -> None:
    rows = {r.name: r for r in parse_interface_brief(BRIEF)}
    assert set(rows) == {
        "Virtual0",
        "GigabitEthernet1/1",
        "GigabitEthernet1/4",
        "Internal-Control1/1",
        "Management1/1",
        "Port-channel1.144",
    }
    assert rows["GigabitEthernet1/1"].up
    assert rows["GigabitEthernet1/4"].status == "administratively down"
    assert not rows["Internal-Control1/1"].up
    assert rows["Port-channel1.144"].address == "10.10.14.1"


def test_route_table_with_continuation_lines() -> None:
    table = parse_route(ROUTE)
    keys = [r.key for r in table.routes]
    assert keys == [
        "0.0.0.0 0.0.0.0",
        "10.15.0.0 255.255.0.0",
        "172.23.100.0 255.255.254.0",
        "172.17.13.0 255.255.255.0",
        "172.17.13.60 255.255.255.255",
        "192.168.1.0 255.255.255.0",
    ]
    default = table.routes[0]
    assert (default.code, default.via, default.interface) == ("S*", "192.168.1.2", "outside")
    wrapped = table.routes[2]
    assert (wrapped.code, wrapped.via, wrapped.interface) == ("O E1", "192.168.2.1", "inside")
    assert table.routes[3].via == "connected"
    assert table.gateway_of_last_resort == "192.168.1.2 to network 0.0.0.0"
    assert parse_route("Gateway of last resort is not set\n").gateway_of_last_resort == "not set"


def test_counts_and_vpn_summary() -> None:
    conn = parse_count("54 in use, 123 most used\n")
    assert conn is not None
    assert (conn.in_use, conn.most_used) == (54, 123)
    assert parse_count("% Invalid input detected") is None
    vpn = parse_vpn_summary(VPN)
    assert vpn.active == {"Site-to-Site VPN": 99, "IKEv2 IPsec": 9, "IKEv1 IPsec": 99}
    assert vpn.total_active == 99


def _snapshot(**overrides: str) -> HealthSnapshot:
    outputs = {
        "show interface ip brief": BRIEF,
        "show route": ROUTE,
        "show xlate count": "26 in use, 16665 most used\n",
        "show conn count": "54 in use, 123 most used\n",
        "show vpn-sessiondb summary": VPN,
        "show failover": FAILOVER_OK,
    }
    outputs.update(overrides)
    return HealthSnapshot(outputs)


def test_an_identical_snapshot_diffs_clean() -> None:
    assert diff_health(_snapshot(), _snapshot()) == []


def test_the_diff_warns_with_the_lines() -> None:
    down = BRIEF.replace(
        "GigabitEthernet1/1         192.168.1.253   YES CONFIG up                    up  ",
        "GigabitEthernet1/1         192.168.1.253   YES CONFIG down                  down",
    )
    lost = "\n".join(line for line in ROUTE.splitlines() if "10.15.0.0" not in line)
    after = _snapshot(
        **{
            "show interface ip brief": down,
            "show route": lost,
            "show conn count": "3 in use, 123 most used\n",
            "show failover": FAILOVER_FAILED,
        }
    )
    warnings = {w.kind: w for w in diff_health(_snapshot(), after)}
    assert set(warnings) == {"interface-down", "route-lost", "count-collapsed", "failover"}
    assert warnings["interface-down"].after == (
        "GigabitEthernet1/1         192.168.1.253   YES CONFIG down                  down",
    )
    assert "10.15.0.0 255.255.0.0" in warnings["route-lost"].before[0]
    assert warnings["count-collapsed"].before == ("54 in use, 123 most used",)
    assert "Failed" in warnings["failover"].after[1]
    assert "before:" in warnings["route-lost"].render()


def test_a_command_that_stops_answering_is_a_warning() -> None:
    after = HealthSnapshot(
        dict(_snapshot().outputs), {"show vpn-sessiondb summary": "invalid input"}
    )
    kinds = [w.kind for w in diff_health(_snapshot(), after)]
    assert "unavailable" in kinds


def test_small_counts_never_collapse() -> None:
    after = _snapshot(**{"show conn count": "0 in use, 5 most used\n"})
    before = _snapshot(**{"show conn count": "4 in use, 5 most used\n"})
    assert diff_health(before, after) == []


def test_snapshot_round_trips_through_json() -> None:
    snap = _snapshot()
    again = HealthSnapshot.from_json(snap.to_json())
    assert again.to_json() == snap.to_json()
    assert snap.to_json()["failover"]["role"] == "active"
