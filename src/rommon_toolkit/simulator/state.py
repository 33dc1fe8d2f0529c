"""Persistent unit state in a state dir; every write is atomic (temp file + rename).

Layout::

    unit.json        hardware facts: model, MAC, serial, ROMMON version, disk size
    nvram.json       ROMMON variables after `sync`, confreg, password-recovery flag, ...
    startup-config   the saved configuration (absent: the unit has none), outside disk0
    disk0/           the flash file system, real files (images, .boot_string, ...)
    ram/             scratch for images booted over TFTP (wiped at power-on)
    runtime.json     written by a running simulator: pid, live mode, control port
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.errors import StateError
from rommon_toolkit.simulator.models import model_named, parse_rommon_version

STATE_FORMAT = 1
DEFAULT_DISK_SIZE = 7_365_472_256  # [C] `7365472256 bytes total` on 5506/5516 (src 15)
KENTON_VARIABLES = ("ADDRESS", "NETMASK", "GATEWAY", "SERVER", "IMAGE", "CONFIG")
DEFAULT_CONFREG = 0x1


def write_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so a concurrent reader sees the old or the new file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _read_json(path: Path) -> dict[str, Any]:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise
    except (OSError, ValueError) as exc:
        raise StateError(f"{path} is unreadable or not JSON ({exc}); re-create the unit") from exc
    if not isinstance(value, dict):
        raise StateError(f"{path} does not hold a JSON object; re-create the unit")
    return value


@dataclass(frozen=True)
class Hardware:
    """Facts that never change for a unit (except the ROMMON version, by `upgrade rommon`)."""

    model: str
    mac: str  # lower-case colon form, as the ROMMON banner prints it
    serial: str
    rommon_version: str
    disk_size: int

    def with_rommon(self, version: str) -> Hardware:
        """The same unit after a ROMMON upgrade."""
        return Hardware(self.model, self.mac, self.serial, version, self.disk_size)


@dataclass
class Nvram:
    """What survives a power cycle in the ROMMON's NVRAM."""

    variables: dict[str, str] = field(default_factory=dict)
    confreg: int = DEFAULT_CONFREG
    password_recovery: bool = True
    break_prompt: bool = True
    baud: int = 9600
    boot_index: int = 1
    rommon_upgrade: dict[str, str] | None = None  # {"version": ..., "stage": ...}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Nvram:
        """Tolerant load: unknown keys are ignored, missing ones take defaults."""
        base = cls()
        variables = data.get("variables", {})
        upgrade = data.get("rommon_upgrade")
        return cls(
            variables={str(k): str(v) for k, v in variables.items()},
            confreg=int(data.get("confreg", base.confreg)),
            password_recovery=bool(data.get("password_recovery", True)),
            break_prompt=bool(data.get("break_prompt", True)),
            baud=int(data.get("baud", 9600)),
            boot_index=int(data.get("boot_index", 1)),
            rommon_upgrade=dict(upgrade) if isinstance(upgrade, dict) else None,
        )


def default_mac(seed: str) -> str:
    """A stable MAC in a Cisco OUI (70:b3:17, seen on a 5516), derived from `seed`."""
    tail = hashlib.sha256(seed.encode()).digest()[:3]
    return "70:b3:17:" + ":".join(f"{b:02x}" for b in tail)


def default_serial(seed: str) -> str:
    """A stable serial number of the `JAD2226...` form, distinct per state dir (per unit)."""
    digits = hashlib.sha256(("serial" + seed).encode()).hexdigest()[:8].upper()
    return "JAD" + digits


# `show inventory`'s Chassis SN is JMX... where `show version` prints JAD... [C, research notes
# §4.6]; how the two relate on one unit is not known, so the virtual chassis serial is derived
# from the board serial (a guess, listed in docs/hardware-sim.md).
CHASSIS_SERIAL_PREFIX = "JMX"


def chassis_serial(serial: str) -> str:
    """The virtual unit's `show inventory` Chassis SN, stable per board serial."""
    digits = hashlib.sha256(("chassis" + serial).encode()).hexdigest()[:8].upper()
    return CHASSIS_SERIAL_PREFIX + digits


_SERIAL_SHAPE = re.compile(r"^[A-Z0-9]{6,20}$")


def check_serial(serial: str) -> str:
    """An upper-case serial of 6-20 letters and digits (the shape of Cisco's), or ValueError."""
    upper = serial.strip().upper()
    if not _SERIAL_SHAPE.match(upper):
        raise ValueError(f"serial {serial!r} is not 6-20 letters and digits (e.g. JAD222605K8)")
    return upper


class UnitState:
    """Read and write one unit's state dir."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root).resolve()

    # -- paths --------------------------------------------------------------------------
    @property
    def disk0(self) -> Path:
        """The flash file system."""
        return self.root / "disk0"

    @property
    def ram(self) -> Path:
        """Scratch for TFTP-booted images."""
        return self.root / "ram"

    @property
    def startup_config_path(self) -> Path:
        """The saved configuration."""
        return self.root / "startup-config"

    def exists(self) -> bool:
        """True when the dir holds an initialised unit."""
        return (self.root / "unit.json").is_file()

    # -- creation -----------------------------------------------------------------------
    def create(
        self,
        model: str,
        *,
        rommon_version: str | None = None,
        mac: str | None = None,
        disk_size: int = DEFAULT_DISK_SIZE,
        serial: str | None = None,
    ) -> Hardware:
        """Initialise a new unit (serial derived from the dir unless given); StateError if one
        already lives here."""
        if self.exists():
            raise StateError(f"{self.root} already holds a unit; pick another --state-dir")
        try:
            spec = model_named(model)
            version = rommon_version or spec.default_rommon
            parse_rommon_version(version)
            serial = check_serial(serial) if serial else default_serial(str(self.root))
        except ValueError as exc:
            raise StateError(str(exc)) from exc
        if disk_size < 1 << 20:
            raise StateError(f"disk size {disk_size} is too small; give at least 1M")
        hardware = Hardware(
            model=spec.name,
            mac=(mac or default_mac(str(self.root))).lower(),
            serial=serial,
            rommon_version=version,
            disk_size=disk_size,
        )
        self.root.mkdir(parents=True, exist_ok=True)
        for sub in ("log", "crypto_archive", "coredumpinfo"):
            (self.disk0 / sub).mkdir(parents=True, exist_ok=True)
        write_atomic(self.disk0 / "coredumpinfo" / "coredump.cfg", b"")
        self.save_nvram(Nvram())
        self.save_hardware(hardware)
        return hardware

    # -- hardware -----------------------------------------------------------------------
    def hardware(self) -> Hardware:
        """The unit's hardware facts; StateError if the dir holds no unit."""
        try:
            data = _read_json(self.root / "unit.json")
        except FileNotFoundError:
            raise StateError(
                f"{self.root} holds no virtual ASA; create one with `rommon sim init`"
            ) from None
        try:
            return Hardware(
                model=str(data["model"]),
                mac=str(data["mac"]),
                serial=str(data["serial"]),
                rommon_version=str(data["rommon_version"]),
                disk_size=int(data["disk_size"]),
            )
        except (KeyError, ValueError) as exc:
            raise StateError(f"{self.root}/unit.json lacks {exc}; re-create the unit") from exc

    def save_hardware(self, hardware: Hardware) -> None:
        """Persist hardware facts (after a ROMMON upgrade)."""
        data = {"format": STATE_FORMAT, **asdict(hardware)}
        write_atomic(self.root / "unit.json", json.dumps(data, indent=2).encode())

    # -- nvram --------------------------------------------------------------------------
    def nvram(self) -> Nvram:
        """The NVRAM contents (defaults if never written)."""
        try:
            return Nvram.from_json(_read_json(self.root / "nvram.json"))
        except FileNotFoundError:
            return Nvram()

    def save_nvram(self, nvram: Nvram) -> None:
        """Persist NVRAM."""
        write_atomic(self.root / "nvram.json", json.dumps(asdict(nvram), indent=2).encode())

    # -- startup-config -----------------------------------------------------------------
    def startup_config(self) -> str | None:
        """The saved configuration text, or None when the unit has none."""
        try:
            return self.startup_config_path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def save_startup_config(self, text: str) -> None:
        """`write memory`."""
        write_atomic(self.startup_config_path, text.encode("utf-8"))

    def erase_startup_config(self) -> None:
        """`write erase`, or the password-recovery erase."""
        self.startup_config_path.unlink(missing_ok=True)

    # -- runtime ------------------------------------------------------------------------
    def runtime(self) -> dict[str, Any] | None:
        """What a running simulator last wrote, or None."""
        try:
            return _read_json(self.root / "runtime.json")
        except (FileNotFoundError, StateError):
            return None

    def save_runtime(self, data: dict[str, Any]) -> None:
        """Written by the running simulator on every mode change."""
        write_atomic(self.root / "runtime.json", json.dumps(data, indent=2).encode())

    def clear_runtime(self) -> None:
        """The simulator stopped."""
        (self.root / "runtime.json").unlink(missing_ok=True)
