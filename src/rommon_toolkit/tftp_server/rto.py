"""Adaptive retransmission timeout from measured round trips (in the manner of RFC 6298).

SRTT and RTTVAR are smoothed from every round trip of a block sent once (Karn: never from a
retransmitted block); RTO = SRTT + 4 * RTTVAR, kept between a floor (20 ms: a lost packet on a
LAN costs tens of milliseconds, not seconds) and a ceiling. Each consecutive timeout doubles the
RTO up to the ceiling; the next clean sample brings it back down.
"""

from __future__ import annotations

from dataclasses import dataclass

RTO_FLOOR = 0.020
RTO_INITIAL = 0.100
RTO_CEILING = 2.0


@dataclass(frozen=True)
class RtoSettings:
    """Bounds of the retransmission timer, in seconds."""

    floor: float = RTO_FLOOR
    initial: float = RTO_INITIAL
    ceiling: float = RTO_CEILING

    def __post_init__(self) -> None:
        if not 0 < self.floor <= self.initial <= self.ceiling:
            raise ValueError(f"need 0 < floor <= initial <= ceiling, got {self}")


class RetransmitTimer:
    """The current RTO of one session, updated from round-trip samples and timeouts."""

    __slots__ = ("ceiling", "floor", "rto", "rttvar", "srtt")

    def __init__(self, settings: RtoSettings, ceiling: float | None = None) -> None:
        self.floor = settings.floor
        self.ceiling = max(self.floor, min(settings.ceiling, ceiling or settings.ceiling))
        self.rto = min(settings.initial, self.ceiling)
        self.srtt = -1.0
        self.rttvar = 0.0

    def sample(self, rtt: float) -> None:
        """Fold in one measured round trip (seconds) and recompute the RTO."""
        if self.srtt < 0:
            self.srtt = rtt
            self.rttvar = rtt / 2
        else:
            self.rttvar = 0.75 * self.rttvar + 0.25 * abs(self.srtt - rtt)
            self.srtt = 0.875 * self.srtt + 0.125 * rtt
        rto = self.srtt + 4 * self.rttvar
        self.rto = self.floor if rto < self.floor else min(rto, self.ceiling)

    def back_off(self) -> None:
        """A timeout: double the RTO, up to the ceiling."""
        self.rto = min(self.rto * 2, self.ceiling)
