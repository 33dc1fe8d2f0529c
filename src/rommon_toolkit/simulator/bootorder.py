"""What autoboot tries, in order, and what the unit would boot next (no I/O on the line).

Used by the ROMMON loader when it boots and by `rommon sim status` when it only looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rommon_toolkit.simulator.disk import BOOT_STRING, Disk
from rommon_toolkit.simulator.errors import ImageError
from rommon_toolkit.simulator.images import inspect_image
from rommon_toolkit.simulator.state import Nvram

CONFREG_AUTOBOOT = 0x01
CONFREG_IGNORE_CONFIG = 0x40
# [NF] guess: the `.boot_string` format, one `disk0:/image` per line.
BOOT_STRING_LINE = "{path}\n"


def read_boot_string(disk: Disk) -> list[str]:
    """The `disk0:/X` entries of .boot_string (written by `write memory`)."""
    try:
        text = (disk.root / BOOT_STRING).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line.strip() for line in text.replace(";", "\n").splitlines() if line.strip()]


def boot_string_text(paths: list[str]) -> str:
    """What `write memory` stores in .boot_string for these `boot system` paths."""
    return "".join(BOOT_STRING_LINE.format(path=p) for p in paths)


def candidates(disk: Disk, nvram: Nvram) -> list[str]:
    """Autoboot order: .boot_string entries, then the first image on disk0 (confreg index)."""
    entries = read_boot_string(disk)
    images = disk.images()
    index = max(1, nvram.boot_index)
    if len(images) >= index:
        images = images[index - 1 :]
    first = [disk.display(images[0])] if images else []
    return entries + [p for p in first if p not in entries]


def image_problem(path: Path, model: str) -> str | None:
    """Why this file cannot boot on `model` judged by its header alone, or None."""
    if not path.is_file():
        return "missing"
    try:
        info = inspect_image(path)
    except ImageError:
        return "not an image"
    if info.kind != "asa" or info.family != "lfbff" or model not in info.models:
        return f"wrong family ({info.family})"
    if info.key != "production":
        return "special (development) key"
    return None


@dataclass(frozen=True)
class NextBoot:
    """The outcome `status` predicts for the next power-on without a key press."""

    target: str | None  # `disk0:/X`, or None: the unit lands in ROMMON
    reason: str

    def as_dict(self) -> dict[str, str | None]:
        """JSON form."""
        return {"target": self.target, "reason": self.reason}


def next_boot(disk: Disk, nvram: Nvram, model: str) -> NextBoot:
    """Predict the next autoboot (header checks only; the signature is not hashed here)."""
    if not nvram.confreg & CONFREG_AUTOBOOT:
        return NextBoot(None, f"confreg 0x{nvram.confreg:x} has no auto-boot bit: ROMMON")
    skipped: list[str] = []
    for entry in candidates(disk, nvram):
        try:
            path = disk.resolve(entry)
        except ValueError:
            skipped.append(f"{entry}: invalid path")
            continue
        problem = image_problem(path, model)
        if problem is None:
            origin = "boot string" if entry in read_boot_string(disk) else "first image on disk0"
            note = f" (skipped {'; '.join(skipped)})" if skipped else ""
            return NextBoot(entry, f"{origin}{note}")
        skipped.append(f"{entry}: {problem}")
    why = "; ".join(skipped) if skipped else "no boot string and no image on disk0"
    return NextBoot(None, f"autoboot fails ({why}): ROMMON")
