"""One run against one unit: the channel, the driver, the command runners, and run-wide state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rommon_toolkit.console.channel import Channel
from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError, LineLostError
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.vocabulary import WAKE_UP_WAIT
from rommon_toolkit.rommon.device.asa_runner import AsaRunner
from rommon_toolkit.rommon.device.consent import ConsentGate
from rommon_toolkit.rommon.device.credentials import Credentials
from rommon_toolkit.rommon.device.driver import FIRST_LISTEN, Driver, Facts
from rommon_toolkit.rommon.device.rommon_runner import RommonRunner
from rommon_toolkit.rommon.errors import OperatorAbortError, RommonError
from rommon_toolkit.rommon.feedback import Feedback
from rommon_toolkit.rommon.records.report import StepRunner

# --timeout-scale below 1 (the virtual ASA only) shortens the silent-line waits down to this.
SILENT_LINE_FLOOR = 0.5


@dataclass(frozen=True)
class Timeouts:
    """Deadlines in seconds; the defaults fit real units (minutes-long boots and copies)."""

    reach_rommon: float = 900.0  # includes a reload or a power cycle by the engineer
    boot: float = 1200.0  # an image booting up to the ASA prompt
    command: float = 120.0
    tftpdnld: float = 3600.0
    copy: float = 7200.0
    verify: float = 1800.0
    no_request: float = 60.0  # no TFTP request this long after `tftpdnld`: diagnose
    firmware_upgrade: float = 1800.0  # seed 001: call Cisco TAC after 30 minutes
    first_listen: float = FIRST_LISTEN  # listen this long before a line counts as silent
    wake_up: float = WAKE_UP_WAIT  # after each key of the nudge, wait this long for an answer

    def scaled(self, factor: float) -> Timeouts:
        """All deadlines multiplied by `factor` (tests on a fast virtual unit use < 1).

        The two waits on a silent line never go below SILENT_LINE_FLOOR: even a virtual unit
        gets time to show a countdown, or the question an `n` may have led to, before the
        toolkit presses another key.
        """
        values = {k: v * factor for k, v in self.__dict__.items()}
        for name in ("first_listen", "wake_up"):
            values[name] = max(values[name], min(getattr(self, name), SILENT_LINE_FLOOR))
        return Timeouts(**values)


@dataclass
class UnitSession:
    """Everything a step needs to talk to the unit and to the engineer."""

    channel: Channel
    feedback: Feedback
    credentials: Credentials
    runner: StepRunner
    run_dir: Path
    timeouts: Timeouts = field(default_factory=Timeouts)
    assume_yes: bool = False
    take_backup: Callable[[UnitSession], Path] | None = None  # the workflow's backup, injected
    backup_taken: bool = False  # a fresh backup exists in this run (write memory needs it)
    backup_folder: Path | None = None  # where that backup went
    consent: ConsentGate = field(init=False)
    driver: Driver = field(init=False)
    asa: AsaRunner = field(init=False)
    rommon: RommonRunner = field(init=False)

    def __post_init__(self) -> None:
        interactive = bool(getattr(self.feedback, "interactive", False))
        self.consent = ConsentGate(
            self.assume_yes,
            self.feedback.confirm if interactive else None,
            self.channel.note,
        )
        self.channel.before_send = self._vet
        self.driver = Driver(
            self.channel,
            self.credentials,
            self.feedback,
            confirm_reload=lambda: self.confirm(
                "The unit is running ASA software. Reload it to reach ROMMON?", Change.RELOAD
            ),
            before_reload=self.backup_before_change,
            first_listen=self.timeouts.first_listen,
            wake_up=self.timeouts.wake_up,
        )
        self.asa = AsaRunner(self.channel, timeout=self.timeouts.command)
        self.rommon = RommonRunner(self.channel, timeout=self.timeouts.command)

    @property
    def facts(self) -> Facts:
        return self.driver.facts

    def confirm(self, question: str, change: Change) -> bool:
        """--yes, or the engineer's answer; off a terminal without --yes: ConsentRequiredError.

        A yes is consumed by the next command of kind `change` (the gate lets it through).
        """
        return self.consent.request(change, question)

    def require_consent(self, question: str, change: Change) -> None:
        if not self.confirm(question, change):
            raise OperatorAbortError(f"not confirmed: {question}", "the unit was left as it was")

    def _vet(self, outgoing: str) -> None:
        """The channel's gate: every send is checked against what the unit last printed."""
        self.consent.check(self.channel.recent_text(), outgoing)

    def reach_rommon(self, *, allow_reload: bool = True, password_lost: bool = False) -> Facts:
        """The ROMMON prompt; `password_lost`: a running ASA is power-cycled by the engineer."""
        return self.driver.reach(
            Goal.ROMMON,
            Deadline.after(self.timeouts.reach_rommon),
            allow_reload=allow_reload,
            password_lost=password_lost,
        )

    def reach_enable(self, *, expect_reboot: bool = True, first_wait: float | None = None) -> Facts:
        """Privileged prompt with the pager off, from wherever the unit is.

        A boot in progress is followed without a key (`expect_reboot`); only after
        `tftpdnld` or a ROMMON `boot` is a restart a failure (`expect_reboot=False`).
        `first_wait`: how long to listen before the line counts as silent (default
        `timeouts.first_listen`).
        """
        facts = self.driver.reach(
            Goal.ENABLE,
            Deadline.after(self.timeouts.boot),
            expect_reboot=expect_reboot,
            first_wait=first_wait,
        )
        self.asa.run("terminal pager 0")
        return facts

    def reload_and_wait(self) -> Facts:
        """`reload`, then follow the restart WITHOUT interrupting it, up to the `#` prompt."""
        self.channel.send_line("reload")
        facts = self.driver.reach(
            Goal.ENABLE,
            Deadline.after(self.timeouts.reach_rommon + self.timeouts.boot),
            expect_reboot=True,
            reload_sent=True,
            first_wait=self.timeouts.command,
        )
        self.asa.run("terminal pager 0")
        return facts

    def boot_from_rommon(self, image: str) -> Facts:
        """At the ROMMON prompt: `boot disk0:/IMAGE`, then follow the boot to `#`."""
        self.channel.send_line(f"boot {image}")
        return self.reach_enable(expect_reboot=False, first_wait=self.timeouts.command)

    def log_out(self) -> bool:
        """At the end of a run: leave configuration mode and log off the console (`exit`).

        Only from an ASA prompt (never at ROMMON or a question); best effort: a unit that does
        not answer is left as it is. True when the unit showed it logged off.
        """
        tail = self.channel.recent_text().rstrip(" ").rsplit("\n", 1)[-1]
        match = p.ASA_PROMPT.search(tail)
        if match is None or tail.lower().startswith("rommon"):
            return False
        wait = min(self.timeouts.command, 10.0)
        try:
            if match.group("mode"):
                self.asa.run("end", timeout=wait)
            self.channel.send_line("exit")
            self.channel.expect([p.USERNAME, p.ASA_PROMPT], Deadline.after(wait))
        except (RommonError, ExpectTimeoutError, LineLostError):
            return False
        self.channel.note("logged off the console at the end of the run (exit)")
        return True

    def backup_before_change(self) -> None:
        """A fresh backup of this run, taken once, before the first change to the unit."""
        if self.backup_taken:
            return
        if self.take_backup is None:
            raise RommonError("no backup procedure was given to this session (a bug)")
        with self.runner.step("backup") as step:
            self.backup_folder = self.take_backup(self)
            step.details["folder"] = str(self.backup_folder)
        self.backup_taken = True
