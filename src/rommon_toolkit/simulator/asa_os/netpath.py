"""Which interface the ASA would use to reach a TFTP server, and its TFTP client."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from rommon_toolkit.simulator.asa_os.config import AsaConfig, Interface
from rommon_toolkit.simulator.asa_os.names import MANAGEMENT
from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.network import tftp_client
from rommon_toolkit.simulator.tftp_client import TftpClient


@dataclass(frozen=True)
class Path:
    """The way out: the interface and its address (the client binds to it when local)."""

    interface: Interface
    address: str


def _network(interface: Interface) -> ipaddress.IPv4Network | None:
    if interface.address is None:
        return None
    ip, mask = interface.address
    return ipaddress.IPv4Network(f"{ip}/{mask}", strict=False)


def _usable(interface: Interface) -> bool:
    return not interface.shutdown and interface.nameif is not None and interface.address is not None


def find_path(config: AsaConfig, server: str) -> Path | None:
    """A connected interface whose subnet holds `server`, else a matching static route."""
    try:
        target = ipaddress.IPv4Address(server)
    except ValueError:
        return None
    usable = [(i, _network(i)) for i in config.interfaces.values() if _usable(i)]
    for interface, network in usable:
        if network is not None and interface.address is not None and target in network:
            return Path(interface, interface.address[0])
    for route in config.routes:
        try:
            routed = ipaddress.IPv4Network(f"{route.network}/{route.mask}", strict=False)
            gateway = ipaddress.IPv4Address(route.gateway)
        except ValueError:
            continue
        if target not in routed:
            continue
        for interface, network in usable:
            if interface.nameif != route.interface or network is None:
                continue
            if interface.address is not None and gateway in network:
                return Path(interface, interface.address[0])
    return None


def client_for(ctx: UnitContext, path: Path, server: str) -> TftpClient:
    """The TFTP client; a lost Management1/1 link (fault) only times out. A failover standby
    sends from its standby address."""
    address = path.address
    if ctx.failover is not None:
        address = ctx.failover.local_address(path.interface) or address
    if path.interface.name == MANAGEMENT:
        return tftp_client(ctx, server, address)
    return TftpClient(server, settings=ctx.tftp, local_address=address, cancel=ctx.halt)
