"""Speed-scaled simulated time: `speed` 1 is real time, 100 runs a hundred times faster."""

from __future__ import annotations

import time

BITS_PER_CHAR = 10  # 8N1: start bit, 8 data bits, stop bit


class SimClock:
    """Converts simulated durations to real ones; never sleeps itself."""

    def __init__(self, speed: float = 1.0) -> None:
        if not speed > 0:
            raise ValueError(f"speed must be > 0, got {speed!r}")
        self.speed = float(speed)
        self._start = time.monotonic()

    def real_seconds(self, sim_seconds: float) -> float:
        """Real seconds that `sim_seconds` of simulated time take."""
        return max(0.0, sim_seconds) / self.speed

    def char_seconds(self, baud: int) -> float:
        """Real seconds one character takes on the line at `baud` (8N1)."""
        return BITS_PER_CHAR / baud / self.speed

    def now(self) -> float:
        """Simulated seconds since this clock was made."""
        return (time.monotonic() - self._start) * self.speed
