"""The driver's vocabulary: goals, events, secrets, actions, and the decision context.

Pure data for `decisions.machine.decide` (which re-exports every name here).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from rommon_toolkit.console.keys import Key
from rommon_toolkit.rommon.decisions.answer_bounds import Counts
from rommon_toolkit.rommon.errors import RommonError


class Goal(enum.Enum):
    """Where the driver is taking the unit."""

    ROMMON = "rommon"
    ENABLE = "enable"


class Event(enum.Enum):
    """What the driver saw on the line (one per pattern match, plus QUIET and OUTPUT)."""

    ERASE_PROMPT = "erase-prompt"
    COUNTDOWN = "countdown"
    BANNER = "banner"
    BOOT_INTERRUPTED = "boot-interrupted"
    ROMMON_PROMPT = "rommon-prompt"
    OLD_ROMMON_PROMPT = "old-rommon-prompt"
    CONFREG_QUESTION = "confreg-question"
    BOOTING = "booting"
    SHUTDOWN = "shutdown"
    PRECONFIGURE = "preconfigure"
    SETUP_WIZARD = "setup-wizard"
    ANONYMOUS_REPORTING = "anonymous-reporting"
    USERNAME = "username"
    PASSWORD = "password"
    NEW_PASSWORD = "new-password"
    REPEAT_PASSWORD = "repeat-password"
    ASA_USER = "asa-user"
    ASA_ENABLE = "asa-enable"
    ASA_CONFIG = "asa-config"
    MORE = "more"
    SAVE_CONFIG = "save-config"
    PROCEED_RELOAD = "proceed-reload"
    FTD_YES_NO = "ftd-yes-no"
    INVALID_INPUT = "invalid-input"
    LOGIN_REFUSED = "login-refused"  # `Login incorrect`, `Invalid password`, ...
    YES_NO_QUESTION = "yes-no-question"  # `Do you want to continue? [yes/no]:` and the like
    REPLICATION = "replication"  # failover `Beginning configuration replication ...`
    OUTPUT = "output"  # a line of text nothing else recognised
    QUIET = "quiet"  # nothing at all arrived for the wait the last decision asked for


class Secret(enum.Enum):
    """Which secret a SendSecret action needs (see rommon.credentials)."""

    ENABLE = "enable"
    ENABLE_RETRY = "enable-retry"  # the unit refused the last one: ask again where possible
    NEW_ENABLE = "new-enable"
    LOGIN_USER = "login-user"
    LOGIN_PASSWORD = "login-password"


@dataclass(frozen=True)
class SendKey:
    key: Key


@dataclass(frozen=True)
class SendText:
    """Text sent as is (no CR): single-key answers such as `q` at the pager."""

    text: str


@dataclass(frozen=True)
class SendLine:
    text: str


@dataclass(frozen=True)
class SendSecret:
    which: Secret


@dataclass(frozen=True)
class RequestReload:
    """Ask the operator (unless consent was given), back up, then send `reload`."""


@dataclass(frozen=True)
class Tell:
    message: str


@dataclass(frozen=True)
class Finish:
    """The goal is reached."""


@dataclass(frozen=True)
class Stop:
    error: RommonError


Action = SendKey | SendText | SendLine | SendSecret | RequestReload | Tell | Finish | Stop


# After each key of the nudge on a silent line, wait this long for an answer: a question the `n`
# answered (`Save? [Y]es/[N]o:`) may be followed by another (`Proceed with reload? [confirm]`),
# which must be seen before the Enter goes out.
WAKE_UP_WAIT = 4.0


@dataclass(frozen=True)
class Context:
    """What the run knows so far; every decision returns a new one."""

    goal: Goal
    wake_up_wait: float = WAKE_UP_WAIT  # Timeouts.wake_up: shorter only for the virtual ASA
    allow_reload: bool = False  # ROMMON goal: a running ASA may be reloaded
    stop_at_enable: bool = False  # ROMMON goal: finish at `#` so the caller can look first
    hands_off: bool = False  # ROMMON upgrade in progress: never send anything unasked
    password_lost: bool = False  # ROMMON goal: no enable password to reload with (power-cycle)
    expect_reboot: bool = False  # ENABLE goal: a banner/countdown is expected (let it boot)
    window_open: bool = False  # ROMMON banner seen, image not yet booting
    escapes: int = 0
    last_escape: float = -1e9
    reloads: int = 0
    reload_sent: bool = False
    restarting: bool = False  # reload confirmed: prompts are stale until the restart shows
    enable_tries: int = 0
    login_user_sent: bool = False
    woke_line: bool = False  # the nudge (`n`, Enter) was sent to a silent line
    nudge_step: int = 0  # keys of the nudge sent so far in this round
    nudges: int = 0  # nudge rounds in this boot of this step
    asked_power_cycle: bool = False
    told_missed_window: bool = False
    answers: Counts = ()  # answers given per question text in this step (answer_bounds)
    logins: int = 0  # console logins tried in this step
    refusal: str = ""  # the unit's last refusal (`Login incorrect`, `Invalid password`)


@dataclass(frozen=True)
class Decision:
    actions: tuple[Action, ...]
    context: Context
    wait: float | None = None  # max seconds before a QUIET event; None: the phase deadline
