"""A deliberately small TFTP client for tests: we choose every byte that goes out.

Independent of the server's code on purpose (only `struct` and sockets): a test written with
it checks the wire, not our own encoder agreeing with our own decoder.
"""

from __future__ import annotations

import socket
import struct
from dataclasses import dataclass, field

RRQ, WRQ, DATA, ACK, ERROR, OACK = 1, 2, 3, 4, 5, 6
Address = tuple[str, int]


@dataclass
class Packet:
    """One received datagram, decoded just enough for assertions."""

    raw: bytes
    sender: Address
    opcode: int = 0
    block: int = 0  # DATA/ACK block number, or ERROR code
    payload: bytes = b""  # DATA payload / ERROR text
    options: dict[str, str] = field(default_factory=dict)  # OACK

    @classmethod
    def parse(cls, raw: bytes, sender: Address) -> Packet:
        packet = cls(raw, sender)
        if len(raw) >= 2:
            packet.opcode = struct.unpack_from("!H", raw)[0]
        if packet.opcode in (DATA, ACK, ERROR) and len(raw) >= 4:
            packet.block = struct.unpack_from("!H", raw, 2)[0]
            packet.payload = raw[4:]
            if packet.opcode == ERROR:
                packet.payload = raw[4:].split(b"\x00", 1)[0]
        elif packet.opcode == OACK:
            fields = raw[2:].split(b"\x00")[:-1]
            packet.options = {
                fields[i].decode().lower(): fields[i + 1].decode()
                for i in range(0, len(fields) - 1, 2)
            }
        return packet

    @property
    def text(self) -> str:
        return self.payload.decode("ascii", "replace")


def request(opcode: int, name: bytes | str, mode: str = "octet", **options: object) -> bytes:
    """An RRQ/WRQ with options in the given order (values str()-ed)."""
    raw_name = name.encode() if isinstance(name, str) else name
    body = raw_name + b"\x00" + mode.encode() + b"\x00"
    for key, value in options.items():
        body += key.encode() + b"\x00" + str(value).encode() + b"\x00"
    return struct.pack("!H", opcode) + body


def ack(block: int) -> bytes:
    return struct.pack("!HH", ACK, block & 0xFFFF)


def data(block: int, payload: bytes) -> bytes:
    return struct.pack("!HH", DATA, block & 0xFFFF) + payload


class RawClient:
    """One UDP socket on loopback (its port is this client's TID)."""

    def __init__(self, server_port: int, timeout: float = 5.0, source: str = "127.0.0.1") -> None:
        """`source`: the local address to send from (any of 127/8 works on Linux)."""
        self.server: Address = ("127.0.0.1", server_port)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((source, 0))
        self.sock.settimeout(timeout)
        self.peer: Address | None = None  # the session's TID once it answered

    def close(self) -> None:
        self.sock.close()

    def __enter__(self) -> RawClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, raw: bytes, to: Address | None = None) -> None:
        self.sock.sendto(raw, to or self.peer or self.server)

    def receive(self, timeout: float | None = None) -> Packet:
        """The next datagram (socket.timeout / TimeoutError if none in time)."""
        if timeout is not None:
            self.sock.settimeout(timeout)
        raw, sender = self.sock.recvfrom(70000)
        packet = Packet.parse(raw, sender)
        if self.peer is None and packet.opcode in (DATA, ACK, OACK):
            self.peer = sender
        return packet

    def silent_for(self, seconds: float) -> bool:
        """True when nothing arrives within `seconds`."""
        try:
            self.receive(seconds)
        except TimeoutError:
            return True
        return False

    def read(self, name: bytes | str, mode: str = "octet", **options: object) -> Packet:
        """Send an RRQ and return the first answer (DATA 1, OACK or ERROR)."""
        self.send(request(RRQ, name, mode, **options), self.server)
        return self.receive()

    def download(self, name: str, **options: object) -> tuple[bytes, list[Packet]]:
        """A whole well-behaved download; (content, every packet received)."""
        first = self.read(name, **options)
        received = [first]
        blksize = 512
        if first.opcode == OACK:
            blksize = int(first.options.get("blksize", 512))
            self.send(ack(0))
            first = self.receive()
            received.append(first)
        chunks: list[bytes] = []
        packet, expected = first, 1
        while True:
            if packet.opcode != DATA:
                raise AssertionError(f"expected DATA {expected}, got {packet}")
            if packet.block == expected & 0xFFFF:
                chunks.append(packet.payload)
                self.send(ack(packet.block))
                if len(packet.payload) < blksize:
                    return b"".join(chunks), received
                expected += 1
            packet = self.receive()
            received.append(packet)
