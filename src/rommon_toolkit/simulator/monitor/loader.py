"""Booting an image from disk0 or RAM: `Located ...`, `####`, family and signature checks."""

from __future__ import annotations

import zlib
from pathlib import Path

from rommon_toolkit.simulator.bootorder import CONFREG_IGNORE_CONFIG, candidates, read_boot_string
from rommon_toolkit.simulator.context import BootRequest, UnitContext
from rommon_toolkit.simulator.disk import BOOT_STRING
from rommon_toolkit.simulator.errors import ImageError
from rommon_toolkit.simulator.images import check_signature, inspect_image
from rommon_toolkit.simulator.texts import rommon as rtext

LOAD_SECONDS_PER_MB = 0.15  # simulated time to read an image from flash into RAM


def cluster(name: str) -> int:
    """A stable FAT cluster number for a file name."""
    return 50_000 + zlib.crc32(name.encode()) % 1_100_000


def _hashes(ctx: UnitContext, size: int) -> None:
    count = max(1, size // rtext.HASH_BYTES)
    per_hash = LOAD_SECONDS_PER_MB * (size / (1 << 20)) / count
    for start in range(0, count, rtext.HASHES_PER_LINE):
        run = min(rtext.HASHES_PER_LINE, count - start)
        ctx.out("#" * run + "\n")
        ctx.pause(per_hash * run)


def check_image(ctx: UnitContext, path: Path, name: str) -> str | None:
    """Why this file cannot boot on this unit (the line to print), or None."""
    try:
        info = inspect_image(path)
    except ImageError:
        return rtext.BOOT_NOT_LFBFF.format(name=name)
    if info.kind != "asa" or info.family != "lfbff" or ctx.model.name not in info.models:
        return rtext.BOOT_NOT_LFBFF.format(name=name)
    if not check_signature(path).valid:
        return rtext.BOOT_SIGNATURE_FAILED
    if info.key != "production":
        return rtext.BOOT_SPECIAL_KEY.format(name=name)
    return None


def request(ctx: UnitContext, path: Path, name: str, source: str, url: str) -> BootRequest:
    """The hand-over to the ASA OS (after the checks passed)."""
    info = inspect_image(path)
    ignored = bool(ctx.state.nvram().confreg & CONFREG_IGNORE_CONFIG)
    return BootRequest(path, name, source, url, info.version, config_ignored=ignored)


def load_from_disk(ctx: UnitContext, entry: str) -> BootRequest | None:
    """`Located 'X'`, the `#` run, the checks; None (after an error line) if it fails."""
    try:
        path = ctx.disk.resolve(entry)
    except ValueError:
        ctx.say(rtext.BOOT_FILE_NOT_FOUND.format(name=entry))
        return None
    name = path.name
    if not path.is_file():
        ctx.say(rtext.BOOT_FILE_NOT_FOUND.format(name=name))
        return None
    ctx.say(rtext.LOCATED.format(name=name, cluster=cluster(name)))
    _hashes(ctx, path.stat().st_size)
    problem = check_image(ctx, path, name)
    if problem is not None:
        ctx.say(problem)
        return None
    ctx.say(rtext.LFBFF_VERIFIED)
    return request(ctx, path, name, "disk0", ctx.disk.display(path))


def autoboot(ctx: UnitContext, *, announce: bool = True) -> BootRequest | None:
    """Try every candidate; None (after the failure lines) lands in the ROMMON prompt.

    `announce` is the autoboot form (blank line, `Attempt autoboot: ...`); a manual `boot`
    at the prompt prints only the `Located` lines [C].
    """
    ctx.set_mode("booting")
    if read_boot_string(ctx.disk):
        ctx.say(rtext.LOCATED.format(name=BOOT_STRING, cluster=cluster(BOOT_STRING)))
        if announce:
            ctx.say("")
        ctx.say("#")
    for entry in candidates(ctx.disk, ctx.state.nvram()):
        if announce:
            ctx.say(rtext.ATTEMPT_AUTOBOOT.format(path=entry))
        boot = load_from_disk(ctx, entry)
        if boot is not None:
            return boot
    ctx.say(rtext.BOOT_UNABLE, rtext.BOOT_FROM_ROMMON)
    return None
