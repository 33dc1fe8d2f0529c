"""The progress bar formatter and renderer (pure: fed with made-up bars and snapshots)."""

from __future__ import annotations

import io

import pytest

from rommon_toolkit.rommon.ui.progress import (
    Bar,
    ProgressRenderer,
    bar_from_snapshot,
    format_bar,
    format_duration,
    format_size,
)
from rommon_toolkit.rommon.ui.screen import Screen
from rommon_toolkit.tftp_server.stats import TransferSnapshot


def snapshot(**changes: object) -> TransferSnapshot:
    fields: dict[str, object] = {
        "transfer_id": 7,
        "client": ("192.168.1.1", 50123),
        "name": "asa.SPA",
        "direction": "read",
        "bytes": 55_000_000,
        "total": 110_000_000,
        "blksize": 512,
        "blocks": 107_422,
        "started": 0.0,
        "elapsed": 10.0,
        "rate": 5_500_000.0,
        "eta": 10.0,
        "retransmits": 3,
        "duplicate_acks": 0,
        "strangers": 0,
        "state": "running",
        "error": None,
    }
    fields.update(changes)
    return TransferSnapshot(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("count", "text"),
    [(0, "0 B"), (999, "999 B"), (1500, "1.5 kB"), (110_000_000, "110 MB"), (2.5e9, "2.5 GB")],
)
def test_format_size(count: float, text: str):
    assert format_size(count) == text


@pytest.mark.parametrize(
    ("seconds", "text"), [(None, "-"), (7.4, "0:07"), (754, "12:34"), (3723, "1:02:03")]
)
def test_format_duration(seconds: float | None, text: str):
    assert format_duration(seconds) == text


def test_bar_line_shows_everything_and_fits_the_width():
    line = format_bar(bar_from_snapshot(snapshot()), width=120)
    assert len(line) <= 120
    assert line.startswith("asa.SPA -> 192.168.1.1:50123 [")
    for part in ("50%", "55.0 MB/110 MB", "5.5 MB/s", "ETA 0:10", "3 retransmits"):
        assert part in line
    bar = line[line.index("[") + 1 : line.index("]")]
    assert abs(bar.count("#") - bar.count(".")) <= 1  # half full


def test_bar_without_total_or_room_has_no_brackets():
    assert "[" not in format_bar(Bar("k", "upload.cfg", 1000), width=100)
    assert "[" not in format_bar(bar_from_snapshot(snapshot()), width=40)
    assert "[" not in format_bar(bar_from_snapshot(snapshot()), width=None)


def test_summaries():
    done = bar_from_snapshot(snapshot(state="done", bytes=110_000_000, eta=None))
    assert done.summary == (
        "done: asa.SPA -> 192.168.1.1:50123  110 MB in 10.0 s (5.5 MB/s), 3 retransmits"
    )
    failed = bar_from_snapshot(snapshot(state="failed", error="no answer"))
    assert failed.summary is not None
    assert failed.summary.endswith(": no answer")


def test_plain_renderer_logs_lines_without_ansi():
    now = [0.0]
    out = io.StringIO()
    renderer = ProgressRenderer(out, tty=False, log_interval=5.0, clock=lambda: now[0])
    renderer.message("listening")
    renderer.update([bar_from_snapshot(snapshot())])
    renderer.update([bar_from_snapshot(snapshot())])  # within the interval: no new line
    now[0] = 6.0
    renderer.update([bar_from_snapshot(snapshot(bytes=60_000_000))])
    renderer.update([bar_from_snapshot(snapshot(state="done"))])
    renderer.update([bar_from_snapshot(snapshot(state="done"))])  # the summary only once
    lines = out.getvalue().splitlines()
    assert lines[0] == "listening"
    assert [line.split(":")[0] for line in lines[1:]] == ["progress", "progress", "done"]
    assert "\x1b" not in out.getvalue()


class _SeenScreen(Screen):
    """A terminal screen that keeps what it was asked to show (the live area is not drawn)."""

    def __init__(self) -> None:
        super().__init__(io.StringIO(), tty=False)
        self.live: dict[str, list[str]] = {}
        self.lines: list[str] = []

    def info(self, text: str) -> None:
        self.lines.append(text)

    def show(self, key: str, lines: list[str] | None) -> None:
        self.live[key] = list(lines or [])


def test_tty_renderer_keeps_bars_live_and_summaries_permanent():
    seen = _SeenScreen()
    renderer = ProgressRenderer(io.StringIO(), tty=True, width=100, screen=seen)
    renderer.update([bar_from_snapshot(snapshot()), bar_from_snapshot(snapshot(transfer_id=8))])
    assert len(seen.live["transfers"]) == 2
    assert all(len(line) <= 100 for line in seen.live["transfers"])
    renderer.message("request: another unit")
    renderer.update([bar_from_snapshot(snapshot(state="done"))])
    assert seen.live["transfers"] == []
    assert seen.lines == [
        "request: another unit",
        "done: asa.SPA -> 192.168.1.1:50123  55.0 MB in 10.0 s (5.5 MB/s), 3 retransmits",
    ]


def test_unknown_rate_and_eta_are_left_out():
    line = format_bar(Bar(key="k", label="verify", done=5, total=10), width=None)
    assert line == "verify  50% 5 B/10 B"
    assert "-" not in line


def test_a_wait_without_bytes_shows_no_zero_bytes():
    line = format_bar(Bar(key="k", label="ROMMON upgrade", done=0, detail="1.0 of 30 min"))
    assert line == "ROMMON upgrade  1.0 of 30 min"
