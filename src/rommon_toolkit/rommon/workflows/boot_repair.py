"""Make the unit boot the target image on its own: boot lines, config register, write memory.

Optionally reload and verify, letting the unit boot WITHOUT interruption; if it falls back or
lands in ROMMON, boot the fallback from ROMMON and report.
"""

from __future__ import annotations

from dataclasses import dataclass

from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.bootvar import (
    NORMAL_CONFREG,
    BootPlan,
    choose_target,
    plan_boot,
)
from rommon_toolkit.rommon.decisions.machine import LandedInRommonError
from rommon_toolkit.rommon.decisions.parsers import parse_boot_lines, parse_dir, parse_show_version
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError
from rommon_toolkit.rommon.workflows.plan import PlannedCommand, RecoveryPlan


@dataclass(frozen=True)
class ReloadOutcome:
    """What the unit booted after the verifying reload."""

    booted: str | None
    on_target: bool
    via_rommon_fallback: bool


def read_boot_state(session: UnitSession, image: str | None) -> BootPlan:
    """The plan from the unit's current state (no change made)."""
    version = parse_show_version(session.asa.run("show version"))
    current = parse_boot_lines(session.asa.run("show running-config boot"))
    listing = parse_dir(session.asa.run("dir disk0:"))
    target = choose_target(image, version.system_image, listing)
    confreg = version.confreg_next or version.confreg
    return plan_boot(current, listing, target, version.system_image, confreg)


def check_signature(session: UnitSession, target: str) -> None:
    """`verify disk0:/X` must validate the signature before boot points at it."""
    output = session.asa.run(f"verify {target}", timeout=session.timeouts.verify)
    if not p.SIGNATURE_VALIDATED.search(output):
        raise DeviceRefusedError(
            f"the unit did not validate the signature of {target}",
            "the file is damaged or not a Cisco image: stage it again. The unit said: "
            + output.strip()[-300:],
        )


def apply_boot_plan(session: UnitSession, plan: BootPlan) -> None:
    """Backup, configure, `write memory` ([OK] required), then read back and compare."""
    for note in plan.notes:
        session.feedback.tell(note)
    if not plan.changes_needed:
        session.runner.skip("boot-config", "boot lines and config register are already right")
        return
    check_signature(session, plan.desired[0])
    session.backup_before_change()
    with session.runner.step("boot-config", commands=plan.commands):
        session.asa.configure(plan.commands)
    with session.runner.step("write-memory") as step:
        output = session.asa.run("write memory", timeout=session.timeouts.command)
        if not p.OK.search(output):
            raise DeviceRefusedError(
                "`write memory` did not answer [OK]", "the unit said: " + output.strip()[-300:]
            )
        step.details["ok"] = True
    lines = tuple(parse_boot_lines(session.asa.run("show running-config boot")))
    if lines != plan.desired:
        raise DeviceRefusedError(
            f"boot lines read back as {list(lines)}, expected {list(plan.desired)}",
            "see the transcript; nothing else was changed",
        )
    if plan.confreg is not None and f"config-register {NORMAL_CONFREG}" in plan.commands:
        version = parse_show_version(session.asa.run("show version"))
        if (version.confreg_next or version.confreg) != NORMAL_CONFREG:
            raise DeviceRefusedError(
                f"the config register did not change to {NORMAL_CONFREG}",
                "set it by hand: `configure terminal`, `config-register 0x1`, `write memory`",
            )


def reload_and_verify(session: UnitSession, plan: BootPlan) -> ReloadOutcome:
    """Reload, let it boot on its own, and check which image it runs."""
    target = plan.desired[0]
    fallback = plan.desired[1] if len(plan.desired) > 1 else None
    with session.runner.step("reload-verify", target=target) as step:
        try:
            session.reload_and_wait()
        except LandedInRommonError:
            if fallback is None:
                raise
            session.feedback.warn(f"the unit landed in ROMMON; booting the fallback {fallback}")
            session.boot_from_rommon(fallback)
            running = parse_show_version(session.asa.run("show version")).system_image
            step.details["booted"] = running
            raise DeviceRefusedError(
                f"{target} did not boot; the unit now runs the fallback {running}",
                "the target image is refused by the unit: check it with `verify` and the "
                "release notes for this model",
            ) from None
        running = parse_show_version(session.asa.run("show version")).system_image
        step.details["booted"] = running
    on_target = (running or "").lower() == target.lower()
    if not on_target:
        session.feedback.warn(f"after the reload the unit runs {running}, not {target}")
    return ReloadOutcome(running, on_target, via_rommon_fallback=False)


def planned_commands(plan: RecoveryPlan) -> list[PlannedCommand]:
    """The boot-repair commands as `--dry-run` shows them for a recovery."""
    target = plan.disk0_target
    commands = [
        PlannedCommand("asa", "show running-config boot", "and dir disk0:, show version"),
        PlannedCommand("asa", f"verify {target}", "signature check before boot points at it"),
        PlannedCommand("asa-config", "no boot system <each current line>", "only if not right"),
        PlannedCommand("asa-config", f"boot system {target}"),
        PlannedCommand("asa-config", "boot system <previous good image>", "when one exists"),
        PlannedCommand("asa-config", "config-register 0x1", "only if it is 0x40/0x41"),
        PlannedCommand("asa", "write memory", "expects [OK]; a backup was taken in this run"),
    ]
    if plan.verify_reload:
        commands += [
            PlannedCommand("asa", "reload", "then no key at all during the countdown"),
            PlannedCommand("asa", "show version", f"must say {target}"),
        ]
    return commands
