"""Deadline on the one clock: never negative, `never()` has no end, tests inject the clock."""

from __future__ import annotations

import math

from rommon_toolkit.console.deadline import Deadline, ManualClock, current_clock, pause, use_clock


def test_after_counts_down_and_expires() -> None:
    with use_clock(ManualClock()) as clock:
        deadline = Deadline.after(0.05)
        assert math.isclose(deadline.remaining(), 0.05)
        pause(0.03)
        assert math.isclose(deadline.remaining(), 0.02)
        assert not deadline.expired()
        pause(0.03)
        assert deadline.expired()
        assert deadline.remaining() == 0.0
        assert deadline.timeout() == 0.0
        assert current_clock() is clock


def test_the_real_clock_comes_back_after_the_block() -> None:
    manual = ManualClock()
    with use_clock(manual):
        pass
    assert current_clock() is not manual


def test_the_real_clock_really_waits() -> None:
    deadline = Deadline.after(0.05)
    pause(0.06)
    assert deadline.expired()


def test_never_has_no_end() -> None:
    deadline = Deadline.never()
    assert deadline.remaining() == math.inf
    assert deadline.timeout() is None
    assert not deadline.expired()


def test_capped_takes_the_earlier() -> None:
    with use_clock(ManualClock()):
        long = Deadline.after(100)
        assert math.isclose(long.capped(1).remaining(), 1)
        short = Deadline.after(0.5)
        assert short.capped(100) is short
        assert math.isclose(Deadline.never().capped(2).remaining(), 2)


def test_negative_seconds_count_as_zero() -> None:
    assert Deadline.after(-5).expired()
