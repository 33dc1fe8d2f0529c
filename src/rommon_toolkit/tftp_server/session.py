"""What every transfer session shares: its socket (its TID), timers, strangers, the end.

A session runs in its own process or thread with its own UDP socket, connected to the client
where a second socket on the same port takes the strangers (`tid.py`). Packets from any address
other than the client's are answered with error 5 (unknown transfer ID) and change nothing
else; on the fast path they are read every 256 blocks, on the slow path as they come.

Giving up: a client that never answered at all (a spoofed or abandoned request: not one ACK,
not one DATA) is given up after `unanswered_retries` retransmissions of the first packet (5:
6 packets in all, as tftpd-hpa; with the RTO doubling from 0.1 s to its 2 s ceiling, about 5 s,
where tftpd-hpa sends its last at 31 s). A client that has
answered is given up only after `silence_budget` seconds without hearing it (an error packet
tells the client why), so a slow ROMMON that pauses mid-transfer is never dropped.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import math
import select
import socket
import struct
import sys
import time
from collections.abc import Callable

from rommon_toolkit.tftp_server.context import SessionContext
from rommon_toolkit.tftp_server.errors import TftpErrorCode, TransferError
from rommon_toolkit.tftp_server.events import (
    TransferFailed,
    TransferFinished,
    TransferStarted,
)
from rommon_toolkit.tftp_server.packets import (
    HEADER,
    OP_ACK,
    OP_ERROR,
    describe_error,
    encode_error,
)
from rommon_toolkit.tftp_server.rto import RetransmitTimer

log = logging.getLogger(__name__)

# On Linux the receive deadline is a socket option (SO_RCVTIMEO): one syscall per wait and
# none to change it per block. Elsewhere, `settimeout` before each wait.
_KERNEL_TIMEOUT = sys.platform.startswith("linux")
_TIMEVAL = struct.Struct("@ll")
_STRANGER_LOG_LIMIT = 3
_UNKNOWN_TID = encode_error(TftpErrorCode.UNKNOWN_TID, "Unknown transfer ID")
_IGNORED_RECEIVE_ERRORS = {errno.ECONNREFUSED, errno.ECONNRESET, errno.EINTR}
# A connected socket hears ICMP errors (port unreachable): a send they fail counts as a loss,
# as on an unconnected socket, where they are never reported; the silence budget decides.
_LOSS_SEND_ERRORS = {
    errno.ENOBUFS,
    errno.EAGAIN,
    errno.EWOULDBLOCK,
    errno.EINTR,
    errno.ECONNREFUSED,
    errno.EHOSTUNREACH,
    errno.ENETUNREACH,
}
_STRANGERS_PER_LOOK = 64
_STRANGER_BUFFER = 1024


class Session:
    """Base of a download or upload session; subclasses implement `transfer()`."""

    def __init__(self, context: SessionContext) -> None:
        self.sock = context.sock
        # With a strangers' socket, `sock` is connected: only the client's datagrams reach it.
        self.strangers_sock = context.strangers
        self.connected = context.strangers is not None
        self._poller: select.poll | None = None
        if context.strangers is not None:
            self._poller = select.poll()
            self._poller.register(self.sock, select.POLLIN)
            self._poller.register(context.strangers, select.POLLIN)
        self.client = context.client
        self.stats = context.stats
        self.settings = context.settings
        self.timer = RetransmitTimer(context.settings.rto, ceiling=context.timeout_option)
        # one byte more than a full DATA, so an oversized block shows as too long
        self.rxbuf = bytearray(4 + context.stats.blksize + 1)
        self.emit = context.emit
        self.on_close = context.on_close
        self.stopping = False
        # A forked session (processes.py) also asks its parent whether to stop.
        self.stop_probe: Callable[[], bool] | None = None
        self.local_address: tuple[str, int] = self.sock.getsockname()
        self.last_heard = time.monotonic()
        self.heard = False  # the client answered at least once (a packet on our TID)
        self.saved_as: str | None = None
        self.silence_note = ""
        self._installed_wait = -1.0
        if not _KERNEL_TIMEOUT:
            self.sock.settimeout(self.timer.rto)

    # -- lifecycle ------------------------------------------------------------------------
    def transfer(self) -> None:
        """Move the file; raise TransferError on failure."""
        raise NotImplementedError

    def release(self, ok: bool) -> None:
        """Close the file (an upload removes a partial file when not `ok`)."""
        raise NotImplementedError

    def linger(self) -> None:
        """After success, keep answering for a moment if the protocol needs it."""

    def detach(self) -> None:
        """Close this process's copies of the socket and file (a forked child runs the
        session): nothing is sent, removed or recorded."""
        self.close_sockets()
        self.close_file()

    def close_file(self) -> None:
        """Close the file without any other effect (used by `detach`)."""
        raise NotImplementedError

    def run(self) -> None:
        """Thread body: start event, transfer, finish or fail event, close everything."""
        stats = self.stats
        self.emit(
            TransferStarted(
                stats.transfer_id,
                self.client,
                stats.name,
                stats.direction,
                stats.total,
                stats.blksize,
            )
        )
        error: TransferError | None = None
        try:
            self.transfer()
        except TransferError as exc:
            error = exc
        except Exception as exc:  # a bug must end this transfer, never the server
            log.exception("transfer %d with %s:%d crashed", stats.transfer_id, *self.client)
            error = TransferError(f"internal error ({type(exc).__name__}; see the server log)")
        try:
            self.release(ok=error is None)
            if error is not None:
                self._fail(error)
            else:
                self._finish()
                self.linger()
        finally:
            self.close_sockets()
            self.on_close(self)

    def close_sockets(self) -> None:
        """Close the session socket and the strangers' socket."""
        self.sock.close()
        if self.strangers_sock is not None:
            self.strangers_sock.close()

    def _finish(self) -> None:
        stats = self.stats
        stats.finish()
        elapsed = stats.elapsed()
        self.emit(
            TransferFinished(
                stats.transfer_id,
                self.client,
                stats.name,
                stats.direction,
                stats.bytes,
                elapsed,
                stats.bytes / elapsed if elapsed > 0 else 0.0,
                stats.retransmits,
                self.saved_as,
            )
        )

    def _fail(self, exc: TransferError) -> None:
        if exc.code is not None:
            self.send_error(exc.code, exc.reason)
        self.stats.finish(exc.reason)
        log.warning(
            "transfer of %s with %s:%d failed: %s", self.stats.name, *self.client, exc.reason
        )
        self.emit(
            TransferFailed(
                self.stats.transfer_id,
                self.client,
                self.stats.name,
                self.stats.direction,
                self.stats.bytes,
                exc.reason,
            )
        )

    def stop(self) -> None:
        """Ask the session to end (the server then wakes its socket)."""
        self.stopping = True

    # -- sending ----------------------------------------------------------------------------
    def send_error(self, code: TftpErrorCode, message: str) -> None:
        """Tell the client why the transfer ends (best effort)."""
        try:
            self.sock.sendto(encode_error(code, message), self.client)
        except OSError as exc:
            log.debug("could not send error to %s:%d: %s", *self.client, exc)

    def send_failed(self, exc: OSError) -> None:
        """A send failed: transient buffer shortage counts as a loss, the rest end the session."""
        if exc.errno in _LOSS_SEND_ERRORS:
            return
        if exc.errno == errno.EMSGSIZE:
            raise TransferError(
                f"block size {self.stats.blksize} does not fit in a datagram on this path; "
                "ask for a smaller blksize"
            ) from exc
        raise TransferError(f"cannot send to the client ({exc.strerror})") from exc

    def resend(self, packet: bytes | memoryview) -> None:
        """Retransmit the outstanding packet and count it."""
        self.stats.retransmits += 1
        try:
            self.sock.sendto(packet, self.client)
        except OSError as exc:
            self.send_failed(exc)

    def send(self, packet: bytes) -> float:
        """Send a packet; return the time it left."""
        try:
            self.sock.sendto(packet, self.client)
        except OSError as exc:
            self.send_failed(exc)
        return time.monotonic()

    def await_packet(
        self,
        opcode: int,
        expected: int,
        packet: bytes | memoryview,
        sent_at: float,
        received: tuple[int, tuple[str, int] | None] | None = None,
    ) -> int:
        """Wait for `opcode` numbered `expected` from the client; return its length.

        `packet` (our last send) is resent on timeout, and once early when the client repeats
        the previous number after the RTO floor (a duplicate then means the client timed out;
        one arriving right after our send changes nothing: no Sorcerer's Apprentice). An ERROR
        from the client ends the transfer. `received` is a datagram already taken from the
        socket into `rxbuf` (length and peer; length -1 for a receive that timed out): it is
        handled before waiting more.
        """
        client = self.client
        rxbuf = self.rxbuf
        receive = self.sock.recvfrom_into
        timer = self.timer
        previous = (expected - 1) & 0xFFFF
        resent = early = False
        deadline = sent_at + timer.rto
        self.set_wait(timer.rto)
        while True:
            if received is not None:
                (length, peer), received = received, None
            elif self._poller is not None and not self.readable(deadline):
                length, peer = -1, None
            else:
                try:
                    length, peer = receive(rxbuf)
                except OSError as exc:
                    self.receive_failed(exc)
                    length, peer = -1, None
            now = time.monotonic()
            if peer == client and length >= 4:
                kind, number = HEADER.unpack_from(rxbuf)
                self.last_heard = now
                self.heard = True
                if kind == opcode:
                    if number == expected:
                        if not resent:
                            timer.sample(now - sent_at)
                        return length
                    if number == previous:
                        if opcode == OP_ACK:
                            self.stats.duplicate_acks += 1
                        if not early and now - sent_at >= timer.floor:
                            early = resent = True
                            self.resend(packet)
                            sent_at, deadline = now, now + timer.rto
                            continue
                elif kind == OP_ERROR:
                    raise TransferError(
                        f"the client ended the transfer with {describe_error(rxbuf, length)}",
                        code=None,
                    )
            elif length >= 0:
                self.other_datagram(peer, length)
            if now >= deadline:
                self.timed_out(now)
                self.resend(packet)
                resent = True
                sent_at, deadline = now, now + timer.rto
            elif length < 0:
                self.set_wait(deadline - now)

    # -- waiting ----------------------------------------------------------------------------
    def readable(self, deadline: float) -> bool:
        """Wait until the client's socket is readable (True) or `deadline` (False), answering
        strangers as they come (connected sessions only)."""
        poller = self._poller
        if poller is None:
            return True
        wait_ms = max(0, math.ceil((deadline - time.monotonic()) * 1000))
        ready = False
        for fd, _events in poller.poll(wait_ms):
            if fd == self.sock.fileno():
                ready = True
            else:
                self.serve_strangers()
        return ready

    def serve_strangers(self) -> None:
        """Answer what is waiting on the strangers' socket (error 5), a bounded number."""
        strangers = self.strangers_sock
        if strangers is None:
            return
        for _ in range(_STRANGERS_PER_LOOK):
            try:
                data, peer = strangers.recvfrom(_STRANGER_BUFFER)
            except (BlockingIOError, InterruptedError):
                return
            except OSError as exc:
                log.debug("strangers' socket: %s", exc)
                return
            self.other_datagram(peer, len(data))

    def set_wait(self, seconds: float) -> None:
        """Make the next receives wait at most `seconds` (only re-set when it changed)."""
        seconds = max(seconds, 0.001)
        if _KERNEL_TIMEOUT:
            installed = self._installed_wait
            if abs(seconds - installed) <= 0.1 * installed:
                return
            whole = int(seconds)
            option = _TIMEVAL.pack(whole, int((seconds - whole) * 1_000_000))
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, option)
            self._installed_wait = seconds
        else:
            self.sock.settimeout(seconds)

    def receive_failed(self, exc: OSError) -> None:
        """A receive ended without a datagram: a timeout or a harmless ICMP echo is fine."""
        if isinstance(exc, (BlockingIOError, TimeoutError)) or exc.errno in _IGNORED_RECEIVE_ERRORS:
            self._check_stop()
            return
        raise TransferError(f"cannot receive from the client ({exc.strerror})") from exc

    def other_datagram(self, peer: tuple[str, int] | None, length: int) -> None:
        """A datagram that is not the client's expected answer: stop wake-up, stranger, junk."""
        self._check_stop()
        if peer is None:
            return
        if peer != self.client:
            self.stats.strangers += 1
            if self.stats.strangers <= _STRANGER_LOG_LIMIT:
                log.warning(
                    "transfer of %s to %s:%d: packet from unknown transfer ID %s:%d answered "
                    "with error 5",
                    self.stats.name,
                    *self.client,
                    *peer,
                )
            with contextlib.suppress(OSError):
                (self.strangers_sock or self.sock).sendto(_UNKNOWN_TID, peer)
            return
        log.debug("dropped a %d-byte packet from %s:%d", length, *peer)

    def timed_out(self, now: float) -> None:
        """No answer before the deadline: give up after the silence budget, else back off."""
        self._check_stop()
        silent = now - self.last_heard
        if silent >= self.settings.silence_budget:
            raise TransferError(
                f"no answer from the client for {silent:.0f} s; "
                f"transfer abandoned{self.silence_note}"
            )
        retries = self.settings.unanswered_retries
        if not self.heard and not self.stats.blocks and self.stats.retransmits >= retries:
            raise TransferError(
                f"no answer from the client to the first packet, sent {retries + 1} times "
                f"over {silent:.1f} s; transfer abandoned"
            )
        self.timer.back_off()
        self.set_wait(self.timer.rto)

    def _check_stop(self) -> None:
        if self.stopping or (self.stop_probe is not None and self.stop_probe()):
            self.stopping = True
            raise TransferError("the server is shutting down")
