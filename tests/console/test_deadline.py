"""Deadline: monotonic, never negative, `never()` has no end."""

from __future__ import annotations

import math
import threading

from rommon_toolkit.console.deadline import Deadline


def test_after_counts_down_and_expires() -> None:
    deadline = Deadline.after(0.05)
    assert 0 < deadline.remaining() <= 0.05
    threading.Event().wait(0.06)
    assert deadline.expired()
    assert deadline.remaining() == 0.0
    assert deadline.timeout() == 0.0


def test_never_has_no_end() -> None:
    deadline = Deadline.never()
    assert deadline.remaining() == math.inf
    assert deadline.timeout() is None
    assert not deadline.expired()


def test_capped_takes_the_earlier() -> None:
    long = Deadline.after(100)
    assert long.capped(1).remaining() <= 1
    short = Deadline.after(0.5)
    assert short.capped(100) is short
    assert Deadline.never().capped(2).remaining() <= 2


def test_negative_seconds_count_as_zero() -> None:
    assert Deadline.after(-5).expired()
