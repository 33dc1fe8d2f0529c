"""`show failover` and `show failover state` of a pair member ([C] ntc-templates
`cisco_asa_show_failover_firepower.raw`, an ASA5516 pair; research notes §2.1, §2.2)."""

from __future__ import annotations

import time

from rommon_toolkit.simulator.asa_os.config import AsaConfig, Interface
from rommon_toolkit.simulator.asa_os.failover_cmds import show_failover_off
from rommon_toolkit.simulator.asa_os.health import link_up
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.failover.link import ACTIVE, FAILED, STANDBY, FailoverLink, Member
from rommon_toolkit.simulator.texts import failover as ftext

STATE_NAMES = {
    ACTIVE: ftext.STATE_ACTIVE,
    STANDBY: ftext.STATE_STANDBY_READY,
    FAILED: ftext.STATE_INCOMPATIBLE,
}


def _unit_name(config: AsaConfig) -> str:
    return ftext.PRIMARY if config.failover.unit == "primary" else ftext.SECONDARY


def _other_name(config: AsaConfig) -> str:
    return ftext.SECONDARY if config.failover.unit == "primary" else ftext.PRIMARY


def _monitored(config: AsaConfig) -> list[Interface]:
    lan = config.failover.lan_port
    return [i for i in config.interfaces.values() if i.nameif is not None and i.name != lan]


def _state(member: Member | None) -> str:
    if member is None or member.session is None or member.role is None:
        return ftext.STATE_FAILED
    return STATE_NAMES[member.role]


def _address(link: FailoverLink, member: Member, interface: Interface) -> str:
    address = link.address_for(member, interface)
    return address[0] if address else "0.0.0.0"


def _host_block(link: FailoverLink, member: Member, session: Session, formed: bool) -> list[str]:
    """Active time, slot line and the monitored interfaces of a unit that runs."""
    model = session.ctx.model
    lines = [
        ftext.ACTIVE_TIME.format(seconds=member.active_seconds()),
        ftext.SLOT_LINE.format(
            platform=model.platform, hw=model.hw_version, version=session.boot.version
        ),
    ]
    for interface in _monitored(session.config):
        if not link_up(session, interface):
            status = ftext.IFACE_NO_LINK
        elif formed and link.address_for(member, interface) is not None:
            status = ftext.IFACE_NORMAL
        else:
            status = ftext.IFACE_WAITING
        lines.append(
            ftext.INTERFACE_LINE.format(
                nameif=interface.nameif, address=_address(link, member, interface), status=status
            )
        )
    return lines


def _absent_block(member: Member | None, session: Session) -> list[str]:
    """The mate that does not run: its active time, its interfaces `Unknown (Waiting)` [C]."""
    seconds = member.active_seconds() if member is not None else 0
    lines = [ftext.ACTIVE_TIME.format(seconds=seconds)]
    for interface in _monitored(session.config):
        address = interface.standby_address if session.config.failover.unit == "primary" else None
        address = address or (interface.address[0] if interface.address else "0.0.0.0")
        lines.append(
            ftext.INTERFACE_LINE.format(
                nameif=interface.nameif, address=address, status=ftext.IFACE_UNKNOWN
            )
        )
    return lines


def show_failover(link: FailoverLink, me: Member, session: Session) -> str:
    """The pair form; the `Failover Off` form when this unit's failover is off."""
    config = session.config
    if not config.failover.enabled:
        return show_failover_off(session, _unit_name(config))
    mate = link.mate_of(me)
    peer = mate.session if mate is not None else None
    formed = me.role in (ACTIVE, STANDBY) and mate is not None and mate.role in (ACTIVE, STANDBY)
    lan = config.failover
    lines = [
        ftext.FAILOVER_ON,
        ftext.FAILOVER_UNIT.format(unit=_unit_name(config)),
        ftext.LAN_INTERFACE.format(nameif=lan.lan_name, port=lan.lan_port, state="up"),
        *(line.format(monitored=len(_monitored(config))) for line in ftext.HEADER_LINES),
        ftext.VERSION_LINE.format(
            ours=session.boot.version, mate=peer.boot.version if peer else ftext.MATE_UNKNOWN
        ),
        ftext.SERIAL_LINE.format(
            ours=session.ctx.hardware.serial,
            mate=peer.ctx.hardware.serial if peer else ftext.MATE_UNKNOWN,
        ),
    ]
    if link.last_failover is not None:
        stamp = time.strftime(ftext.LAST_FAILOVER_TIME, time.gmtime(link.last_failover))
        lines.append(ftext.LAST_FAILOVER.format(stamp=stamp))
    lines.append(ftext.HOST_LINE.format(unit=_unit_name(config), state=_state(me)))
    lines += _host_block(link, me, session, formed)
    lines.append(ftext.OTHER_LINE.format(unit=_other_name(config), state=_state(mate)))
    if mate is not None and peer is not None:
        lines += _host_block(link, mate, peer, formed)
    else:
        lines += _absent_block(mate, session)
    lines += ["", *ftext.STATEFUL_UNCONFIGURED]
    return "\n".join(lines) + "\n"


def _failure(member: Member | None) -> tuple[str, str]:
    if member is None or member.failure is None:
        return ftext.REASON_NONE, ""
    reason, stamp = member.failure
    return reason, time.strftime(ftext.LAST_FAILOVER_TIME, time.gmtime(stamp))


def show_failover_state(link: FailoverLink, me: Member, session: Session) -> str:
    """`show failover state` [C] layout."""
    config = session.config
    if not config.failover.enabled:
        return show_failover_off(session, _unit_name(config))
    mate = link.mate_of(me)
    mine_reason, mine_stamp = ftext.REASON_NONE, ""
    theirs_reason, theirs_stamp = _failure(me)
    if mate is not None and mate.session is not None:
        theirs_reason, theirs_stamp = ftext.REASON_NONE, ""
    rows = [
        "",
        ftext.STATE_TABLE_HEADER,
        ftext.STATE_THIS_HOST.format(unit=_unit_name(config)),
        ftext.STATE_ROW.format(state=_state(me), reason=mine_reason, stamp=mine_stamp).rstrip(),
        ftext.STATE_OTHER_HOST.format(unit=_other_name(config)),
        ftext.STATE_ROW.format(
            state=_state(mate), reason=theirs_reason, stamp=theirs_stamp
        ).rstrip(),
    ]
    sync = ftext.SYNC_DONE_STANDBY if me.role == STANDBY else ftext.SYNC_DONE
    rows += [line.format(sync=sync) for line in ftext.STATE_TAIL]
    return "\n".join(rows) + "\n"
