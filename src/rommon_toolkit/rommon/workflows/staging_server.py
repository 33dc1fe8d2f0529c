"""The bundled server a staging `copy` fetches from, by transport: TFTP or HTTP.

`rommon stage`, the staging part of `rommon recover` and any other command that stages
through `staging.stage_image` start it here, with the same catalog (exactly the image) and
the same reserved slot for the unit's address.
"""

from __future__ import annotations

from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.workflows.bundled_http import HttpLink
from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
from rommon_toolkit.rommon.workflows.staging import TRANSPORTS, StageRequest

StagingLink = TftpLink | HttpLink


def start_staging_server(
    transport: str,
    image: Path,
    server: str,
    *,
    tftp_port: int,
    http_port: int,
    units: Iterable[str] = (),
) -> StagingLink:
    """The started server for `transport` (PreflightError with advice when it cannot bind)."""
    if transport not in TRANSPORTS:
        raise PreflightError(
            f"--transport {transport!r} is not known", "use --transport tftp or --transport http"
        )
    if transport == "http":
        return HttpLink([image], server, http_port, units).start()
    return TftpLink([image], server, tftp_port, units).start()


def stage_request(
    link: StagingLink | None,
    image: Path,
    sha512: str,
    server: IPv4Address,
    *,
    planned: IPv4Interface | None = None,
    gateway: IPv4Address | None = None,
) -> StageRequest:
    """What `stage_image` copies, over the link's transport (TFTP when another server serves)."""
    if isinstance(link, HttpLink):
        return StageRequest(image, sha512, server, planned, gateway, "http", link.port)
    return StageRequest(image, sha512, server, planned, gateway)
