"""The bench's live table: redrawn in place on a terminal, one log line per change otherwise."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TextIO

from rommon_toolkit.rommon.ui.screen import Screen
from rommon_toolkit.rommon.workflows.bench import UnitStatus

HEADER = ("UNIT", "JOB", "STATE", "STEP", "PROGRESS", "ELAPSED")


def progress_text(status: UnitStatus) -> str:
    """The current transfer's share; nothing once the unit is no longer running (no stale %)."""
    if status.state != "running":
        return ""
    if status.total:
        return f"{100 * status.done // status.total:3d}% {status.done / 1e6:7.1f} MB"
    if status.done:
        return f"{status.done / 1e6:.1f} MB"
    return ""


def rows(statuses: list[UnitStatus]) -> list[tuple[str, ...]]:
    return [
        (s.name, s.job, s.state, s.step, progress_text(s), f"{s.elapsed:6.0f} s") for s in statuses
    ]


def format_table(statuses: list[UnitStatus]) -> list[str]:
    table = [HEADER, *rows(statuses)]
    widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in table
    ]


@dataclass
class TableRenderer:
    """Call `update()` often; it draws only what the stream can show."""

    statuses: list[UnitStatus]
    stream: TextIO
    tty: bool
    screen: Screen | None = None
    _last: dict[str, tuple[str, str]] = field(default_factory=dict)

    def update(self) -> None:
        if self.tty:
            if self.screen is None:
                self.screen = Screen(self.stream, tty=True)
            self.screen.show("bench", format_table(self.statuses))
            return
        for s in self.statuses:
            now = (s.state, s.step)
            if self._last.get(s.name) != now:
                self._last[s.name] = now
                extra = f" ({s.error.splitlines()[0]})" if s.error and s.state != "running" else ""
                print(
                    f"bench: {s.name}: {s.state} {s.step}{extra}".rstrip(),
                    file=self.stream,
                    flush=True,
                )

    def close(self) -> None:
        """Leave the last table on screen and stop redrawing it."""
        if self.screen is not None:
            self.screen.close()

    def summary(self) -> str:
        lines = ["", "Summary:", *format_table(self.statuses)]
        for s in self.statuses:
            if s.error:
                lines.append(f"  {s.name}: {s.error.splitlines()[0]}")
            if s.report:
                lines.append(f"  {s.name}: report {s.report}")
        return "\n".join(lines)
