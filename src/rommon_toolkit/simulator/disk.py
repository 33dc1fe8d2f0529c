"""disk0: a real directory with space accounting and ASA-style path names."""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from rommon_toolkit.simulator.faults import Fault, FaultSet

DIR_SIZE = 4096  # [C] directories show `drwx  4096`
BOOT_STRING = ".boot_string"
IMAGE_SUFFIXES = (".spa", ".ssa", ".bin")


class DiskPathError(ValueError):
    """A disk0 path the unit does not accept (other file system, `..`)."""


@dataclass(frozen=True)
class DiskEntry:
    """One row of `dir disk0:`."""

    name: str
    size: int
    mtime: float
    is_dir: bool
    inode: int


class Disk:
    """disk0 of one unit: listing, space, path resolution."""

    def __init__(self, root: Path, total: int, faults: FaultSet) -> None:
        self.root = root
        self.total = total
        self.faults = faults

    def resolve(self, text: str) -> Path:
        """`disk0:/a.SPA`, `disk0:a.SPA`, `flash:/a.SPA` or `a.SPA` -> the real path."""
        name = text.strip()
        lowered = name.lower()
        for prefix in ("disk0:", "flash:"):
            if lowered.startswith(prefix):
                name = name[len(prefix) :]
                break
        else:
            if ":" in name:
                raise DiskPathError(f"not a disk0 path: {text}")
        name = name.lstrip("/")
        if not name or any(part in ("..", ".") for part in name.split("/")):
            raise DiskPathError(f"invalid disk0 path: {text}")
        return self.root / name

    def display(self, path: Path) -> str:
        """The ASA form of a real path: `disk0:/a.SPA`."""
        return "disk0:/" + path.relative_to(self.root).as_posix()

    def entries(self, sub: Path | None = None) -> list[DiskEntry]:
        """Directory rows (not recursive), in creation (inode) order like a FAT listing."""
        base = sub or self.root
        rows: list[DiskEntry] = []
        for item in os.scandir(base):
            if item.name.startswith(".") and item.name != BOOT_STRING:
                continue  # temp files of atomic writes
            st = item.stat(follow_symlinks=False)
            is_dir = item.is_dir(follow_symlinks=False)
            rows.append(
                DiskEntry(item.name, DIR_SIZE if is_dir else st.st_size, st.st_mtime, is_dir, 0)
            )
        rows.sort(key=lambda e: (e.mtime, e.name))
        return [DiskEntry(e.name, e.size, e.mtime, e.is_dir, 10 + i) for i, e in enumerate(rows)]

    def used(self) -> int:
        """Bytes taken by every file and directory on disk0."""
        total = 0
        for dirpath, dirnames, filenames in os.walk(self.root):
            total += DIR_SIZE * len(dirnames)
            for name in filenames:
                try:
                    total += (Path(dirpath) / name).stat().st_size
                except FileNotFoundError:
                    continue  # a temporary file replaced while we walked (boot string writes)
        return total

    def free(self) -> int:
        """Bytes free; 0 under the disk-full fault."""
        if Fault.DISK_FULL in self.faults:
            return 0
        return max(0, self.total - self.used())

    def images(self) -> list[Path]:
        """Candidate boot images in listing order (what `first image on disk0` means)."""
        return [
            self.root / e.name
            for e in self.entries()
            if not e.is_dir
            and e.name.lower().endswith(IMAGE_SUFFIXES)
            and not e.name.lower().startswith("asa5500-firmware")
        ]

    def erase(self) -> list[str]:
        """Erase everything (password-recovery `yes`); returns the names destroyed."""
        destroyed = sorted(p.name for p in self.root.iterdir())
        for item in self.root.iterdir():
            if item.is_dir():
                shutil.rmtree(item)
            else:
                item.unlink()
        for sub in ("log", "crypto_archive", "coredumpinfo"):
            (self.root / sub).mkdir(exist_ok=True)
        return destroyed
