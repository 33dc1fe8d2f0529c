"""Interface sub-commands (`(config-if)#`): nameif, security-level, ip address, shutdown."""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os.config import Interface
from rommon_toolkit.simulator.asa_os.configure import check_ip, need
from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.texts import asa as text

# [I] the ASA gives `inside` level 100 and every other name level 0 unless told otherwise.
TRUSTED_NAME = "inside"


def current(session: Session) -> Interface:
    """The interface being configured."""
    if session.interface is None:
        raise CommandError(text.INVALID_INPUT, 0)
    return session.config.interfaces[session.interface]


def cmd_nameif(session: Session, args: Args) -> None:
    """`nameif NAME` (sets the default security level as the ASA does)."""
    name = need(args, 1)[0]
    interface = current(session)
    interface.nameif = name
    level = 100 if name.lower() == TRUSTED_NAME else 0
    if interface.security_level is None or interface.security_level != level:
        interface.security_level = level
        session.say(text.SECURITY_LEVEL_DEFAULT.format(name=name, level=level))
    session.changed()


def cmd_no_nameif(session: Session, _args: Args) -> None:
    """`no nameif`: the interface leaves routing; routes through it go too."""
    interface = current(session)
    old = interface.nameif
    interface.nameif = None
    interface.security_level = None
    session.config.routes[:] = [r for r in session.config.routes if r.interface != old]
    session.changed()


def cmd_security_level(session: Session, args: Args) -> None:
    """`security-level N` (0-100)."""
    word = need(args, 1)[0]
    if not word.isdigit() or int(word) > 100:
        raise CommandError(text.INVALID_INPUT, args.column(0))
    current(session).security_level = int(word)
    session.changed()


def cmd_no_security_level(session: Session, _args: Args) -> None:
    """`no security-level`."""
    current(session).security_level = None
    session.changed()


def cmd_ip_address(session: Session, args: Args) -> None:
    """`ip address A M [standby B]` (B: the failover standby's address)."""
    words = need(args, 2)
    address = check_ip(args, 0)
    mask = check_ip(args, 1, mask=True)
    standby = None
    if len(words) > 2:
        if words[2].lower() != "standby" or len(words) != 4:
            raise CommandError(text.INVALID_INPUT, args.column(2))
        standby = check_ip(args, 3)
    interface = current(session)
    interface.address, interface.standby_address = (address, mask), standby
    session.changed()


def cmd_no_ip_address(session: Session, _args: Args) -> None:
    """`no ip address`."""
    interface = current(session)
    interface.address, interface.standby_address = None, None
    session.changed()


def cmd_shutdown(session: Session, _args: Args) -> None:
    """`shutdown`."""
    current(session).shutdown = True
    session.changed()


def cmd_no_shutdown(session: Session, _args: Args) -> None:
    """`no shutdown`."""
    current(session).shutdown = False
    session.changed()


def cmd_management_only(session: Session, _args: Args) -> None:
    """`management-only`."""
    current(session).management_only = True
    session.changed()


def cmd_no_management_only(session: Session, _args: Args) -> None:
    """`no management-only` (Management1/1 cannot leave it [I])."""
    interface = current(session)
    if interface.name.startswith("Management"):
        return
    interface.management_only = False
    session.changed()
