"""`rommon upgrade-firmware`: ROMMON firmware upgrade, never interrupted (seed 001).

Read the current version, refuse a downgrade / the same version / an unsupported starting
point, back up, stage and verify the file, `upgrade rommon`, confirm the reload, then wait
through the double reload sending NOTHING, with a persistent do-not-power-cycle warning,
and verify the new version in the banner and in `show module`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from rommon_toolkit.console.deadline import Deadline
from rommon_toolkit.console.errors import ExpectTimeoutError
from rommon_toolkit.rommon.decisions import patterns as p
from rommon_toolkit.rommon.decisions.changes import Change
from rommon_toolkit.rommon.decisions.firmware_rules import (
    CALL_SUPPORT_MINUTES,
    check_upgrade,
    show,
    target_version,
)
from rommon_toolkit.rommon.decisions.machine import Goal
from rommon_toolkit.rommon.decisions.parsers import (
    parse_module_firmware,
    parse_show_version,
    version_tuple,
)
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.device.boundary import console_errors
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError, DeviceTimeoutError
from rommon_toolkit.rommon.workflows.staging import ProgressSource, StageRequest, stage_image

DO_NOT_POWER_CYCLE = "ROMMON upgrade in progress: DO NOT power-cycle, reset or unplug the unit"
TIMEOUT_ADVICE = (
    f"Cisco: if the upgrade is not complete within {CALL_SUPPORT_MINUTES} minutes or fails, "
    "contact Cisco technical support; do NOT power-cycle or reset the device. The toolkit "
    "sent nothing and left the unit alone; the transcript shows its last output."
)


@dataclass(frozen=True)
class FirmwareOutcome:
    before: str
    after: str
    minutes: float


def current_version(session: UnitSession) -> tuple[tuple[int, ...], str]:
    """(version, model) from `show module` Fw Version, else `show version`."""
    version = parse_show_version(session.asa.run("show version"))
    firmware = parse_module_firmware(session.asa.run("show module"))
    text = firmware or version.rommon_version or session.facts.rommon_version
    if not text:
        raise DeviceRefusedError(
            "cannot read the current ROMMON version (show module, show version)",
            "check `show module` by hand: the Fw Version of module 1 is the ROMMON version",
        )
    return version_tuple(text), version.model or session.facts.model or ""


def upgrade_firmware(
    session: UnitSession, request: StageRequest, progress: ProgressSource | None = None
) -> FirmwareOutcome:
    """The whole upgrade; the unit must be at the `#` prompt."""
    target = target_version(request.image.name)
    current, model = current_version(session)
    check_upgrade(current, target, platform_for(model))
    session.feedback.tell(f"ROMMON {show(current)} -> {show(target)} on this {model}")
    session.backup_before_change()
    stage_image(session, request, progress)
    _start_upgrade(session, f"disk0:/{request.image.name}")
    started = time.monotonic()
    session.feedback.warn(DO_NOT_POWER_CYCLE)

    limit = session.timeouts.firmware_upgrade

    def heartbeat() -> None:
        elapsed = time.monotonic() - started
        session.feedback.progress(
            "ROMMON upgrade, do NOT power-cycle",
            0,
            None,
            f"waiting for the unit to come back: {elapsed / 60:.1f} of {limit / 60:.0f} min",
        )

    with session.runner.step("wait-upgrade", deadline_s=session.timeouts.firmware_upgrade):
        try:
            facts = session.driver.reach(
                Goal.ENABLE,
                Deadline.after(session.timeouts.firmware_upgrade),
                expect_reboot=True,
                reload_confirmed=True,
                hands_off=True,
                first_wait=session.timeouts.firmware_upgrade,
                heartbeat=heartbeat,
            )
        except DeviceTimeoutError as exc:
            raise DeviceTimeoutError(
                "the ROMMON upgrade did not finish within "
                f"{session.timeouts.firmware_upgrade / 60:.0f} minutes",
                TIMEOUT_ADVICE,
            ) from exc
    session.asa.run("terminal pager 0")
    banner = facts.rommon_version or ""
    module = parse_module_firmware(session.asa.run("show module")) or ""
    if version_tuple(banner) != target or version_tuple(module) != target:
        raise DeviceRefusedError(
            f"after the upgrade the banner says {banner or '?'} and show module says "
            f"{module or '?'}, not {show(target)}",
            TIMEOUT_ADVICE,
        )
    minutes = (time.monotonic() - started) / 60
    session.feedback.tell(f"ROMMON is now {show(target)} (took {minutes:.1f} minutes)")
    return FirmwareOutcome(show(current), show(target), round(minutes, 2))


def _start_upgrade(session: UnitSession, path: str) -> None:
    """`upgrade rommon FILE`: verification must succeed, then confirm the reload."""
    channel = session.channel
    patterns = [p.PROCEED_WITH_RELOAD, p.ASA_PROMPT, p.INVALID_INPUT]
    with session.runner.step("upgrade-rommon", file=path) as step, console_errors():
        channel.send_line(f"upgrade rommon {path}")
        try:
            result = channel.expect(patterns, Deadline.after(session.timeouts.verify))
        except ExpectTimeoutError as exc:
            raise DeviceTimeoutError(
                "`upgrade rommon` did not ask to reload", exc.received[-300:]
            ) from exc
        said = result.before
        if result.index != 0 or not p.SIGNATURE_VALIDATED.search(said):
            raise DeviceRefusedError(
                f"the unit refused `upgrade rommon {path}`", said.strip()[-400:]
            )
        step.details["verified"] = True
        session.require_consent(
            "The firmware verified. Reload now to upgrade ROMMON?", Change.RELOAD
        )
        channel.send("y")  # every ASA takes `y` at `[confirm]`; some take nothing else
