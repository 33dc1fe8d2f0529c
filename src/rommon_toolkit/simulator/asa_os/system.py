"""`write memory`, `write erase`, `reload` and `upgrade rommon` (reference 4.3, 4.4, 5)."""

from __future__ import annotations

import time

from rommon_toolkit.simulator.asa_os.config import checksum
from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.signature import signature_lines, signer_lines
from rommon_toolkit.simulator.bootorder import boot_string_text
from rommon_toolkit.simulator.disk import BOOT_STRING, DiskPathError
from rommon_toolkit.simulator.errors import ImageError, Reboot
from rommon_toolkit.simulator.images import inspect_image
from rommon_toolkit.simulator.models import MIN_UPGRADABLE_ROMMON, parse_rommon_version
from rommon_toolkit.simulator.monitor.upgrade import STAGE_FLASH
from rommon_toolkit.simulator.state import write_atomic
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import rommon as rtext

SAVE_SECONDS = 0.3


def save_running(session: Session) -> str:
    """Write the running configuration and the boot string to flash; the saved text."""
    body = session.running_config()
    ctx = session.ctx
    ctx.state.save_startup_config(body)
    boot_string = ctx.disk.root / BOOT_STRING
    if session.config.boot_system:
        write_atomic(boot_string, boot_string_text(session.config.boot_system).encode())
    else:
        boot_string.unlink(missing_ok=True)
    session.dirty = False
    ctx.live.config_dirty = False
    return body


def write_memory(session: Session) -> None:
    """Save the running configuration and the boot string [C]; a failover active saves on
    its standby too [D]."""
    started = time.monotonic()
    session.say(text.BUILDING)
    ctx = session.ctx
    body = save_running(session)
    if ctx.failover is not None:
        ctx.failover.memory_written(session)
    ctx.pause(SAVE_SECONDS)
    session.say(text.CRYPTOCHECKSUM.format(checksum=checksum(body)), "")
    secs = max(time.monotonic() - started, 0.001)
    session.say(text.BYTES_COPIED_PLAIN.format(size=len(body.encode()), secs=secs), text.OK)
    session.dirty = False
    ctx.live.config_dirty = False


def cmd_write(session: Session, args: Args) -> None:
    """`write [memory|erase|terminal]`."""
    words = [w.lower() for w in args.texts]
    if not words or "memory".startswith(words[0]):
        write_memory(session)
    elif "erase".startswith(words[0]):
        if session.confirm(text.ERASE_CONFIRM):
            session.ctx.state.erase_startup_config()
            session.say("", text.OK)
    elif "terminal".startswith(words[0]):
        session.page(session.running_config())
    else:
        raise CommandError(text.INVALID_INPUT, args.column(0))


def reload_now(session: Session, cause: str = rtext.RESET_RELOAD) -> None:
    """The shutdown text, then back to the ROMMON banner."""
    session.ctx.set_mode("reloading")
    session.out(session.prompt())
    session.out(text.SHUTDOWN)
    session.ctx.pause(text.SHUTDOWN_SECONDS)
    raise Reboot(cause)


def cmd_reload(session: Session, args: Args) -> None:
    """`reload [noconfirm]`: save question only with unsaved changes [C]."""
    noconfirm = any("noconfirm".startswith(w.lower()) for w in args.texts)
    if session.dirty and not noconfirm:
        while True:
            answer = session.ask(text.SAVE_QUESTION).strip().lower()
            if answer in ("y", "yes"):
                write_memory(session)
                break
            if answer in ("n", "no"):
                break
    if not noconfirm and not session.confirm_key(text.PROCEED_RELOAD):
        return
    reload_now(session)


def cmd_upgrade_rommon(session: Session, args: Args) -> None:
    """`upgrade rommon disk0:asa5500-firmware-NNNN.SPA` (seed 001 dialog)."""
    ctx = session.ctx
    if not args.words:
        raise CommandError(text.INCOMPLETE)
    try:
        path = ctx.disk.resolve(args.texts[0])
    except DiskPathError:
        raise CommandError(text.INVALID_INPUT, args.column(0)) from None
    display = ctx.disk.display(path)
    if not path.is_file():
        session.say(text.FILE_MISSING.format(path=display))
        return
    try:
        info = inspect_image(path)
    except ImageError:
        session.say(text.UPGRADE_NOT_FIRMWARE.format(path=display))
        return
    if info.kind != "firmware":
        session.say(text.UPGRADE_NOT_FIRMWARE.format(path=display))
        return
    session.say(text.VERIFYING_INTEGRITY.format(path=display), "")
    valid, lines = signature_lines(path)
    session.say(*lines)
    if not valid:
        session.say(text.SIGNATURE_BAD.format(path=display))
        return
    session.say(text.SIGNATURE_OK, *signer_lines(display, info), text.VERIFICATION_OK)
    current = ctx.hardware.rommon_version
    if parse_rommon_version(current) < parse_rommon_version(MIN_UPGRADABLE_ROMMON):
        session.say(text.UPGRADE_TOO_OLD.format(current=current))
        return
    if parse_rommon_version(info.version) <= parse_rommon_version(current):
        session.say(text.UPGRADE_REFUSED.format(new=info.version, current=current))
        return
    if not session.confirm_key(text.PROCEED_RELOAD):
        return
    nvram = ctx.state.nvram()
    nvram.rommon_upgrade = {"version": info.version, "stage": STAGE_FLASH}
    ctx.state.save_nvram(nvram)
    reload_now(session)
