"""One monotonic deadline per operation, passed down instead of sleeps and timeouts."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Deadline:
    """A point on the monotonic clock (`at`), or no limit at all (`at is None`)."""

    at: float | None

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline `seconds` from now (negative counts as zero)."""
        return cls(time.monotonic() + max(0.0, seconds))

    @classmethod
    def never(cls) -> Deadline:
        """A deadline that never passes."""
        return cls(None)

    def remaining(self) -> float:
        """Seconds left, never negative; `math.inf` for `never()`."""
        if self.at is None:
            return math.inf
        return max(0.0, self.at - time.monotonic())

    def timeout(self) -> float | None:
        """Seconds left as a blocking-call timeout: None means block without limit."""
        if self.at is None:
            return None
        return self.remaining()

    def expired(self) -> bool:
        """True once the deadline has passed."""
        return self.at is not None and time.monotonic() >= self.at

    def capped(self, seconds: float) -> Deadline:
        """The earlier of this deadline and `seconds` from now."""
        other = Deadline.after(seconds)
        if self.at is None or (other.at is not None and other.at < self.at):
            return other
        return self
