"""The two reloads of a ROMMON upgrade (reference section 5; the texts are [NF] guesses).

`upgrade rommon` in the ASA OS records `{"version": V, "stage": "flash"}` in NVRAM and
reloads. At the next power-on the old ROMMON writes the new image and reloads; the new
ROMMON then validates itself and reloads once more into a normal boot.
"""

from __future__ import annotations

from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.errors import Reboot
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.monitor.banner import print_banner
from rommon_toolkit.simulator.texts import rommon as rtext

STAGE_FLASH = "flash"
STAGE_VALIDATE = "validate"
PROGRESS_STEPS = 10


def _work(ctx: UnitContext, seconds: float) -> None:
    if Fault.SLOW_UPGRADE in ctx.faults:
        seconds *= rtext.SLOW_UPGRADE_FACTOR
    for _ in range(PROGRESS_STEPS):
        ctx.pause(seconds / PROGRESS_STEPS)
        ctx.out(".")
    ctx.say("")


def pending_stage(ctx: UnitContext) -> str | None:
    """The upgrade stage waiting in NVRAM, if any."""
    upgrade = ctx.state.nvram().rommon_upgrade
    return None if upgrade is None else upgrade.get("stage")


def run_stage(ctx: UnitContext, cause: str) -> None:
    """Play the pending stage; always ends in Reboot."""
    nvram = ctx.state.nvram()
    upgrade = nvram.rommon_upgrade or {}
    version = upgrade.get("version", ctx.hardware.rommon_version)
    ctx.set_mode("upgrading")
    if upgrade.get("stage") == STAGE_FLASH:
        print_banner(ctx, cause)
        ctx.say(rtext.UPGRADE_FLASHING.format(version=version))
        ctx.out(rtext.UPGRADE_PROGRESS)
        _work(ctx, rtext.UPGRADE_FLASH_SECONDS)
        ctx.hardware = ctx.hardware.with_rommon(version)
        ctx.state.save_hardware(ctx.hardware)
        nvram.rommon_upgrade = {"version": version, "stage": STAGE_VALIDATE}
        ctx.state.save_nvram(nvram)
        ctx.say(rtext.UPGRADE_WRITTEN)
        raise Reboot(rtext.RESET_RELOAD)
    print_banner(ctx, cause, bank=1)
    ctx.out(rtext.UPGRADE_VALIDATING.format(version=version))
    _work(ctx, rtext.UPGRADE_VALIDATE_SECONDS)
    nvram.rommon_upgrade = None
    ctx.state.save_nvram(nvram)
    ctx.say(rtext.UPGRADE_DONE.format(version=version))
    raise Reboot(rtext.RESET_RELOAD)
