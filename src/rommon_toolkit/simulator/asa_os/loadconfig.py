"""Apply a configuration text by replaying its lines as configuration commands.

This is how the boot reads the startup-config and how `copy startup-config
running-config` merges it. Lines the simulator does not model (boilerplate) are skipped
quietly.
"""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os.session import CONFIG, CONFIG_IF, Session

COMMENT_PREFIXES = (":", "!", "Cryptochecksum")


def load_config(session: Session, body: str) -> None:
    """Replay `body` into the session's running configuration without printing."""
    mode, interface, dirty = session.mode, session.interface, session.dirty
    modified_at = session.modified_at
    session.quiet = True
    try:
        session.mode = CONFIG
        for raw in body.splitlines():
            line = raw.rstrip()
            if not line.strip() or line.startswith(COMMENT_PREFIXES):
                continue
            if not line.startswith(" ") and session.mode == CONFIG_IF:
                session.mode = CONFIG
            if line.startswith(" ") and session.mode != CONFIG_IF:
                continue  # a sub-command of a block the simulator does not model
            session.execute(line.strip())
    finally:
        session.quiet = False
        session.mode, session.interface, session.dirty = mode, interface, dirty
        session.modified_at = modified_at
