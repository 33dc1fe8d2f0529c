"""The pure decision table: safety rules hold for every event sequence."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rommon_toolkit.console.keys import Key
from rommon_toolkit.rommon.decisions.machine import (
    ESC_INTERVAL,
    MAX_RELOADS,
    Context,
    Decision,
    Event,
    Finish,
    Goal,
    LandedInRommonError,
    RequestReload,
    Secret,
    SendKey,
    SendLine,
    SendSecret,
    SendText,
    Stop,
    Tell,
    UnitRestartedError,
    decide,
)
from rommon_toolkit.rommon.errors import DeviceRefusedError, RommonAccessDisabledError

ROMMON = Context(Goal.ROMMON, allow_reload=True)
ENABLE = Context(Goal.ENABLE)


def _stop_error(decision: Decision) -> BaseException:
    stops = [a for a in decision.actions if isinstance(a, Stop)]
    assert len(stops) == 1
    return stops[0].error


def test_erase_prompt_is_answered_no_and_stops() -> None:
    for ctx in (ROMMON, ENABLE):
        decision = decide(Event.ERASE_PROMPT, ctx, 0.0)
        assert decision.actions[0] == SendLine("no")
        assert isinstance(_stop_error(decision), RommonAccessDisabledError)


def test_countdown_sends_esc_at_once_even_right_after_another() -> None:
    first = decide(Event.BANNER, ROMMON, 10.0)
    assert first.actions == (SendKey(Key.ESC),)
    again = decide(Event.COUNTDOWN, first.context, 10.01)
    assert again.actions == (SendKey(Key.ESC),)
    assert again.context.escapes == 2


def test_escapes_repeat_on_quiet_no_faster_than_the_interval() -> None:
    ctx = decide(Event.BANNER, ROMMON, 10.0).context
    assert decide(Event.QUIET, ctx, 10.0 + ESC_INTERVAL / 2).actions == ()
    assert decide(Event.QUIET, ctx, 10.0 + ESC_INTERVAL).actions == (SendKey(Key.ESC),)


def test_booting_closes_the_window_and_is_told_once() -> None:
    opened = decide(Event.BANNER, ROMMON, 0.0).context
    booting = decide(Event.BOOTING, opened, 1.0)
    assert [type(a) for a in booting.actions] == [Tell]
    assert not booting.context.window_open
    assert decide(Event.BOOTING, booting.context, 2.0).actions == ()
    assert decide(Event.QUIET, booting.context, 9.0).actions != (SendKey(Key.ESC),)


def test_rommon_prompt_finishes_the_rommon_goal_and_fails_the_enable_goal() -> None:
    assert decide(Event.ROMMON_PROMPT, ROMMON, 0.0).actions == (Finish(),)
    assert isinstance(_stop_error(decide(Event.ROMMON_PROMPT, ENABLE, 0.0)), LandedInRommonError)


def test_expected_reboot_sends_nothing_during_the_countdown() -> None:
    rebooting = replace(ENABLE, expect_reboot=True)
    assert decide(Event.BANNER, rebooting, 0.0).actions == ()
    assert decide(Event.COUNTDOWN, rebooting, 0.0).actions == ()
    assert isinstance(_stop_error(decide(Event.COUNTDOWN, ENABLE, 0.0)), UnitRestartedError)


def test_running_asa_is_reloaded_only_with_consent_and_a_bounded_number_of_times() -> None:
    refused = decide(Event.ASA_ENABLE, replace(ROMMON, allow_reload=False), 0.0)
    assert "needs a reload" in str(_stop_error(refused))
    ctx = ROMMON
    for _ in range(MAX_RELOADS):
        decision = decide(Event.ASA_ENABLE, ctx, 0.0)
        assert decision.actions == (RequestReload(),)
        ctx = decision.context
        assert decide(Event.PROCEED_RELOAD, ctx, 0.0).actions == (SendText("y"),)
    assert "missed after" in str(_stop_error(decide(Event.ASA_ENABLE, ctx, 0.0)))


def test_stop_at_enable_finishes_instead_of_reloading() -> None:
    looking = replace(ROMMON, stop_at_enable=True)
    assert decide(Event.ASA_ENABLE, looking, 0.0).actions == (Finish(),)


def test_prompt_after_the_reload_confirmation_is_stale_until_the_restart() -> None:
    asked_for_reload = decide(Event.ASA_ENABLE, ROMMON, 0.0).context
    for ctx in (replace(ENABLE, reload_sent=True, expect_reboot=True), asked_for_reload):
        confirmed = decide(Event.PROCEED_RELOAD, ctx, 0.0)
        assert confirmed.actions == (SendText("y"),)
        stale = decide(Event.ASA_ENABLE, confirmed.context, 0.1)
        assert stale.actions == ()  # neither "arrived" nor a second reload
        restarted = decide(Event.SHUTDOWN, stale.context, 0.2).context
        assert decide(Event.ASA_ENABLE, restarted, 0.3).actions != ()


def test_unrequested_reload_confirmation_stops() -> None:
    assert isinstance(_stop_error(decide(Event.PROCEED_RELOAD, ROMMON, 0.0)), DeviceRefusedError)


def test_enable_password_is_tried_a_bounded_number_of_times() -> None:
    ctx = ENABLE
    for which in (Secret.ENABLE, Secret.ENABLE_RETRY):  # the retry asks again where it can
        decision = decide(Event.PASSWORD, ctx, 0.0)
        assert decision.actions == (SendSecret(which),)
        ctx = decision.context
    assert "refused the enable password" in str(_stop_error(decide(Event.PASSWORD, ctx, 0.0)))


def test_login_password_follows_the_username() -> None:
    user = decide(Event.USERNAME, ENABLE, 0.0)
    assert user.actions == (SendSecret(Secret.LOGIN_USER),)
    assert decide(Event.PASSWORD, user.context, 0.0).actions == (SendSecret(Secret.LOGIN_PASSWORD),)


@pytest.mark.parametrize(
    ("event", "actions"),
    [
        (Event.PRECONFIGURE, (SendLine("no"),)),
        (Event.ANONYMOUS_REPORTING, (SendLine("A"),)),
        (Event.CONFREG_QUESTION, (SendLine("n"),)),
        (Event.MORE, (SendText("q"),)),
        (Event.ASA_USER, (SendLine("enable"),)),
        (Event.ASA_CONFIG, (SendLine("end"),)),
        (Event.ASA_ENABLE, (Finish(),)),
        (Event.NEW_PASSWORD, (SendSecret(Secret.NEW_ENABLE),)),
    ],
)
def test_enable_goal_answers(event: Event, actions: tuple[object, ...]) -> None:
    assert decide(event, ENABLE, 0.0).actions == actions


def test_silence_wakes_the_line_once_then_asks_for_a_power_cycle_once() -> None:
    first = decide(Event.QUIET, ROMMON, 0.0)
    assert first.actions == (SendText("n"),)  # a no at every question; never a bare Enter
    enter = decide(Event.QUIET, first.context, 4.0)
    assert enter.actions == (SendText("\r"),)
    second = decide(Event.QUIET, enter.context, 5.0)
    assert [type(a) for a in second.actions] == [Tell]
    assert "power-cycle" in second.actions[0].message  # type: ignore[union-attr]
    assert decide(Event.QUIET, second.context, 9.0).actions == ()


@pytest.mark.parametrize("arrived", ["n", "ciscoasa> n", "Cryptochecksum: 1a2b3c4d"])
def test_output_after_half_a_nudge_keeps_the_short_wait_for_its_enter(arrived: str) -> None:
    half = decide(Event.QUIET, ENABLE, 0.0)
    assert half.actions == (SendText("n"),)
    during = decide(Event.OUTPUT, half.context, 1.0, arrived)
    assert during.actions == ()
    assert during.wait == half.wait  # the Enter follows in WAKE_UP_WAIT, not after AFTER_OUTPUT
    assert decide(Event.QUIET, during.context, 5.0).actions == (SendText("\r"),)


def test_a_replication_notice_over_half_a_nudge_keeps_the_short_wait_for_its_enter() -> None:
    half = decide(Event.QUIET, ENABLE, 0.0)
    notice = "Beginning configuration replication: Sending to mate."
    during = decide(Event.REPLICATION, half.context, 1.0, notice)
    assert during.actions == ()
    assert during.wait == half.wait  # not the whole deadline: a pair's active prints these
    assert decide(Event.QUIET, during.context, 5.0).actions == (SendText("\r"),)


def test_a_replication_notice_on_a_quiet_line_is_followed_by_the_nudge_soon() -> None:
    notice = "End configuration replication to mate."
    after = decide(Event.REPLICATION, ENABLE, 0.0, notice)
    assert after.actions == ()
    assert after.wait == ENABLE.wake_up_wait  # not the 30 s kept after boot output
    assert decide(Event.QUIET, after.context, 4.0).actions == (SendText("n"),)
    fast = decide(Event.REPLICATION, replace(ENABLE, wake_up_wait=0.5), 0.0, notice)
    assert fast.wait == 0.5


def test_a_lost_enable_password_asks_for_a_power_cycle_instead_of_enable() -> None:
    lost = Context(Goal.ROMMON, allow_reload=True, password_lost=True)
    asked = decide(Event.ASA_USER, lost, 0.0, "ciscoasa> ")
    [told] = asked.actions
    assert isinstance(told, Tell)
    assert "power-cycle the unit now" in told.message
    assert decide(Event.ASA_USER, asked.context, 1.0, "ciscoasa> ").actions == ()  # once
    at_password = decide(Event.PASSWORD, lost, 0.0, "Password: ")
    assert [type(a) for a in at_password.actions] == [Tell]  # never a secret typed
    assert decide(Event.ASA_USER, Context(Goal.ROMMON), 0.0).actions == (SendLine("enable"),)


def test_old_rommon_and_ftd_are_refused() -> None:
    assert "older ASA" in str(_stop_error(decide(Event.OLD_ROMMON_PROMPT, ROMMON, 0.0)))
    assert "Firepower" in str(_stop_error(decide(Event.FTD_YES_NO, ENABLE, 0.0)))


FORBIDDEN_TEXT = {" ", "y", "yes", "Y", "YES"}


@settings(max_examples=300, deadline=None)
@given(
    goal=st.sampled_from(list(Goal)),
    allow=st.booleans(),
    reboot=st.booleans(),
    events=st.lists(st.sampled_from(list(Event)), min_size=1, max_size=40),
)
def test_no_sequence_sends_space_or_yes_or_esc_while_booting(
    goal: Goal, allow: bool, reboot: bool, events: list[Event]
) -> None:
    ctx = Context(goal, allow_reload=allow, expect_reboot=reboot)
    now = 0.0
    booting = False
    for event in events:
        now += 1.0
        if event in (Event.BANNER, Event.COUNTDOWN):
            booting = False  # a new boot cycle: the ROMMON window is open again
        decision = decide(event, ctx, now)
        for action in decision.actions:
            if isinstance(action, SendText | SendLine):
                if action.text == "y":  # only to the reload the toolkit itself asked for
                    assert event is Event.PROCEED_RELOAD
                    assert ctx.reload_sent
                else:
                    assert action.text not in FORBIDDEN_TEXT
            if isinstance(action, SendKey) and action.key is Key.ESC:
                assert goal is Goal.ROMMON
                assert not booting, "ESC sent after the image started booting"
        if any(isinstance(a, Stop | Finish) for a in decision.actions):
            break
        if event is Event.BOOTING:
            booting = True
        ctx = decision.context


def test_the_same_question_is_answered_twice_per_step_then_stops() -> None:
    question = "admin config has been modified. Save? [Y]es/[N]o/[S]ave all/[C]ancel:"
    ctx = ROMMON
    for _ in range(2):
        decision = decide(Event.SAVE_CONFIG, ctx, 0.0, question)
        assert decision.actions == (SendLine("N"),)
        ctx = decision.context
    error = _stop_error(decide(Event.SAVE_CONFIG, ctx, 0.0, question))
    assert question in str(error)
    other = decide(Event.SAVE_CONFIG, ctx, 0.0, "ctx2 config has been modified. Save? ...")
    assert other.actions == (SendLine("N"),)  # another context's question is another question
    fresh = decide(Event.BANNER, ctx, 0.0).context  # a new boot asks its questions anew
    assert decide(Event.SAVE_CONFIG, fresh, 0.0, question).actions == (SendLine("N"),)


def test_logins_are_bounded_and_the_refusal_is_named() -> None:
    ctx = replace(ENABLE, refusal="")
    for _ in range(3):
        ctx = decide(Event.LOGIN_REFUSED, ctx, 0.0, "Login incorrect").context
        decision = decide(Event.USERNAME, ctx, 0.0, "Username:")
        assert decision.actions == (SendSecret(Secret.LOGIN_USER),)
        ctx = decide(Event.PASSWORD, decision.context, 0.0, "Password:").context
    error = _stop_error(decide(Event.USERNAME, ctx, 0.0, "Username:"))
    assert "Login incorrect" in str(error)


def test_unknown_yes_no_question_stops_with_its_text() -> None:
    error = _stop_error(
        decide(Event.YES_NO_QUESTION, ENABLE, 0.0, "Do you want to continue? [yes/no]:")
    )
    assert "Do you want to continue? [yes/no]:" in str(error)


def test_no_pager_key_while_the_rommon_window_is_open() -> None:
    window = decide(Event.BANNER, ROMMON, 0.0).context
    assert window.window_open
    assert decide(Event.MORE, window, 0.1, "--More--").actions == ()
    assert decide(Event.MORE, ENABLE, 0.1, "--More--").actions == (SendText("q"),)


def test_every_answer_is_bounded_for_any_event_sequence() -> None:
    """The same event and text repeated for ever: sends stop within a small bound."""
    for event in Event:
        ctx = replace(ENABLE, reload_sent=True)
        sends = 0
        for _ in range(50):
            decision = decide(event, ctx, 0.0, "same text")
            sends += sum(
                isinstance(a, SendKey | SendText | SendLine | SendSecret) for a in decision.actions
            )
            if any(isinstance(a, Stop | Finish) for a in decision.actions):
                break
            ctx = decision.context
        assert sends <= 10, f"{event}: {sends} sends"
