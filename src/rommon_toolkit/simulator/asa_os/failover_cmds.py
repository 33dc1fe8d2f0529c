"""`show failover` on a lone unit (the `Failover Off` form [C]); on a pair member the unit's
failover port (simulator/failover/) prints the real pair form and runs the failover commands."""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import failover as ftext


def monitored(session: Session) -> int:
    """Named interfaces are monitored (`Monitored Interfaces N of 160 maximum`)."""
    return sum(1 for i in session.config.interfaces.values() if i.nameif is not None)


def show_failover_off(session: Session, unit: str = ftext.PRIMARY) -> str:
    """[C] ntc-templates `cisco_asa_show_failover_off.raw` layout."""
    lines = [
        ftext.FAILOVER_OFF,
        ftext.FAILOVER_UNIT.format(unit=unit),
        ftext.LAN_NOT_CONFIGURED,
        *(line.format(monitored=monitored(session)) for line in ftext.HEADER_LINES),
    ]
    return "\n".join(lines) + "\n"


def cmd_show_failover(session: Session, args: Args) -> None:
    """`show failover [state]`."""
    words = [w.lower() for w in args.texts]
    state = bool(words) and "state".startswith(words[0])
    if words and (not state or len(words) > 1):
        raise CommandError(text.INVALID_INPUT, args.column(0))
    port = session.ctx.failover
    if port is None:
        session.page(show_failover_off(session))
        return
    session.page(port.show_failover(session, state=state))


def cmd_failover_exec(session: Session, args: Args, command: str) -> None:
    """Hand a failover command to the pair; a lone unit has failover off."""
    port = session.ctx.failover
    if port is None:
        session.say(ftext.FAILOVER_NOT_ON)
        return
    port.command(session, command, args.texts)


def cmd_reload_standby(session: Session, args: Args) -> None:
    """`failover reload-standby`."""
    cmd_failover_exec(session, args, "reload-standby")


def cmd_failover_active(session: Session, args: Args) -> None:
    """`failover active`: this unit takes the active role."""
    cmd_failover_exec(session, args, "active")


def cmd_no_failover_active(session: Session, args: Args) -> None:
    """`no failover active`: this unit hands the active role to its mate."""
    cmd_failover_exec(session, args, "no-active")


def cmd_write_standby(session: Session, args: Args) -> None:
    """`write standby`: the whole configuration (and the certificates) to the standby."""
    cmd_failover_exec(session, args, "write-standby")


def _interface_port(args: Args, index: int) -> str:
    from rommon_toolkit.simulator.asa_os.names import interface_name

    name = interface_name(args.texts[index]) if index < len(args.texts) else None
    if name is None:
        raise CommandError(text.INVALID_INPUT, args.column(index))
    return name


def cmd_failover_config(session: Session, args: Args) -> None:
    """`failover`, `failover lan unit primary|secondary`, `failover lan interface NAME PORT`,
    `failover interface ip NAME IP MASK standby IP` (the bootstrap lines, ASA CLI guide [D])."""
    from rommon_toolkit.simulator.asa_os.configure import check_ip

    failover = session.config.failover
    words = [w.lower() for w in args.texts]
    if not words:
        failover.enabled = True
    elif words[:2] == ["lan", "unit"] and len(words) == 3 and words[2] in ("primary", "secondary"):
        failover.unit = words[2]
    elif words[:2] == ["lan", "interface"] and len(words) == 4:
        failover.lan_name, failover.lan_port = args.texts[2], _interface_port(args, 3)
    elif words[:2] == ["interface", "ip"] and len(words) == 7 and words[5] == "standby":
        if args.texts[2] != failover.lan_name:
            raise CommandError(text.INVALID_INPUT, args.column(2))
        ip, mask, standby = check_ip(args, 3), check_ip(args, 4, mask=True), check_ip(args, 6)
        failover.lan_ip = (ip, mask, standby)
    else:
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.changed()


def cmd_no_failover(session: Session, args: Args) -> None:
    """`no failover`: this unit leaves the pair at once (it keeps its role's configuration)."""
    if args.texts:
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.config.failover.enabled = False
    session.changed()
    port = session.ctx.failover
    if port is not None:
        port.command(session, "off", [])
