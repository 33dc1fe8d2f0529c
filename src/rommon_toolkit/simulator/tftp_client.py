"""The simulator's own small TFTP client (RFC 1350, optional RFC 2348 blksize).

Written for the virtual ASA: RRQ downloads and WRQ uploads streamed to and from file objects
(never the whole image in memory), per-packet timeout and retries like a ROMMON, block-number
rollover (0 follows 65535), and a `cancel` event so a power cycle stops a transfer at once.
Network timeouts are real seconds, not simulated ones: the server is a real peer.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from rommon_toolkit.simulator.errors import (
    TftpCancelledError,
    TftpFileNotFoundError,
    TftpProtocolError,
    TftpRemoteError,
    TftpTimeoutError,
)

OP_RRQ, OP_WRQ, OP_DATA, OP_ACK, OP_ERROR, OP_OACK = 1, 2, 3, 4, 5, 6
DEFAULT_BLKSIZE = 512
# Old ASA ROMMON defaults PKTTIMEOUT=4, RETRY=20 [S]; Kenton's own values are [NF].
DEFAULT_TIMEOUT = 4.0
DEFAULT_RETRIES = 20
POLL = 0.2  # how often a blocked receive looks at the cancel event

Progress = Callable[[int], None]


class Sink(Protocol):
    """Where downloaded bytes go (a file opened `wb`, or a wrapper around one)."""

    def write(self, data: bytes, /) -> object:
        """Store the next piece."""


class Source(Protocol):
    """Where uploaded bytes come from."""

    def read(self, size: int, /) -> bytes:
        """The next piece; short or empty at the end."""


@dataclass(frozen=True)
class TftpSettings:
    """How the client talks: server port, optional blksize request, timeout, retries."""

    port: int = 69
    blksize: int | None = None  # None: no options, 512-byte blocks
    timeout: float = DEFAULT_TIMEOUT
    retries: int = DEFAULT_RETRIES
    # The modelled link: seconds per round trip. Lock-step TFTP pays it once per packet
    # exchange (each DATA waits for the ACK of the one before). The HTTP client pays it per
    # TCP window (http_client.py). 0: the loopback as it is.
    link_rtt: float = 0.0


@dataclass(frozen=True)
class TransferResult:
    """What one transfer moved."""

    size: int
    blocks: int
    blksize: int
    rollovers: int
    seconds: float


def _error_packet(code: int, text: str) -> bytes:
    return struct.pack("!HH", OP_ERROR, code) + text.encode("ascii", "replace") + b"\x00"


def _request(opcode: int, filename: str, blksize: int | None) -> bytes:
    packet = struct.pack("!H", opcode) + filename.encode("ascii") + b"\x00octet\x00"
    if blksize is not None:
        packet += b"blksize\x00" + str(blksize).encode() + b"\x00"
    return packet


def _parse_oack(payload: bytes) -> dict[str, str]:
    parts = payload.split(b"\x00")
    options: dict[str, str] = {}
    for i in range(0, len(parts) - 1, 2):
        options[parts[i].decode("ascii", "replace").lower()] = parts[i + 1].decode("ascii")
    return options


def _raise_remote(payload: bytes) -> None:
    code = struct.unpack("!H", payload[:2])[0] if len(payload) >= 2 else 0
    text = payload[2:].split(b"\x00", 1)[0].decode("ascii", "replace")
    if code == 1:
        raise TftpFileNotFoundError(code, text or "File not found")
    raise TftpRemoteError(code, text)


class _DataAcceptor:
    """Accept DATA `want`; re-ACK a resent `previous` block (our ACK was lost)."""

    def __init__(
        self, sock: socket.socket, peer: tuple[str, int], previous: int, want: int
    ) -> None:
        self.sock, self.peer, self.previous, self.want = sock, peer, previous, want

    def __call__(self, opcode: int, payload: bytes) -> bool:
        if opcode != OP_DATA:
            return False
        block = struct.unpack("!H", payload[:2])[0]
        if block == self.previous:
            self.sock.sendto(struct.pack("!HH", OP_ACK, self.previous), self.peer)
        return bool(block == self.want)


class TftpClient:
    """One client bound to a local address, talking to one server."""

    def __init__(
        self,
        server: str,
        *,
        settings: TftpSettings | None = None,
        local_address: str | None = None,
        cancel: threading.Event | None = None,
        server_port: Callable[[], int | None] | None = None,
    ) -> None:
        """`server_port`: asked before each request is (re)sent, where the server listens now
        (None: nobody, the request is lost); without it, `settings.port`."""
        self.server = server
        self.settings = settings or TftpSettings()
        self.server_port = server_port
        self.local_address = local_address
        self.cancel = cancel or threading.Event()
        self._server_ip = socket.gethostbyname(server)

    # -- socket helpers -------------------------------------------------------------------
    def _round_trip(self) -> None:
        """Pay one RTT of the modelled link (cancelled by a power cut)."""
        rtt = self.settings.link_rtt
        if rtt > 0 and self.cancel.wait(rtt):
            raise TftpCancelledError("transfer cancelled: the unit lost power or reloaded")

    def _open(self) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        bind_to = "0.0.0.0"
        if self.local_address:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
                try:
                    probe.bind((self.local_address, 0))
                    bind_to = self.local_address
                except OSError:
                    bind_to = "0.0.0.0"  # not a local address: let the kernel pick
        sock.bind((bind_to, 0))
        return sock

    def _receive(
        self, sock: socket.socket, peer: tuple[str, int] | None
    ) -> tuple[int, bytes, tuple[str, int]] | None:
        """One packet from the server (None on timeout); strays get ERROR 5."""
        deadline = time.monotonic() + self.settings.timeout
        while True:
            if self.cancel.is_set():
                raise TftpCancelledError("transfer cancelled: the unit lost power or reloaded")
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            sock.settimeout(min(POLL, left))
            try:
                data, addr = sock.recvfrom(65536)
            except TimeoutError:
                continue
            except ConnectionRefusedError:
                continue  # ICMP port unreachable from an earlier send: keep waiting
            if addr[0] != self._server_ip:
                continue
            if peer is not None and addr != peer:
                with contextlib.suppress(OSError):
                    sock.sendto(_error_packet(5, "Unknown transfer ID"), addr)
                continue
            if len(data) < 4:
                raise TftpProtocolError(f"short packet ({len(data)} bytes) from {addr[0]}")
            return struct.unpack("!H", data[:2])[0], data[2:], addr

    def _exchange(
        self,
        sock: socket.socket,
        packet: bytes,
        dest: tuple[str, int],
        peer: tuple[str, int] | None,
        accept: Callable[[int, bytes], bool],
    ) -> tuple[int, bytes, tuple[str, int]]:
        """Send `packet` and wait for a reply `accept` likes, resending on timeout."""
        self._round_trip()
        for _attempt in range(self.settings.retries + 1):
            if peer is None and self.server_port is not None:
                port = self.server_port()  # a request goes to whoever listens there now
                dest = (dest[0], port if port is not None else dest[1])
                if port is None:
                    self._receive(sock, peer)  # nobody listens: the request is lost
                    continue
            sock.sendto(packet, dest)
            while True:
                got = self._receive(sock, peer)
                if got is None:
                    break
                opcode, payload, addr = got
                if opcode == OP_ERROR:
                    _raise_remote(payload)
                if accept(opcode, payload):
                    return opcode, payload, addr
        raise TftpTimeoutError(
            f"no answer from {self.server}:{dest[1]} after {self.settings.retries} retries"
        )

    # -- download -------------------------------------------------------------------------
    def download(
        self, filename: str, sink: Sink, progress: Progress | None = None
    ) -> TransferResult:
        """RRQ `filename` and stream it into `sink`."""
        started = time.monotonic()
        want = self.settings.blksize
        blksize = DEFAULT_BLKSIZE
        dest: tuple[str, int] = (self.server, self.settings.port)
        with self._open() as sock:
            packet = _request(OP_RRQ, filename, want)
            peer: tuple[str, int] | None = None
            expected, blocks, size, rollovers = 1, 0, 0, 0

            def first(opcode: int, payload: bytes) -> bool:
                return opcode == OP_OACK or (
                    opcode == OP_DATA and struct.unpack("!H", payload[:2])[0] == 1
                )

            opcode, payload, peer = self._exchange(sock, packet, dest, None, first)
            if opcode == OP_OACK:
                options = _parse_oack(payload)
                blksize = int(options.get("blksize", DEFAULT_BLKSIZE))
                if want is None or not 8 <= blksize <= want:
                    raise TftpProtocolError(f"server offered blksize {blksize}, asked {want}")
                ack = struct.pack("!HH", OP_ACK, 0)

                def is_data(opcode: int, payload: bytes) -> bool:
                    return opcode == OP_DATA and struct.unpack("!H", payload[:2])[0] == 1

                opcode, payload, peer = self._exchange(sock, ack, peer, peer, is_data)
            while True:
                data = payload[2:]
                try:
                    sink.write(data)
                except BaseException:
                    # the unit gave up (disk full, reload): tell the server, then unwind
                    with contextlib.suppress(OSError):
                        sock.sendto(_error_packet(3, "Disk full or allocation exceeded"), peer)
                    raise
                size += len(data)
                blocks += 1
                if progress is not None:
                    progress(size)
                ack = struct.pack("!HH", OP_ACK, expected)
                if len(data) < blksize:
                    sock.sendto(ack, peer)
                    break
                previous = expected
                expected = (expected + 1) & 0xFFFF
                if expected == 0:
                    rollovers += 1
                accept = _DataAcceptor(sock, peer, previous, expected)
                opcode, payload, peer = self._exchange(sock, ack, peer, peer, accept)
        return TransferResult(size, blocks, blksize, rollovers, time.monotonic() - started)

    # -- upload ---------------------------------------------------------------------------
    def upload(
        self, filename: str, source: Source, progress: Progress | None = None
    ) -> TransferResult:
        """WRQ `filename` and stream `source` to the server."""
        started = time.monotonic()
        want = self.settings.blksize
        blksize = DEFAULT_BLKSIZE
        dest: tuple[str, int] = (self.server, self.settings.port)
        with self._open() as sock:

            def acked(block: int) -> Callable[[int, bytes], bool]:
                def check(opcode: int, payload: bytes) -> bool:
                    if opcode == OP_OACK and block == 0:
                        return True
                    return opcode == OP_ACK and struct.unpack("!H", payload[:2])[0] == block

                return check

            packet = _request(OP_WRQ, filename, want)
            opcode, payload, peer = self._exchange(sock, packet, dest, None, acked(0))
            if opcode == OP_OACK:
                blksize = int(_parse_oack(payload).get("blksize", DEFAULT_BLKSIZE))
            block, blocks, size, rollovers = 0, 0, 0, 0
            while True:
                chunk = source.read(blksize)
                block = (block + 1) & 0xFFFF
                if block == 0:
                    rollovers += 1
                data = struct.pack("!HH", OP_DATA, block) + chunk
                self._exchange(sock, data, peer, peer, acked(block))
                size += len(chunk)
                blocks += 1
                if progress is not None:
                    progress(size)
                if len(chunk) < blksize:
                    break
        return TransferResult(size, blocks, blksize, rollovers, time.monotonic() - started)
