"""Issue 16: every answer and every login is bounded, over a real pty.

Before the fix a wrong console username was sent 1,261 times in 30 s, and a multi-context
`Save?` that re-asks was answered 1,294 times. Now: at most 3 logins and 2 answers to the same
question per step, then a stop (exit 4) that names the question and says what to do.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.port import open_line
from rommon_toolkit.console.replay import read_transcript
from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.answer_bounds import MAX_LOGINS, MAX_SAME_ANSWER
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.device.asa_runner import Answer, AsaRunner
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.driver import Driver
from rommon_toolkit.rommon.errors import DeviceRefusedError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.rommon.workflows.backup import take_backup
from tests.fixtures.peer_lines import peer
from tests.rommon.scripted_unit import ScriptedUnit

LOGIN = {"ROMMON_USERNAME": "admin", "ROMMON_PASSWORD": "wrong"}


@pytest.fixture
def unit() -> Iterator[ScriptedUnit]:
    scripted = ScriptedUnit()
    yield scripted
    scripted.close()


@pytest.fixture
def channel(unit: ScriptedUnit, tmp_path: Path) -> Iterator[Channel]:
    opened = Channel(open_line(unit.url), TranscriptWriter(tmp_path / "t.jsonl", unit.url))
    yield opened
    opened.close()


def _driver(channel: Channel, env: dict[str, str] | None = None) -> Driver:
    return Driver(
        channel, Credentials(env=env or {}), RecordingFeedback(), confirm_reload=lambda: True
    )


def _refusing_login(unit: ScriptedUnit, refusal: str) -> None:
    """A console with `aaa authentication serial console LOCAL` that refuses every login."""

    def password(u: ScriptedUnit, _: str) -> None:
        u.echo_next = False
        u.play("Password: ")

    def refused(u: ScriptedUnit, _: str) -> None:
        u.play(f"{refusal}\r\n\r\nUsername: ")

    unit.commands["admin"] = password
    unit.commands["wrong"] = refused


@pytest.mark.parametrize("refusal", ["Login incorrect", "Invalid password", "%Login failed"])
def test_a_refused_login_is_tried_three_times_then_stops(
    unit: ScriptedUnit, channel: Channel, refusal: str
) -> None:
    _refusing_login(unit, refusal)
    unit.play("Username: ")
    with pytest.raises(DeviceRefusedError) as caught:
        _driver(channel, LOGIN).reach(Goal.ENABLE, Deadline.after(20))
    assert unit.lines.count("admin") == MAX_LOGINS
    assert caught.value.exit_code is ExitCode.DEVICE_REFUSED
    rendered = caught.value.render()
    assert refusal in rendered
    assert "max-fail" in rendered  # what to do: the lockout and how to clear it


def test_replication_over_the_username_line_is_still_a_login(
    unit: ScriptedUnit, channel: Channel
) -> None:
    _refusing_login(unit, "Login incorrect")
    unit.play(peer("replication_in_username"))
    with pytest.raises(DeviceRefusedError):
        _driver(channel, LOGIN).reach(Goal.ENABLE, Deadline.after(20))
    assert unit.lines.count("admin") == MAX_LOGINS


def test_a_multi_context_save_that_asks_again_is_answered_twice_then_stops(
    unit: ScriptedUnit, channel: Channel
) -> None:
    save = peer("save_multi_context")
    unit.prompt = "ciscoasa# "
    unit.commands["reload"] = lambda u, _: u.play(save)
    unit.commands["N"] = lambda u, _: u.play(save)  # only [S]ave all would satisfy it
    unit.play("ciscoasa# ")
    with pytest.raises(DeviceRefusedError) as caught:
        _driver(channel).reach(Goal.ROMMON, Deadline.after(20), allow_reload=True)
    assert unit.lines.count("N") == MAX_SAME_ANSWER
    rendered = caught.value.render()
    assert "admin config has been modified" in rendered
    assert "[S]ave all" in rendered


def test_an_unknown_yes_no_question_stops_without_an_answer(
    unit: ScriptedUnit, channel: Channel
) -> None:
    unit.play(peer("yes_no_continue") + " ")
    with pytest.raises(DeviceRefusedError) as caught:
        _driver(channel).reach(Goal.ENABLE, Deadline.after(10))
    assert "Do you want to continue? [yes/no]:" in caught.value.render()
    assert unit.lines == []
    assert bytes(unit.device.received) == b""


def test_the_one_line_reporting_question_is_answered_ask_later(
    unit: ScriptedUnit, channel: Channel
) -> None:
    unit.commands["A"] = lambda u, _: u.play("ciscoasa# ")
    unit.play(peer("reporting_one_line"))
    _driver(channel).reach(Goal.ENABLE, Deadline.after(10))
    assert unit.lines == ["A"]


def test_a_runner_answer_is_bounded_too(unit: ScriptedUnit, channel: Channel) -> None:
    again = "Do you want to over write? [confirm]"
    unit.commands["copy x y"] = lambda u, _: u.play(again)
    unit.commands["y"] = lambda u, _: u.play(again)
    runner = AsaRunner(channel, timeout=10)
    with pytest.raises(DeviceRefusedError) as caught:
        runner.run("copy x y", answers=[Answer(p.OVERWRITE, "y")])
    assert unit.lines.count("y") == MAX_SAME_ANSWER
    assert "over write" in caught.value.render()


@pytest.mark.parametrize(
    "error", ["% Invalid command 'more'", "Syntax error: bad", "ERROR: % Incomplete command"]
)
def test_backup_fails_the_step_when_the_unit_answers_an_error(
    unit: ScriptedUnit, channel: Channel, tmp_path: Path, error: str
) -> None:
    unit.prompt = "ciscoasa# "
    unit.default = lambda u, _: u.play(f"{error}\r\nciscoasa# ")
    with pytest.raises(DeviceRefusedError) as caught:
        take_backup(AsaRunner(channel, timeout=10), tmp_path / "out", RecordingFeedback())
    rendered = caught.value.render()
    assert "more system:running-config" in rendered
    assert error in rendered
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_syslog_lines_are_not_saved_but_stay_in_the_transcript(
    unit: ScriptedUnit, channel: Channel, tmp_path: Path
) -> None:
    syslog = peer("syslog_line")
    unit.prompt = "ciscoasa# "
    unit.commands["show running-config boot"] = lambda u, _: u.play(
        f"boot system disk0:/asa.SPA\r\n{syslog}\r\nciscoasa# "
    )
    output = AsaRunner(channel, timeout=10).run("show running-config boot")
    assert output.strip() == "boot system disk0:/asa.SPA"
    channel.close()
    assert syslog.encode() in read_transcript(tmp_path / "t.jsonl").received()
