"""From an accepted request to a ready session: file, options, socket (TID) and stats.

Reads go through the catalog (`Catalog.open_for_client`), writes through the upload policy
(`UploadPolicy.open_for_client`); anything refused raises RequestRefusedError, which the
listener turns into a TFTP error packet, a log line and a `RequestRefused` event.
"""

from __future__ import annotations

import itertools
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass

from rommon_toolkit.tftp_server.catalog import CatalogFile
from rommon_toolkit.tftp_server.context import SessionContext, SessionSettings
from rommon_toolkit.tftp_server.errors import RequestRefusedError, TftpErrorCode
from rommon_toolkit.tftp_server.events import EventCallback
from rommon_toolkit.tftp_server.options import Negotiated, negotiate
from rommon_toolkit.tftp_server.packets import Direction, Request, encode_oack
from rommon_toolkit.tftp_server.receiver import ReceiveSession
from rommon_toolkit.tftp_server.sender import SendSession
from rommon_toolkit.tftp_server.session import Session
from rommon_toolkit.tftp_server.stats import TransferStats
from rommon_toolkit.tftp_server.tid import open_tid
from rommon_toolkit.tftp_server.uploads import UploadFile, UploadPolicy

log = logging.getLogger(__name__)

Address = tuple[str, int]
OpenRead = Callable[..., CatalogFile]
OpenWrite = Callable[[str, Address], UploadFile]


@dataclass(frozen=True)
class Wiring:
    """What every session of one server is connected to."""

    settings: SessionSettings
    emit: EventCallback
    on_close: Callable[[Session], None]


class SessionFactory:
    """Builds the session for a request, or raises RequestRefusedError saying why not."""

    def __init__(
        self,
        open_read: OpenRead,
        open_write: OpenWrite | None,
        uploads: UploadPolicy | None,
        wiring: Wiring,
    ) -> None:
        """`open_read`/`open_write`: the catalog's and the upload policy's `open_for_client`."""
        self.open_read = open_read
        self.open_write = open_write
        self.uploads = uploads
        self.wiring = wiring
        self.fallback_address = "0.0.0.0"
        self._ids = itertools.count(1)

    def open(self, request: Request, peer: Address, local: str) -> Session:
        """The session serving `request` from `peer`, reached at our address `local`."""
        if request.mode == "netascii":
            log.info("%s:%d asked for netascii; serving %r as octet", *peer, request.filename)
        elif request.mode != "octet":
            raise RequestRefusedError(
                TftpErrorCode.ILLEGAL_OPERATION, f"transfer mode {request.mode!r} not supported"
            )
        if request.direction == "read":
            return self._open_read(request, peer, local)
        return self._open_write(request, peer, local)

    def _open_read(self, request: Request, peer: Address, local: str) -> Session:
        file = self.open_read(request.filename, raddress=peer[0], rport=peer[1])
        try:
            size = os.fstat(file.fileno()).st_size
            settled = negotiate(request.options, file_size=size)
            _log_ignored(peer, settled)
            context = self._context(peer, local, (file.entry.name, "read", size), settled)
        except BaseException:
            file.close()
            raise
        return SendSession(context, file, _oack(settled), size)

    def _open_write(self, request: Request, peer: Address, local: str) -> Session:
        policy, open_write = self.uploads, self.open_write
        if policy is None or open_write is None:
            raise RequestRefusedError(
                TftpErrorCode.ACCESS_VIOLATION, "uploads are disabled on this server"
            )
        settled = negotiate(request.options, file_size=None)
        _log_ignored(peer, settled)
        if settled.tsize is not None and settled.tsize > policy.max_bytes:
            raise RequestRefusedError(
                TftpErrorCode.DISK_FULL,
                f"announced size {settled.tsize} exceeds the {policy.max_bytes}-byte cap",
            )
        file = open_write(request.filename, peer)
        try:
            context = self._context(
                peer, local, (request.filename, "write", settled.tsize), settled
            )
        except BaseException:
            file.remove()
            raise
        return ReceiveSession(context, file, _oack(settled), policy.max_bytes)

    def _context(
        self,
        peer: Address,
        local: str,
        what: tuple[str, Direction, int | None],
        settled: Negotiated,
    ) -> SessionContext:
        """A fresh UDP socket (the session's TID) on the address the client talked to."""
        try:
            sock, strangers = open_tid(local, self.fallback_address, peer)
        except OSError as exc:
            raise RequestRefusedError(
                TftpErrorCode.NOT_DEFINED, f"server cannot open a socket ({exc.strerror})"
            ) from exc
        name, direction, total = what
        stats = TransferStats(
            next(self._ids), peer, name, direction, total=total, blksize=settled.blksize
        )
        wiring = self.wiring
        return SessionContext(
            sock,
            peer,
            stats,
            wiring.settings,
            settled.timeout,
            wiring.emit,
            wiring.on_close,
            strangers,
        )


def _oack(settled: Negotiated) -> bytes | None:
    return encode_oack(settled.oack) if settled.oack else None


def _log_ignored(peer: Address, settled: Negotiated) -> None:
    if settled.ignored:
        log.info("%s:%d: options ignored: %s", *peer, ", ".join(settled.ignored))
