"""Which bytes sent to a unit change it: the one table the consent gate reads.

`classify_send(pending, outgoing)` looks at what the unit last printed (`pending`, its last
line) and what is about to be sent. When the unit is asking a known question, the reply is
classified (Enter or `y` at `Proceed with reload? [confirm]` is a reload); otherwise the
command line is. No I/O here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum


class Change(Enum):
    """A kind of change to a unit that needs the engineer's consent (or --yes)."""

    RELOAD = "reload"
    WRITE_MEMORY = "write memory"
    DELETE = "delete a file"
    OVERWRITE = "copy over a file"
    CONFIG_RESTORE = "replace configuration"
    UPGRADE_ROMMON = "upgrade rommon"
    CONFREG = "change the configuration register"
    FAILOVER = "change the failover roles"
    NEVER = "a command the toolkit never sends"

    @property
    def describe(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Change.RELOAD: "reboot the unit (traffic stops until it is back)",
    Change.WRITE_MEMORY: "save the running configuration over the startup configuration",
    Change.DELETE: "delete a file on the unit's flash",
    Change.OVERWRITE: "overwrite a file on the unit's flash",
    Change.CONFIG_RESTORE: "load a configuration over the unit's own",
    Change.UPGRADE_ROMMON: "write new ROMMON firmware (the unit must not lose power)",
    Change.CONFREG: "change the configuration register in NVRAM",
    Change.FAILOVER: "move the active role or the configuration of a failover pair",
    Change.NEVER: "erase or weaken the unit (refused always)",
}


@dataclass(frozen=True)
class Verdict:
    """What sending `outgoing` would do."""

    change: Change | None
    is_reply: bool  # an answer to a question the unit asked, not a command line
    shown: str  # the command or question, for messages


_F = re.IGNORECASE


def _table(
    rows: tuple[tuple[str, Change | None], ...],
) -> tuple[tuple[re.Pattern[str], Change | None], ...]:
    """Rows of (regular expression, change), compiled case-insensitively, order kept."""
    return tuple((re.compile(pattern, _F), change) for pattern, change in rows)


# Command lines, first match wins (order matters: `write erase` before `write`).
_COMMANDS = _table(
    (
        (r"^wr(i(t(e)?)?)?\s+erase\b", Change.NEVER),
        (r"^erase\b", Change.NEVER),
        (r"^format\b", Change.NEVER),
        (r"^configure\s+factory-default\b", Change.NEVER),
        (r"^clear\s+configure\s+all\b", Change.NEVER),
        (r"^no\s+service\s+password-recovery\b", Change.NEVER),
        (r"^wr(i(t(e)?)?)?\s+standby\b", Change.FAILOVER),
        (r"^(no\s+)?failover\s+active\b", Change.FAILOVER),
        (r"^failover\s+reload-standby\b", Change.RELOAD),
        (r"^wr(i(t(e)?)?)?(\s+mem(o(r(y)?)?)?)?(\s+all)?$", Change.WRITE_MEMORY),
        (r"^copy\s+(/noconfirm\s+)?running-config\s+startup-config\b", Change.WRITE_MEMORY),
        # `copy [/flags] SOURCE running-config|startup-config`: the source is no /flag
        (r"^copy(\s+/\S+)*\s+[^/\s]\S*\s+(running|startup)-config\b", Change.CONFIG_RESTORE),
        # `copy /noconfirm ... disk0:/X`: no question would guard an existing X
        (r"^copy\s.*/noconfirm\b.*\s(disk\d+|flash):\S*$", Change.OVERWRITE),
        (r"^del(e(t(e)?)?)?\b", Change.DELETE),
        (r"^rmdir\b", Change.DELETE),
        (r"^rel(o(a(d)?)?)?\b", Change.RELOAD),
        (r"^(reset|reboot)$", Change.RELOAD),  # ROMMON
        (r"^upgrade\s+rommon\b", Change.UPGRADE_ROMMON),
        (r"^confreg\s+\S", Change.CONFREG),  # bare `confreg` only shows it (and asks, gated)
        (r"^config-register\b", Change.CONFREG),
    )
)

# Questions a unit asks, and which change an affirmative reply makes (first match wins).
_QUESTIONS = _table(
    (
        (r"permanently\s+erase", Change.NEVER),
        (r"erase\s+configuration", Change.NEVER),
        (r"disable\s+\"?password\s+recovery", Change.NEVER),
        (r"\bsave\?", Change.WRITE_MEMORY),
        (r"proceed\s+with\s+reload|\breload\b", Change.RELOAD),
        (r"over\s*write", Change.OVERWRITE),
        (r"^delete\s+\S+\?", Change.DELETE),
        (r"upgrade|rommon", Change.UPGRADE_ROMMON),
        (
            r"change\s+the\s+configuration\?|configuration\s+register|config\s+register",
            Change.CONFREG,
        ),
        (r"\"[^\"]+\"\?\s*y/n", Change.CONFREG),  # ROMMON confreg feature questions
        (r"switchover|active\s+role", Change.FAILOVER),
    )
)

# The end of a question line: `[confirm]`, `[Y]es/[N]o:`, `y/n [n]:`, `[yes/no]:`.
_QUESTION_END = re.compile(
    r"(\[confirm\]|\]\s*:|\[[a-z]\][a-z]*:|y/n\s*(\[[yn]\])?\s*:|\[yes/no\]\s*:?|\?)\s*$", _F
)

# Replies that mean yes: Enter at [confirm] (the default), y / yes, and `S`ave-all.
_AFFIRMATIVE_AT_CONFIRM = frozenset({"", "y", "yes"})
_AFFIRMATIVE = frozenset({"y", "yes", "s"})


def pending_question(received: str) -> str | None:
    """The question the unit is waiting on, from the tail of what it printed, if any."""
    tail = received.replace("\r", "\n").rstrip(" ").split("\n")[-1].strip()
    if not tail or not _QUESTION_END.search(tail):
        return None
    return tail


def classify_send(received: str, outgoing: str) -> Verdict:
    """What sending `outgoing` now does, given the `received` text so far."""
    question = pending_question(received)
    reply = outgoing.replace("\r", "\n").split("\n")[0].strip()
    if question is not None:
        return Verdict(_answer_change(question, reply), True, question)
    if not outgoing.strip(" \r\n"):
        return Verdict(None, False, "")
    command = " ".join(reply.split())
    return Verdict(_command_change(command), False, command)


def _command_change(command: str) -> Change | None:
    for pattern, change in _COMMANDS:
        if pattern.search(command):
            return change
    return None


def _answer_change(question: str, reply: str) -> Change | None:
    answer = reply.lower()
    at_confirm = "[confirm]" in question.lower()
    yes = answer in _AFFIRMATIVE_AT_CONFIRM if at_confirm else answer in _AFFIRMATIVE
    if not yes:
        return None
    for pattern, change in _QUESTIONS:
        if pattern.search(question):
            return change
    return None
