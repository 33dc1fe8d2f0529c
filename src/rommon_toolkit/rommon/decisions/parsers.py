"""Read the output of the ASA commands the toolkit runs (formats from reference §4)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIR_ROW = re.compile(
    r"^\s*\d+\s+(?P<perm>[-d][-rwx]{3,})\s+(?P<size>\d+)\s+\d\d:\d\d:\d\d\s+\w{3}\s+\d+\s+\d{4}"
    r"\s+(?P<name>\S.*?)\s*$"
)
_DIR_TOTAL = re.compile(r"(?P<total>\d+) bytes total \((?P<free>\d+) bytes free")
_VERSION = re.compile(r"Cisco Adaptive Security Appliance Software Version (?P<v>\S+)")
_SYSTEM_IMAGE = re.compile(r'System image file is "(?P<image>[^"]+)"')
_HARDWARE = re.compile(r"^Hardware:\s+(?P<model>ASA\d{4}[-A-Z]*)", re.M)
_ROMMON_VERSION = re.compile(r"^ROMMON Version\s*:\s*(?P<v>\S+)", re.M)
_CONFREG = re.compile(
    r"Configuration register is (?P<now>0x[0-9a-fA-F]+)(?: \(will be (?P<next>0x[0-9a-fA-F]+)"
    r" at next reload\))?"
)
_VERIFY = re.compile(r"verify /SHA-512 \((?P<path>[^)]+)\) = (?P<hash>[0-9a-fA-F]{128})", re.I)
_BOOT_LINE = re.compile(r"^\s*boot system (?P<path>\S+)\s*$", re.M)
_MODULE_ONE = re.compile(
    r"^\s*1\s+[0-9a-f.]+\s+to\s+[0-9a-f.]+\s+(?P<hw>\S+)\s+(?P<fw>\S+)\s+(?P<sw>.+?)\s*$", re.M
)
_BYTES_COPIED = re.compile(r"(?P<bytes>\d+) bytes copied in (?P<secs>[\d.]+) secs")
# `Serial Number: JAD222605K8` [C]; in `show failover`: `Serial Number: Ours JAD201603CM, Mate
# JAD193905FV` [C] (research notes §4.5); only our own is taken.
_SERIAL_NUMBER = re.compile(r"^\s*Serial Number:\s*(?:Ours\s+)?(?P<sn>[A-Za-z0-9]+)\b", re.M)
# `Name: "Chassis", DESCR: "..."` then `PID: ASA5506 , VID: V01 , SN: JMX8318372GB` [C x2].
_INVENTORY_CHASSIS = re.compile(
    r'^\s*Name:\s*"Chassis".*\n\s*PID:.*?\bSN:\s*(?P<sn>[A-Za-z0-9]+)', re.M
)
_SERIAL_SHAPE = re.compile(r"^[A-Z0-9]{6,20}$")


@dataclass(frozen=True)
class DiskFile:
    """One row of `dir disk0:`."""

    name: str
    size: int
    is_dir: bool


@dataclass(frozen=True)
class DiskListing:
    """`dir disk0:`: the rows and the space footer."""

    files: tuple[DiskFile, ...]
    total_bytes: int | None
    free_bytes: int | None

    def get(self, name: str) -> DiskFile | None:
        bare = strip_disk0(name)
        return next((f for f in self.files if f.name == bare), None)


@dataclass(frozen=True)
class VersionInfo:
    """What `show version` tells the toolkit."""

    asa_version: str | None
    system_image: str | None  # disk0:/asa...SPA or tftp://server/asa...SPA
    model: str | None
    rommon_version: str | None
    confreg: str | None
    confreg_next: str | None
    serial: str | None = None  # `Serial Number:`: the JAD... board serial on Kenton


@dataclass(frozen=True)
class UnitSerial:
    """Who the unit is: the key the toolkit files its records under, and where it came from.

    The key is `show version`'s `Serial Number:` (JAD..., the board serial on Kenton [C]) when
    the unit prints one, else `show inventory`'s Chassis `SN:` (JMX... [C]); the two differ on
    real units, so both are kept.
    """

    key: str
    source: str  # "show version" | "show inventory"
    version_serial: str | None
    chassis_serial: str | None


def strip_disk0(path: str) -> str:
    """`disk0:/x.SPA`, `disk0:x.SPA` and `x.SPA` all name `x.SPA`."""
    return re.sub(r"^disk0:/?", "", path.strip(), flags=re.I)


def parse_dir(text: str) -> DiskListing:
    files = []
    for line in text.splitlines():
        row = _DIR_ROW.match(line)
        if row:
            is_dir = row.group("perm").startswith("d")
            files.append(DiskFile(row.group("name"), int(row.group("size")), is_dir))
    total = _DIR_TOTAL.search(text)
    return DiskListing(
        tuple(files),
        int(total.group("total")) if total else None,
        int(total.group("free")) if total else None,
    )


def _group(pattern: re.Pattern[str], text: str, name: str) -> str | None:
    match = pattern.search(text)
    return match.group(name) if match else None


def parse_show_version(text: str) -> VersionInfo:
    return VersionInfo(
        asa_version=_group(_VERSION, text, "v"),
        system_image=_group(_SYSTEM_IMAGE, text, "image"),
        model=_group(_HARDWARE, text, "model"),
        rommon_version=_group(_ROMMON_VERSION, text, "v"),
        confreg=_group(_CONFREG, text, "now"),
        confreg_next=_group(_CONFREG, text, "next"),
        serial=_serial(_group(_SERIAL_NUMBER, text, "sn")),
    )


def _serial(text: str | None) -> str | None:
    """A serial in upper case, or None for anything that is not serial-shaped."""
    if text is None:
        return None
    upper = text.upper()
    return upper if _SERIAL_SHAPE.match(upper) else None


def parse_inventory_chassis_serial(text: str) -> str | None:
    """The Chassis `SN:` of `show inventory` (JMX... on Kenton), upper case."""
    return _serial(_group(_INVENTORY_CHASSIS, text, "sn"))


def unit_serial(show_version: str, show_inventory: str = "") -> UnitSerial | None:
    """The unit's identity from what it printed; None when neither text names a serial.

    The Kenton ROMMON banner prints no serial (reference §1.1 [C]), so a unit met at the ROMMON
    prompt is identified only once its ASA software runs.
    """
    version_serial = parse_show_version(show_version).serial
    chassis = parse_inventory_chassis_serial(show_inventory)
    if version_serial is not None:
        return UnitSerial(version_serial, "show version", version_serial, chassis)
    if chassis is not None:
        return UnitSerial(chassis, "show inventory", None, chassis)
    return None


def parse_verify_sha512(text: str) -> str | None:
    """The hex digest from `verify /sha-512 disk0:/X`, lower case."""
    digest = _group(_VERIFY, text, "hash")
    return digest.lower() if digest else None


def parse_boot_lines(text: str) -> list[str]:
    """`boot system` targets from `show running-config boot`, in order."""
    return [m.group("path") for m in _BOOT_LINE.finditer(text)]


def parse_module_firmware(text: str) -> str | None:
    """ROMMON version from the Fw Version column of `show module` (module 1)."""
    return _group(_MODULE_ONE, text, "fw")


def parse_bytes_copied(text: str) -> int | None:
    copied = _group(_BYTES_COPIED, text, "bytes")
    return int(copied) if copied else None


def version_tuple(text: str) -> tuple[int, ...]:
    """`1.1.18` -> (1, 1, 18); anything unparsable -> ()."""
    parts = text.strip().split(".")
    return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else ()
