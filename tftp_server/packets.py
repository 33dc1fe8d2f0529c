"""TFTP packet shapes: request decoding (tftpy's factory, guarded), ERROR and OACK encoding.

The DATA/ACK hot path does not come through here: sessions pack and unpack those headers
in place with `struct` (see `sender.py`, `receiver.py`).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Literal

import tftpy

from tftp_server.errors import TftpErrorCode

OP_RRQ = 1
OP_WRQ = 2
OP_DATA = 3
OP_ACK = 4
OP_ERROR = 5
OP_OACK = 6

HEADER = struct.Struct("!HH")
"""Opcode and block number (DATA, ACK) or error code (ERROR)."""

Direction = Literal["read", "write"]


class MalformedPacketError(ValueError):
    """A datagram that is not a decodable TFTP request (dropped with a log line)."""


@dataclass(frozen=True)
class Request:
    """A decoded RRQ or WRQ: option names are lower-cased, values kept as sent."""

    direction: Direction
    filename: str
    mode: str
    options: dict[str, str] = field(default_factory=dict)


_FACTORY = tftpy.TftpPacketFactory.TftpPacketFactory()


def decode_request(datagram: bytes) -> Request:
    """Decode an RRQ/WRQ with tftpy's packet factory; MalformedPacketError if it is not one."""
    if len(datagram) < 4:
        raise MalformedPacketError(f"{len(datagram)}-byte datagram is too short for a request")
    opcode = HEADER.unpack_from(datagram)[0]
    if opcode not in (OP_RRQ, OP_WRQ):
        raise MalformedPacketError(f"opcode {opcode} is not a request (RRQ/WRQ)")
    try:
        packet = _FACTORY.parse(datagram)
        filename, mode = str(packet.filename), str(packet.mode)
        options = {str(key).lower(): str(value) for key, value in packet.options.items()}
    except Exception as exc:  # tftpy raises TftpException, struct.error, UnicodeDecodeError...
        raise MalformedPacketError(f"undecodable request ({type(exc).__name__}: {exc})") from exc
    return Request("read" if opcode == OP_RRQ else "write", filename, mode, options)


def encode_error(code: TftpErrorCode, message: str) -> bytes:
    """An ERROR packet; the message is cut to ASCII and 200 characters."""
    text = message.encode("ascii", "replace")[:200]
    return HEADER.pack(OP_ERROR, int(code)) + text + b"\x00"


def encode_oack(options: dict[str, str]) -> bytes:
    """An OACK carrying exactly `options` (tftpy's encoder)."""
    packet = tftpy.TftpPacketTypes.TftpPacketOACK()
    packet.options = options
    return bytes(packet.encode().buffer)


def describe_error(datagram: bytes | bytearray | memoryview, length: int) -> str:
    """Human text for an ERROR packet a client sent us."""
    if length < 4:
        return "a truncated error packet"
    code = HEADER.unpack_from(datagram)[1]
    text = bytes(datagram[4:length]).split(b"\x00", 1)[0].decode("ascii", "replace")
    return f"error {code}" + (f" ({text})" if text else "")
