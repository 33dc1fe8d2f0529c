"""The record of every request the server decoded, accepted or refused."""

from __future__ import annotations

from dataclasses import dataclass

from rommon_toolkit.tftp_server.packets import Direction


@dataclass(frozen=True)
class RequestRecord:
    """One RRQ/WRQ: who asked for what, and whether a transfer started (else why not)."""

    client: tuple[str, int]
    name: str
    direction: Direction
    accepted: bool
    reason: str
