"""TFTP packet shapes: request decoding (tftpy's factory, guarded), ERROR and OACK encoding.

The DATA/ACK hot path does not come through here: sessions pack and unpack those headers
in place with `struct` (see `sender.py`, `receiver.py`).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Any, Literal

import tftpy

from rommon_toolkit.tftp_server.errors import TftpErrorCode

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
    """A decoded RRQ or WRQ: option names are lower-cased, values kept as sent.

    `options_problem` says why tftpy could not read the option list (an odd count, an empty
    value such as RFC 2090's `multicast`, padding NULs): the readable pairs are then kept and
    the rest ignored, rather than dropping a request whose name and mode are fine.
    """

    direction: Direction
    filename: str
    mode: str
    options: dict[str, str] = field(default_factory=dict)
    options_problem: str | None = None


_FACTORY = tftpy.TftpPacketFactory.TftpPacketFactory()


def _parse(datagram: bytes) -> Any:
    try:
        return _FACTORY.parse(datagram)
    except Exception as exc:  # tftpy raises TftpException, struct.error, UnicodeDecodeError...
        raise MalformedPacketError(f"undecodable request ({type(exc).__name__}: {exc})") from exc


def _head(datagram: bytes) -> bytes | None:
    """Opcode, file name and mode without what follows (None if there are not two NULs)."""
    first = datagram.find(b"\x00", 2)
    second = datagram.find(b"\x00", first + 1) if first >= 0 else -1
    return datagram[: second + 1] if second >= 0 else None


def _lenient_options(section: bytes) -> dict[str, str]:
    """Name/value pairs of an option list tftpy refused; unreadable or unpaired ones skipped."""
    fields = section.split(b"\x00")
    if section.endswith(b"\x00"):
        fields.pop()  # the terminator of the last string, not an empty field
    options: dict[str, str] = {}
    for index in range(0, len(fields) - 1, 2):
        name, value = fields[index], fields[index + 1]
        if name and name.isascii() and value.isascii():
            options[name.decode("ascii")] = value.decode("ascii")
    return options


def decode_request(datagram: bytes) -> Request:
    """Decode an RRQ/WRQ with tftpy's packet factory; MalformedPacketError if it is not one."""
    if len(datagram) < 4:
        raise MalformedPacketError(f"{len(datagram)}-byte datagram is too short for a request")
    opcode = HEADER.unpack_from(datagram)[0]
    if opcode not in (OP_RRQ, OP_WRQ):
        raise MalformedPacketError(f"opcode {opcode} is not a request (RRQ/WRQ)")
    problem = None
    try:
        packet = _parse(datagram)
    except MalformedPacketError as exc:
        head = _head(datagram)
        if head is None or head == datagram:
            raise
        packet = _parse(head)  # name and mode are fine: only the options are unreadable
        packet.options = _lenient_options(datagram[len(head) :])
        problem = exc.args[0].replace("undecodable request", "odd option list")
    filename, mode = str(packet.filename), str(packet.mode)
    options = {str(key).lower(): str(value) for key, value in packet.options.items()}
    return Request("read" if opcode == OP_RRQ else "write", filename, mode, options, problem)


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
