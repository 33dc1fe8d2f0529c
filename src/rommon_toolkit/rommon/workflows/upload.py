"""`copy running-config tftp:` into a backup folder through the bundled server.

Uploads are enabled for this one copy only, land in the backup folder only (0600), never
overwrite, and are capped in size. While the server waits, it accepts exactly one name (the
`running-config-<stamp>.cfg` this copy asks the unit to send) and only from the unit's
Management1/1 address: a host on the LAN cannot plant a file in the backup folder, nor pass
one off as the unit's configuration.
"""

from __future__ import annotations

from datetime import datetime, timezone
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path
from typing import TYPE_CHECKING

from rommon_toolkit.rommon.decisions.parsers import parse_bytes_copied
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError
from rommon_toolkit.rommon.workflows.management import (
    INTERFACE,
    parse_interface,
    reachable_for_copy,
)

if TYPE_CHECKING:
    from rommon_toolkit.tftp_server import UploadPolicy

MAX_CONFIG_BYTES = 64 << 20  # a running config is KBs to a few MB


def upload_running_config(
    session: UnitSession,
    folder: Path,
    reach: tuple[IPv4Address, int, IPv4Interface | None, IPv4Address | None],
) -> Path:
    """Upload the running config into `folder`; the path of the received file."""
    from rommon_toolkit.rommon.workflows.bundled_tftp import announce_server, withdraw_server
    from rommon_toolkit.tftp_server import Catalog, TftpService

    server, port, planned, gateway = reach
    name = f"running-config-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.cfg"
    unit = _unit_address(session, planned)
    service = TftpService(
        Catalog.from_paths([]),
        bind=str(server),
        port=port,
        uploads=config_upload_policy(folder, name, unit),
        reserved_clients=[str(unit)] if unit is not None else [],
    )
    service.start()
    announce_server(str(server), service.port)  # a virtual unit with tftp-port=0 learns it
    try:
        with (
            reachable_for_copy(session, server, planned, gateway),
            session.runner.step("tftp-upload", file=name),
        ):
            output = session.asa.run(
                f"copy /noconfirm running-config tftp://{server}/{name}",
                timeout=session.timeouts.command,
            )
            if parse_bytes_copied(output) is None:
                raise DeviceRefusedError(
                    "the running config was not uploaded", "the unit said: " + output[-300:]
                )
    finally:
        service.stop()
        withdraw_server(str(server), service.port)
    received = folder / name
    if not received.is_file():
        raise DeviceRefusedError(f"the unit reported the upload but {received} is missing")
    session.feedback.tell(f"running config uploaded over TFTP to {received}")
    return received


def config_upload_policy(folder: Path, name: str, unit: IPv4Address | None) -> UploadPolicy:
    """Uploads of exactly `name`, from the unit's address only (nobody when it is unknown)."""
    from rommon_toolkit.tftp_server import UploadPolicy

    clients = [str(unit)] if unit is not None else []
    return UploadPolicy(folder, MAX_CONFIG_BYTES, names=[name], clients=clients)


def _unit_address(session: UnitSession, planned: IPv4Interface | None) -> IPv4Address | None:
    """The address the unit will send from: Management1/1's own, else the planned one."""
    state = parse_interface(session.asa.run(f"show running-config interface {INTERFACE}"))
    if state.address is not None:
        return state.address.ip
    return planned.ip if planned is not None else None
