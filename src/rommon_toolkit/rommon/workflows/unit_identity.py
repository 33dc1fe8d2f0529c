"""Who is on the console line: read the unit's serial and file the run's journal under it.

The journal key is `show version`'s `Serial Number:` (JAD..., the board), else `show
inventory`'s Chassis `SN:` (JMX...); both are recorded in the `identify-unit` record. A unit
met at the ROMMON prompt is identified once its ASA software runs (the Kenton ROMMON banner
prints no serial); until then the run's records are provisional (records.journal.UnitJournal).
"""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.images import (
    ImageKind,
    check_asa_image_for,
    decode_image_name,
)
from rommon_toolkit.rommon.decisions.parsers import UnitSerial, parse_show_version, unit_serial
from rommon_toolkit.rommon.decisions.platforms import platform_for
from rommon_toolkit.rommon.device.session import UnitSession
from rommon_toolkit.rommon.errors import DeviceRefusedError, PreflightError


def identify_unit(session: UnitSession, show_version: str | None = None) -> UnitSerial | None:
    """Read the serial at the ASA prompt and bind the run's journal to it; None if unprinted.

    `show_version` is that command's output when the caller has just run it. A serial that
    differs from the one this run already read stops the run: another unit is on the line.
    """
    journal = session.runner.journal
    version_text = show_version if show_version is not None else session.asa.run("show version")
    inventory = "" if journal.serial is not None else _show_inventory(session)
    serial = unit_serial(version_text, inventory)
    if serial is None:
        if journal.serial is None:
            session.feedback.warn(
                "the unit printed no serial number (`show version`, `show inventory`): this "
                "run's records stay in the port's provisional journal, and no file on disk0 is "
                "taken as written by this toolkit"
            )
        return None
    if journal.serial is not None:
        if journal.serial != serial.key and serial.chassis_serial is None:
            # The run may have been bound by the chassis serial (when `show version` printed
            # none, e.g. cut short): read `show inventory` too before calling it another unit.
            serial = unit_serial(version_text, _show_inventory(session)) or serial
        if journal.serial not in {serial.key, serial.version_serial, serial.chassis_serial}:
            raise DeviceRefusedError(
                f"another unit is on this console line: this run began with serial "
                f"{journal.serial}, the unit now reports {serial.key}",
                "nothing more was changed; check the cabling (console server port?) and run "
                "again on the unit you mean",
            )
        return serial
    journal.bind_unit(
        serial.key,
        source=serial.source,
        version_serial=serial.version_serial,
        chassis_serial=serial.chassis_serial,
    )
    return serial


def _show_inventory(session: UnitSession) -> str:
    try:
        return session.asa.run("show inventory")
    except DeviceRefusedError:  # software without the command: the show version serial is enough
        return ""


def check_image_for_unit(show_version: str, image_name: str) -> None:
    """Refuse (device refused) an ASA image the model in `show version` cannot run: family,
    release. ROMMON firmware staged for `upgrade-firmware` has its own rules (firmware_rules)."""
    model = parse_show_version(show_version).model
    info = decode_image_name(image_name)
    if model is None or info.kind is ImageKind.FIRMWARE:
        return  # the preflight checked it against every supported model
    try:
        check_asa_image_for(info, platform_for(model))
    except PreflightError as exc:
        raise DeviceRefusedError(exc.message, exc.advice) from exc
