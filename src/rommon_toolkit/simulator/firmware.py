"""The unit's firmware thread: ROMMON from power-on to a boot, then the ASA OS, forever.

A `Reboot` (reload, `reset`, ROMMON upgrade, reboot-mid-copy) goes back to the banner;
`PowerLost` ends the thread (the unit object starts a fresh one at the next power-on).
"""

from __future__ import annotations

import shutil

from rommon_toolkit.simulator.asa_os.main import run_asa
from rommon_toolkit.simulator.bootorder import CONFREG_AUTOBOOT
from rommon_toolkit.simulator.context import BootRequest, UnitContext
from rommon_toolkit.simulator.errors import Reboot
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.monitor.banner import (
    Countdown,
    erase_dialog,
    erase_everything,
    print_banner,
    run_countdown,
)
from rommon_toolkit.simulator.monitor.loader import autoboot
from rommon_toolkit.simulator.monitor.shell import rommon_shell
from rommon_toolkit.simulator.monitor.upgrade import pending_stage, run_stage
from rommon_toolkit.simulator.scenarios import make_boot_loop
from rommon_toolkit.simulator.texts import rommon as rtext


def apply_scenario_faults(ctx: UnitContext) -> None:
    """Faults that describe a unit's state are written into it once, then switched off.

    `password-recovery-disabled`: NVRAM says ROMMON access is disabled (as after a saved
    `no service password-recovery` or a `y` in the confreg menu). `boot-loop`: the boot
    string points at a missing image and disk0 holds no other image.
    """
    if Fault.PASSWORD_RECOVERY_DISABLED in ctx.faults:
        nvram = ctx.state.nvram()
        nvram.password_recovery = False
        ctx.state.save_nvram(nvram)
        ctx.faults.discard(Fault.PASSWORD_RECOVERY_DISABLED)
    if Fault.BOOT_LOOP in ctx.faults:
        make_boot_loop(ctx.state, ctx.disk)
        ctx.faults.discard(Fault.BOOT_LOOP)


def _reset_hardware(ctx: UnitContext) -> None:
    ctx.line.flush_input()
    shutil.rmtree(ctx.state.ram, ignore_errors=True)
    ctx.hardware = ctx.state.hardware()
    ctx.line.unit_baud = ctx.state.nvram().baud
    ctx.live.running = None
    ctx.live.copy_in_progress = None


def rommon_stage(ctx: UnitContext, cause: str) -> BootRequest:
    """Banner, countdown, autoboot or the prompt, until an image is handed over."""
    _reset_hardware(ctx)
    apply_scenario_faults(ctx)
    if pending_stage(ctx) is not None:
        run_stage(ctx, cause)
    ctx.set_mode("banner")
    print_banner(ctx, cause)
    nvram = ctx.state.nvram()
    if not nvram.confreg & CONFREG_AUTOBOOT:
        return rommon_shell(ctx)
    ended = run_countdown(ctx, nvram)
    if ended is Countdown.INTERRUPTED:
        if nvram.password_recovery:
            ctx.say(rtext.BOOT_INTERRUPTED)
            return rommon_shell(ctx)
        if erase_dialog(ctx):
            erase_everything(ctx)
            return rommon_shell(ctx)
    boot = autoboot(ctx)
    if boot is None:
        return rommon_shell(ctx)
    return boot


def run_firmware(ctx: UnitContext, cause: str) -> None:
    """Run until power is lost (PowerLost propagates to the thread's top)."""
    while True:
        try:
            boot = rommon_stage(ctx, cause)
            run_asa(ctx, boot)
            cause = rtext.RESET_RELOAD
        except Reboot as reboot:
            cause = reboot.cause
