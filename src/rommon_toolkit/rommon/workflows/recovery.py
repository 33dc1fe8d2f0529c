"""`rommon recover`: from wherever the unit is to a running image, then flash and boot repair.

Resumable: the run starts from the state it finds. A unit already running the served image
(from TFTP or disk0) skips ROMMON; staging skips a verified copy; boot repair changes nothing
that is already right. No destructive step is repeated.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from ipaddress import IPv4Interface
from typing import Any

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.images import check_asa_image_for
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.parsers import parse_show_version
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.decisions.tftpdnld_diagnosis import NO_REQUEST_ADVICE, diagnose
from rommon_toolkit.rommon.decisions.variables import assignment_commands, diff_variables
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.device.driver import ANY_LINE
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError, DeviceTimeoutError, PreflightError
from rommon_toolkit.rommon.workflows.boot_repair import (
    apply_boot_plan,
    read_boot_state,
    reload_and_verify,
)
from rommon_toolkit.rommon.workflows.bundled_http import HttpLink
from rommon_toolkit.rommon.workflows.bundled_tftp import TftpLink
from rommon_toolkit.rommon.workflows.plan import RecoveryPlan
from rommon_toolkit.rommon.workflows.staging import stage_image
from rommon_toolkit.rommon.workflows.staging_server import stage_request
from rommon_toolkit.rommon.workflows.unit_identity import identify_unit

_TFTPDNLD_PATTERNS = [p.LFBFF_VERIFIED, p.INIT_BOOTING, p.ROMMON_PROMPT, p.ERASE_DISK0_PROMPT]


@dataclass
class RecoveryOutcome:
    """Where the run started from and what the unit runs at the end."""

    started_from: str
    running_image: str | None = None
    staged: bool = False
    boot_lines: tuple[str, ...] = ()
    booted_after_reload: str | None = None

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def run_recovery(
    plan: RecoveryPlan,
    session: UnitSession,
    link: TftpLink | None,
    http: HttpLink | None = None,
) -> RecoveryOutcome:
    """The whole run; raises a RommonError subclass on any refusal or timeout.

    `link` serves tftpdnld (None: an external TFTP server); `http`, when given, serves the
    staging copy (--transport http), else the staging copy uses TFTP like tftpdnld.
    """
    started = _reach_rommon_or_served_image(plan, session)
    outcome = RecoveryOutcome(started_from=started)
    if started == "rommon":
        _check_model(plan, session)
        _set_variables(plan, session)
        _load_over_tftp(plan, session, link)
        with session.runner.step("boot-to-prompt"):
            session.reach_enable(expect_reboot=False, first_wait=session.timeouts.command)
    outcome.running_image = _check_running_image(plan, session)
    if not plan.stage:
        return outcome
    a = plan.addressing
    serving: TftpLink | HttpLink | None = http or link
    request = stage_request(
        http,
        plan.image,
        plan.sha512,
        a.server,
        planned=IPv4Interface(f"{a.address}/{a.netmask}"),
        gateway=a.gateway,
    )
    progress = (lambda: serving.progress(plan.image.name)) if serving else None
    with session.runner.step(
        "stage", target=plan.disk0_target, transport=request.transport
    ) as step:
        staged = stage_image(session, request, progress)
        outcome.staged = True
        step.details["copied"] = staged.copied
    boot = read_boot_state(session, plan.disk0_target)
    apply_boot_plan(session, boot)
    outcome.boot_lines = boot.desired
    if plan.verify_reload:
        result = reload_and_verify(session, boot)
        outcome.booted_after_reload = result.booted
        outcome.running_image = result.booted  # what it runs now: no longer the TFTP boot
        if not result.on_target:
            raise DeviceRefusedError(
                f"after the reload the unit runs {result.booted}, not {plan.disk0_target}",
                "the boot lines were written; see `show bootvar` and the transcript",
            )
    return outcome


def _served(plan: RecoveryPlan, image: str | None) -> str | None:
    """'tftp' or 'disk0' when `image` is the plan's image, else None."""
    if not image or not image.endswith("/" + plan.image.name):
        return None
    return "tftp" if image.lower().startswith("tftp:") else "disk0"


def _reach_rommon_or_served_image(plan: RecoveryPlan, session: UnitSession) -> str:
    """ROMMON prompt ('rommon'), or the ASA already running the served image."""
    with session.runner.step("reach-rommon") as step:
        facts = session.driver.reach(
            Goal.ROMMON, Deadline.after(session.timeouts.reach_rommon), stop_at_enable=True
        )
        if (facts.prompt or "").startswith("rommon"):
            step.details["from"] = facts.seen[:1]
            return "rommon"
        session.asa.run("terminal pager 0")
        version = session.asa.run("show version")
        identify_unit(session, version)  # records from here on go to this unit's journal
        running = parse_show_version(version).system_image
        where = _served(plan, running)
        if where is not None:
            step.details["resumed"] = f"already running {running}"
            session.feedback.tell(f"the unit already runs {running}: continuing from there")
            return f"running-from-{where}"
        session.feedback.tell(f"the unit runs {running}; a reload is needed to reach ROMMON")
        session.reach_rommon(allow_reload=True)
        return "rommon"


def _check_model(plan: RecoveryPlan, session: UnitSession) -> None:
    seen = session.facts.model
    if seen is None:
        if plan.platform is None:
            session.feedback.warn(
                "model not seen (the unit was already at the ROMMON prompt); the image family "
                "was checked against the 5506-X/5508-X/5516-X family"
            )
        return
    if plan.platform is not None and seen != plan.platform.model:
        raise DeviceRefusedError(
            f"this unit is an {seen}, not an {plan.platform.model} as given with --model",
            "check you are on the right console port, or correct --model",
        )
    try:
        check_asa_image_for(plan.info, platform_for(seen))
    except PreflightError as exc:
        raise DeviceRefusedError(exc.message, exc.advice) from exc


ASSIGNMENT_RESENDS = 2  # an assignment is safe to repeat: resend it when the prompt is garbled
READBACK_RETRIES = 2  # `set` read back differently: assign and read again, this many times


def _set_variables(plan: RecoveryPlan, session: UnitSession) -> None:
    variables = plan.rommon_variables
    with session.runner.step("set-variables", variables=variables):
        for command in assignment_commands(variables):
            session.rommon.run(command, resend=ASSIGNMENT_RESENDS)
        differences = diff_variables(variables, session.rommon.read_variables())
        for _ in range(READBACK_RETRIES):
            if not differences:
                break
            # A noisy line garbles the read-back as well: set the values again and re-read.
            session.channel.note("`set` differs from the plan: setting the variables again")
            for command in assignment_commands(variables):
                session.rommon.run(command, resend=ASSIGNMENT_RESENDS)
            differences = diff_variables(variables, session.rommon.read_variables())
        if differences:
            raise DeviceRefusedError(
                "ROMMON does not hold the planned values: "
                + "; ".join(d.describe() for d in differences),
                "nothing was downloaded; see `set` in the transcript",
            )
    with session.runner.step("sync"):
        session.rommon.run("sync")


def _load_over_tftp(plan: RecoveryPlan, session: UnitSession, link: TftpLink | None) -> None:
    name = plan.image.name
    attempt = 0
    while True:
        attempt += 1
        mark = link.mark() if link else None
        with session.runner.step("tftpdnld", attempt=attempt) as step:
            booting, output = _watch_tftpdnld(plan, session, link)
            if booting:
                if link is not None:
                    done = link.transfers_json()[-1:]
                    step.details["transfer"] = done
                    if done:
                        _tell_transfer(session, done[0])
                return
            view = link.view(name, plan.size, since=mark) if link else None
            diagnosis = diagnose(output, view, name)
            step.outcome = "failed"
            step.details["diagnosis"] = diagnosis.kind.value
        session.feedback.warn(f"tftpdnld attempt {attempt}: {diagnosis.message}")
        if attempt >= diagnosis.attempts_allowed:
            raise DeviceRefusedError(diagnosis.message, diagnosis.advice)


def _tell_transfer(session: UnitSession, transfer: dict[str, Any]) -> None:
    rate = float(transfer["rate_bytes_per_s"] or 0) / 1e6
    session.feedback.tell(
        f"tftpdnld: {transfer['bytes']:,} bytes in {transfer['seconds']:.1f} s "
        f"({rate:.2f} MB/s, {transfer['retransmits']} retransmits); the image is booting"
    )


def _watch_tftpdnld(
    plan: RecoveryPlan, session: UnitSession, link: TftpLink | None
) -> tuple[bool, str]:
    """(True, output) once the image boots; (False, output) back at the ROMMON prompt."""
    channel = session.channel
    deadline = Deadline.after(session.timeouts.tftpdnld)
    started = last_tick = time.monotonic()
    mark = link.mark() if link else None
    warned = False
    parts: list[str] = []
    patterns = [*_TFTPDNLD_PATTERNS, ANY_LINE]
    with console_errors():
        channel.send_line("tftpdnld")
        while True:
            try:
                result = channel.expect(patterns, deadline.capped(1.0))
                parts += [result.before, result.after]
                index = result.index
            except ExpectTimeoutError as exc:
                if deadline.expired():
                    raise DeviceTimeoutError(
                        "tftpdnld did not finish in time", exc.received[-300:].strip()
                    ) from exc
                index = len(patterns)
            if index in (0, 1):
                return True, "".join(parts)
            if index == 2:
                return False, "".join(parts)
            if index == 3:
                raise DeviceRefusedError("ROMMON asked to erase disk0 during tftpdnld")
            now = time.monotonic()
            if link is not None and now - last_tick >= 1.0:
                last_tick = now
                done, total, detail = link.progress(plan.image.name)
                session.feedback.progress("tftpdnld", done, total or plan.size, detail)
                quiet = not link.view(plan.image.name, plan.size, since=mark).requests
                if quiet and not warned and now - started > session.timeouts.no_request:
                    warned = True
                    session.feedback.warn(
                        f"no TFTP request after {now - started:.0f} s. " + NO_REQUEST_ADVICE
                    )


def _check_running_image(plan: RecoveryPlan, session: UnitSession) -> str | None:
    running = parse_show_version(session.asa.run("show version")).system_image
    if _served(plan, running) is None:
        raise DeviceRefusedError(
            f"the unit runs {running!r}, not the served image {plan.image.name}",
            "see `show version` in the transcript",
        )
    return running
