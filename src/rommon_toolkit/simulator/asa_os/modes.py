"""Moving between modes: `enable`, `disable`, `exit`, `end`, `configure terminal`, pager."""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os.config import AsaConfig, check_password, hash_password
from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import CONFIG, EXEC, PRIV, SUB_MODES, Session
from rommon_toolkit.simulator.faults import Fault
from rommon_toolkit.simulator.texts import asa as text
from rommon_toolkit.simulator.texts import asa_boot as boot_text
from rommon_toolkit.simulator.texts import failover as ftext

ENABLE_ATTEMPTS = 3


def _force_new_password(session: Session) -> None:
    session.say(text.ENABLE_NOT_SET)
    while True:
        first = session.ask(text.ENTER_PASSWORD, mask="*")
        second = session.ask(text.REPEAT_PASSWORD, mask="*")
        if first and first == second:
            break
        session.say(text.PASSWORDS_DIFFER)
    session.config.enable_hash = hash_password(first)
    session.changed()
    session.say("", text.ENABLE_NOTE)
    session.mode = PRIV


def cmd_enable(session: Session, _args: Args) -> None:
    """`enable`: blank password when none is set; the forced-password dialog as a fault."""
    if session.mode != EXEC:
        return
    stored = session.config.enable_hash
    if stored is None and Fault.FORCE_ENABLE_PASSWORD in session.ctx.faults:
        _force_new_password(session)
        return
    for _ in range(ENABLE_ATTEMPTS):
        typed = session.ask(text.PASSWORD, mask="*")
        accepted = typed == "" if stored is None else check_password(typed, stored)
        if accepted:
            session.mode = PRIV
            return
        session.say(text.INVALID_PASSWORD)
    session.say(text.ACCESS_DENIED)


def cmd_disable(session: Session, _args: Args) -> None:
    """`disable`: back to user EXEC."""
    session.mode = EXEC


def cmd_exit(session: Session, _args: Args) -> None:
    """`exit` / `quit` / `logout`: up one mode, or log off the console."""
    if session.mode in SUB_MODES:
        session.mode, session.interface, session.trustpoint = CONFIG, None, None
    elif session.mode == CONFIG:
        session.mode = PRIV
    else:
        session.out(text.LOGOFF)
        session.mode = EXEC
        session.say("", boot_text.TYPE_HELP)


def cmd_end(session: Session, _args: Args) -> None:
    """`end`: straight back to privileged EXEC."""
    session.mode, session.interface, session.trustpoint = PRIV, None, None


def cmd_terminal_pager(session: Session, args: Args) -> None:
    """`terminal pager [lines] N`."""
    words = [w for w in args.texts if w.lower() != "lines"]
    if len(words) != 1 or not words[0].isdigit():
        raise CommandError(text.INVALID_INPUT, args.column(0))
    session.terminal_pager = int(words[0])


def _ask_reporting(session: Session) -> None:
    while True:
        answer = session.ask(text.REPORTING_NOTICE).strip().lower()[:1]
        if answer == "y":
            session.config.anonymous_reporting = True
            session.changed()
            session.out(text.REPORTING_YES)
            break
        if answer == "n":
            session.config.anonymous_reporting = False
            session.changed()
            session.out(text.REPORTING_NO)
            break
        if answer == "a":
            session.out(text.REPORTING_LATER)
            break
    session.reporting_asked = True


def cmd_configure_terminal(session: Session, _args: Args) -> None:
    """`configure terminal`; the anonymous-reporting question on a fresh unit [C]."""
    if session.config.anonymous_reporting is None and not session.reporting_asked:
        _ask_reporting(session)
    port = session.ctx.failover
    if port is not None and port.role(session) == "standby":
        session.say(ftext.STANDBY_CONFIG_WARNING)
    session.mode = CONFIG


def cmd_configure_factory_default(session: Session, _args: Args) -> None:
    """`configure factory-default`: clears `boot system` too [C]."""
    session.out(text.FACTORY_DEFAULT_WARNING)
    session.out(text.FACTORY_DEFAULT_CONFIRM)
    session.config = AsaConfig(anonymous_reporting=session.config.anonymous_reporting)
    session.changed()
