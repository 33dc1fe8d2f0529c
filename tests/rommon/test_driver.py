"""The driver against a scripted unit on a real pty: interrupt, refuse, reload, enable."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.port import open_line
from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.vocabulary import WAKE_UP_WAIT
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.driver import FIRST_LISTEN, Driver
from rommon_toolkit.rommon.device.session import SILENT_LINE_FLOOR, Timeouts
from rommon_toolkit.rommon.errors import (
    DeviceTimeoutError,
    OperatorAbortError,
    RommonAccessDisabledError,
)
from rommon_toolkit.rommon.feedback import RecordingFeedback
from tests.rommon.scripted_unit import BANNER_5506, ERASE, INTERRUPTED, SHUTDOWN, ScriptedUnit


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


def _driver(channel: Channel, feedback: RecordingFeedback, *, consent: bool = True) -> Driver:
    return Driver(
        channel,
        Credentials(env={}),
        feedback,
        confirm_reload=lambda: feedback.confirm("reload?") and consent,
    )


def test_countdown_is_interrupted_with_esc_and_banner_facts_are_learnt(
    unit: ScriptedUnit, channel: Channel
) -> None:
    unit.on_key[b"\x1b"] = lambda u, _: u.play(INTERRUPTED) if len(u.keys) == 1 else None
    unit.play(BANNER_5506)
    facts = _driver(channel, RecordingFeedback()).reach(Goal.ROMMON, Deadline.after(10))
    assert facts.prompt == "rommon 1 >"
    assert (facts.model, facts.rommon_version) == ("ASA5506", "1.1.14")
    assert b" " not in bytes(unit.device.received).replace(b"\x1b", b"")


def test_erase_prompt_is_answered_no_and_the_run_stops(
    unit: ScriptedUnit, channel: Channel
) -> None:
    unit.on_key[b"\x1b"] = lambda u, _: u.play(ERASE) if len(u.keys) == 1 else None
    unit.commands["no"] = lambda u, _: u.play("Located '.boot_string' @ cluster 997554.\r\n")
    unit.play(BANNER_5506)
    with pytest.raises(RommonAccessDisabledError) as caught:
        _driver(channel, RecordingFeedback()).reach(Goal.ROMMON, Deadline.after(10))
    assert unit.device.wait_received(b"no\r")
    assert unit.lines == ["no"]
    assert "nothing was erased" in caught.value.render()


def _running_asa(unit: ScriptedUnit) -> None:
    def enable(u: ScriptedUnit, _: str) -> None:
        u.echo_next = False
        u.play("Password: ")

    def password(u: ScriptedUnit, _: str) -> None:
        u.prompt = "ciscoasa# "
        u.play(u.prompt)

    unit.prompt = "ciscoasa> "
    unit.commands["enable"] = enable
    unit.commands[""] = lambda u, line: (
        password(u, line) if u.lines[-2:-1] == ["enable"] else u.play(u.prompt)
    )
    unit.commands["reload"] = lambda u, _: u.play("Proceed with reload? [confirm]")
    unit.on_key[b"\x1b"] = lambda u, _: u.play(INTERRUPTED) if u.prompt == "" else None


def test_running_asa_is_reloaded_after_consent_and_interrupted(
    unit: ScriptedUnit, channel: Channel
) -> None:
    _running_asa(unit)

    def confirmed(u: ScriptedUnit, _: str) -> None:
        u.prompt = ""
        u.play(SHUTDOWN + BANNER_5506)

    unit.on_key[b"y"] = lambda u, line: confirmed(u, line) if u.lines[-1:] == ["reload"] else None
    feedback = RecordingFeedback(answer=True)
    facts = _driver(channel, feedback).reach(Goal.ROMMON, Deadline.after(15), allow_reload=True)
    assert facts.prompt == "rommon 1 >"
    assert unit.lines[:4] == ["n", "enable", "", "reload"]
    assert unit.keys[0] == b"y"  # `y` alone confirms the reload, never a bare Enter
    assert feedback.questions == ["reload?"]


def test_declined_reload_stops_before_anything_is_sent(
    unit: ScriptedUnit, channel: Channel
) -> None:
    _running_asa(unit)
    feedback = RecordingFeedback(answer=False)
    with pytest.raises(OperatorAbortError):
        _driver(channel, feedback).reach(Goal.ROMMON, Deadline.after(10), allow_reload=True)
    assert unit.device.wait_received(b"enable\r")
    assert not unit.device.wait_received(b"reload", timeout=0.5)


def test_silent_line_gets_the_nudge_then_a_power_cycle_request(
    unit: ScriptedUnit, channel: Channel
) -> None:
    feedback = RecordingFeedback()
    unit.on_key[b"\x1b"] = lambda u, _: u.play(INTERRUPTED) if len(u.keys) == 1 else None

    def power_cycled(message: str) -> None:
        feedback.messages.append(message)
        if "power-cycle" in message:
            unit.play(BANNER_5506)

    feedback.tell = power_cycled  # type: ignore[method-assign]
    facts = _driver(channel, feedback).reach(Goal.ROMMON, Deadline.after(20), first_wait=0.3)
    assert facts.prompt == "rommon 1 >"
    assert unit.lines == ["n"]  # the nudge `n` + Enter once, then only ESC
    assert any("power-cycle the unit now" in m for m in feedback.messages)


def test_the_silent_line_waits_come_from_the_driver_settings(
    unit: ScriptedUnit, channel: Channel
) -> None:
    unit.prompt = "ciscoasa> "
    unit.commands["enable"] = lambda u, _: u.play("ciscoasa# ")
    driver = Driver(
        channel, Credentials(env={}), RecordingFeedback(), first_listen=0.2, wake_up=0.3
    )
    # With the default waits (2 s of listening, 4 s after the `n`) the Enter would come too
    # late for this deadline; with these it comes in time.
    facts = driver.reach(Goal.ENABLE, Deadline.after(3))
    assert facts.prompt == "ciscoasa#"
    assert unit.lines == ["n", "enable"]  # the nudge `n` + Enter, then enable


def test_deadline_gives_a_timeout_with_the_last_lines(unit: ScriptedUnit, channel: Channel) -> None:
    unit.play("some unrelated text\r\n")
    with pytest.raises(DeviceTimeoutError) as caught:
        _driver(channel, RecordingFeedback()).reach(Goal.ROMMON, Deadline.after(1.5))
    assert "some unrelated text" in caught.value.render()
    assert "went quiet" not in caught.value.render()


def test_a_banner_cut_short_is_explained(unit: ScriptedUnit, channel: Channel) -> None:
    unit.play(BANNER_5506.split("\r\n\r\nUse BREAK")[0] + "\r\n")  # power lost mid-banner
    with pytest.raises(DeviceTimeoutError) as caught:
        _driver(channel, RecordingFeedback()).reach(Goal.ROMMON, Deadline.after(1.5))
    rendered = caught.value.render()
    assert "went quiet" in rendered
    assert "MAC Address: 74:88:bb:c8:72:bf" in rendered


def test_a_multi_context_prompt_keeps_its_context(unit: ScriptedUnit, channel: Channel) -> None:
    unit.play("%ASA-5-111008: User 'enable_15' executed the 'changeto' command.ciscoasa/admin# ")
    facts = _driver(channel, RecordingFeedback()).reach(Goal.ENABLE, Deadline.after(10))
    assert (facts.hostname, facts.context, facts.prompt) == ("ciscoasa", "admin", "ciscoasa/admin#")
    assert unit.lines == []  # the syslog text before the prompt did not hide it


def test_a_refused_enable_password_is_asked_again_at_the_terminal(
    unit: ScriptedUnit, channel: Channel
) -> None:
    typed = iter(["wrong", "right"])
    asked: list[str] = []

    def asker(prompt: str) -> str:
        asked.append(prompt)
        return next(typed)

    def password(u: ScriptedUnit, _: str) -> None:
        u.echo_next = False
        u.play("Password: ")

    unit.prompt = "ciscoasa> "
    unit.commands["enable"] = password
    unit.commands["wrong"] = lambda u, _: u.play("Invalid password\r\n") or password(u, "")
    unit.commands["right"] = lambda u, _: u.play("ciscoasa# ")
    unit.play("ciscoasa> ")
    driver = Driver(channel, Credentials(env={}, asker=asker), RecordingFeedback())
    facts = driver.reach(Goal.ENABLE, Deadline.after(10))
    assert facts.prompt == "ciscoasa#"
    assert len(asked) == 2


def test_a_timeout_scale_below_one_keeps_the_silent_line_waits_above_their_floor() -> None:
    fast = Timeouts().scaled(0.05)
    assert fast.command == pytest.approx(6.0)
    assert fast.first_listen == SILENT_LINE_FLOOR
    assert fast.wake_up == SILENT_LINE_FLOOR
    slow = Timeouts().scaled(2.0)
    assert (slow.first_listen, slow.wake_up) == (2 * FIRST_LISTEN, 2 * WAKE_UP_WAIT)
    assert Timeouts().scaled(1.0) == Timeouts()
