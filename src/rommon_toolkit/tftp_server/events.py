"""What the server tells its owner, through the `on_event` callback.

Events are emitted from the listener thread (transfers in child processes send theirs to it)
or, with `isolation="thread"`, from session threads: a handful per transfer, never per block.
A callback must be quick and thread-safe (the CLI puts them on a queue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeAlias

from rommon_toolkit.tftp_server.packets import Direction

Address = tuple[str, int]


@dataclass(frozen=True)
class RequestReceived:
    """A decodable RRQ/WRQ arrived (before it is accepted or refused)."""

    client: Address
    name: str
    direction: Direction
    options: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RequestRefused:
    """A request got a TFTP error instead of a transfer."""

    client: Address
    name: str
    direction: Direction
    code: int
    reason: str


@dataclass(frozen=True)
class DatagramDropped:
    """A datagram that is not a request reached the listening port and was dropped."""

    client: Address
    reason: str


@dataclass(frozen=True)
class TransferStarted:
    """A session began (after option negotiation was decided)."""

    transfer_id: int
    client: Address
    name: str
    direction: Direction
    total: int | None
    blksize: int


@dataclass(frozen=True)
class TransferFinished:
    """A transfer completed; `saved_as` is where an upload landed."""

    transfer_id: int
    client: Address
    name: str
    direction: Direction
    bytes: int
    seconds: float
    rate: float
    retransmits: int
    saved_as: str | None = None


@dataclass(frozen=True)
class TransferFailed:
    """A transfer ended without completing."""

    transfer_id: int
    client: Address
    name: str
    direction: Direction
    bytes: int
    reason: str


ServerEvent: TypeAlias = (
    RequestReceived
    | RequestRefused
    | DatagramDropped
    | TransferStarted
    | TransferFinished
    | TransferFailed
)
EventCallback = Callable[[ServerEvent], None]
