"""`confreg`: the Kenton interactive menu and `confreg 0xNN` (reference section 6).

The register value carries the auto-boot bit (0x1) and ignore-config (0x40) [C]; password
recovery, the break prompt, the baud rate and the boot index live beside it in NVRAM
because their bit positions on Kenton are [NF].
"""

from __future__ import annotations

from rommon_toolkit.simulator.bootorder import CONFREG_AUTOBOOT, CONFREG_IGNORE_CONFIG
from rommon_toolkit.simulator.context import UnitContext
from rommon_toolkit.simulator.state import Nvram
from rommon_toolkit.simulator.texts import rommon as rtext

YES = ("y", "yes")


def summary(nvram: Nvram) -> list[str]:
    """The `Configuration Summary` block for these settings."""
    items: list[str] = []
    if nvram.password_recovery:
        items.append("password recovery")
    if nvram.break_prompt:
        items.append("display break prompt")
    if nvram.confreg & CONFREG_IGNORE_CONFIG:
        items.append("ignore system configuration")
    if nvram.confreg & CONFREG_AUTOBOOT:
        items.append("auto-boot image in disks")
    items.append(f"console baud: {nvram.baud}")
    lines = [rtext.CONFREG_HEADER.format(value=nvram.confreg), rtext.CONFREG_SUMMARY]
    lines += [rtext.CONFREG_ITEM.format(index=i, text=t) for i, t in enumerate(items)]
    if nvram.confreg & CONFREG_AUTOBOOT:
        lines.append(rtext.CONFREG_BOOT.format(index=nvram.boot_index))
    else:
        lines.append(rtext.CONFREG_BOOT_ROMMON)
    return lines


def parse_value(text: str) -> int | None:
    """`0x41`, `41` (hex, as Cisco reads it) -> 0x41; None if it is not hex."""
    cleaned = text.strip().lower().removeprefix("0x")
    try:
        value = int(cleaned, 16)
    except ValueError:
        return None
    return value if 0 <= value <= 0xFFFFFFFF else None


def _yes(ctx: UnitContext, question: str) -> bool:
    return ctx.ask(question).strip().lower() in YES


def _toggle(ctx: UnitContext, feature: str, enabled: bool) -> bool:
    """Ask to flip one feature; returns the new state."""
    verb = "disable" if enabled else "enable"
    if _yes(ctx, rtext.CONFREG_QUESTION.format(verb=verb, feature=feature)):
        return not enabled
    return enabled


def _menu(ctx: UnitContext, nvram: Nvram) -> None:
    nvram.password_recovery = _toggle(ctx, "password recovery", nvram.password_recovery)
    nvram.break_prompt = _toggle(ctx, "display break prompt", nvram.break_prompt)
    ignore = _toggle(
        ctx, "ignore system configuration", bool(nvram.confreg & CONFREG_IGNORE_CONFIG)
    )
    nvram.confreg = (nvram.confreg & ~CONFREG_IGNORE_CONFIG) | (
        CONFREG_IGNORE_CONFIG if ignore else 0
    )
    autoboot = _toggle(ctx, "auto-boot image in disks", bool(nvram.confreg & CONFREG_AUTOBOOT))
    nvram.confreg = (nvram.confreg & ~CONFREG_AUTOBOOT) | (CONFREG_AUTOBOOT if autoboot else 0)
    if _yes(ctx, rtext.CONFREG_BAUD_QUESTION):
        answer = ctx.ask(rtext.CONFREG_BAUD_PROMPT).strip() or "0"
        if answer.isdigit() and int(answer) < len(rtext.CONFREG_BAUD_CHOICES):
            nvram.baud = rtext.CONFREG_BAUD_CHOICES[int(answer)]
    if _yes(ctx, rtext.CONFREG_IMAGE_QUESTION):
        answer = ctx.ask(rtext.CONFREG_IMAGE_PROMPT.format(index=nvram.boot_index)).strip()
        if answer.isdigit() and int(answer) >= 1:
            nvram.boot_index = int(answer)


def confreg(ctx: UnitContext, argument: str) -> None:
    """Run `confreg [value]`; changes are written to NVRAM at once."""
    nvram = ctx.state.nvram()
    if argument:
        value = parse_value(argument)
        if value is None:
            ctx.say(rtext.CONFREG_BAD_VALUE.format(value=argument))
            return
        nvram.confreg = value
        ctx.state.save_nvram(nvram)
        ctx.say(rtext.CONFREG_TAKE_EFFECT)
        return
    ctx.say("", *summary(nvram), "")
    if not _yes(ctx, rtext.CONFREG_CHANGE):
        return
    _menu(ctx, nvram)
    ctx.state.save_nvram(nvram)
    ctx.say("", *summary(nvram), "", rtext.CONFREG_TAKE_EFFECT)
