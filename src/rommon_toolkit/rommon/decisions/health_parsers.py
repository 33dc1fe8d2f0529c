"""Read the seed's verification commands (seed 000 "Reload and Verify"); no I/O.

Formats from the research notes (cisco-texts §4, docs/device-reference.md "Health commands"):
`show interface ip brief` [C ntc], `show route` [C ntc], `show conn count` [D], `show xlate
count` [G: the `N in use, M most used` line], `show vpn-sessiondb summary` [C ntc, the
summary table]. Each parser keeps the raw line of every row, so a health diff can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# `GigabitEthernet1/1         192.168.1.253   YES CONFIG up                    up  ` [C]; the
# Status column may be `administratively down` (two words).
_INTERFACE_ROW = re.compile(
    r"^(?P<name>[A-Za-z][\w./:-]*\d)\s+(?P<address>\d+\.\d+\.\d+\.\d+|unassigned)\s+"
    r"(?P<ok>YES|NO)\s+(?P<method>\S+)\s+(?P<status>administratively down|admin down|up|down"
    r"|deleted)\s+(?P<protocol>up|down)\s*$"
)
# `S*       0.0.0.0 0.0.0.0 [1/0] via 192.168.1.2, outside` / `C        192.168.1.0
# 255.255.255.0 is directly connected, outside` / a network alone whose `[110/50] via ...`
# follows on a continuation line indented 11 spaces [C].
_ROUTE_HEAD = re.compile(
    r"^(?P<code>[A-Za-z][A-Za-z0-9 *+]{0,8}?)\s+(?P<network>\d+\.\d+\.\d+\.\d+)\s+"
    r"(?P<mask>\d+\.\d+\.\d+\.\d+)\b(?P<rest>.*)$"
)
_ROUTE_CONTINUATION = re.compile(r"^\s{4,}(?P<rest>\[\d+/\d+\].*)$")
_VIA = re.compile(r"via (?P<hop>\d+\.\d+\.\d+\.\d+)(?:,.*?)?,\s*(?P<interface>[\w.-]+)\s*$")
_CONNECTED = re.compile(r"is directly connected,\s*(?P<interface>[\w.-]+)\s*$")
_GATEWAY = re.compile(r"^Gateway of last resort is (?P<rest>.+?)\s*$", re.M)
# `54 in use, 123 most used` [D]
_COUNT = re.compile(r"^\s*(?P<in_use>\d+) in use, (?P<most>\d+) most used", re.M)
# `Site-to-Site VPN             :     99 :    3506999 :          99` [C]; `Total Active and
# Inactive    :     99             Total Cumulative : 3506999` [C]
_VPN_ROW = re.compile(r"^\s*(?P<name>[A-Za-z][\w/ -]*?)\s+:\s+(?P<active>\d+)\s+:")
_VPN_TOTAL = re.compile(r"^Total Active and Inactive\s+:\s+(?P<total>\d+)", re.M)
_VPN_SECTION = re.compile(r"^(?P<title>VPN Session Summary|Tunnels Summary)\s*$")


@dataclass(frozen=True)
class InterfaceRow:
    """One row of `show interface ip brief`."""

    name: str
    address: str
    status: str
    protocol: str
    line: str

    @property
    def up(self) -> bool:
        return self.status == "up" and self.protocol == "up"


@dataclass(frozen=True)
class Route:
    """One route of `show route`: code, destination, next hop (or `connected`), interface."""

    code: str
    network: str
    mask: str
    via: str
    interface: str
    line: str

    @property
    def key(self) -> str:
        return f"{self.network} {self.mask}"


@dataclass(frozen=True)
class RouteTable:
    routes: tuple[Route, ...]
    gateway_of_last_resort: str | None  # `192.168.1.2 to network 0.0.0.0`, `not set`


@dataclass(frozen=True)
class Counter:
    """`N in use, M most used`."""

    in_use: int
    most_used: int
    line: str


@dataclass(frozen=True)
class VpnSummary:
    """Active sessions per row of the `VPN Session Summary` section, and the total."""

    active: dict[str, int]
    total_active: int | None
    lines: dict[str, str]


def parse_interface_brief(text: str) -> tuple[InterfaceRow, ...]:
    rows = []
    for line in text.splitlines():
        match = _INTERFACE_ROW.match(line.rstrip("\r"))
        if match:
            rows.append(
                InterfaceRow(
                    match.group("name"),
                    match.group("address"),
                    match.group("status"),
                    match.group("protocol"),
                    line.rstrip(),
                )
            )
    return tuple(rows)


def parse_route(text: str) -> RouteTable:
    routes: list[Route] = []
    pending: re.Match[str] | None = None
    pending_line = ""
    for raw in text.splitlines():
        line = raw.rstrip("\r").rstrip()
        continuation = _ROUTE_CONTINUATION.match(line)
        if pending is not None and continuation:
            routes.append(_route(pending, continuation.group("rest"), f"{pending_line} {line}"))
            pending = None
            continue
        pending = None
        head = _ROUTE_HEAD.match(line)
        if head is None or line.startswith(("Codes:", " ")):
            continue
        if not head.group("rest").strip():
            pending, pending_line = head, line
            continue
        routes.append(_route(head, head.group("rest"), line))
    gateway = _GATEWAY.search(text)
    return RouteTable(tuple(routes), gateway.group("rest") if gateway else None)


def _route(head: re.Match[str], rest: str, line: str) -> Route:
    via, interface = "", ""
    connected = _CONNECTED.search(rest)
    hop = _VIA.search(rest)
    if connected:
        via, interface = "connected", connected.group("interface")
    elif hop:
        via, interface = hop.group("hop"), hop.group("interface")
    else:
        via = rest.strip()
    code = " ".join(head.group("code").split())
    return Route(code, head.group("network"), head.group("mask"), via, interface, line)


def parse_count(text: str) -> Counter | None:
    """`show conn count` / `show xlate count`; None when the line is not there."""
    match = _COUNT.search(text)
    if match is None:
        return None
    return Counter(int(match.group("in_use")), int(match.group("most")), match.group(0).strip())


def parse_vpn_summary(text: str) -> VpnSummary:
    active: dict[str, int] = {}
    lines: dict[str, str] = {}
    section = ""
    for raw in text.splitlines():
        line = raw.rstrip("\r").rstrip()
        title = _VPN_SECTION.match(line)
        if title:
            section = title.group("title")
            continue
        if section != "VPN Session Summary" or line.startswith(("Total", "Device")):
            continue
        row = _VPN_ROW.match(line)
        if row:
            name = row.group("name").strip()
            active[name] = int(row.group("active"))
            lines[name] = line
    total = _VPN_TOTAL.search(text)
    return VpnSummary(active, int(total.group("total")) if total else None, lines)
