"""What a session is given: the server-wide settings and, per transfer, its context."""

from __future__ import annotations

import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rommon_toolkit.tftp_server.events import EventCallback
from rommon_toolkit.tftp_server.rto import RtoSettings
from rommon_toolkit.tftp_server.stats import TransferStats

if TYPE_CHECKING:
    from rommon_toolkit.tftp_server.session import Session


@dataclass(frozen=True)
class SessionSettings:
    """Tunables shared by every session of a server."""

    silence_budget: float = 60.0
    rto: RtoSettings = field(default_factory=RtoSettings)
    dally: float = 3.0
    unanswered_retries: int = 5

    def __post_init__(self) -> None:
        if self.silence_budget <= 0:
            raise ValueError(f"silence_budget must be positive, not {self.silence_budget}")
        if self.unanswered_retries < 0:
            raise ValueError(f"unanswered_retries must be >= 0, not {self.unanswered_retries}")


@dataclass(frozen=True)
class SessionContext:
    """Everything a session gets from the listener."""

    sock: socket.socket
    client: tuple[str, int]
    stats: TransferStats
    settings: SessionSettings
    timeout_option: int | None
    emit: EventCallback
    on_close: Callable[[Session], None]
    strangers: socket.socket | None = None
