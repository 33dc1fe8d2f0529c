"""Every question a unit can leave on the line, how it reads its answer, and its default.

The table is the data behind two rules:

* the probe's nudge on a silent line (`NUDGE`): it must be a "no", or harmless, at every
  question here, because a silent line may be a question somebody left (`reload` typed and
  the engineer walked away). See `nudge_effect` and docs/device-reference.md "Questions".
* the answer bounds (`decisions.answer_bounds`): no question is answered more than twice in a
  step, no login is tried more than three times.

`reads` is how the unit takes the answer: `key` (one keystroke, no Enter: `[confirm]`, the
pager) or `line` (text ended by Enter). For a `[confirm]` question any key but Enter or `y`
cancels [D, Cisco CLI conventions]; a line question takes the nudge's first key into its
buffer and only acts on it with the Enter that follows.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from rommon_toolkit.rommon.decisions import patterns as p


class Reads(enum.Enum):
    """How the unit reads the answer to a question."""

    KEY = "key"
    LINE = "line"


@dataclass(frozen=True)
class Question:
    """One question: its pattern, how it is answered, its default, and what `n` does there."""

    name: str
    pattern: re.Pattern[str]
    reads: Reads
    enter_default: str  # what a bare Enter does (`confirms`, `yes`, `unknown`, ...)
    n_effect: str  # what the nudge (`n`, then Enter for a line) does: never a yes
    source: str  # [C] capture, [D] Cisco documentation, [G] guess


# The nudge on a silent line: `n`, then - only when nothing but its echo came back, so the
# unit is waiting for a line - an Enter that ends the line `n`. At a `[confirm]` (or any
# single-key question) `n` alone cancels and the unit prints its prompt.
NUDGE_FIRST = "n"
NUDGE_SECOND = "\r"

QUESTIONS: tuple[Question, ...] = (
    Question(
        "proceed-reload",
        p.PROCEED_WITH_RELOAD,
        Reads.KEY,
        "confirms: the unit reloads",
        "cancels the reload; the prompt comes back",
        "[C] reference §4.4; unicon asa_fp2k mock data takes the key `y` alone",
    ),
    Question(
        "confirm",
        p.CONFIRM,
        Reads.KEY,
        "confirms (erase, delete, overwrite ...)",
        "cancels",
        "[C] `Delete disk0:/x? [confirm]`, `Erase configuration in flash memory? [confirm]`",
    ),
    Question(
        "pager",
        p.MORE_PROMPT,
        Reads.KEY,
        "shows one more line",
        "ends or pages the output (display only)",
        "[C] `<--- More --->`; [C] IOS ` --More-- `, FXOS `--More--`",
    ),
    Question(
        "save-config",
        p.SAVE_CONFIG,
        Reads.LINE,
        "unknown [NF]",
        "No: the configuration is not written; the unit then asks `Proceed with reload?`, "
        "where the probe sends nothing more",
        "[C] reference §4.4; multi-context form from unicon ASA mock data",
    ),
    Question(
        "erase-disk0",
        p.ERASE_DISK0_PROMPT,
        Reads.LINE,
        "unknown [NF]",
        "no (nothing is erased)",
        "[C] reference §1.4",
    ),
    Question(
        "preconfigure",
        p.PRECONFIGURE,
        Reads.LINE,
        "yes: the setup wizard starts",
        "no: the unit boots with its configuration",
        "[C] reference §3",
    ),
    Question(
        "setup-wizard",
        p.SETUP_WIZARD_QUESTION,
        Reads.LINE,
        "the value in brackets",
        "an invalid or `no` value; nothing is applied before the last question",
        "[S] reference §3 (Cisco quick start guide)",
    ),
    Question(
        "anonymous-reporting",
        p.ANONYMOUS_REPORTING_QUESTION,
        Reads.LINE,
        "unknown [NF]",
        "[N]o: reporting stays off",
        "[C] reference §3; one-line form from unicon ASA mock data",
    ),
    Question(
        "yes-no",
        p.YES_NO_QUESTION,
        Reads.LINE,
        "asks again [G]",
        "no",
        "[C] `% Do you really want to replace them? [yes/no]: ` (crypto ca import)",
    ),
    Question(
        "ftd-yes-no",
        p.YES_OR_NO,
        Reads.LINE,
        "asks again [G]",
        "invalid: asks again",
        "[C] unicon FTD mock data `Please enter 'YES' or 'NO':`",
    ),
    Question(
        "confreg",
        p.CONFREG_QUESTION,
        Reads.LINE,
        "the default in brackets",
        "n (the safe answer the toolkit gives too)",
        "[C] reference §6",
    ),
    Question(
        "copy-remote-host",
        p.COPY_REMOTE_HOST,
        Reads.LINE,
        "the default in brackets",
        "host `n`: the copy only asks its next question",
        "[C] reference §4.3",
    ),
    Question(
        "copy-source",
        p.COPY_SOURCE,
        Reads.LINE,
        "the default in brackets",
        "file `n`: the copy only asks its next question",
        "[C] reference §4.3",
    ),
    Question(
        "copy-destination",
        p.COPY_DESTINATION,
        Reads.LINE,
        "the default in brackets: the copy starts",
        "destination `n`: a copy left at its last question writes disk0:/n (never over an "
        "existing file without its own `[confirm]`)",
        "[C] reference §4.3",
    ),
    Question(
        "username",
        p.USERNAME,
        Reads.LINE,
        "asks again",
        "user `n`: no real account is tried, the unit asks `Password:`",
        "[C] unicon ASA mock data `Username: `",
    ),
    Question(
        "password",
        p.PASSWORD,
        Reads.LINE,
        "a blank password",
        "a wrong password: `Invalid password` (enable), or one failed login of the user "
        "somebody typed before leaving the line (a blank Enter counts the same)",
        "[C] `Invalid password` capture (docs/device-reference.md)",
    ),
)

_NEVER = re.compile(r"^(?:yes|confirms)\b", re.IGNORECASE)


def nudge_is_safe(question: Question) -> bool:
    """True when the nudge neither confirms nor says yes at `question`."""
    return _NEVER.search(question.n_effect) is None


def question_for(text: str) -> Question | None:
    """The table row for the question at the end of `text`, if any."""
    for question in QUESTIONS:
        if question.pattern.search(text):
            return question
    return None
