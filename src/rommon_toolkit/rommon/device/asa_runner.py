"""Run ASA OS commands at the privileged prompt and collect their output.

Known questions are answered only when the caller passes an `Answer` for them; any other
question stops the run and shows it (never a guess). The pager is paged through; a restart of
the unit mid-command raises UnitRestartedError so a step can resume.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.answer_bounds import MAX_SAME_ANSWER
from rommon_toolkit.rommon.decisions.command_errors import command_error, drop_syslog
from rommon_toolkit.rommon.decisions.machine import UnitRestartedError
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.errors import DeviceRefusedError, DeviceTimeoutError

QUESTION_QUIET = 1.0  # a question must be followed by this much silence to count as one
DEFAULT_TIMEOUT = 120.0

GENERIC_QUESTION = re.compile(
    r"^(?P<question>[^\n]*(?:\?|\]:|\[confirm\]|\(y/n\)|\[yes/no\]:?))[ \t]*$", re.M
)
_PENDING_TEXT = re.compile(r"(?=[\s\S])")  # zero-width: waits for text, consumes nothing
# Text that shows the unit restarted under a command (Kenton, Firepower and older banners).
_RESTART = (p.ROM_IMAGE_VERIFIED, p.REBOOTING, p.ROMMON_BANNER, p.COUNTDOWN)


@dataclass(frozen=True)
class Answer:
    """Reply `reply` (a line; None sends only Enter) when `pattern` shows up."""

    pattern: re.Pattern[str]
    reply: str | None


ANSWER_REPORTING = Answer(p.ANONYMOUS_REPORTING_QUESTION, "A")  # [A]sk later


class AsaRunner:
    """Commands at an ASA prompt over one channel."""

    def __init__(self, channel: Channel, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.channel = channel
        self.timeout = timeout

    def run(
        self,
        command: str,
        *,
        timeout: float | None = None,
        answers: Sequence[Answer] = (),
        on_tick: Callable[[], None] | None = None,
        tick: float = 0.5,
        secret: bool = False,
    ) -> str:
        """Send `command`, answer the expected questions, return its output (no echo)."""
        deadline = Deadline.after(timeout if timeout is not None else self.timeout)
        fixed = [p.ASA_PROMPT, p.MORE_PROMPT, p.INVALID_INPUT, *_RESTART]
        patterns = fixed + [a.pattern for a in answers] + [GENERIC_QUESTION]
        parts: list[str] = []
        invalid = False
        replies = [0] * len(answers)
        with console_errors():
            self.channel.send_line(command, secret=secret)
            while True:
                try:
                    wait = deadline.capped(tick) if on_tick else deadline
                    result = self.channel.expect(patterns, wait)
                except ExpectTimeoutError as exc:
                    if deadline.expired():
                        raise DeviceTimeoutError(
                            f"`{_shown(command, secret)}` did not finish in time",
                            "last output: " + exc.received[-300:].strip(),
                        ) from exc
                    if on_tick:
                        on_tick()
                    continue
                parts.append(result.before)
                index = result.index
                if index == 0:
                    break
                parts.append(result.after)
                if index == 1:
                    self.channel.send(" ")
                elif index == 2:
                    invalid = True
                elif 3 <= index < len(fixed):  # never a pager SPACE into a boot countdown
                    raise UnitRestartedError(
                        f"the unit restarted during `{_shown(command, secret)}`",
                        "run the same command again: it continues from the state it finds",
                    )
                elif index < len(fixed) + len(answers):
                    which = index - len(fixed)
                    if replies[which] >= MAX_SAME_ANSWER:
                        raise DeviceRefusedError(
                            f"`{_shown(command, secret)}`: the unit asked "
                            f"{result.match.group(0).strip()!r} again after "
                            f"{replies[which]} answers; stopped without answering it again",
                            "answer it by hand with `rommon console`, then run again",
                        )
                    replies[which] += 1
                    self._reply(answers[which])
                elif self._is_waiting():
                    raise DeviceRefusedError(
                        f"unexpected question after `{_shown(command, secret)}`: "
                        f"{result.match.group('question').strip()!r}",
                        "stopped without answering; answer it by hand with `rommon console` "
                        "if it is expected",
                    )
        output = _strip_echo(drop_syslog("".join(parts)), command)
        error = command_error(output)
        if invalid or error:
            raise DeviceRefusedError(
                f"the unit rejected `{_shown(command, secret)}`: {error or 'invalid input'}",
                "nothing was saved from this output; the unit said:\n" + output.strip()[-400:],
            )
        return output

    def configure(self, commands: Sequence[str], *, secret: bool = False) -> str:
        """Run `commands` in configuration mode, always leaving it again."""
        out = [self.run("configure terminal", answers=[ANSWER_REPORTING])]
        try:
            for command in commands:
                out.append(self.run(command, secret=secret))
        except UnitRestartedError:
            raise  # no configuration mode left to leave
        except BaseException:
            self.run("end")
            raise
        out.append(self.run("end"))
        return "".join(out)

    def _reply(self, answer: Answer) -> None:
        if answer.reply is None:
            self.channel.send("\r")
        else:
            self.channel.send_line(answer.reply)

    def _is_waiting(self) -> bool:
        """True when nothing follows the question for QUESTION_QUIET seconds."""
        try:
            self.channel.expect([_PENDING_TEXT], Deadline.after(QUESTION_QUIET))
        except ExpectTimeoutError:
            return True
        return False


def _shown(command: str, secret: bool) -> str:
    return command.split(maxsplit=1)[0] + " ********" if secret else command


def _strip_echo(text: str, command: str) -> str:
    """Drop the echoed command line (the prompt itself was consumed earlier)."""
    lines = text.split("\n")
    wanted = command.strip()
    if lines and wanted and lines[0].strip().endswith(wanted):
        lines = lines[1:]
    return "\n".join(lines)
