"""Health commands: `show interface ip brief`, `show route`, `show conn count`, `show xlate
count`, `show vpn-sessiondb [summary]` (texts/health.py; figures from traffic.py)."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from rommon_toolkit.simulator.asa_os.config import Interface
from rommon_toolkit.simulator.asa_os.names import MANAGEMENT
from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import health as htext


def address_of(session: Session, interface: Interface) -> tuple[str, str] | None:
    """The (ip, mask) this unit uses on `interface` (a standby uses the standby address)."""
    port = session.ctx.failover
    if port is not None and interface.address is not None:
        return port.address_for(session, interface)
    return interface.address


def link_up(session: Session, interface: Interface) -> bool:
    """The port has a link: no cable pulled (traffic.json, faults), not shut down."""
    if interface.shutdown:
        return False
    if interface.name in session.ctx.live.health.links_down:
        return False
    return not (interface.name == MANAGEMENT and Fault.NO_MGMT_LINK in session.ctx.faults)


def _row(name: str, address: str, method: str, status: str, protocol: str) -> str:
    return htext.IP_BRIEF_ROW.format(
        name=name, address=address, method=method, status=status, protocol=protocol
    )


def show_ip_brief(session: Session) -> str:
    """Kenton's `show interface ip brief` [C]."""
    lines = [htext.IP_BRIEF_HEADER]
    name, address, status, protocol = htext.VIRTUAL_ROW
    lines.append(_row(name, address, htext.METHOD_UNSET, status, protocol))
    interfaces = session.config.interfaces
    ordered = [i for i in interfaces.values() if i.name != MANAGEMENT]
    for interface in ordered:
        lines.append(_interface_row(session, interface))
    for name, address, status, protocol in htext.INTERNAL_ROWS:
        lines.append(_row(name, address, htext.METHOD_UNSET, status, protocol))
    if MANAGEMENT in interfaces:
        lines.append(_interface_row(session, interfaces[MANAGEMENT]))
    return "\n".join(lines) + "\n"


def _interface_row(session: Session, interface: Interface) -> str:
    address = address_of(session, interface)
    ip = address[0] if address else htext.UNASSIGNED
    method = htext.METHOD_CONFIG if address else htext.METHOD_UNSET
    if interface.shutdown:
        status, protocol = htext.STATUS_ADMIN_DOWN, htext.STATUS_DOWN
    elif link_up(session, interface):
        status, protocol = htext.STATUS_UP, htext.STATUS_UP
    else:
        status, protocol = htext.STATUS_DOWN, htext.STATUS_DOWN
    return _row(interface.name, ip, method, status, protocol)


@dataclass(frozen=True)
class RouteEntry:
    """One line of the routing table."""

    code: str
    network: str
    mask: str
    line: str

    @property
    def key(self) -> tuple[int, int, int]:
        """Sort as the ASA does: by network, then longer masks first, L after C."""
        net = int(ipaddress.IPv4Address(self.network))
        mask = int(ipaddress.IPv4Address(self.mask))
        return net, mask, 1 if self.code == "L" else 0


def _code(code: str) -> str:
    return code.ljust(htext.ROUTE_CODE_WIDTH)


def _age(seconds: float) -> str:
    """`0:12:03`-style under a day, `1d02h` under a week, `3w1d` beyond ([C] `3w1d`)."""
    total = int(seconds)
    if total < 86400:
        return f"{total // 3600}:{total % 3600 // 60:02d}:{total % 60:02d}"
    days, hours = total // 86400, total % 86400 // 3600
    if days < 7:
        return f"{days}d{hours:02d}h"
    return f"{days // 7}w{days % 7}d"


def route_table(session: Session, *, management: bool) -> tuple[list[RouteEntry], str | None]:
    """(entries, gateway of last resort) of the data or the management-only table."""
    entries: list[RouteEntry] = []
    networks: dict[str, ipaddress.IPv4Network] = {}
    for interface in session.config.interfaces.values():
        separate = htext.MANAGEMENT_TABLE_SEPARATE
        if separate and interface.management_only != management:
            continue
        address = address_of(session, interface)
        if interface.nameif is None or address is None or not link_up(session, interface):
            continue
        ip, mask = address
        network = ipaddress.IPv4Network(f"{ip}/{mask}", strict=False)
        networks[interface.nameif] = network
        net = str(network.network_address)
        entries.append(
            RouteEntry("C", net, mask, htext.ROUTE_CONNECTED.format(
                code=_code("C"), network=net, mask=mask, interface=interface.nameif))
        )  # fmt: skip
        entries.append(
            RouteEntry("L", ip, "255.255.255.255", htext.ROUTE_CONNECTED.format(
                code=_code("L"), network=ip, mask="255.255.255.255", interface=interface.nameif))
        )  # fmt: skip
    gateway_of_last_resort = None
    for route in session.config.routes:
        via = networks.get(route.interface)
        if via is None or ipaddress.IPv4Address(route.gateway) not in via:
            continue  # next hop unreachable: the route is not installed
        default = route.network == "0.0.0.0" and route.mask == "0.0.0.0"
        code = "S*" if default else "S"
        if default and gateway_of_last_resort is None:
            gateway_of_last_resort = route.gateway
        entries.append(
            RouteEntry(code, route.network, route.mask, htext.ROUTE_VIA.format(
                code=_code(code), network=route.network, mask=route.mask,
                distance=route.metric, metric=0, gateway=route.gateway,
                interface=route.interface))
        )  # fmt: skip
    age = _age(session.ctx.clock.now() - session.booted_at)
    for learned in session.ctx.live.health.learned_routes:
        via = networks.get(learned.interface)
        if via is None or ipaddress.IPv4Address(learned.gateway) not in via:
            continue
        entries.append(
            RouteEntry("O", learned.network, learned.mask, htext.ROUTE_VIA_AGE.format(
                code=_code("O"), network=learned.network, mask=learned.mask,
                distance=htext.OSPF_DISTANCE, metric=learned.cost, gateway=learned.gateway,
                age=age, interface=learned.interface))
        )  # fmt: skip
    entries.sort(key=lambda e: e.key)
    return entries, gateway_of_last_resort


def show_route(session: Session, *, management: bool = False) -> str:
    """`show route` [C] layout: the legend, the gateway line, a blank line, the routes."""
    entries, gateway = route_table(session, management=management)
    lines = list(htext.ROUTE_CODES)
    if gateway is None:
        lines.append(htext.NO_GATEWAY)
    else:
        lines.append(htext.GATEWAY_OF_LAST_RESORT.format(gateway=gateway))
    lines.append("")
    lines += [entry.line for entry in entries]
    return "\n".join(lines) + "\n"


def show_vpn_summary(session: Session) -> str:
    """`show vpn-sessiondb [summary]` [C] layout; site-to-site IKEv2 sessions only."""
    health = session.ctx.live.health
    capacity = htext.VPN_CAPACITY.get(session.ctx.model.name, 50)
    active, cumulative, peak = health.vpn_active, health.vpn_cumulative, health.vpn_peak
    rule = htext.VPN_RULE
    lines = [rule, htext.VPN_SUMMARY_TITLE, rule, *htext.VPN_SUMMARY_COLUMNS]
    if cumulative:
        counts = {"active": active, "cumulative": cumulative, "peak": peak}
        lines += [htext.VPN_S2S_ROW.format(**counts), htext.VPN_IKEV2_ROW.format(**counts)]
    load = active * 100 // capacity if capacity else 0
    lines += [
        rule,
        htext.VPN_TOTAL_ROW.format(active=active, cumulative=cumulative),
        htext.VPN_CAPACITY_ROW.format(capacity=capacity),
        htext.VPN_LOAD_ROW.format(load=load),
        rule,
        rule,
        htext.VPN_TUNNELS_TITLE,
        rule,
        *htext.VPN_TUNNEL_COLUMNS,
    ]
    if cumulative:
        for name in ("IKEv2", "IPsec"):
            lines.append(
                htext.VPN_TUNNEL_ROW.format(
                    name=name, active=active, cumulative=cumulative, peak=peak
                )
            )
    lines += [
        rule,
        htext.VPN_TUNNEL_TOTALS.format(active=active * 2, cumulative=cumulative * 2),
        rule,
    ]
    return "\n".join(lines) + "\n"


def cmd_show_interface(session: Session, args: Args) -> None:
    """`show interface ip brief`."""
    words = [w.lower() for w in args.texts]
    if len(words) != 2 or not "ip".startswith(words[0]) or not "brief".startswith(words[1]):
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.page(show_ip_brief(session))


def cmd_show_route(session: Session, args: Args) -> None:
    """`show route [management-only]`."""
    words = [w.lower() for w in args.texts]
    management = bool(words) and "management-only".startswith(words[0]) and len(words[0]) > 1
    if words and not management:
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.page(show_route(session, management=management))


def cmd_show_conn_count(session: Session, _args: Args) -> None:
    """`show conn count`."""
    health = session.ctx.live.health
    session.say(htext.CONN_COUNT.format(in_use=health.conn_in_use, most_used=health.conn_most_used))


def cmd_show_xlate_count(session: Session, _args: Args) -> None:
    """`show xlate count`."""
    health = session.ctx.live.health
    session.say(
        htext.XLATE_COUNT.format(in_use=health.xlate_in_use, most_used=health.xlate_most_used)
    )


def cmd_show_vpn_sessiondb(session: Session, args: Args) -> None:
    """`show vpn-sessiondb [summary]`."""
    words = [w.lower() for w in args.texts]
    if words and (len(words) > 1 or not "summary".startswith(words[0])):
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.page(show_vpn_summary(session))
