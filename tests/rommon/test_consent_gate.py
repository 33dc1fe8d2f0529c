"""The consent gate: one mechanism for every change, asked once, refused off a terminal."""

from __future__ import annotations

import pytest

from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.device.consent import ConsentGate, ConsentRequiredError, NeverSentError
from rommon_toolkit.rommon.errors import OperatorAbortError
from rommon_toolkit.rommon.exitcodes import ExitCode

PROMPT = "ciscoasa# "


def test_off_a_terminal_without_yes_a_reload_is_refused_unsent() -> None:
    gate = ConsentGate(assume_yes=False, ask=None)
    with pytest.raises(ConsentRequiredError) as caught:
        gate.check(PROMPT, "reload\r")
    assert caught.value.exit_code is ExitCode.OPERATOR_ABORT
    assert "--yes" in caught.value.render()
    gate.check(PROMPT, "show version\r")  # harmless commands pass


def test_yes_lets_every_change_through_and_records_it() -> None:
    notes: list[str] = []
    gate = ConsentGate(assume_yes=True, ask=None, note=notes.append)
    gate.check(PROMPT, "write memory\r")
    gate.check(PROMPT, "reload\r")
    assert [g["change"] for g in gate.given] == ["write memory", "reload"]
    assert all(g["consent"] == "--yes" for g in gate.given)
    assert len(notes) == 2


def test_never_is_refused_even_with_yes() -> None:
    gate = ConsentGate(assume_yes=True, ask=None)
    with pytest.raises(NeverSentError):
        gate.check("Permanently erase 'disk0:'? [confirm]", "\r")
    with pytest.raises(NeverSentError):
        gate.check(PROMPT, "write erase\r")


def test_one_answer_covers_the_command_and_its_own_confirmation() -> None:
    asked: list[str] = []
    gate = ConsentGate(assume_yes=False, ask=lambda q: asked.append(q) or True)
    gate.check(PROMPT, "reload\r")
    gate.check("Proceed with reload? [confirm]", "\r")  # the follow-up of the same reload
    assert len(asked) == 1
    gate.check(PROMPT, "show version\r")
    gate.check(PROMPT, "reload\r")  # a new reload asks again
    assert len(asked) == 2


def test_a_confirmation_for_another_change_is_asked_for() -> None:
    asked: list[str] = []
    gate = ConsentGate(assume_yes=False, ask=lambda q: asked.append(q) or True)
    gate.check(PROMPT, "reload\r")
    gate.check("System config has been modified. Save? [Y]es/[N]o:", "Y\r")
    assert len(asked) == 2
    assert "save the running configuration" in asked[1]


def test_an_up_front_yes_is_consumed_by_its_command() -> None:
    asked: list[str] = []
    gate = ConsentGate(assume_yes=False, ask=lambda q: asked.append(q) or True)
    assert gate.request(Change.RELOAD, "Reload it to reach ROMMON?")
    gate.check(PROMPT, "reload\r")
    assert len(asked) == 1
    gate.check(PROMPT, "reload\r")
    assert len(asked) == 2


def test_a_no_stops_without_sending() -> None:
    gate = ConsentGate(assume_yes=False, ask=lambda _q: False)
    with pytest.raises(OperatorAbortError):
        gate.check(PROMPT, "delete /noconfirm disk0:/x.SPA\r")
    assert gate.given == []


def test_request_off_a_terminal_raises_before_anything_is_sent() -> None:
    gate = ConsentGate(assume_yes=False, ask=None)
    with pytest.raises(ConsentRequiredError):
        gate.request(Change.WRITE_MEMORY, "write memory?")
