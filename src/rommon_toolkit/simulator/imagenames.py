"""Cisco file names of ASA images and ROMMON firmware (reference section 7, seed 004)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# [C] from 9.13 the version part of Kenton image names is dash-separated.
DASHED_NAMES_FROM = (9, 13)

_VERSION = re.compile(r"^(\d+)\.(\d+)\((\d+)\)(\d+)?$")
_FIRMWARE_VERSION = re.compile(r"^(\d)\.(\d)\.(\d{1,2})$")
FIRMWARE_NAME = re.compile(r"^asa5500-firmware-(\d)(\d)(\d\d)\.(SPA|SSA)$", re.IGNORECASE)

FAMILIES = ("lfbff", "smp", "k8")
KEYS = {"production": "SPA", "special": "SSA"}  # seed 004: .SPA production, .SSA special key


@dataclass(frozen=True, order=True)
class AsaVersion:
    """`9.16(4)85` as numbers; `interim` is None for `9.8(2)`."""

    major: int
    minor: int
    maintenance: int
    interim: int | None

    @classmethod
    def parse(cls, text: str) -> AsaVersion:
        """Parse `9.16(4)85`; ValueError says what the form should be."""
        match = _VERSION.match(text.strip())
        if match is None:
            raise ValueError(f"ASA version must look like 9.16(4)85 or 9.8(2), got {text!r}")
        major, minor, maint, interim = match.groups()
        return cls(int(major), int(minor), int(maint), int(interim) if interim else None)

    def __str__(self) -> str:
        tail = "" if self.interim is None else str(self.interim)
        return f"{self.major}.{self.minor}({self.maintenance}){tail}"

    def at_least(self, major: int, minor: int) -> bool:
        """True for this release train or a later one."""
        return (self.major, self.minor) >= (major, minor)


def image_name(version: str, family: str = "lfbff", key: str = "production") -> str:
    """The Cisco file name: `asa9-16-4-85-lfbff-k8.SPA`, `asa984-22-lfbff-k8.SPA`, ..."""
    parsed = AsaVersion.parse(version)
    if family not in FAMILIES:
        raise ValueError(f"family must be one of {', '.join(FAMILIES)}, got {family!r}")
    if key not in KEYS:
        raise ValueError(f"key must be one of {', '.join(KEYS)}, got {key!r}")
    if parsed.at_least(*DASHED_NAMES_FROM):
        stem = f"asa{parsed.major}-{parsed.minor}-{parsed.maintenance}"
        if parsed.interim is not None:
            stem += f"-{parsed.interim}"
    else:
        stem = f"asa{parsed.major}{parsed.minor}{parsed.maintenance}"
        if parsed.interim is not None:
            stem += f"-{parsed.interim}"
    if family == "lfbff":
        return f"{stem}-lfbff-k8.{KEYS[key]}"
    if key != "production":
        raise ValueError(f"{family} images are not signed (.bin); only lfbff takes --key special")
    if family == "smp":
        return f"{stem}-smp-k8.bin"
    return f"{stem}-k8.bin"


def firmware_name(version: str, key: str = "production") -> str:
    """`1.1.18` -> `asa5500-firmware-1118.SPA` (`1.1.8` -> `...-1108.SPA`, seed 001)."""
    match = _FIRMWARE_VERSION.match(version.strip())
    if match is None:
        raise ValueError(f"ROMMON firmware version must look like 1.1.18, got {version!r}")
    major, minor, patch = match.groups()
    return f"asa5500-firmware-{major}{minor}{int(patch):02d}.{KEYS[key]}"


def firmware_version_from_name(name: str) -> str | None:
    """`asa5500-firmware-1118.SPA` -> `1.1.18`; None if the name is not of that form."""
    match = FIRMWARE_NAME.match(name)
    if match is None:
        return None
    major, minor, patch, _ = match.groups()
    return f"{major}.{minor}.{int(patch)}"
