"""Apply a configuration text by replaying its lines as configuration commands.

This is how the boot reads the startup-config and how `copy startup-config
running-config` merges it. Lines the simulator does not model (boilerplate) are skipped
quietly.
"""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os.session import CONFIG, SUB_MODES, Session

COMMENT_PREFIXES = (":", "!", "Cryptochecksum")


def load_config(session: Session, body: str, *, whole: bool = False) -> None:
    """Replay `body` into the session's running configuration without printing.

    `whole`: `body` is a complete saved configuration (the boot, a bulk sync), where an
    interface block without ` shutdown` is up; a merge (`copy ... running-config`) leaves an
    interface's shutdown state alone unless its block says otherwise.
    """
    mode, interface, dirty = session.mode, session.interface, session.dirty
    trustpoint = session.trustpoint
    modified_at = session.modified_at
    session.quiet = True
    try:
        session.mode = CONFIG
        for raw in body.splitlines():
            line = raw.rstrip()
            if not line.strip() or line.startswith(COMMENT_PREFIXES):
                continue
            if not line.startswith(" ") and session.mode in SUB_MODES:
                session.mode = CONFIG
            if line.startswith(" ") and session.mode not in SUB_MODES:
                continue  # a sub-command of a block the simulator does not model
            session.execute(line.strip())
            if whole and line.startswith("interface ") and session.interface is not None:
                session.config.interfaces[session.interface].shutdown = False
    finally:
        session.quiet = False
        session.mode, session.interface, session.dirty = mode, interface, dirty
        session.trustpoint = trustpoint
        session.modified_at = modified_at
