"""The unit's UART: paced output towards the host, an input queue from it, line faults.

Output is paced at the unit's baud rate scaled by the clock (9600 baud = ~1.04 ms a character
at speed 1) without drift: a running "line time" advances per character and the writer waits
only when it is ahead of real time. While the cable is unplugged, output is lost (nobody is
listening) and the host side raises `CableUnpluggedError`.
"""

from __future__ import annotations

import random
import threading
import time
from collections import deque

from rommon_toolkit.simulator.clock import SimClock
from rommon_toolkit.simulator.errors import CableUnpluggedError, PowerLost
from rommon_toolkit.simulator.faults import Fault, FaultSet

BREAK = -1  # a BREAK condition in the input queue
MAX_OUTPUT_BUFFER = 1 << 20  # what the host side buffers before the oldest bytes are lost
PACING_SLICE = 0.01  # real seconds of output handed over at once
SLOW_OUTPUT_FACTOR = 8  # slow-output fault: as if the line ran at 1200 baud
LINE_NOISE_RATE = 1 / 100  # line-noise fault: garbage bytes per character sent
GARBAGE = bytes(range(0x80, 0x100))


def garble(data: bytes) -> bytes:
    """What a terminal at the wrong speed shows: every byte becomes high-bit garbage."""
    return bytes(GARBAGE[(b * 37 + 11) % len(GARBAGE)] for b in data)


class Line:
    """Both directions of the console line, shared by the unit and the host side."""

    def __init__(self, clock: SimClock, faults: FaultSet, halt: threading.Event) -> None:
        self.clock = clock
        self.faults = faults
        self.halt = halt
        self.unit_baud = 9600
        self.host_baud: int | None = None  # None: the host does not say (pty, TCP)
        self._cond = threading.Condition()
        self._input: deque[int] = deque()
        self._output = bytearray()
        self._plugged = True
        self._line_time = 0.0
        self._rng = random.Random(0x5506)

    # -- host side ----------------------------------------------------------------------
    @property
    def plugged(self) -> bool:
        """True while the console cable is in."""
        return self._plugged

    def _garbled(self) -> bool:
        """The wrong-baud fault garbles at the source, whoever listens."""
        return Fault.WRONG_BAUD in self.faults

    def _mismatched(self) -> bool:
        """A host set to another speed than the unit's reads garbage: judged when it reads, so
        text the unit sent before the host opened the line is garbled too."""
        return self.host_baud is not None and self.host_baud != self.unit_baud

    def host_write(self, data: bytes) -> int:
        """Bytes typed on the host arrive at the unit."""
        with self._cond:
            if not self._plugged:
                raise CableUnpluggedError("console cable unplugged")
            payload = garble(data) if self._garbled() else data
            self._input.extend(payload)
            self._cond.notify_all()
        return len(data)

    def host_break(self) -> None:
        """The host sends a BREAK condition."""
        with self._cond:
            if not self._plugged:
                raise CableUnpluggedError("console cable unplugged")
            self._input.append(BREAK)
            self._cond.notify_all()

    def host_read(self, size: int, timeout: float | None) -> bytes:
        """Up to `size` bytes the unit sent; waits up to `timeout` for the first one."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._output:
                if not self._plugged:
                    raise CableUnpluggedError("console cable unplugged")
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return b""
                self._cond.wait(left)
            if not self._plugged:
                raise CableUnpluggedError("console cable unplugged")
            data = bytes(self._output[:size])
            del self._output[:size]
            return garble(data) if self._mismatched() else data

    def host_in_waiting(self) -> int:
        """Bytes the host could read now."""
        with self._cond:
            if not self._plugged:
                raise CableUnpluggedError("console cable unplugged")
            return len(self._output)

    def host_discard(self) -> None:
        """The host flushes its receive buffer."""
        with self._cond:
            self._output.clear()

    def unplug(self) -> None:
        """Pull the cable: host calls raise, unit output is lost."""
        with self._cond:
            self._plugged = False
            self._output.clear()
            self._cond.notify_all()

    def plug(self) -> None:
        """Put the cable back (output while it was out was lost, none is buffered)."""
        with self._cond:
            self._plugged = True
            self._cond.notify_all()

    def wake(self) -> None:
        """Wake every waiter (the halt event was set)."""
        with self._cond:
            self._cond.notify_all()

    # -- unit side ----------------------------------------------------------------------
    def _deliver(self, chunk: bytes) -> None:
        with self._cond:
            if not self._plugged:
                return
            self._output.extend(chunk)
            overflow = len(self._output) - MAX_OUTPUT_BUFFER
            if overflow > 0:
                del self._output[:overflow]
            self._cond.notify_all()

    def _noisy(self, data: bytes) -> bytes:
        out = bytearray()
        for byte in data:
            out.append(byte)
            if self._rng.random() < LINE_NOISE_RATE:
                out.append(self._rng.choice(GARBAGE))
        return bytes(out)

    def emit(self, data: bytes) -> None:
        """Send bytes to the host, paced like the UART; PowerLost if power goes."""
        if self.halt.is_set():
            raise PowerLost
        if self._garbled():
            data = garble(data)
        if Fault.LINE_NOISE in self.faults:
            data = self._noisy(data)
        per_char = self.clock.char_seconds(self.unit_baud)
        if Fault.SLOW_OUTPUT in self.faults:
            per_char *= SLOW_OUTPUT_FACTOR
        step = max(1, int(PACING_SLICE / per_char))
        for start in range(0, len(data), step):
            chunk = data[start : start + step]
            self._deliver(chunk)
            now = time.monotonic()
            self._line_time = max(self._line_time, now) + len(chunk) * per_char
            ahead = self._line_time - now
            if ahead > PACING_SLICE / 2 and self.halt.wait(ahead):
                raise PowerLost

    def read_input(self, timeout: float | None) -> int | None:
        """The next byte (or BREAK) typed on the host; None on timeout; PowerLost if halted."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            while not self._input:
                if self.halt.is_set():
                    raise PowerLost
                left = None if deadline is None else deadline - time.monotonic()
                if left is not None and left <= 0:
                    return None
                self._cond.wait(left)
            if self.halt.is_set():
                raise PowerLost
            return self._input.popleft()

    def flush_input(self) -> None:
        """Drop type-ahead (the unit reset its UART)."""
        with self._cond:
            self._input.clear()
