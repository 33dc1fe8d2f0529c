"""The one terminal layer on a real terminal (tmux): the bar stays at the bottom, warnings,
log records and stray prints land above it intact, and a finished bar leaves no stale frame.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tests.tmux_screen import Tmux

SCRIPT = """
import logging, pathlib
from rommon_toolkit.console.deadline import pause
from rommon_toolkit.rommon.ui.screen import configure_screen, release_screen
from rommon_toolkit.rommon.ui.terminal_feedback import TerminalFeedback
marker = pathlib.Path({marker!r})
feedback = TerminalFeedback(configure_screen())
feedback.tell("starting")
feedback.progress("copy to disk0:/x.SPA", 60_000, 100_000)
feedback.warn("a warning in the middle")
logging.getLogger("rommon_toolkit.tftp_server").warning("a log record mid-bar")
print("a stray print", flush=True)
feedback.progress("copy to disk0:/x.SPA", 61_000, 100_000)
while not marker.exists():
    pause(0.05)
feedback.progress("copy to disk0:/x.SPA", 100_000, 100_000)
feedback.tell("after the bar")
release_screen()
"""


def _lines(screen: str) -> list[str]:
    return [line.rstrip() for line in screen.splitlines() if line.strip()]


def test_bar_at_the_bottom_and_log_lines_above_it(tmp_path: Path) -> None:
    marker = tmp_path / "go"
    script = tmp_path / "show.py"
    script.write_text(SCRIPT.format(marker=str(marker)))
    tmux = Tmux("screen")
    try:
        tmux.run(
            "new-session", "-d", "-s", "screen", "-x", "100", "-y", "20",
            f"{sys.executable} {script}; echo EXIT=$?; sleep 30",
        )  # fmt: skip
        during = _lines(tmux.wait_for("a stray print"))
        during = _lines(tmux.wait_for(" 61%"))
        assert during[0] == "rommon: starting"
        assert "rommon: WARNING: a warning in the middle" in during
        assert "rommon: WARNING: rommon_toolkit.tftp_server: a log record mid-bar" in during
        assert during[-1].startswith("copy to disk0:/x.SPA [")  # the live bar, last
        assert sum("copy to disk0:/x.SPA [" in line for line in during) == 1
        assert all("\x1b" not in line and "^[" not in line for line in during)
        marker.touch()
        after = _lines(tmux.wait_for("EXIT=0"))
    finally:
        tmux.close()
    assert not any("copy to disk0:/x.SPA [" in line for line in after), after
    assert "rommon: copy to disk0:/x.SPA 100% 100 kB/100 kB" in after
    assert after[-2:] == ["rommon: after the bar", "EXIT=0"]
    assert "ETA -" not in "\n".join(after)  # an unknown ETA is not shown
