"""The `rommon N >` prompt: read a command, run it, count up (reference sections 2 and 6)."""

from __future__ import annotations

import ipaddress

from rommon_toolkit.simulator.context import BootRequest, UnitContext
from rommon_toolkit.simulator.disk import DiskPathError
from rommon_toolkit.simulator.errors import Reboot
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.monitor.confreg import confreg
from rommon_toolkit.simulator.monitor.loader import autoboot, load_from_disk
from rommon_toolkit.simulator.monitor.tftpdnld import tftpdnld
from rommon_toolkit.simulator.monitor.variables import ALIASES, ASSIGNMENT, RommonVariables
from rommon_toolkit.simulator.network import route_problem
from rommon_toolkit.simulator.texts import rommon as rtext


def _dir(ctx: UnitContext, args: list[str]) -> None:
    target = args[0] if args else "disk0:"
    try:
        base = ctx.disk.resolve(target) if target.lower() not in ("disk0:", "disk0:/") else None
    except DiskPathError:
        ctx.say(rtext.DIR_USAGE)
        return
    if base is not None and not base.is_dir():
        ctx.say(rtext.DIR_USAGE)
        return
    ctx.out(rtext.DIR_HEADER)
    for entry in ctx.disk.entries(base):
        ctx.say(rtext.DIR_ROW.format(size=entry.size, name=entry.name))
    ctx.out(rtext.DIR_FOOTER.format(free=ctx.disk.free()))


def _ping(ctx: UnitContext, variables: RommonVariables, args: list[str]) -> None:
    values = variables.values
    target = values["SERVER"] if not args or args[0].lower() == "server" else args[0]
    try:
        ipaddress.IPv4Address(target)
    except ValueError:
        ctx.say(rtext.PING_USAGE)
        return
    ctx.say(rtext.PING_HEADER.format(server=target), "")
    reachable = (
        bool(values["ADDRESS"] and values["NETMASK"])
        and route_problem(values["ADDRESS"], values["NETMASK"], values["GATEWAY"], target) is None
        and Fault.NO_MGMT_LINK not in ctx.faults
    )
    if reachable:
        ctx.pause(0.1)
        ctx.say(rtext.PING_RESULT.format(percent=100, ok=20))
    else:
        ctx.pause(4.0 * 20)  # every echo waits out its 4 s timeout
        ctx.say(rtext.PING_RESULT.format(percent=0, ok=0))


def _boot(ctx: UnitContext, args: list[str]) -> BootRequest | None:
    if not args:
        return autoboot(ctx, announce=False)
    if len(args) > 1:
        ctx.say(rtext.BOOT_USAGE)
        return None
    ctx.set_mode("booting")
    boot = load_from_disk(ctx, args[0])
    if boot is None:
        ctx.set_mode("rommon")
    return boot


def _sync(ctx: UnitContext, variables: RommonVariables) -> None:
    nvram = ctx.state.nvram()
    nvram.variables = variables.saved()
    ctx.state.save_nvram(nvram)
    if rtext.SYNC_OUTPUT:
        ctx.say(rtext.SYNC_OUTPUT)


def run_command(ctx: UnitContext, variables: RommonVariables, line: str) -> BootRequest | None:
    """One command line; a BootRequest when it boots an image."""
    match = ASSIGNMENT.match(line)
    if match is not None:
        error = variables.assign(match.group(1), match.group(2))
        if error:
            ctx.say(error)
        return None
    words = line.split()
    verb, args = words[0].lower(), words[1:]
    if verb in ALIASES and len(args) == 1:
        error = variables.assign(ALIASES[verb], args[0])
        if error:
            ctx.say(error)
    elif verb == "set" and not args:
        ctx.say(*variables.set_lines())
    elif verb == "unset":
        if len(args) != 1:
            ctx.say(rtext.UNSET_USAGE)
        else:
            variables.unset(args[0])
    elif verb == "sync":
        _sync(ctx, variables)
    elif verb == "ping":
        _ping(ctx, variables, args)
    elif verb == "tftpdnld":
        return tftpdnld(ctx, variables)
    elif verb == "boot":
        return _boot(ctx, args)
    elif verb == "confreg":
        confreg(ctx, args[0] if args else "")
    elif verb == "reset":
        raise Reboot(rtext.RESET_ROMMON_RESET)
    elif verb == "dir":
        _dir(ctx, args)
    elif verb in ("help", "?"):
        ctx.out(rtext.HELP_TEXT)
    else:
        ctx.say(rtext.UNKNOWN_COMMAND.format(command=words[0]))
    return None


def rommon_shell(ctx: UnitContext) -> BootRequest:
    """Prompt until a command boots an image (`reset` raises Reboot instead)."""
    ctx.set_mode("rommon")
    variables = RommonVariables(ctx.state.nvram().variables)
    counter = 1
    while True:
        ctx.live.rommon_counter = counter
        ctx.out(variables.prompt(counter))
        line = ctx.editor.read_line().strip()
        if not line:
            continue  # [NF] guess: an empty line reprints the prompt without counting
        counter += 1
        boot = run_command(ctx, variables, line)
        if boot is not None:
            return boot
        ctx.set_mode("rommon")
