"""One monotonic deadline per operation, passed down instead of sleeps and timeouts.

Every wait in the toolkit reads one clock (`current_clock()`): `Deadline`s measure against it
and `pause(seconds)` waits on it. Tests swap it with `use_clock(...)` (a clock that advances
when waited on), so no module and no test keeps its own timer.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol


class Clock(Protocol):
    """What the toolkit's waits need from a clock."""

    def now(self) -> float:
        """Seconds on a monotonic scale."""
        ...

    def wait(self, seconds: float) -> None:
        """Return once `seconds` have passed on this clock."""
        ...


class MonotonicClock:
    """The real clock: `time.monotonic`, and waits that really wait."""

    def now(self) -> float:
        return time.monotonic()

    def wait(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)  # noqa: TID251 - the one real wait every other wait goes through


class ManualClock:
    """A clock for tests: time moves only when someone waits on it (or calls `advance`)."""

    def __init__(self, start: float = 1000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def now(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += max(0.0, seconds)

    def wait(self, seconds: float) -> None:
        self.advance(seconds)


_CLOCK: list[Clock] = [MonotonicClock()]


def current_clock() -> Clock:
    """The clock every deadline and pause reads."""
    return _CLOCK[-1]


@contextmanager
def use_clock(clock: Clock) -> Iterator[Clock]:
    """Within the block, every Deadline and pause uses `clock` (tests inject one)."""
    _CLOCK.append(clock)
    try:
        yield clock
    finally:
        _CLOCK.remove(clock)


def pause(seconds: float) -> None:
    """Wait `seconds` on the current clock (the only way the toolkit waits without a line)."""
    current_clock().wait(seconds)


@dataclass(frozen=True)
class Deadline:
    """A point on the monotonic clock (`at`), or no limit at all (`at is None`)."""

    at: float | None

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline `seconds` from now (negative counts as zero)."""
        return cls(current_clock().now() + max(0.0, seconds))

    @classmethod
    def never(cls) -> Deadline:
        """A deadline that never passes."""
        return cls(None)

    def remaining(self) -> float:
        """Seconds left, never negative; `math.inf` for `never()`."""
        if self.at is None:
            return math.inf
        return max(0.0, self.at - current_clock().now())

    def timeout(self) -> float | None:
        """Seconds left as a blocking-call timeout: None means block without limit."""
        if self.at is None:
            return None
        return self.remaining()

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self.at is not None and current_clock().now() >= self.at

    def capped(self, seconds: float) -> Deadline:
        """The earlier of this deadline and `seconds` from now."""
        other = Deadline.after(seconds)
        if self.at is None or (other.at is not None and other.at < self.at):
            return other
        return self
