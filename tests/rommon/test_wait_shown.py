"""A long wait is shown: what for, for how long, the deadline, what the unit did last."""

from __future__ import annotations

from rommon_toolkit.console.deadline import Deadline, ManualClock, pause, use_clock
from rommon_toolkit.rommon.device.driver import SHOW_WAIT_AFTER, Facts, WaitShown
from rommon_toolkit.rommon.feedback import RecordingFeedback


class _Driver:
    def __init__(self) -> None:
        self.facts = Facts()


def test_a_short_wait_says_nothing_and_a_long_one_says_what_it_waits_for() -> None:
    feedback = RecordingFeedback()
    driver = _Driver()
    with use_clock(ManualClock()):
        shown = WaitShown(feedback, "the ASA enable prompt", Deadline.after(900), driver)  # type: ignore[arg-type]
        pause(SHOW_WAIT_AFTER - 1)
        shown.beat()
        assert feedback.progress_seen == []
        driver.facts.seen.append("asa-booting")
        pause(2)
        shown.beat()
        label, _done, total, detail = feedback.progress_seen[-1]
        assert label == "waiting for the ASA enable prompt"
        assert total is None
        elapsed = f"{SHOW_WAIT_AFTER + 1:.0f} s so far"
        assert detail == f"{elapsed}, gives up in 894 s; last seen: asa-booting"
        shown.end()
    assert feedback.progress_seen[-1][2] == 0  # the end of the wait
    assert feedback.progress_seen[-1][3] == "reached after 6 s"
