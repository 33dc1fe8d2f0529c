"""What a unit looks like from outside: `VirtualAsa.snapshot()` and `rommon sim status`.

Built from the state dir (safe while the unit runs: every write there is atomic) plus what
the running unit reports (mode, running image), from memory or from runtime.json.
"""

from __future__ import annotations

import hashlib
import os
import threading
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.bootorder import NextBoot, next_boot, read_boot_string
from rommon_toolkit.simulator.disk import BOOT_STRING, Disk
from rommon_toolkit.simulator.faults import FaultSet
from rommon_toolkit.simulator.images import CHUNK
from rommon_toolkit.simulator.state import UnitState

_HASHES: dict[tuple[str, int, int], str] = {}
_HASH_LOCK = threading.Lock()


def cached_sha512(path: Path) -> str:
    """SHA-512 of a file, remembered by (path, size, mtime) so status stays cheap."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    with _HASH_LOCK:
        if key in _HASHES:
            return _HASHES[key]
    digest = hashlib.sha512()
    with path.open("rb") as handle:
        while piece := handle.read(CHUNK):
            digest.update(piece)
    value = digest.hexdigest()
    with _HASH_LOCK:
        _HASHES[key] = value
    return value


@dataclass(frozen=True)
class DiskFile:
    """One file on disk0."""

    path: str  # `disk0:/asa9-16-4-85-lfbff-k8.SPA`
    size: int
    sha512: str


@dataclass(frozen=True)
class Running:
    """What the running unit reports about itself."""

    mode: str = "off"
    image: str | None = None  # `disk0:/X` or `tftp://SERVER/X`
    source: str | None = None  # "disk0" | "tftp"
    version: str | None = None
    confreg_at_boot: int | None = None
    config_dirty: bool = False
    faults: tuple[str, ...] = ()
    pid: int | None = None
    last_transfer: dict[str, int | str] | None = None
    failover: str | None = None  # pair member: active, standby, failed (None: no pair role)


@dataclass(frozen=True)
class UnitSnapshot:
    """A unit's state at one moment."""

    state_dir: str
    model: str
    mac: str
    serial: str
    rommon_version: str
    mode: str
    running: Running
    confreg: int
    password_recovery: bool
    nvram_variables: dict[str, str]
    rommon_upgrade: dict[str, str] | None
    disk0: tuple[DiskFile, ...]
    disk_total: int
    disk_free: int
    boot_string: tuple[str, ...]
    startup_config: str | None
    boot_lines: tuple[str, ...]  # `boot system` paths in the startup-config
    next_boot: NextBoot
    faults: tuple[str, ...] = field(default=())

    def file(self, name: str) -> DiskFile | None:
        """The disk0 file called `name` (bare or `disk0:/name`)."""
        wanted = name if name.startswith("disk0:/") else f"disk0:/{name}"
        return next((f for f in self.disk0 if f.path == wanted), None)

    def as_json(self) -> dict[str, Any]:
        """The `rommon sim status --json` object."""
        data = asdict(self)
        data["confreg"] = f"0x{self.confreg:x}"
        data["next_boot"] = self.next_boot.as_dict()
        return data


def disk_files(disk: Disk) -> tuple[DiskFile, ...]:
    """Every file on disk0 (recursively) with its size and SHA-512."""
    found: list[DiskFile] = []
    for dirpath, dirnames, filenames in os.walk(disk.root):
        dirnames.sort()
        for name in sorted(filenames):
            if name.startswith(".") and name != BOOT_STRING:
                continue  # temp files of atomic writes
            path = Path(dirpath) / name
            try:
                found.append(DiskFile(disk.display(path), path.stat().st_size, cached_sha512(path)))
            except FileNotFoundError:
                continue  # deleted while we looked
    return tuple(found)


def boot_lines(startup: str | None) -> tuple[str, ...]:
    """The `boot system` paths of a configuration text, in order."""
    if startup is None:
        return ()
    prefix = "boot system "
    return tuple(
        line[len(prefix) :].strip() for line in startup.splitlines() if line.startswith(prefix)
    )


def take_snapshot(
    state: UnitState, running: Running, faults: FaultSet | None = None
) -> UnitSnapshot:
    """Read the state dir and combine it with the live facts."""
    hardware = state.hardware()
    nvram = state.nvram()
    disk = Disk(state.disk0, hardware.disk_size, faults or FaultSet())
    startup = state.startup_config()
    return UnitSnapshot(
        state_dir=str(state.root),
        model=hardware.model,
        mac=hardware.mac,
        serial=hardware.serial,
        rommon_version=hardware.rommon_version,
        mode=running.mode,
        running=running,
        confreg=nvram.confreg,
        password_recovery=nvram.password_recovery,
        nvram_variables=dict(nvram.variables),
        rommon_upgrade=nvram.rommon_upgrade,
        disk0=disk_files(disk),
        disk_total=disk.total,
        disk_free=disk.free(),
        boot_string=tuple(read_boot_string(disk)),
        startup_config=startup,
        boot_lines=boot_lines(startup),
        next_boot=next_boot(disk, nvram, hardware.model),
        faults=running.faults,
    )


def running_from_runtime(state: UnitState) -> Running:
    """The live facts another process wrote to runtime.json (mode `off` if it is gone)."""
    data = state.runtime()
    if not data:
        return Running()
    pid = data.get("pid")
    if isinstance(pid, int) and not _alive(pid):
        return Running()
    return Running(
        mode=str(data.get("mode", "off")),
        image=data.get("image"),
        source=data.get("source"),
        version=data.get("version"),
        confreg_at_boot=data.get("confreg_at_boot"),
        config_dirty=bool(data.get("config_dirty", False)),
        faults=tuple(data.get("faults", ())),
        pid=pid if isinstance(pid, int) else None,
        last_transfer=data.get("last_transfer"),
        failover=data.get("failover"),
    )


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
