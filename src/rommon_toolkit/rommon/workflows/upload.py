"""`copy running-config tftp:` into a backup folder through the bundled server.

Uploads are enabled for this one copy only, land in the backup folder only, never overwrite,
and are capped in size.
"""

from __future__ import annotations

from datetime import datetime, timezone
from ipaddress import IPv4Address, IPv4Interface
from pathlib import Path

from rommon_toolkit.rommon.decisions.parsers import parse_bytes_copied
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError
from rommon_toolkit.rommon.workflows.management import reachable_for_copy

MAX_CONFIG_BYTES = 64 << 20  # a running config is KBs to a few MB


def upload_running_config(
    session: UnitSession,
    folder: Path,
    reach: tuple[IPv4Address, int, IPv4Interface | None, IPv4Address | None],
) -> Path:
    """Upload the running config into `folder`; the path of the received file."""
    from rommon_toolkit.tftp_server import Catalog, TftpService, UploadPolicy

    server, port, planned, gateway = reach
    name = f"running-config-{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%SZ')}.cfg"
    service = TftpService(
        Catalog.from_paths([]),
        bind=str(server),
        port=port,
        uploads=UploadPolicy(folder, MAX_CONFIG_BYTES),
    )
    service.start()
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
    received = folder / name
    if not received.is_file():
        raise DeviceRefusedError(f"the unit reported the upload but {received} is missing")
    session.feedback.tell(f"running config uploaded over TFTP to {received}")
    return received
