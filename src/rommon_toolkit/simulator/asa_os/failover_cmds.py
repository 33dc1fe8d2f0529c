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
