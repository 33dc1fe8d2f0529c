"""`show license all` on a PAK-licensed Kenton: [G] layout (texts/health.py), the feature rows
of `show version` (texts/asa_boot.py)."""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os.parser import Args
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.texts import asa_boot as boot_text
from rommon_toolkit.simulator.texts import health as htext


def show_license(session: Session) -> str:
    """Serial, activation key, the feature table, the base-license line."""
    lines = [
        htext.LICENSE_SERIAL.format(serial=session.ctx.hardware.serial),
        boot_text.ACTIVATION_DONE,
        "",
        boot_text.LICENSE_HEADER,
        *boot_text.LICENSE_ROWS,
        "",
        boot_text.BASE_LICENSE,
    ]
    return "\n".join(lines) + "\n"


def cmd_show_license(session: Session, _args: Args) -> None:
    """`show license [all]` (also `show activation-key`)."""
    session.page(show_license(session))
