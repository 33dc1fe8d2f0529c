"""`show version`, `show module`, `show bootvar`, `show running-config ...` (reference 4)."""

from __future__ import annotations

import time

from rommon_toolkit.simulator.asa_os.names import dotted_mac, interface_name
from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.bootorder import read_boot_string
from rommon_toolkit.simulator.images import inspect_image
from rommon_toolkit.simulator.state import chassis_serial
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import asa_boot as boot_text
from rommon_toolkit.simulator.texts.release import prints_rommon_line, release_facts

# [S] src 3, next to the ROMMON line on 9.16.
FPGA_LINES = ("FPGA UPGRADE Version      : 3.0", "FPGA GOLDEN Version       : 3.0")
STORAGE_LINES = (  # [C] src 4 / src 14
    "Internal ATA Compact Flash, 8000MB",
    "BIOS Flash M25P64 @ 0xfed01000, 16384KB",
)
ROMMON_LINE = "ROMMON Version            : {version}"  # [S] src 3: 12 spaces before the colon


def uptime(seconds: float) -> str:
    """`2 days 3 hours`, `4 mins 12 secs`: the two largest units, as the ASA prints."""
    total = int(seconds)
    parts = [
        (total // 86400, "day"),
        (total % 86400 // 3600, "hour"),
        (total % 3600 // 60, "min"),
        (total % 60, "sec"),
    ]
    while len(parts) > 2 and parts[0][0] == 0:
        parts.pop(0)
    return " ".join(f"{n} {unit}{'s' if n != 1 else ''}" for n, unit in parts[:2])


def confreg_line(session: Session) -> str:
    """`Configuration register is 0x1`, or the `(will be 0x.. at next reload)` form [C]."""
    pending = session.ctx.state.nvram().confreg
    if pending != session.confreg_at_boot:
        return text.CONFREG_PENDING.format(value=session.confreg_at_boot, next=pending)
    return text.CONFREG_LINE.format(value=pending)


def _interface_rows(session: Session) -> list[str]:
    mac = session.ctx.hardware.mac
    rows = []
    names = [f"GigabitEthernet1/{n}" for n in range(1, 9)] + ["Management1/1"]
    for index, name in enumerate(names, start=1):
        offset = 0 if name == "Management1/1" else index
        irq = 0 if name == "Management1/1" else 255
        rows.append(f"{index:>2}: Ext: {name:<20}: address is {dotted_mac(mac, offset)}, irq {irq}")
    return rows


def show_version(session: Session) -> str:
    """The `show version` text of the running image."""
    ctx, boot = session.ctx, session.boot
    facts = release_facts(boot.version)
    hostname = session.config.hostname
    lines = [
        boot_text.SOFTWARE_VERSION.format(version=boot.version) + " ",
        facts.platform_os,
        facts.asdm,
        "",
        boot_text.COMPILED.format(compiled=facts.compiled),
        f'System image file is "{boot.url}"',
        f'Config file at boot was "{session.config_source}"',
        "",
        f"{hostname} up {uptime(ctx.clock.now() - session.booted_at)}",
        "",
        f"Hardware:   {session.hardware_line()}",
        *STORAGE_LINES,
    ]
    if prints_rommon_line(boot.version):
        lines += [ROMMON_LINE.format(version=ctx.hardware.rommon_version), *FPGA_LINES]
    lines += [
        "",
        boot_text.CRYPTO_DEVICE,
        "                             Number of accelerators: 1",
        "",
        *_interface_rows(session),
        "",
        boot_text.LICENSE_HEADER,
        *boot_text.LICENSE_ROWS,
        "",
        boot_text.BASE_LICENSE,
        "",
        f"Serial Number: {ctx.hardware.serial}",
        boot_text.ACTIVATION_DONE,
        confreg_line(session),
        f"Image type                : {_image_type(session)}",
        "Key Version               : A",
        "",
        _modified_line(session),
    ]
    return "\n".join(lines) + "\n"


def _modified_line(session: Session) -> str:
    """[S] src 14 form; the time is the wall clock of the last change."""
    if session.modified_at is None:
        return "Configuration has not been modified since last system restart."
    stamp = time.strftime("%H:%M:%S.000 UTC %a %b %d %Y", time.gmtime(session.modified_at))
    return f"Configuration last modified by enable_15 at {stamp}"


def _image_type(session: Session) -> str:
    try:
        return inspect_image(session.boot.image).image_type
    except (OSError, ValueError):
        return "Release"


def show_module(session: Session) -> str:
    """`show module`: the ROMMON version under Fw Version [S src 15]."""
    ctx = session.ctx
    model = ctx.model
    mac = ctx.hardware.mac
    mac_range = f"{dotted_mac(mac)} to {dotted_mac(mac, 8)}"
    lines = [
        "",
        "Mod  Card Type                                    Model              Serial No.",
        "---- -------------------------------------------- ------------------ -----------",
        f"   1 {model.card_type:<44} {model.platform:<18} {ctx.hardware.serial}",
        "",
        "Mod  MAC Address Range                 Hw Version   Fw Version   Sw Version",
        "---- --------------------------------- ------------ ------------ ---------------",
        f"   1 {mac_range:<33} {model.hw_version:<12} "
        f"{ctx.hardware.rommon_version:<12} {session.boot.version}",
        "",
        "Mod  SSM Application Name           Status           SSM Application Version",
        "---- ------------------------------ ---------------- --------------------------",
        "",
        "Mod  Status             Data Plane Status     Compatibility",
        "---- ------------------ --------------------- -------------",
        "   1 Up Sys             Not Applicable",
    ]
    return "\n".join(lines) + "\n"


def show_inventory(session: Session) -> str:
    """`show inventory`: the Chassis entry only [C form, research notes §4.6]; the other
    entries (the 5506's `Storage Device 1`) are left out [NF for the 5508/5516]."""
    model = session.ctx.model
    serial = chassis_serial(session.ctx.hardware.serial)
    lines = [
        f'Name: "Chassis", DESCR: "{model.inventory_descr}"',
        f"PID: {model.platform:<18}, VID: V01     , SN: {serial}",
        "",
    ]
    return "\n".join(lines) + "\n"


def show_bootvar(session: Session) -> str:
    """`show bootvar` in the Kenton form [NF]: saved vs running `boot system` lists."""
    saved = ";".join(read_boot_string(session.ctx.disk))
    current = ";".join(session.config.boot_system)
    return text.SHOW_BOOTVAR.format(boot=saved, current=current)


def running_section(session: Session, words: list[str], column: int) -> str:
    """`show running-config [boot [system]] [interface X] [KEYWORD]`."""
    body = session.running_config()
    if not words:
        return body
    lines = body.splitlines()
    key = words[0].lower()
    if "interface".startswith(key) and len(key) >= 3:
        if len(words) < 2:
            return _blocks(lines, None)
        name = interface_name(words[1])
        if name is None:
            raise CommandError(text.INVALID_INPUT, column)
        return _blocks(lines, name)
    prefix = " ".join(w.lower() for w in words)
    chosen = [line for line in lines if line.startswith(prefix) or line.startswith(f"no {prefix}")]
    return "".join(f"{line}\n" for line in chosen)


def _blocks(lines: list[str], name: str | None) -> str:
    """The `interface` blocks (all of them when `name` is None)."""
    kept: list[str] = []
    keep = False
    for line in lines:
        if line.startswith("interface "):
            keep = name is None or line == f"interface {name}"
        elif not line.startswith(" "):
            keep = False
        if keep:
            kept.append(line + "\n")
    return "".join(kept)


def cmd_show_version(session: Session, _args: Args) -> None:
    """`show version`."""
    session.page(show_version(session))


def cmd_show_module(session: Session, _args: Args) -> None:
    """`show module [all]`."""
    session.page(show_module(session))


def cmd_show_inventory(session: Session, _args: Args) -> None:
    session.page(show_inventory(session))


def cmd_show_bootvar(session: Session, _args: Args) -> None:
    """`show bootvar`."""
    session.page(show_bootvar(session))


def cmd_show_running(session: Session, args: Args) -> None:
    """`show running-config ...`."""
    words = [w for w in args.texts if w.lower() not in ("all",)]
    session.page(running_section(session, words, args.column(0)))


def cmd_show_startup(session: Session, _args: Args) -> None:
    """`show startup-config`."""
    body = session.ctx.state.startup_config()
    session.page(body if body is not None else "")


def cmd_show_terminal(session: Session, _args: Args) -> None:
    """`show terminal`: the pager setting."""
    limit = session.pager_limit()
    session.say("Width = 80, " + (f"Height = {limit}" if limit else "no pager"))
