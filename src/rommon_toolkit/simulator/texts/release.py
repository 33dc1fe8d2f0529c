"""Per-release facts of ASA images: what `show version` prints around the version line.

Only 9.8 and 9.16 were seen on Kenton (reference 4.5); every other value is an [NF] guess
built from the nearest seen release.
"""

from __future__ import annotations

from dataclasses import dataclass

from rommon_toolkit.simulator.imagenames import AsaVersion

# [S] src 3: the ROMMON version line appears in 9.16 `show version`; earlier releases [I].
ROMMON_LINE_FROM = (9, 16)
# [C] `dir` footer with file count and percent free from 9.9.
DIR_FOOTER_FROM = (9, 9)


@dataclass(frozen=True)
class Release:
    """What one ASA release prints in `show version` and at boot."""

    platform_os: str  # `Firepower Extensible Operating System Version ...` line
    asdm: str
    compiled: str  # `Compiled on ...` (without `by builders`)


_SEEN: dict[tuple[int, int], Release] = {
    (9, 8): Release(  # [C] src 4 / src 14
        "Firepower Extensible Operating System Version 2.2(2.124)",
        "Device Manager Version 7.8(2)151",
        "Fri 29-May-20 00:37 PDT",
    ),
    (9, 16): Release(  # [S] src 3 (OS line); ASDM and date [NF] guesses
        "SSP Operating System Version 2.10(1.3000)",
        "Device Manager Version 7.18(1)152",
        "Thu 06-Jul-23 14:20 PDT",
    ),
}


def release_facts(version: str) -> Release:
    """The facts for `9.16(4)85` (the nearest seen train stands in for unseen ones)."""
    parsed = AsaVersion.parse(version)
    train = (parsed.major, parsed.minor)
    if train in _SEEN:
        return _SEEN[train]
    return _SEEN[(9, 16)] if train >= (9, 12) else _SEEN[(9, 8)]


def prints_rommon_line(version: str) -> bool:
    """True when `show version` of this release has the `ROMMON Version` line."""
    return AsaVersion.parse(version).at_least(*ROMMON_LINE_FROM)


def dir_footer_with_count(version: str) -> bool:
    """True when `dir` ends with the file count and percent free (>= 9.9)."""
    return AsaVersion.parse(version).at_least(*DIR_FOOTER_FROM)
