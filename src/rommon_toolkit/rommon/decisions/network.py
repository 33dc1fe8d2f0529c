"""Check ADDRESS / NETMASK / GATEWAY / SERVER before anything is sent (pure: no I/O).

ROMMON on these models downloads over Management1/1 only (reference §2.1). The unit reaches
SERVER directly when both are in ADDRESS's subnet; otherwise through GATEWAY, which must then
be inside that subnet.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv4Interface, IPv4Network

from rommon_toolkit.rommon.errors import PreflightError


@dataclass(frozen=True)
class Addressing:
    """The four ROMMON network variables, validated."""

    address: IPv4Address
    netmask: IPv4Address
    gateway: IPv4Address
    server: IPv4Address
    filled_in: tuple[str, ...] = ()  # what the check chose for the engineer, for the plan

    @property
    def network(self) -> IPv4Network:
        return IPv4Interface(f"{self.address}/{self.netmask}").network


def _parse(label: str, value: str | None, problems: list[str]) -> IPv4Address | None:
    if value is None or value == "":
        return None
    try:
        return IPv4Address(value.strip())
    except ipaddress.AddressValueError:
        problems.append(f"{label} {value!r} is not an IPv4 address")
        return None


NARROWEST_SENSIBLE_PREFIX = 8  # a management subnet wider than a /8 is a typo, not a plan


def _parse_netmask(value: str | None, problems: list[str]) -> IPv4Address | None:
    if value is None or value == "":
        return None
    text = str(value).strip().removeprefix("/")
    try:
        network = IPv4Network(f"0.0.0.0/{text}")
    except (ipaddress.NetmaskValueError, ValueError):
        problems.append(f"NETMASK {value!r} is not a valid mask (e.g. 255.255.255.0 or 24)")
        return None
    if network.prefixlen < NARROWEST_SENSIBLE_PREFIX:
        problems.append(
            f"NETMASK {value!r} is /{network.prefixlen} ({network.netmask}), wider than any "
            "management subnet: did you mean 255.255.255.0 (24)?"
        )
        return None
    return network.netmask


def split_cidr(
    address: str | None, netmask: str | None, problems: list[str]
) -> tuple[str | None, str | None]:
    """`--address A/len` gives ADDRESS and NETMASK; a different --netmask is a problem."""
    if address is None or "/" not in address:
        return address, netmask
    host, _, length = address.strip().partition("/")
    mask = _parse_netmask(length, problems)
    if mask is None:
        return host, netmask
    if netmask not in (None, ""):
        given = _parse_netmask(netmask, [])
        if given is not None and given != mask:
            problems.append(
                f"ADDRESS {address} says netmask {mask} but --netmask says {netmask}: give one"
            )
    return host, str(mask)


def suggestions(local: Sequence[IPv4Interface]) -> list[str]:
    """Values the engineer could use, from this machine's interfaces."""
    tips = []
    for iface in sorted(local, key=lambda i: (i.ip.is_loopback, str(i))):
        net = iface.network
        hosts = [h for h in (net.network_address + 2, net.network_address + 3) if h != iface.ip]
        example = hosts[0] if net.num_addresses > 4 else "(subnet too small)"
        tips.append(
            f"on {iface}: --server {iface.ip} --netmask {iface.netmask} "
            f"--gateway {iface.ip} --address <an unused address such as {example}>"
        )
    return tips


def check_addressing(
    address: str | None,
    netmask: str | None,
    gateway: str | None,
    server: str | None,
    *,
    local: Sequence[IPv4Interface],
    external_tftp: bool = False,
) -> Addressing:
    """Validate and return the addressing, or raise one PreflightError listing every problem."""
    problems: list[str] = []
    address, netmask = split_cidr(address, netmask, problems)
    addr = _parse("ADDRESS", address, problems)
    mask = _parse_netmask(netmask, problems)
    gw = _parse("GATEWAY", gateway, problems)
    srv = _parse("SERVER", server, problems)
    local_ips = {iface.ip for iface in local}
    filled: list[str] = []
    if srv is None and server in (None, "") and addr is not None and mask is not None:
        subnet = IPv4Interface(f"{addr}/{mask}").network
        same = [iface.ip for iface in local if iface.ip in subnet]
        if len(same) == 1:
            srv = same[0]
            filled.append(f"SERVER {srv}: this machine's address on {subnet}")
    same_subnet = bool(addr and mask and srv and srv in IPv4Interface(f"{addr}/{mask}").network)
    if gw is None and gateway in (None, "") and same_subnet:
        gw = srv
        filled.append(f"GATEWAY {gw}: the server itself (same subnet, no router needed)")
    # A value that is present but wrong is the one real problem: the "missing" ones that would
    # follow from it (GATEWAY and SERVER are filled in from a good ADDRESS/NETMASK) are not.
    wrong_values = bool(problems)
    for label, value, flag in (
        ("ADDRESS", addr, "--address"),
        ("NETMASK", mask, "--netmask"),
        ("GATEWAY", gw, "--gateway"),
        ("SERVER", srv, "--server"),
    ):
        if wrong_values:
            break
        if value is None and not any(p.startswith(label) for p in problems):
            problems.append(f"{label} is missing ({flag})")
    if addr and mask and gw and srv:
        problems.extend(_relations(addr, mask, gw, srv))
        net = IPv4Interface(f"{addr}/{mask}").network
        if gw not in net and srv in net:
            filled.append(
                f"GATEWAY {gw} is outside {net}: accepted only because SERVER {srv} is on "
                "the same subnet, so the gateway is never used"
            )
        if not external_tftp and srv not in local_ips:
            problems.append(
                f"SERVER {srv} is not an address of this machine, so the bundled TFTP "
                "server cannot answer there (use --external-tftp for another server)"
            )
    if problems:
        raise PreflightError(
            "the network settings for ROMMON are not usable",
            problems=problems + [f"suggestion {tip}" for tip in suggestions(local)],
            advice="the unit downloads over Management1/1: put the laptop and Management1/1 "
            "on one subnet, with SERVER = the laptop's address",
        )
    if addr is None or mask is None or gw is None or srv is None:  # pragma: no cover
        raise PreflightError("the network settings for ROMMON are incomplete")
    return Addressing(addr, mask, gw, srv, tuple(filled))


def _relations(
    addr: IPv4Address, mask: IPv4Address, gw: IPv4Address, srv: IPv4Address
) -> list[str]:
    problems = []
    iface = IPv4Interface(f"{addr}/{mask}")
    net = iface.network
    if net.prefixlen < 31 and addr in (net.network_address, net.broadcast_address):
        problems.append(f"ADDRESS {addr} is the network or broadcast address of {net}")
    if addr == srv:
        problems.append(f"ADDRESS and SERVER are both {addr}: the unit needs its own address")
    if addr == gw:
        problems.append(f"ADDRESS and GATEWAY are both {addr}")
    if srv not in net and gw not in net:
        problems.append(
            f"GATEWAY {gw} is outside {net} and SERVER {srv} is not on that subnet either: "
            "the unit could reach neither (put GATEWAY inside ADDRESS/NETMASK, or SERVER on "
            "the unit's subnet)"
        )
    return problems
