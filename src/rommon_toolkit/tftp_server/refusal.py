"""What a refused client is told in its error packet: never a server path."""

from __future__ import annotations

from rommon_toolkit.tftp_server.errors import RequestRefusedError, TftpErrorCode
from rommon_toolkit.tftp_server.records import shown_name

_CLIENT_NAME_LIMIT = 64


def client_text(exc: RequestRefusedError, requested: str) -> str:
    """What the client is told: the RFC wording (ROMMONs print it), the name it asked for, and
    the public reason (never a server path)."""
    standard = {
        TftpErrorCode.FILE_NOT_FOUND: "File not found",
        TftpErrorCode.ACCESS_VIOLATION: "Access violation",
        TftpErrorCode.DISK_FULL: "Disk full or allocation exceeded",
        TftpErrorCode.ILLEGAL_OPERATION: "Illegal TFTP operation",
        TftpErrorCode.FILE_EXISTS: "File already exists",
    }.get(exc.code)
    printable = "".join(c if " " <= c < "\x7f" else "?" for c in requested)
    shown = shown_name(printable, _CLIENT_NAME_LIMIT)
    text = f"{shown}: {exc.public}" if shown else exc.public
    return f"{standard}: {text}" if standard else text
