"""ASA OS health commands: interfaces, routes, counts, VPN, failover off, licence, and the
health faults and traffic changes the toolkit's health diff must see."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.asa_os.config import AsaConfig, Route
from rommon_toolkit.simulator.control import send_command
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from rommon_toolkit.simulator.traffic import LearnedRoute, Traffic
from tests.sim.asa_setup import IMAGE_SIZE, booted
from tests.sim.conftest import Opener
from tests.sim.flows import asa, enable, to_user_prompt
from tests.sim.spawn import PortSpawn

HEADER = "Interface                  IP-Address      OK? Method Status                Protocol"
OSPF = LearnedRoute("172.16.0.0", "255.255.0.0", "10.1.1.254", "inside", 20)


def networked(state_dir: Path, traffic: Traffic | None = None) -> None:
    """A unit with inside on Gi1/2 (10.1.1.1/24), outside on Gi1/1, a default route."""
    image = make_image(state_dir.parent / "images", "asa5506", "9.16(4)85", IMAGE_SIZE)
    config = AsaConfig(anonymous_reporting=False)
    outside = config.interfaces["GigabitEthernet1/1"]
    outside.nameif, outside.security_level, outside.shutdown = "outside", 0, False
    outside.address = ("198.51.100.2", "255.255.255.0")
    inside = config.interfaces["GigabitEthernet1/2"]
    inside.nameif, inside.security_level, inside.shutdown = "inside", 100, False
    inside.address = ("10.1.1.1", "255.255.255.0")
    config.routes.append(Route("outside", "0.0.0.0", "0.0.0.0", "198.51.100.1", 1))
    config.routes.append(Route("inside", "10.9.0.0", "255.255.0.0", "10.1.1.254", 1))
    init_unit(
        state_dir,
        "asa5506",
        images=[image],
        boot=[f"disk0:/{image.name}"],
        config=config,
        traffic=traffic,
    )


def up(console: Opener, **options: object) -> PortSpawn:
    con = console(**options)
    to_user_prompt(con, first_boot=False)
    enable(con)
    return con


def reload(con: PortSpawn) -> None:
    con.sendline("reload noconfirm")
    con.expect_exact("Rebooting...")
    to_user_prompt(con, first_boot=False)
    enable(con)


def test_show_interface_ip_brief_kenton_layout(console: Opener, state_dir: Path) -> None:
    networked(state_dir)
    con = up(console)
    lines = asa(con, "show interface ip brief").split("\r\n")
    assert lines[0] == HEADER
    assert (
        lines[1]
        == "Virtual0                   127.1.0.1       YES unset  up                    up  "
    )
    assert lines[2] == (
        "GigabitEthernet1/1         198.51.100.2    YES CONFIG up                    up  "
    )
    assert lines[4] == (
        "GigabitEthernet1/3         unassigned      YES unset  administratively down down"
    )
    assert lines[10].startswith("Internal-Control1/1        unassigned      YES unset  up ")
    assert lines[15].startswith("Management1/1              unassigned      YES unset  admin")


def test_show_route_connected_local_static_and_default(console: Opener, state_dir: Path) -> None:
    networked(state_dir)
    con = up(console)
    out = asa(con, "show route")
    lines = out.split("\r\n")
    assert lines[0].startswith("Codes: L - local, C - connected, S - static")
    assert lines[7] == "Gateway of last resort is 198.51.100.1 to network 0.0.0.0"
    assert lines[8] == ""
    assert lines[9:15] == [
        "S*       0.0.0.0 0.0.0.0 [1/0] via 198.51.100.1, outside",
        "C        10.1.1.0 255.255.255.0 is directly connected, inside",
        "L        10.1.1.1 255.255.255.255 is directly connected, inside",
        "S        10.9.0.0 255.255.0.0 [1/0] via 10.1.1.254, inside",
        "C        198.51.100.0 255.255.255.0 is directly connected, outside",
        "L        198.51.100.2 255.255.255.255 is directly connected, outside",
    ]


def test_management_routes_are_in_their_own_table(console: Opener, state_dir: Path) -> None:
    networked(state_dir)
    con = up(console)
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "interface Management1/1", "ciscoasa(config-if)# ")
    asa(con, "nameif management", "ciscoasa(config-if)# ")
    asa(con, "ip address 192.0.2.5 255.255.255.0", "ciscoasa(config-if)# ")
    asa(con, "no shutdown", "ciscoasa(config-if)# ")
    asa(con, "end")
    assert "management" not in asa(con, "show route")
    table = asa(con, "show route management-only")
    assert "Gateway of last resort is not set\r\n" in table
    assert "C        192.0.2.0 255.255.255.0 is directly connected, management\r\n" in table


def test_counts_follow_traffic_and_survive_a_healthy_reload(
    console: Opener, state_dir: Path
) -> None:
    networked(state_dir, Traffic(conns=54, xlates=26, vpn_sessions=3))
    con = up(console)
    assert asa(con, "show conn count") == "54 in use, 54 most used\r\n"
    assert asa(con, "show xlate count") == "26 in use, 26 most used\r\n"
    registry.unit_for(state_dir).set_traffic(conns=123)
    registry.unit_for(state_dir).set_traffic(conns=40)
    assert asa(con, "show conn count") == "40 in use, 123 most used\r\n"
    reload(con)
    assert asa(con, "show conn count") == "40 in use, 40 most used\r\n"


def test_conns_collapse_after_reload_fault(console: Opener, state_dir: Path) -> None:
    networked(state_dir, Traffic(conns=54, xlates=26, vpn_sessions=3))
    con = up(console)
    assert asa(con, "show conn count") == "54 in use, 54 most used\r\n"
    registry.unit_for(state_dir).inject_fault("conns-collapse-after-reload")
    reload(con)
    assert asa(con, "show conn count") == "0 in use, 0 most used\r\n"
    assert asa(con, "show xlate count") == "0 in use, 0 most used\r\n"


def test_link_down_after_reload_takes_its_routes(console: Opener, state_dir: Path) -> None:
    networked(state_dir)
    con = up(console)
    registry.unit_for(state_dir).inject_fault("link-down-after-reload")
    reload(con)
    brief = asa(con, "show interface ip brief")
    assert (
        "GigabitEthernet1/1         198.51.100.2    YES CONFIG down                  down" in brief
    )
    routes = asa(con, "show route")
    assert "Gateway of last resort is not set\r\n" in routes
    assert "outside" not in routes
    assert "C        10.1.1.0 255.255.255.0 is directly connected, inside\r\n" in routes


def test_link_pulled_at_runtime_and_put_back(console: Opener, state_dir: Path) -> None:
    networked(state_dir)
    con = up(console)
    unit = registry.unit_for(state_dir)
    unit.set_traffic(link_down="GigabitEthernet1/2")
    assert "GigabitEthernet1/2         10.1.1.1        YES CONFIG down " in asa(
        con, "show interface ip brief"
    )
    assert "10.9.0.0" not in asa(con, "show route")
    unit.set_traffic(link_up="GigabitEthernet1/2")
    assert "S        10.9.0.0 255.255.0.0 [1/0] via 10.1.1.254, inside" in asa(con, "show route")


def test_routes_lost_after_reload_fault(console: Opener, state_dir: Path) -> None:
    networked(state_dir, Traffic(learned_routes=[OSPF]))
    con = up(console)
    before = asa(con, "show route")
    assert "O        172.16.0.0 255.255.0.0 [110/20] via 10.1.1.254, 0:" in before
    registry.unit_for(state_dir).inject_fault("routes-lost-after-reload")
    reload(con)
    after = asa(con, "show route")
    assert "172.16.0.0" not in after
    assert "S        10.9.0.0 255.255.0.0" in after


def test_vpn_sessiondb_summary(console: Opener, state_dir: Path) -> None:
    networked(state_dir, Traffic(vpn_sessions=3))
    con = up(console)
    out = asa(con, "show vpn-sessiondb summary")
    rule = "-" * 75
    assert out.startswith(f"{rule}\r\nVPN Session Summary\r\n{rule}\r\n")
    assert "Site-to-Site VPN             :      3 :          3 :           3\r\n" in out
    assert "  IKEv2 IPsec                :      3 :          3 :           3\r\n" in out
    assert "Device Total VPN Capacity    :     50\r\n" in out
    assert "Device Load                  :     6%\r\n" in out
    assert asa(con, "show vpn-sessiondb") == out


def test_vpn_sessiondb_without_sessions_has_no_rows(console: Opener, state_dir: Path) -> None:
    networked(state_dir)
    out = asa(up(console), "show vpn-sessiondb summary")
    assert "Site-to-Site" not in out
    assert "Total Active and Inactive    :      0             Total Cumulative : 0\r\n" in out


def test_traffic_over_the_control_port(console: Opener, state_dir: Path) -> None:
    networked(state_dir, Traffic(conns=5))
    con = up(console)
    reply = send_command(state_dir, "traffic", changes={"conns": 77, "xlates": 9})
    assert reply["traffic"]["conns"] == 77
    assert asa(con, "show conn count") == "77 in use, 77 most used\r\n"
    assert asa(con, "show xlate count") == "9 in use, 9 most used\r\n"


def test_show_failover_on_a_lone_unit_is_off(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "show failover")
    assert out.split("\r\n")[:4] == [
        "Failover Off ",
        "Failover unit Primary",
        "Failover LAN Interface: not Configured",
        "Reconnect timeout 0:00:00",
    ]
    assert "MAC Address Move Notification Interval not set\r\n" in out


def test_show_license_all(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, "show license all")
    serial = registry.unit_for(state_dir).state.hardware().serial
    assert out.startswith(f"Serial Number:  {serial}\r\nRunning Permanent Activation Key: 0x")
    assert "Licensed features for this platform:\r\n" in out
    assert out.endswith("This platform has a Base license.\r\n")


def test_no_shutdown_survives_write_memory_and_reload(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "interface GigabitEthernet1/4", "ciscoasa(config-if)# ")
    asa(con, "nameif dmz", "ciscoasa(config-if)# ")
    asa(con, "ip address 10.4.4.1 255.255.255.0", "ciscoasa(config-if)# ")
    asa(con, "no shutdown", "ciscoasa(config-if)# ")
    asa(con, "end")
    asa(con, "write memory")
    reload(con)
    assert "GigabitEthernet1/4         10.4.4.1        YES CONFIG up " in asa(
        con, "show interface ip brief"
    )
    assert "GigabitEthernet1/5         unassigned      YES unset  administratively down" in asa(
        con, "show interface ip brief"
    )
