"""Decide what to send next: a pure function of the event seen and the run's context.

`decide(event, context, now)` returns the actions to take, the next context, and how long to
wait before a QUIET event. It does no I/O (house rule 2); `rommon.driver` performs the actions.

Two goals: reach the ROMMON prompt (interrupt the boot, reloading a running ASA if allowed), or
reach the ASA privileged prompt (follow a boot, answer first-boot dialogs, enable). Safety is
encoded here, once: SPACE is never sent; `Permanently erase 'disk0:'?` is answered `no`; the
confreg menu is answered with its safe defaults; ESC is never sent once the image is booting.
"""

from __future__ import annotations

from dataclasses import replace

from rommon_toolkit.console.keys import Key
from rommon_toolkit.rommon.decisions.answer_bounds import (
    MAX_LOGINS,
    MAX_SAME_ANSWER,
    MAX_SAME_PROMPT,
    answered,
    count_answer,
    over_bound,
)
from rommon_toolkit.rommon.decisions.questions import NUDGE_FIRST, NUDGE_SECOND
from rommon_toolkit.rommon.decisions.vocabulary import (
    Action,
    Context,
    Decision,
    Event,
    Finish,
    Goal,
    RequestReload,
    Secret,
    SendKey,
    SendLine,
    SendSecret,
    SendText,
    Stop,
    Tell,
)
from rommon_toolkit.rommon.errors import DeviceRefusedError, RommonAccessDisabledError

__all__ = [
    "Action",
    "Context",
    "Decision",
    "Event",
    "Finish",
    "Goal",
    "LandedInRommonError",
    "RequestReload",
    "Secret",
    "SendKey",
    "SendLine",
    "SendSecret",
    "SendText",
    "Stop",
    "Tell",
    "UnitRestartedError",
    "decide",
]

ESC_INTERVAL = 0.4  # seconds between ESCs while the ROMMON window is open
MAX_ESCAPES = 60  # more than enough for a 10 s countdown at ESC_INTERVAL
MAX_ENABLE_TRIES = 2  # a refused enable password stops the run after this many tries
MAX_RELOADS = 3  # reloads a ROMMON-goal run may ask for before it gives up on the window
MAX_NUDGES = 5  # nudge rounds per boot in one step


class LandedInRommonError(DeviceRefusedError):
    """The unit dropped to the ROMMON prompt while it was expected to boot an image."""


class UnitRestartedError(DeviceRefusedError):
    """The unit restarted while nothing the toolkit did asked for a restart."""


ERASE_ADVICE = (
    "ROMMON access is disabled on this unit (`no service password-recovery`); the toolkit "
    "answered `no`, so nothing was erased and the unit continues its normal boot. Options: "
    "(1) if it still boots an image, log in and run `service password-recovery` then retry; "
    "(2) answering `yes` by hand (rommon console) ERASES disk0: - every image, the "
    "configuration and the passwords - and re-enables ROMMON: only with a backup and the "
    "owner's approval."
)


def decide(event: Event, ctx: Context, now: float, text: str = "") -> Decision:
    """The actions for `event` under `ctx` at monotonic time `now`; `text` is what matched."""
    if event is Event.ERASE_PROMPT:
        error = RommonAccessDisabledError(
            "the unit asked `Permanently erase 'disk0:'?` (ROMMON access is disabled)",
            ERASE_ADVICE,
        )
        return Decision((SendLine("no"), Stop(error)), replace(ctx, window_open=False))
    if event is Event.FTD_YES_NO:
        return _stop(ctx, "the unit runs Firepower Threat Defense (FTD), not ASA software")
    if event is Event.OLD_ROMMON_PROMPT:
        return _stop(
            ctx,
            "this ROMMON prints `rommon #N>`: an older ASA (5505/5500-X), not a "
            "5506-X/5508-X/5516-X, which print `rommon N > `",
        )
    if event is Event.YES_NO_QUESTION:
        return _stop(
            ctx,
            f"the unit asks {text.strip()!r}, a question this toolkit does not answer",
            "answer it by hand with `rommon console` (or cancel the command that asked it), "
            "then run the same command again",
        )
    if event is Event.LOGIN_REFUSED:
        return Decision((), replace(ctx, refusal=text.strip()))
    if event in _BOOT_PHASE:
        return _bounded(event, ctx, text, _boot_phase(event, ctx, now))
    if event in _ASA_PHASE:
        return _bounded(event, ctx, text, _asa_phase(event, ctx))
    return _quiet_or_output(event, ctx, now, text)


# Events answered with a reply, and how many replies to the same text a step may send.
_ANSWER_LIMITS = {
    Event.CONFREG_QUESTION: MAX_SAME_ANSWER,
    Event.PRECONFIGURE: MAX_SAME_ANSWER,
    Event.ANONYMOUS_REPORTING: MAX_SAME_ANSWER,
    Event.NEW_PASSWORD: MAX_SAME_ANSWER,
    Event.REPEAT_PASSWORD: MAX_SAME_ANSWER,
    Event.SAVE_CONFIG: MAX_SAME_ANSWER,
    Event.PROCEED_RELOAD: MAX_SAME_ANSWER,
    Event.MORE: MAX_SAME_ANSWER,
    Event.ASA_USER: MAX_SAME_PROMPT,
    Event.ASA_CONFIG: MAX_SAME_PROMPT,
}
_BOUND_ADVICE = {
    Event.SAVE_CONFIG: (
        "the toolkit answers N (the running configuration was backed up before the reload); "
        "a multi-context unit that asks again wants [S]ave all (writes every context) or "
        "[C]ancel (no reload): answer it by hand with `rommon console`"
    ),
    Event.ASA_USER: (
        "`enable` did not lead to the privileged prompt: check the enable password "
        "(ROMMON_ENABLE_PASSWORD) and the transcript"
    ),
}
_SENDS = (SendKey, SendText, SendLine, SendSecret)


def _bounded(event: Event, ctx: Context, text: str, decision: Decision) -> Decision:
    """`decision`, unless it answers a question more often than its bound allows."""
    limit = _ANSWER_LIMITS.get(event)
    if event is Event.BANNER:  # a new boot: its questions are new ones
        fresh = replace(decision.context, answers=(), logins=0, nudges=0)
        return replace(decision, context=fresh)
    if limit is None or not any(isinstance(a, _SENDS) for a in decision.actions):
        return decision
    key = f"{event.value}: {text.strip()}"
    if over_bound(ctx.answers, key, limit):
        shown = text.strip() or event.value
        advice = _BOUND_ADVICE.get(
            event,
            "answer it by hand with `rommon console`, then run the same command again",
        )
        return _stop(
            ctx,
            f"the unit asked {shown!r} again after {answered(ctx.answers, key)} answers; "
            "stopped without answering it again",
            advice,
        )
    nxt = replace(decision.context, answers=count_answer(decision.context.answers, key))
    return replace(decision, context=nxt)


_BOOT_PHASE = {
    Event.BANNER,
    Event.COUNTDOWN,
    Event.BOOT_INTERRUPTED,
    Event.ROMMON_PROMPT,
    Event.CONFREG_QUESTION,
    Event.BOOTING,
    Event.SHUTDOWN,
}
_ASA_PHASE = {
    Event.PRECONFIGURE,
    Event.SETUP_WIZARD,
    Event.ANONYMOUS_REPORTING,
    Event.USERNAME,
    Event.PASSWORD,
    Event.NEW_PASSWORD,
    Event.REPEAT_PASSWORD,
    Event.ASA_USER,
    Event.ASA_ENABLE,
    Event.ASA_CONFIG,
    Event.MORE,
    Event.SAVE_CONFIG,
    Event.PROCEED_RELOAD,
    Event.INVALID_INPUT,
}


def _stop(ctx: Context, message: str, advice: str = "") -> Decision:
    return Decision((Stop(DeviceRefusedError(message, advice)),), ctx)


def _escape(ctx: Context, now: float, *, force: bool = False) -> Decision:
    """Send ESC while the window is open, no faster than ESC_INTERVAL unless forced."""
    due = force or now - ctx.last_escape >= ESC_INTERVAL
    if not due or ctx.escapes >= MAX_ESCAPES:
        return Decision((), ctx, ESC_INTERVAL)
    nxt = replace(ctx, window_open=True, escapes=ctx.escapes + 1, last_escape=now)
    return Decision((SendKey(Key.ESC),), nxt, ESC_INTERVAL)


def _boot_phase(event: Event, ctx: Context, now: float) -> Decision:
    rommon_goal = ctx.goal is Goal.ROMMON
    if event in (Event.BANNER, Event.COUNTDOWN, Event.SHUTDOWN, Event.BOOTING):
        ctx = replace(ctx, restarting=False)
    if event in (Event.BANNER, Event.COUNTDOWN):
        if rommon_goal:
            return _escape(replace(ctx, window_open=True), now, force=event is Event.COUNTDOWN)
        if ctx.expect_reboot:
            return Decision((), replace(ctx, woke_line=False))  # let it boot: send nothing
        restarted = UnitRestartedError(
            "the unit restarted instead of coming up",
            "read the transcript around the restart: a boot failure or a power problem",
        )
        return Decision((Stop(restarted),), ctx)
    if event is Event.BOOT_INTERRUPTED:
        return Decision((), replace(ctx, window_open=False))
    if event is Event.ROMMON_PROMPT:
        if rommon_goal:
            return Decision((Finish(),), replace(ctx, window_open=False))
        error = LandedInRommonError(
            "the unit is at the ROMMON prompt instead of booting an image",
            "its boot image is missing or refused: see the transcript",
        )
        return Decision((Stop(error),), ctx)
    if event is Event.CONFREG_QUESTION:
        # Every confreg menu question defaults to the safe answer; never `y` (it could
        # disable password recovery).
        return Decision((SendLine("n"),), ctx)
    if event is Event.SHUTDOWN:
        return Decision((), replace(ctx, woke_line=False))
    # BOOTING: the image is loading; ESC from now on would only be echoed into Linux.
    nxt = replace(ctx, window_open=False, woke_line=False)
    if rommon_goal and not ctx.told_missed_window:
        told = Tell(
            "the unit is booting an image (its ROMMON window has passed): following the "
            "boot - to the ROMMON prompt if it fails, else to the ASA prompt to reload it"
        )
        return Decision((told,), replace(nxt, told_missed_window=True))
    return Decision((), nxt)


def _asa_phase(event: Event, ctx: Context) -> Decision:
    if ctx.restarting and event in (Event.ASA_USER, Event.ASA_ENABLE, Event.ASA_CONFIG):
        return Decision((), ctx)  # the prompt printed after `[confirm]`, before the shutdown
    if event is Event.PRECONFIGURE:
        return Decision((SendLine("no"),), ctx)
    if event is Event.ANONYMOUS_REPORTING:
        return Decision((SendLine("A"),), ctx)  # [A]sk later
    if event is Event.SETUP_WIZARD:
        return _stop(
            ctx,
            "the unit is in the interactive setup wizard",
            "finish or cancel it by hand (`rommon console`), then run the command again",
        )
    if event is Event.MORE:
        if ctx.window_open:  # never a key into a boot countdown
            return Decision((), ctx)
        return Decision((SendText("q"),), ctx)
    if event is Event.INVALID_INPUT:
        return Decision((), ctx)
    if event is Event.USERNAME:
        if ctx.logins >= MAX_LOGINS:
            refused = f" ({ctx.refusal})" if ctx.refusal else ""
            return _stop(
                ctx,
                f"the unit asked for the console login again after {ctx.logins} "
                f"logins{refused}; stopped before another try",
                "check ROMMON_USERNAME / ROMMON_PASSWORD (or the AAA server). A unit with "
                "`aaa local authentication attempts max-fail` locks the account after that "
                "many failures: `clear aaa local user lockout username NAME` unlocks it",
            )
        nxt = replace(ctx, login_user_sent=True, logins=ctx.logins + 1)
        return Decision((SendSecret(Secret.LOGIN_USER),), nxt)
    if event is Event.PASSWORD:
        if ctx.login_user_sent:
            return Decision(
                (SendSecret(Secret.LOGIN_PASSWORD),), replace(ctx, login_user_sent=False)
            )
        if ctx.password_lost and ctx.goal is Goal.ROMMON:
            return _power_cycle_for_lost_password(ctx)
        if ctx.enable_tries >= MAX_ENABLE_TRIES:
            refused = f" ({ctx.refusal})" if ctx.refusal else ""
            return _stop(
                ctx,
                f"the unit refused the enable password {ctx.enable_tries} times{refused}",
                "set ROMMON_ENABLE_PASSWORD to the right password (or use "
                "`rommon reset-password` if it is lost)",
            )
        nxt = replace(ctx, enable_tries=ctx.enable_tries + 1)
        which = Secret.ENABLE_RETRY if ctx.enable_tries else Secret.ENABLE
        return Decision((SendSecret(which),), nxt)
    if event in (Event.NEW_PASSWORD, Event.REPEAT_PASSWORD):
        return Decision((SendSecret(Secret.NEW_ENABLE),), ctx)
    if event is Event.ASA_CONFIG:
        return Decision((SendLine("end"),), ctx)
    if event is Event.ASA_USER:
        if ctx.password_lost and ctx.goal is Goal.ROMMON:
            return _power_cycle_for_lost_password(ctx)
        return Decision((SendLine("enable"),), ctx)
    if event is Event.ASA_ENABLE:
        if ctx.goal is Goal.ENABLE or ctx.stop_at_enable:
            return Decision((Finish(),), ctx)
        return _reload(ctx)
    if event is Event.SAVE_CONFIG:
        # The running configuration was backed up before `reload`; do not write it.
        return Decision((SendLine("N"),), ctx)
    # PROCEED_RELOAD
    if ctx.reload_sent:  # `y`, which every ASA takes; some take only `y`, not Enter
        return Decision((SendText("y"),), replace(ctx, reload_sent=False, restarting=True))
    return _stop(ctx, "the unit asks `Proceed with reload?` but the toolkit did not ask for it")


POWER_CYCLE_FOR_LOST_PASSWORD = (
    "the unit runs ASA software and its enable password is lost, so the toolkit cannot "
    "reload it: power-cycle the unit now (switch it off, wait 5 s, switch it on); waiting "
    "for the ROMMON banner to press ESC"
)


def _power_cycle_for_lost_password(ctx: Context) -> Decision:
    """No `enable` (its password is what is lost): ask once for a power-cycle, then wait."""
    if ctx.asked_power_cycle:
        return Decision((), ctx)
    return Decision((Tell(POWER_CYCLE_FOR_LOST_PASSWORD),), replace(ctx, asked_power_cycle=True))


def _reload(ctx: Context) -> Decision:
    if not ctx.allow_reload:
        return _stop(
            ctx,
            "the unit is running ASA software and reaching ROMMON needs a reload",
            "run again and confirm the reload (or pass --yes)",
        )
    if ctx.reloads >= MAX_RELOADS:
        return _stop(
            ctx,
            f"the ROMMON window was missed after {ctx.reloads} reloads",
            "interrupt by hand: `rommon console`, power-cycle, press ESC at the countdown",
        )
    nxt = replace(ctx, reloads=ctx.reloads + 1, reload_sent=True)
    return Decision((RequestReload(),), nxt)


def _quiet_or_output(event: Event, ctx: Context, now: float, text: str) -> Decision:
    if ctx.hands_off:
        return Decision((), ctx)
    if ctx.window_open and ctx.goal is Goal.ROMMON:
        return _escape(ctx, now)
    if event in (Event.OUTPUT, Event.REPLICATION) and (
        ctx.nudge_step == 1 or text.strip() == NUDGE_FIRST
    ):
        # Half a nudge is out: the `n` sits in the unit's line until Enter follows. Whatever
        # arrived (our echo, a prompt that raced the `n`: `ciscoasa> n`, or a failover
        # replication notice printed over it), finish it soon.
        # The echo of a whole nudge says nothing either.
        return Decision((), ctx, ctx.wake_up_wait)
    if event is Event.REPLICATION:
        # Only a running unit prints these (a pair's active, or its standby), over its prompt,
        # which it may not print again: wake the line after the short wait, not AFTER_OUTPUT.
        return Decision((), replace(ctx, woke_line=False), ctx.wake_up_wait)
    if event is Event.OUTPUT:
        return Decision((), replace(ctx, woke_line=False))
    if not ctx.woke_line and ctx.nudges < MAX_NUDGES:
        return _nudge(ctx)
    if ctx.goal is Goal.ROMMON and not ctx.asked_power_cycle:
        told = Tell(
            "the console is silent: power-cycle the unit now (switch it off, wait 5 s, "
            "switch it on); waiting for the ROMMON banner"
        )
        return Decision((told,), replace(ctx, asked_power_cycle=True))
    return Decision((), ctx)


def _nudge(ctx: Context) -> Decision:
    """QUIET: wake the line as the probe does: `n`, then Enter (never SPACE/ESC, never a bare
    Enter first, which would confirm a `[confirm]` somebody left; decisions.questions)."""
    if ctx.nudge_step == 0:
        nxt = replace(ctx, nudge_step=1)
        return Decision((SendText(NUDGE_FIRST),), nxt, ctx.wake_up_wait)
    nxt = replace(ctx, nudge_step=0, woke_line=True, nudges=ctx.nudges + 1)
    return Decision((SendText(NUDGE_SECOND),), nxt, ctx.wake_up_wait)
