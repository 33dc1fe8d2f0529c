"""The probe's pure classifier: normalised console text in, `ProbeResult` out.

Feed text in any chunks; the answer depends only on the text, never on how it was cut.
Complete lines teach facts (model, versions, hostname) and move the phase (booting,
countdown, ...); the last non-blank line decides when it is a prompt or a question.
Memory is bounded: only the current line is kept, and a very long line only by its two ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, replace

from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.states import ProbeState

LINE_KEEP = 2048  # a line longer than 2 * LINE_KEEP keeps its first and last LINE_KEEP chars


@dataclass(frozen=True)
class ProbeResult:
    """What the probe learnt; None where it was not seen."""

    state: ProbeState
    model: str | None = None
    rommon_version: str | None = None
    asa_version: str | None = None
    hostname: str | None = None
    prompt: str | None = None
    failover: str | None = None
    question: str | None = None
    context: str | None = None  # security context of a multi-context prompt (`asa/admin#`)

    def to_json(self) -> dict[str, str | None]:
        """The JSON object `rommon probe --json` prints."""
        data = asdict(self)
        data["state"] = self.state.value
        return data


_LEVEL_STATE = {">": ProbeState.ASA_USER, "#": ProbeState.ASA_ENABLE}

# Questions in the order they are tried on the last line: (pattern, state).
_QUESTIONS: tuple[tuple[re.Pattern[str], ProbeState], ...] = (
    (p.ERASE_DISK0_PROMPT, ProbeState.ROMMON_ERASE_PROMPT),
    (p.PRECONFIGURE, ProbeState.ASA_SETUP_WIZARD),
    (p.SETUP_WIZARD_QUESTION, ProbeState.ASA_SETUP_WIZARD),
    (p.USERNAME, ProbeState.ASA_LOGIN),
    (p.ENTER_NEW_PASSWORD, ProbeState.DIALOG),
    (p.REPEAT_NEW_PASSWORD, ProbeState.DIALOG),
    (p.PASSWORD, ProbeState.DIALOG),
    (p.ANONYMOUS_REPORTING_QUESTION, ProbeState.DIALOG),
    (p.SAVE_CONFIG, ProbeState.DIALOG),
    (p.PROCEED_WITH_RELOAD, ProbeState.DIALOG),
    (p.COPY_REMOTE_HOST, ProbeState.DIALOG),
    (p.COPY_SOURCE, ProbeState.DIALOG),
    (p.COPY_DESTINATION, ProbeState.DIALOG),
    (p.OVERWRITE, ProbeState.DIALOG),
    (p.CONFIRM, ProbeState.DIALOG),
    (p.YES_OR_NO, ProbeState.DIALOG),
    (p.YES_NO_QUESTION, ProbeState.DIALOG),
    (p.CONFREG_QUESTION, ProbeState.DIALOG),
)

# Lines that show the phase the unit is in, in the order they are tried.
_PHASES: tuple[tuple[re.Pattern[str], ProbeState], ...] = (
    (p.BOOT_INTERRUPTED, ProbeState.ROMMON),
    (p.BOOTING_FROM_ROMMON, ProbeState.ROMMON),
    (p.USE_HELP, ProbeState.ROMMON),
    (p.COUNTDOWN, ProbeState.BOOT_COUNTDOWN),
    (p.PASSWORD_RECOVERY_DISABLED, ProbeState.ROMMON_ERASE_PROMPT),
    (p.ROMMON_ACCESS_DISABLED, ProbeState.ROMMON_ERASE_PROMPT),
    (p.ROM_IMAGE_VERIFIED, ProbeState.BOOTING),
    (p.ROMMON_BANNER, ProbeState.BOOTING),
    (p.ROMMON_BOOT_DETAIL, ProbeState.BOOTING),
    (p.PLATFORM, ProbeState.BOOTING),
    (p.LOCATED, ProbeState.BOOTING),
    (p.ATTEMPT_AUTOBOOT, ProbeState.BOOTING),
    (p.LFBFF_VERIFIED, ProbeState.BOOTING),
    (p.INIT_BOOTING, ProbeState.BOOTING),
    (p.LAUNCHING_BOOTLOADER, ProbeState.BOOTING),
    (p.ASA_BOOT_PROGRESS, ProbeState.BOOTING),
    (p.SW_DRBG_PASSED, ProbeState.BOOTING),
    (p.GRACEFUL_SHUTDOWN, ProbeState.BOOTING),
    (p.PROCESS_SHUTDOWN_FINISHED, ProbeState.BOOTING),
    (p.REBOOTING, ProbeState.BOOTING),
)


@dataclass(frozen=True)
class _Final:
    state: ProbeState
    prompt: str | None = None
    question: str | None = None


@dataclass(frozen=True)
class _Facts:
    model: str | None = None
    rommon_version: str | None = None
    asa_version: str | None = None
    hostname: str | None = None
    failover: str | None = None
    context: str | None = None


def _fact_rules() -> tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], dict[str, str]]], ...]:
    return (
        (p.PLATFORM, lambda m: {"model": m["model"]}),
        (p.HARDWARE, lambda m: {"model": m["model"]}),
        (p.ROMMON_BANNER, lambda m: {"rommon_version": m["version"]}),
        (p.ROMMON_VERSION_SHOW, lambda m: {"rommon_version": m["version"]}),
        (p.ASA_VERSION, lambda m: {"asa_version": m["version"]}),
        (p.USER_LOGGED_IN, lambda m: {"hostname": m["hostname"]}),
    )


_FACT_RULES = _fact_rules()


def _asa_prompt_state(match: re.Match[str]) -> ProbeState:
    if match["mode"]:
        return ProbeState.ASA_CONFIG
    return _LEVEL_STATE[match["level"]]


def _prompt_facts(match: re.Match[str]) -> dict[str, str | None]:
    hostname, failover = p.split_prompt_name(match["name"])
    return {"hostname": hostname, "failover": failover, "context": p.prompt_context(match["name"])}


def _keep_ends(text: str) -> str:
    if len(text) > 2 * LINE_KEEP:
        return text[:LINE_KEEP] + text[-LINE_KEEP:]
    return text


class Classifier:
    """Incremental classifier over normalised text (see `console.normalize`)."""

    def __init__(self) -> None:
        self._partial = ""
        self._last_line = ""  # last complete non-blank line
        self._line_before_last = ""
        self._phase: ProbeState | None = None
        self._facts = _Facts()
        self._heard = False

    def feed(self, text: str) -> None:
        """Take the next piece of normalised text."""
        if not text:
            return
        if not self._heard and text.strip():
            self._heard = True
        *complete, rest = text.split("\n")
        for piece in complete:
            line = _keep_ends(self._partial + piece)
            self._partial = ""
            self._take_line(line)
        self._partial = _keep_ends(self._partial + rest)

    def result(self) -> ProbeResult:
        """The state and facts for everything fed so far."""
        if not self._heard:
            return ProbeResult(ProbeState.SILENT)
        facts, phase = self._facts, self._phase
        if self._partial.strip():
            final, previous = self._partial, self._last_line
            facts = self._learn(final, facts)
            phase = self._phase_of(final) or phase
        else:
            final, previous = self._last_line, self._line_before_last
        found = self._final_line(final, previous)
        return ProbeResult(
            state=found.state if found else (phase or ProbeState.UNKNOWN),
            model=facts.model,
            rommon_version=facts.rommon_version,
            asa_version=facts.asa_version,
            hostname=facts.hostname,
            failover=facts.failover,
            context=facts.context,
            prompt=found.prompt if found else None,
            question=found.question if found else None,
        )

    def _take_line(self, line: str) -> None:
        if not line.strip():
            return
        self._facts = self._learn(line, self._facts)
        self._phase = self._phase_of(line) or self._phase
        self._line_before_last, self._last_line = self._last_line, line

    @staticmethod
    def _learn(line: str, facts: _Facts) -> _Facts:
        for pattern, extract in _FACT_RULES:
            match = pattern.search(line)
            if match:
                facts = replace(facts, **extract(match))
        prompt = p.ASA_PROMPT.search(line) or p.ASA_COMMAND_ECHO.search(line)
        if prompt and not p.ROMMON_PROMPT.search(line):
            facts = replace(facts, **_prompt_facts(prompt))
        return facts

    @staticmethod
    def _phase_of(line: str) -> ProbeState | None:
        if p.ROMMON_PROMPT.search(line) or p.ROMMON_COMMAND_ECHO.search(line):
            return ProbeState.ROMMON
        if p.ERASE_DISK0_PROMPT.search(line):
            return ProbeState.ROMMON_ERASE_PROMPT
        echo = p.ASA_PROMPT.search(line) or p.ASA_COMMAND_ECHO.search(line)
        if echo:
            return _asa_prompt_state(echo)
        for pattern, state in _PHASES:
            if pattern.search(line):
                return state
        return None

    @staticmethod
    def _final_line(final: str, previous: str) -> _Final | None:
        """The prompt or question when the last non-blank line is one."""
        if p.ROMMON_PROMPT.search(final):
            return _Final(ProbeState.ROMMON, prompt=final)
        if p.MORE_PROMPT.search(final):
            return _Final(ProbeState.ASA_MORE, prompt=final)
        for pattern, state in _QUESTIONS:
            if pattern.search(final):
                login = pattern is p.PASSWORD and p.USERNAME_ANSWERED.search(previous)
                return _Final(ProbeState.ASA_LOGIN if login else state, question=final)
        asa = p.ASA_PROMPT.search(final)
        if asa:  # the prompt without text printed before it on its line
            return _Final(_asa_prompt_state(asa), prompt=final[asa.start("prompt") :])
        return None


def classify(text: str) -> ProbeResult:
    """Classify one complete piece of normalised text."""
    classifier = Classifier()
    classifier.feed(text)
    return classifier.result()
