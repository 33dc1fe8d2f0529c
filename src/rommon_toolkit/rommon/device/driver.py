"""The thin loop around `machine.decide`: see an event, decide, act, repeat.

Everything device-specific is in `rommon.patterns` (what we wait for) and `rommon.machine`
(what we do about it); this module only moves bytes and keeps the facts learnt on the way.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from rommon_toolkit.console.channel import Channel, ExpectResult
from rommon_toolkit.console.deadline import Deadline, current_clock
from rommon_toolkit.console.errors import ExpectTimeoutError, UnsupportedOperationError
from rommon_toolkit.console.keys import Key
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.console_speeds import garbled
from rommon_toolkit.rommon.decisions.machine import (
    Action,
    Context,
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
    decide,
)
from rommon_toolkit.rommon.decisions.vocabulary import WAKE_UP_WAIT
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.errors import DeviceTimeoutError, OperatorAbortError
from rommon_toolkit.rommon.feedback import Feedback

FIRST_LISTEN = 2.0  # before deciding a line is silent
HEARTBEAT = 2.0  # seconds between heartbeat calls while waiting
SILENT_LINE_ADVICE = (
    "the console stayed silent. Check: the unit has power (front LEDs, fans); the cable (the "
    "RJ-45 console port with a rollover/USB-serial cable, or the mini-USB console); that "
    "--port is that cable (`rommon ports` lists them); the line is 9600 8N1, no flow control. "
    "A unit that is off or hung needs a power-cycle: switch it on and run the same command"
)
GARBLED_LINE_ADVICE = (
    "the console sends garbage ({noise} noise characters, {text} readable): the line speed "
    "is probably not the unit's (ASA default 9600; a changed confreg may use 19200, 38400, "
    "57600 or 115200: try `--baud N`), or the cable is bad"
)
SHOW_WAIT_AFTER = 5.0  # a wait longer than this is shown: what for, elapsed, deadline
GOAL_TEXT = {"rommon": "the ROMMON prompt", "enable": "the ASA enable prompt"}
AFTER_OUTPUT = 30.0  # text then this much silence: wake the line (never during a countdown)

ANY_LINE = re.compile(r"[^\n]*\n")

# Order matters only for matches starting at the same place: specific before generic.
EVENT_PATTERNS: tuple[tuple[Event, re.Pattern[str]], ...] = (
    (Event.ERASE_PROMPT, p.ERASE_DISK0_PROMPT),
    (Event.FTD_YES_NO, p.YES_OR_NO),
    (Event.COUNTDOWN, p.COUNTDOWN),
    (Event.BOOT_INTERRUPTED, p.BOOT_INTERRUPTED),
    (Event.BANNER, p.ROM_IMAGE_VERIFIED),
    (Event.BANNER, p.ROMMON_BANNER),
    (Event.BANNER, p.PLATFORM),
    (Event.BANNER, p.MAC_ADDRESS),
    (Event.ROMMON_PROMPT, p.ROMMON_PROMPT),
    (Event.CONFREG_QUESTION, p.CONFREG_QUESTION),
    (Event.BOOTING, p.ATTEMPT_AUTOBOOT),
    (Event.BOOTING, p.LOCATED),
    (Event.BOOTING, p.LFBFF_VERIFIED),
    (Event.BOOTING, p.INIT_BOOTING),
    (Event.BOOTING, p.ASA_VERSION),
    (Event.BOOTING, p.ASA_BOOT_PROGRESS),
    (Event.BOOTING, p.SW_DRBG_PASSED),
    (Event.SHUTDOWN, p.GRACEFUL_SHUTDOWN),
    (Event.SHUTDOWN, p.PROCESS_SHUTDOWN_FINISHED),
    (Event.SHUTDOWN, p.REBOOTING),
    (Event.PRECONFIGURE, p.PRECONFIGURE),
    (Event.SETUP_WIZARD, p.SETUP_WIZARD_QUESTION),
    (Event.ANONYMOUS_REPORTING, p.ANONYMOUS_REPORTING_QUESTION),
    (Event.USERNAME, p.USERNAME),
    (Event.NEW_PASSWORD, p.ENTER_NEW_PASSWORD),
    (Event.REPEAT_PASSWORD, p.REPEAT_NEW_PASSWORD),
    (Event.PASSWORD, p.PASSWORD),
    (Event.SAVE_CONFIG, p.SAVE_CONFIG),
    (Event.PROCEED_RELOAD, p.PROCEED_WITH_RELOAD),
    (Event.MORE, p.MORE_PROMPT),
    (Event.INVALID_INPUT, p.INVALID_INPUT),
    (Event.ASA_USER, p.ASA_PROMPT),  # refined to ENABLE/CONFIG from the match below
    (Event.REPLICATION, p.REPLICATION),
    (Event.YES_NO_QUESTION, p.YES_NO_QUESTION),
    (Event.LOGIN_REFUSED, p.LOGIN_REFUSED),
    (Event.OUTPUT, ANY_LINE),
)
_PATTERNS = [pattern for _, pattern in EVENT_PATTERNS]


@dataclass
class Facts:
    """What the unit told us on the way: model, versions, hostname, last prompt."""

    model: str | None = None
    rommon_version: str | None = None
    asa_version: str | None = None
    hostname: str | None = None
    context: str | None = None  # multi-context: `admin` from `ciscoasa/admin#`
    prompt: str | None = None
    seen: list[str] = field(default_factory=list)  # events in order, for the report

    def learn(self, result: ExpectResult) -> None:
        groups = result.match.groupdict()
        if result.pattern is p.PLATFORM:
            self.model = groups["model"]
        elif result.pattern is p.ROMMON_BANNER:
            self.rommon_version = groups["version"]
        elif result.pattern is p.ASA_VERSION:
            self.asa_version = groups["version"]
        elif result.pattern in (p.ASA_PROMPT, p.ROMMON_PROMPT):
            self.prompt = groups["prompt"].strip()
            if result.pattern is p.ASA_PROMPT:
                self.hostname = p.split_prompt_name(groups["name"])[0]
                self.context = p.prompt_context(groups["name"])


def event_of(result: ExpectResult) -> Event:
    """The event for a match (ASA prompts by level and mode, ROMMON prompts by form)."""
    event = EVENT_PATTERNS[result.index][0]
    if result.pattern is p.ASA_PROMPT:
        if result.match.group("mode"):
            return Event.ASA_CONFIG
        return Event.ASA_ENABLE if result.match.group("level") == "#" else Event.ASA_USER
    if result.pattern is p.ROMMON_PROMPT and result.match.group("old_counter") is not None:
        return Event.OLD_ROMMON_PROMPT
    return event


class WaitShown:
    """A long wait, shown: what the driver waits for, for how long, and what the unit did last."""

    def __init__(self, feedback: Feedback, target: str, deadline: Deadline, driver: Driver):
        self.feedback = feedback
        self.label = f"waiting for {target}"
        self.deadline = deadline
        self.driver = driver
        self.started = current_clock().now()
        self.shown = False

    def beat(self) -> None:
        elapsed = current_clock().now() - self.started
        if elapsed < SHOW_WAIT_AFTER:
            return
        self.shown = True
        seen = self.driver.facts.seen
        last = f"; last seen: {seen[-1]}" if seen else "; the unit has printed nothing yet"
        left = self.deadline.remaining()
        limit = "" if left == float("inf") else f", gives up in {left:.0f} s"
        self.feedback.progress(self.label, 0, None, f"{elapsed:.0f} s so far{limit}{last}")

    def end(self) -> None:
        if self.shown:
            elapsed = current_clock().now() - self.started
            self.feedback.progress(self.label, 0, 0, f"reached after {elapsed:.0f} s")


class Driver:
    """Takes the unit to a goal over one channel; secrets from `credentials`."""

    def __init__(
        self,
        channel: Channel,
        credentials: Credentials,
        feedback: Feedback,
        *,
        confirm_reload: Callable[[], bool] = lambda: False,
        before_reload: Callable[[], None] = lambda: None,
        first_listen: float = FIRST_LISTEN,
        wake_up: float = WAKE_UP_WAIT,
    ) -> None:
        """`first_listen` and `wake_up`: the waits on a silent line (Timeouts)."""
        self.channel = channel
        self.first_listen = first_listen
        self.wake_up = wake_up
        self.credentials = credentials
        self.feedback = feedback
        self.confirm_reload = confirm_reload
        self.before_reload = before_reload
        self.facts = Facts()
        self.matched = ""  # the text of the last event (a question's text: answer bounds)

    def reach(
        self,
        goal: Goal,
        deadline: Deadline,
        *,
        allow_reload: bool = False,
        expect_reboot: bool = False,
        reload_sent: bool = False,
        reload_confirmed: bool = False,
        stop_at_enable: bool = False,
        hands_off: bool = False,
        password_lost: bool = False,
        first_wait: float | None = None,
        heartbeat: Callable[[], None] | None = None,
    ) -> Facts:
        """Drive until the goal's prompt; raises the error a Stop action carries.

        `reload_sent`: the caller just typed `reload`, so its confirmation is expected.
        `reload_confirmed`: the caller already confirmed a reload; prompts until the restart
        shows are stale.
        `hands_off`: send nothing on silence (a ROMMON upgrade must not be disturbed).
        `password_lost`: never `enable` on the way to ROMMON; ask for a power-cycle.
        `heartbeat`: called at least every HEARTBEAT seconds while waiting.
        `first_wait`: how long to listen before the line counts as silent (default
        `first_listen`).
        """
        ctx = Context(
            goal,
            wake_up_wait=self.wake_up,
            allow_reload=allow_reload,
            expect_reboot=expect_reboot,
            reload_sent=reload_sent,
            restarting=reload_confirmed,
            stop_at_enable=stop_at_enable,
            hands_off=hands_off,
            password_lost=password_lost,
        )
        wait: float | None = self.first_listen if first_wait is None else first_wait
        shown = WaitShown(self.feedback, GOAL_TEXT.get(goal.value, goal.value), deadline, self)
        beat = heartbeat or shown.beat
        with console_errors():
            try:
                return self._drive(ctx, deadline, wait, beat)
            finally:
                shown.end()

    def _drive(
        self, ctx: Context, deadline: Deadline, wait: float | None, heartbeat: Callable[[], None]
    ) -> Facts:
        with console_errors():
            while True:
                event = self._next_event(deadline, wait, heartbeat)
                decision = decide(event, ctx, time.monotonic(), self.matched)
                ctx = decision.context
                wait = decision.wait
                if wait is None and event in (Event.OUTPUT, Event.REPLICATION):
                    wait = AFTER_OUTPUT
                for action in decision.actions:
                    if self._perform(action):
                        return self.facts

    def _next_event(
        self, deadline: Deadline, wait: float | None, heartbeat: Callable[[], None] | None
    ) -> Event:
        quiet_at = deadline if wait is None else deadline.capped(wait)
        while True:
            step = quiet_at.capped(HEARTBEAT) if heartbeat else quiet_at
            try:
                result = self.channel.expect(_PATTERNS, step)
                if result.pattern is ANY_LINE and not result.after.strip():
                    continue  # a blank line (such as the echo of our own CR) says nothing
                break
            except ExpectTimeoutError as exc:
                if deadline.expired():
                    raise DeviceTimeoutError(
                        "the unit did not get there in time", self._timeout_advice(exc.received)
                    ) from exc
                if quiet_at.expired():
                    self.matched = ""
                    return Event.QUIET
                if heartbeat:
                    heartbeat()
        self.facts.learn(result)
        self.matched = result.match.groupdict().get("question") or result.match.group(0)
        event = event_of(result)
        if event is not Event.OUTPUT:
            self.facts.seen.append(event.value)
        return event

    def _timeout_advice(self, received: str) -> str:
        advice = "last lines from the unit:\n" + _tail(received)
        text, noise = self.channel.line_quality()
        if text == 0 and noise == 0:
            return SILENT_LINE_ADVICE
        if garbled(text, noise):
            return GARBLED_LINE_ADVICE.format(noise=noise, text=text) + "\n" + advice
        if self.facts.seen and self.facts.seen[-1] == Event.BANNER.value:
            advice = (
                "the unit printed its ROMMON banner and then went quiet: it may have lost power "
                "or hung. Power-cycle it and run the same command again\n" + advice
            )
        return advice

    def _perform(self, action: Action) -> bool:
        """Do one action; True when the goal is reached."""
        if isinstance(action, Finish):
            return True
        if isinstance(action, Stop):
            raise action.error
        if isinstance(action, Tell):
            self.feedback.tell(action.message)
        elif isinstance(action, SendKey):
            self._send_key(action.key)
        elif isinstance(action, SendText):
            self.channel.send(action.text)
        elif isinstance(action, SendLine):
            self.channel.send_line(action.text)
        elif isinstance(action, SendSecret):
            self.channel.send_line(self._secret(action.which), secret=True)
        elif isinstance(action, RequestReload):
            if not self.confirm_reload():
                raise OperatorAbortError("the reload was not confirmed; the unit was not changed")
            self.before_reload()
            self.channel.send_line("reload")
        return False

    def _send_key(self, key: Key) -> None:
        try:
            self.channel.send_key(key)
        except UnsupportedOperationError:
            if key is not Key.BREAK:
                raise

    def _secret(self, which: Secret) -> str:
        if which is Secret.ENABLE:
            return self.credentials.enable_password()
        if which is Secret.ENABLE_RETRY:
            self.credentials.rejected_enable_password()  # an interactive run asks again
            return self.credentials.enable_password()
        if which is Secret.NEW_ENABLE:
            return self.credentials.new_enable_password()
        user, password = self.credentials.login()
        return user if which is Secret.LOGIN_USER else password


def _tail(text: str, lines: int = 8) -> str:
    return (
        "\n".join("    " + line for line in text.strip().splitlines()[-lines:]) or "    (nothing)"
    )
