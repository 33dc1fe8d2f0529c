"""Whether a TFTP server is reachable from an address, and the clients that reach it."""

from __future__ import annotations

import ipaddress
from functools import partial

from rommon_toolkit.simulator import lan
from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.errors import PowerLost, TftpTimeoutError
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.tftp_client import TftpClient, TransferResult


def route_problem(address: str, netmask: str, gateway: str, server: str) -> str | None:
    """Why SERVER cannot be reached from ADDRESS/NETMASK via GATEWAY, or None."""
    try:
        network = ipaddress.IPv4Network(f"{address}/{netmask}", strict=False)
    except ValueError:
        return f"ADDRESS {address} with NETMASK {netmask} is not a valid network"
    if ipaddress.IPv4Address(server) in network:
        return None
    if not gateway:
        return f"SERVER {server} is outside {network} and no GATEWAY is set"
    if ipaddress.IPv4Address(gateway) not in network:
        return f"GATEWAY {gateway} is outside {network}"
    return None


def tftp_client(ctx: UnitContext, server: str, local_address: str) -> TftpClient:
    """A client for the unit; under `no-mgmt-link` it waits out its retries, then times out."""
    if Fault.NO_MGMT_LINK in ctx.faults:
        wait_out_link_down(ctx, server)
    announced = None  # port 0: whoever listens for SERVER on the virtual LAN at each request
    if ctx.tftp.port == lan.ANNOUNCED:
        announced = partial(lan.announced_tftp_port, server)
    return TftpClient(
        server,
        settings=ctx.tftp,
        local_address=local_address,
        cancel=ctx.halt,
        server_port=announced,
    )


def wait_out_link_down(ctx: UnitContext, server: str) -> None:
    """No packet leaves the port: wait as long as the retries would, then time out."""
    total = ctx.tftp.timeout * (ctx.tftp.retries + 1)
    if ctx.halt.wait(total):
        raise PowerLost
    raise TftpTimeoutError(f"no answer from {server}: Management1/1 has no link")


def transfer_stats(kind: str, name: str, result: TransferResult) -> dict[str, int | str]:
    """What snapshots report about the last transfer (blocks, block size, rollovers)."""
    return {
        "kind": kind,
        "file": name,
        "size": result.size,
        "blocks": result.blocks,
        "blksize": result.blksize,
        "rollovers": result.rollovers,
    }
