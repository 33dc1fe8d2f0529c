"""Power-on banner, the countdown window, and the password-recovery-disabled dialog."""

from __future__ import annotations

import time
from enum import Enum

from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.line import BREAK
from rommon_toolkit.simulator.models import rommon_build
from rommon_toolkit.simulator.state import Nvram
from rommon_toolkit.simulator.texts import rommon as rtext

ESC, SPACE = 0x1B, 0x20


class Countdown(Enum):
    """How the countdown window ended."""

    INTERRUPTED = "interrupted"  # ESC or BREAK
    BOOT_NOW = "boot-now"  # SPACE
    EXPIRED = "expired"  # no key: autoboot


def print_banner(ctx: UnitContext, cause: str, *, bank: int = 0) -> None:
    """The ROMMON banner of the model (reference 1.1)."""
    hardware = ctx.hardware
    build = rommon_build(hardware.rommon_version)
    lines = [
        rtext.ROM_VERIFIED,
        rtext.BANNER_VERSION.format(version=hardware.rommon_version),
        rtext.BANNER_COPYRIGHT.format(year=build.year),
        rtext.BANNER_COMPILED.format(compiled=build.compiled, builder=build.builder),
        "",
        rtext.CURRENT_IMAGE.format(bank=bank),
        rtext.LAST_RESET.format(cause=cause),
        *(rtext.DIMM_PRESENT.format(slot=n) for n in range(ctx.model.dimm_slots)),
        "",
        rtext.PLATFORM.format(platform=ctx.model.platform, memory=ctx.model.memory_mb),
        rtext.MAC_ADDRESS.format(mac=hardware.mac),
        "",
    ]
    ctx.say(*lines)


def countdown_seconds(ctx: UnitContext) -> int:
    """The window length under the active faults."""
    if Fault.SHORT_COUNTDOWN in ctx.faults:
        return rtext.SHORT_COUNTDOWN_SECONDS
    if Fault.MISSED_COUNTDOWN in ctx.faults:
        return rtext.MISSED_COUNTDOWN_SECONDS
    return rtext.COUNTDOWN_SECONDS


def run_countdown(ctx: UnitContext, nvram: Nvram) -> Countdown:
    """Print the interrupt lines and wait for ESC/BREAK/SPACE; the window is real time."""
    ctx.set_mode("countdown")
    seconds = countdown_seconds(ctx)
    visible = Fault.MISSED_COUNTDOWN not in ctx.faults
    if visible and nvram.break_prompt:
        ctx.say(rtext.USE_BREAK, rtext.USE_SPACE)
    shown = ""
    for remaining in range(seconds, 0, -1):
        if visible:
            text = rtext.COUNTDOWN.format(seconds=remaining)
            ctx.out("\r" + text.ljust(len(shown)))
            shown = text
        deadline = time.monotonic() + ctx.clock.real_seconds(1.0)
        while (left := deadline - time.monotonic()) > 0:
            key = ctx.editor.read_key(left)
            if key in (ESC, BREAK):
                if visible:
                    ctx.out("\r")
                return Countdown.INTERRUPTED
            if key == SPACE:
                if visible:
                    ctx.out("\r\n")
                return Countdown.BOOT_NOW
    if visible:
        ctx.out("\r\n")
    return Countdown.EXPIRED


def erase_dialog(ctx: UnitContext) -> bool:
    """ROMMON access is disabled: offer the erase. True if the engineer answered yes."""
    ctx.set_mode("erase-prompt")
    ctx.out("\n" + rtext.ERASE_WARNING)
    while True:
        answer = ctx.ask(rtext.ERASE_QUESTION).strip().lower()
        if answer in rtext.ERASE_ANSWERS_YES:
            return True
        if answer in rtext.ERASE_ANSWERS_NO:
            return False


def erase_everything(ctx: UnitContext) -> None:
    """The `yes` path [NF]: wipe disk0 and the startup-config, re-enable ROMMON access."""
    ctx.out(rtext.ERASE_PROGRESS)
    ctx.disk.erase()
    ctx.state.erase_startup_config()
    nvram = ctx.state.nvram()
    nvram.password_recovery = True
    ctx.state.save_nvram(nvram)
    ctx.out(rtext.ERASE_DONE)
