"""`CatalogServer`: tftpy's server with our own listen loop, serving only the catalog.

tftpy gives the server object (its root checks, `dyn_file_func` / `upload_open` hooks, the
`is_running` event and the graceful / immediate `stop()` flags) and the request decoder. Its
select loop, session contexts and option handling are replaced: every datagram to the listening
port is decoded inside a guard (junk is dropped with a log line naming the sender, never a
crash), each accepted request gets its own session thread and UDP socket (its TID).
"""

from __future__ import annotations

import itertools
import logging
import os
import socket
import struct
import sys
import threading
from typing import Any

import tftpy

from tftp_server.bind import bind_udp
from tftp_server.catalog import Catalog
from tftp_server.errors import RequestRefusedError, TftpErrorCode
from tftp_server.events import (
    DatagramDropped,
    EventCallback,
    RequestReceived,
    RequestRefused,
    ServerEvent,
)
from tftp_server.options import negotiate
from tftp_server.packets import MalformedPacketError, Request, decode_request, encode_error
from tftp_server.packets import encode_oack as oack_bytes
from tftp_server.receiver import ReceiveSession
from tftp_server.records import RequestRecord
from tftp_server.sender import SendSession
from tftp_server.session import Session, SessionContext, SessionSettings
from tftp_server.stats import TransferStats
from tftp_server.uploads import UploadFile, UploadPolicy

log = logging.getLogger(__name__)

# Linux tells us which local address a request was sent to (IP_PKTINFO); the session socket
# binds to it, so a client that asked 192.168.1.2 gets its DATA from 192.168.1.2.
_IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8) if sys.platform.startswith("linux") else None
_PKTINFO = struct.Struct("=i4s4s")
_REQUEST_BUFFER = 4096
_IDLE_WAKE = 1.0


class CatalogServer(tftpy.TftpServer):  # type: ignore[misc]
    """A TFTP server whose reads all go through a catalog and whose writes need a policy."""

    def __init__(
        self,
        catalog: Catalog,
        empty_root: str,
        uploads: UploadPolicy | None,
        settings: SessionSettings,
        emit: EventCallback,
        max_sessions: int = 64,
    ) -> None:
        super().__init__(
            tftproot=empty_root,
            dyn_file_func=catalog.open_for_client,
            upload_open=uploads.open_for_client if uploads is not None else None,
        )
        self.catalog = catalog
        self.uploads = uploads
        self.settings = settings
        self.emit = emit
        self.max_sessions = max_sessions
        self.transfers: list[TransferStats] = []
        self.requests: list[RequestRecord] = []
        self.dropped = 0
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self._ids = itertools.count(1)
        self._pktinfo = False
        self._waker = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    # -- socket --------------------------------------------------------------------------
    def bind(self, address: str, port: int) -> int:
        """Bind the listening socket (BindError with advice on failure); return the port."""
        sock = bind_udp(address, port)
        if address == "0.0.0.0" and _IP_PKTINFO is not None:
            try:
                sock.setsockopt(socket.IPPROTO_IP, _IP_PKTINFO, 1)
                self._pktinfo = True
            except OSError:
                self._pktinfo = False
        sock.settimeout(_IDLE_WAKE)
        self.sock = sock
        self.listenip = address
        self.listenport = sock.getsockname()[1]
        return int(self.listenport)

    def _receive(self) -> tuple[bytes, tuple[str, int], str] | None:
        """One datagram, its sender, and the local address it was sent to."""
        try:
            if self._pktinfo:
                data, ancillary, _flags, peer = self.sock.recvmsg(
                    _REQUEST_BUFFER, socket.CMSG_SPACE(_PKTINFO.size)
                )
                local = self.listenip
                for level, kind, payload in ancillary:
                    if level == socket.IPPROTO_IP and kind == _IP_PKTINFO:
                        local = socket.inet_ntoa(_PKTINFO.unpack_from(payload)[1])
                return data, peer, local
            data, peer = self.sock.recvfrom(_REQUEST_BUFFER)
        except (TimeoutError, BlockingIOError, ConnectionResetError, InterruptedError):
            return None
        return data, peer, self.listenip

    def wake(self, sock: socket.socket) -> None:
        """Send an empty datagram to `sock` so a thread blocked on it looks at its flags."""
        try:
            address, port = sock.getsockname()
            self._waker.sendto(b"", ("127.0.0.1" if address == "0.0.0.0" else address, port))
        except OSError:
            pass

    # -- loop ----------------------------------------------------------------------------
    def listen(
        self,
        listenip: str = "",
        listenport: int = tftpy.DEF_TFTP_PORT,
        timeout: Any = None,
        retries: Any = None,
    ) -> None:
        """Serve until stopped (tftpy's entry point; `timeout`/`retries` are not used)."""
        del timeout, retries
        if self.sock is None:
            self.bind(listenip or "0.0.0.0", listenport)
        self.is_running.set()
        try:
            while not self.shutdown_immediately:
                if self.shutdown_gracefully and not self.sessions:
                    break
                received = self._receive()
                if received is None or self.shutdown_immediately:
                    continue
                data, peer, local = received
                if self.shutdown_gracefully:
                    if data:
                        log.info("stopping: request from %s:%d not served", *peer)
                    continue
                try:
                    self.handle(data, peer, local)
                except Exception:  # a bug must cost one request, never the server
                    log.exception("request from %s:%d could not be handled", *peer)
        finally:
            self._stop_sessions()
            self.sock.close()
            self._waker.close()
            self.is_running.clear()
            self.shutdown_gracefully = self.shutdown_immediately = False

    def stop(self, now: bool = False) -> None:
        """tftpy semantics: graceful (finish transfers, take no new ones) or immediate."""
        super().stop(now)
        if now:
            with self._lock:
                sessions = list(self.sessions.values())
            for session in sessions:
                session.stop()
                self.wake(session.sock)
        if self.sock is not None:
            self.wake(self.sock)

    def join(self, timeout: float) -> None:
        """Wait for the session threads to end."""
        for thread in list(self._threads):
            thread.join(timeout)

    def _stop_sessions(self) -> None:
        with self._lock:
            sessions = list(self.sessions.values())
        for session in sessions:
            session.stop()
            self.wake(session.sock)

    # -- requests --------------------------------------------------------------------------
    def _emit(self, event: ServerEvent) -> None:
        try:
            self.emit(event)
        except Exception:  # the owner's callback must not break the server
            log.exception("on_event callback failed for %r", event)

    def handle(self, data: bytes, peer: tuple[str, int], local: str) -> None:
        """Decode one datagram to the listening port and start or refuse a transfer."""
        try:
            request = decode_request(data)
        except MalformedPacketError as exc:
            self.dropped += 1
            log.warning("dropped a datagram from %s:%d: %s", *peer, exc)
            self._emit(DatagramDropped(peer, str(exc)))
            return
        key = f"{peer[0]}:{peer[1]}"
        with self._lock:
            duplicate = key in self.sessions
        if duplicate:
            log.debug("repeated request from %s (its transfer is running)", key)
            return
        self._emit(RequestReceived(peer, request.filename, request.direction, request.options))
        try:
            session = self._open_session(request, peer, local)
        except RequestRefusedError as exc:
            self._refuse(request, peer, exc)
            return
        with self._lock:
            self.requests.append(RequestRecord(peer, request.filename, request.direction, True, ""))
            self.sessions[key] = session
            self.transfers.append(session.stats)
            thread = threading.Thread(
                target=session.run, name=f"tftp-{session.stats.transfer_id}-{key}", daemon=True
            )
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _refuse(self, request: Request, peer: tuple[str, int], exc: RequestRefusedError) -> None:
        log.warning(
            "refused %s of %r from %s:%d: %s (error %d)",
            request.direction,
            request.filename,
            *peer,
            exc.reason,
            exc.code,
        )
        with self._lock:
            self.requests.append(
                RequestRecord(peer, request.filename, request.direction, False, exc.reason)
            )
        try:
            self.sock.sendto(encode_error(exc.code, _client_text(exc)), peer)
        except OSError as send_error:
            log.debug("could not send the refusal to %s:%d: %s", *peer, send_error)
        self._emit(
            RequestRefused(peer, request.filename, request.direction, int(exc.code), exc.reason)
        )

    def _open_session(self, request: Request, peer: tuple[str, int], local: str) -> Session:
        if request.mode == "netascii":
            log.info("%s:%d asked for netascii; serving %r as octet", *peer, request.filename)
        elif request.mode != "octet":
            raise RequestRefusedError(
                TftpErrorCode.ILLEGAL_OPERATION, f"transfer mode {request.mode!r} not supported"
            )
        with self._lock:
            busy = len(self.sessions) >= self.max_sessions
        if busy:
            raise RequestRefusedError(
                TftpErrorCode.NOT_DEFINED, f"server busy ({self.max_sessions} transfers running)"
            )
        if request.direction == "read":
            return self._open_read(request, peer, local)
        return self._open_write(request, peer, local)

    def _open_read(self, request: Request, peer: tuple[str, int], local: str) -> Session:
        file = self.dyn_file_func(request.filename, raddress=peer[0], rport=peer[1])
        try:
            size = os.fstat(file.fileno()).st_size
            settled = negotiate(request.options, file_size=size)
            self._log_ignored(peer, settled.ignored)
            name = getattr(getattr(file, "entry", None), "name", request.filename)
            context = self._context(peer, local, name, "read", size, settled.blksize, settled.timeout)
        except BaseException:
            file.close()
            raise
        oack = oack_bytes(settled.oack) if settled.oack else None
        return SendSession(context, file, oack, size)

    def _open_write(self, request: Request, peer: tuple[str, int], local: str) -> Session:
        if self.upload_open is None or self.uploads is None:
            raise RequestRefusedError(
                TftpErrorCode.ACCESS_VIOLATION, "uploads are disabled on this server"
            )
        settled = negotiate(request.options, file_size=None)
        self._log_ignored(peer, settled.ignored)
        if settled.tsize is not None and settled.tsize > self.uploads.max_bytes:
            raise RequestRefusedError(
                TftpErrorCode.DISK_FULL,
                f"announced size {settled.tsize} exceeds the {self.uploads.max_bytes}-byte cap",
            )
        file: UploadFile = self.upload_open(request.filename, peer)
        try:
            context = self._context(
                peer, local, request.filename, "write", settled.tsize, settled.blksize, settled.timeout
            )
        except BaseException:
            file.remove()
            raise
        oack = oack_bytes(settled.oack) if settled.oack else None
        return ReceiveSession(context, file, oack, self.uploads.max_bytes)

    def _context(
        self,
        peer: tuple[str, int],
        local: str,
        name: str,
        direction: Any,
        total: int | None,
        blksize: int,
        timeout_option: int | None,
    ) -> SessionContext:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            try:
                sock.bind((local, 0))
            except OSError:
                sock.bind((self.listenip, 0))
        except OSError as exc:
            sock.close()
            raise RequestRefusedError(
                TftpErrorCode.NOT_DEFINED, f"server cannot open a socket ({exc.strerror})"
            ) from exc
        stats = TransferStats(next(self._ids), peer, name, direction, total, blksize)
        return SessionContext(
            sock, peer, stats, self.settings, timeout_option, self._emit, self._closed
        )

    def _closed(self, session: Session) -> None:
        key = f"{session.client[0]}:{session.client[1]}"
        with self._lock:
            if self.sessions.get(key) is session:
                del self.sessions[key]
            idle = not self.sessions
        if idle and self.shutdown_gracefully and self.sock is not None:
            self.wake(self.sock)

    @staticmethod
    def _log_ignored(peer: tuple[str, int], ignored: tuple[str, ...]) -> None:
        if ignored:
            log.info("%s:%d: options ignored: %s", *peer, ", ".join(ignored))


def _client_text(exc: RequestRefusedError) -> str:
    """What the client is told: the RFC wording first (ROMMONs print it), then the reason."""
    standard = {
        TftpErrorCode.FILE_NOT_FOUND: "File not found",
        TftpErrorCode.ACCESS_VIOLATION: "Access violation",
        TftpErrorCode.DISK_FULL: "Disk full or allocation exceeded",
        TftpErrorCode.ILLEGAL_OPERATION: "Illegal TFTP operation",
    }.get(exc.code)
    return f"{standard}: {exc.reason}" if standard else exc.reason
