"""Transfer progress for a terminal: a bar-line formatter and a renderer for N bars.

`format_bar(bar, width)` turns one `Bar` into one line. `ProgressRenderer` shows the running
bars in the screen's live area on a TTY (`ui/screen.py`; finished ones become a permanent
summary line above it) and, when the stream is not a terminal, writes plain log lines
instead: one when a transfer appears, one every `log_interval` seconds while it runs, and its
summary at the end.
`bar_from_snapshot()` feeds it from the TFTP server's snapshots; the recovery and bench
commands can build `Bar`s from anything else.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TextIO

from rommon_toolkit.rommon.ui.screen import Screen
from rommon_toolkit.tftp_server.stats import TransferSnapshot

_MIN_BAR = 10


@dataclass(frozen=True)
class Bar:
    """One progress line's data; `summary` set means it has finished."""

    key: str
    label: str
    done: int
    total: int | None = None
    rate: float | None = None
    eta: float | None = None
    detail: str = ""
    summary: str | None = None


def format_size(count: float) -> str:
    """Bytes in decimal units, three significant figures or so: 512 B, 1.5 MB, 110 MB."""
    value = float(count)
    for unit in ("B", "kB", "MB", "GB"):
        if abs(value) < 1000 or unit == "GB":
            if unit == "B":
                return f"{int(value)} B"
            return f"{value:.1f} {unit}" if value < 100 else f"{value:.0f} {unit}"
        value /= 1000
    raise AssertionError("unreachable")


def format_rate(rate: float | None) -> str:
    """`12.3 MB/s`, or `-` before the rate is known."""
    return f"{format_size(rate)}/s" if rate else "-"


def format_duration(seconds: float | None) -> str:
    """`0:07`, `12:34`, `1:02:03`, or `-` when unknown."""
    if seconds is None:
        return "-"
    whole = round(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def format_bar(bar: Bar, width: int | None = 100) -> str:
    """One line: label, [####....] percent, done/total, rate, ETA, detail; fits `width`.

    With `width=None` (log lines) there is no bracketed bar and no length limit.
    """
    if bar.summary is not None:
        return bar.summary
    amounts = format_size(bar.done) if bar.done or bar.total else ""
    if bar.total:
        fraction = min(bar.done / bar.total, 1.0)
        amounts = f"{fraction:4.0%} {amounts}/{format_size(bar.total)}"
    else:
        fraction = None
    tail = f" {amounts}" if amounts else ""
    if bar.rate:  # unknown rate and ETA are left out, not shown as `-` (the detail may say them)
        tail += f"  {format_rate(bar.rate)}"
    if bar.eta is not None:
        tail += f"  ETA {format_duration(bar.eta)}"
    if bar.detail:
        tail += f"  {bar.detail}"
    if width is None:
        return f"{bar.label}{tail}"
    room = width - len(bar.label) - len(tail) - 3
    if fraction is None or room < _MIN_BAR:
        return f"{bar.label}{tail}"[:width]
    filled = int(room * fraction)
    return f"{bar.label} [{'#' * filled}{'.' * (room - filled)}]{tail}"


def bar_from_snapshot(snapshot: TransferSnapshot) -> Bar:
    """The bar (or, once finished, the summary line) of one TFTP transfer."""
    client = f"{snapshot.client[0]}:{snapshot.client[1]}"
    arrow = "->" if snapshot.direction == "read" else "<-"
    label = f"{snapshot.name} {arrow} {client}"
    detail = f"blksize {snapshot.blksize}, {snapshot.retransmits} retransmits"
    summary = None
    if snapshot.state == "done":
        summary = (
            f"done: {label}  {format_size(snapshot.bytes)} in {snapshot.elapsed:.1f} s "
            f"({format_rate(snapshot.rate)}), {snapshot.retransmits} retransmits"
        )
    elif snapshot.state == "failed":
        summary = (
            f"failed: {label} after {format_size(snapshot.bytes)} in {snapshot.elapsed:.1f} s: "
            f"{snapshot.error}"
        )
    return Bar(
        key=str(snapshot.transfer_id),
        label=label,
        done=snapshot.bytes,
        total=snapshot.total,
        rate=snapshot.rate,
        eta=snapshot.eta,
        detail=detail,
        summary=summary,
    )


class ProgressRenderer:
    """Shows bars in the screen's live area on a terminal, or as plain log lines otherwise."""

    def __init__(
        self,
        stream: TextIO,
        *,
        tty: bool | None = None,
        log_interval: float = 5.0,
        clock: Callable[[], float] = time.monotonic,
        width: int | None = None,
        screen: Screen | None = None,
    ) -> None:
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.log_interval = log_interval
        self.clock = clock
        self.width = width
        self.screen = screen or (Screen(stream, tty=True) if self.tty else None)
        self._finished: set[str] = set()
        self._last_logged: dict[str, float] = {}

    def _width(self) -> int:
        return self.width or shutil.get_terminal_size((100, 24)).columns - 1

    def message(self, text: str) -> None:
        """A permanent line (printed above the bars on a terminal)."""
        if self.screen is not None:
            self.screen.info(text)
            return
        self.stream.write(text + "\n")
        self.stream.flush()

    def update(self, bars: Iterable[Bar]) -> None:
        """Show the current state of every bar (finished ones once, as their summary)."""
        active: list[Bar] = []
        for bar in bars:
            if bar.key in self._finished:
                continue
            if bar.summary is not None:
                self._finished.add(bar.key)
                self.message(bar.summary)
            else:
                active.append(bar)
        if self.screen is not None:
            width = self._width()
            self.screen.show("transfers", [format_bar(bar, width) for bar in active])
            return
        self._log_progress(active)
        self.stream.flush()

    def close(self) -> None:
        """Leave the last bars on screen and stop redrawing them."""
        if self.screen is not None:
            self.screen.close()

    def _log_progress(self, active: list[Bar]) -> None:
        now = self.clock()
        for bar in active:
            last = self._last_logged.get(bar.key)
            if last is None or now - last >= self.log_interval:
                self._last_logged[bar.key] = now
                self.stream.write(f"progress: {format_bar(bar, width=None)}\n")
