"""Real-time behaviour: 9600-baud pacing and the countdown window (broad ranges only)."""

from __future__ import annotations

import time
from pathlib import Path

from rommon_toolkit.simulator.texts.rommon import COUNTDOWN_SECONDS, SHORT_COUNTDOWN_SECONDS
from tests.sim.conftest import Opener

CHAR_SECONDS_9600 = 10 / 9600


def test_banner_is_paced_at_9600_baud(console: Opener) -> None:
    con = console(speed=1)
    con.expect_exact("Rom image verified correctly\r\n")
    started = time.monotonic()
    con.expect_exact("Use SPACE to begin boot immediately.\r\n")
    elapsed = time.monotonic() - started
    chars = len(con.before) + len(con.after)
    expected = chars * CHAR_SECONDS_9600
    assert 0.5 * expected < elapsed < 3 * expected + 0.2


def test_countdown_window_at_speed_1(console: Opener) -> None:
    con = console(speed=1, fault="short-countdown")
    con.expect_exact(f"Boot in {SHORT_COUNTDOWN_SECONDS} seconds.")
    started = time.monotonic()
    con.expect_exact("Booting from ROMMON")  # no key, no image: autoboot fails
    elapsed = time.monotonic() - started
    assert 0.5 * SHORT_COUNTDOWN_SECONDS < elapsed < 3 * SHORT_COUNTDOWN_SECONDS + 0.5


def test_full_countdown_scales_with_speed(console: Opener, state_dir: Path) -> None:
    speed = 10.0
    con = console(speed=speed)
    con.expect_exact(f"Boot in {COUNTDOWN_SECONDS} seconds.")
    started = time.monotonic()
    con.expect_exact("Boot in 1 seconds.")
    con.expect_exact("Booting from ROMMON")
    elapsed = time.monotonic() - started
    window = COUNTDOWN_SECONDS / speed
    assert 0.5 * window < elapsed < 3 * window + 0.5
