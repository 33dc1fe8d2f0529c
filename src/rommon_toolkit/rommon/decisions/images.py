"""Decode Cisco ASA image file names and check them against a model, before any byte is sent.

Naming facts (reference §7 [C]): 5506/5508/5516 run `asa<ver>-lfbff-k8.SPA`; 5512-X..5555-X run
`asa<ver>-smp-k8.bin`; 5505/5510/5520/5540/5550 run `asa<ver>-k8.bin`; FTD boot images are
`ftd-boot-<ver>.lfbff`; ROMMON firmware is `asa5500-firmware-<NNNN>.SPA`. Signed extensions
(seed 004): `.S<type><version>`, type `P` production or `S` special (development).
Other Firepower-family files are recognised only to refuse them with a clear message:
`asasfr-5500x-boot-<ver>.img` (the FirePOWER services module's boot image [C, research §5.1]) and
the FXOS/Firepower bundles `cisco-asa-fp1k|fp2k|fp3k.<ver>.SPA`, `cisco-ftd-fp*.<ver>.SPA`,
`cisco-asa.<ver>.csp`, `fxos-k9.<ver>.SPA` [G, name forms from memory, no stored capture].
The release an ASA image runs is checked against the model's range (release_support.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from rommon_toolkit.rommon.decisions.platforms import Platform
from rommon_toolkit.rommon.decisions.release_support import check_release_for, check_release_for_any
from rommon_toolkit.rommon.errors import PreflightError


class ImageKind(Enum):
    """What an image file is for."""

    ASA = "asa"
    FIRMWARE = "firmware"
    FTD_BOOT = "ftd-boot"
    FIREPOWER = "firepower"  # FXOS bundles and FirePOWER module images: never for ASA 5500-X
    UNKNOWN = "unknown"


FAMILY_MODELS = {
    "lfbff": "ASA 5506-X, 5508-X and 5516-X",
    "smp": "ASA 5512-X, 5515-X, 5525-X, 5545-X and 5555-X (Saleen)",
    "k8": "ASA 5505, 5510, 5520, 5540 and 5550 (the older appliances)",
}


@dataclass(frozen=True)
class ImageInfo:
    """What the file name says about an image."""

    name: str
    kind: ImageKind
    family: str | None  # lfbff | smp | k8
    version: str | None  # 9.16(4)85 for ASA images, 1.1.18 for firmware
    signed: bool
    key_type: str | None  # production | special
    key_version: str | None  # A, B, ...

    @property
    def is_special(self) -> bool:
        return self.key_type == "special"


_ASA_RE = re.compile(r"^asa(?P<ver>\d[\d-]*?)(?:-(?P<family>lfbff|smp))?-k8\.(?P<ext>\w+)$", re.I)
_FIRMWARE_RE = re.compile(r"^asa5500-firmware-(?P<digits>\d{4,})\.(?P<ext>\w+)$", re.I)
_FTD_BOOT_RE = re.compile(r"^ftd-boot-.*\.lfbff$", re.I)
_FIREPOWER_RES = (
    (
        re.compile(r"^asasfr-5500x-boot-.*\.img$", re.I),
        "the ASA FirePOWER services module boot image",
    ),
    (
        re.compile(r"^cisco-asa-(?P<hw>fp\dk)\..*\.spa$", re.I),
        "an ASA bundle for the Firepower {hw} (FXOS) appliances",
    ),
    (re.compile(r"^cisco-asa\..*\.csp$", re.I), "an ASA bundle for the Firepower 4100/9300"),
    (re.compile(r"^cisco-ftd-.*\.spa$", re.I), "a Firepower Threat Defense bundle"),
    (re.compile(r"^fxos-k9.*\.spa$", re.I), "FXOS platform software for the Firepower 4100/9300"),
)
_SIGNED_EXT_RE = re.compile(r"^S(?P<type>[PS])(?P<version>[A-Z])$", re.I)


def asa_version_from_name(ver: str) -> str | None:
    """`9-16-4-85` -> 9.16(4)85, `984-22` -> 9.8(4)22, `9101` -> 9.10(1), `951` -> 9.5(1)."""
    parts = ver.split("-")
    if len(parts) >= 3 and all(p.isdigit() for p in parts):
        suffix = parts[3] if len(parts) > 3 else ""
        return f"{int(parts[0])}.{int(parts[1])}({int(parts[2])}){suffix}"
    head, build = parts[0], parts[1] if len(parts) == 2 else ""
    if not head.isdigit() or len(head) not in (3, 4) or (build and not build.isdigit()):
        return None
    return f"{head[0]}.{int(head[1:-1])}({head[-1]}){build}"


def firmware_version_from_name(name: str) -> tuple[int, int, int] | None:
    """`asa5500-firmware-1118.SPA` -> (1, 1, 18); None when the name is not a firmware file."""
    match = _FIRMWARE_RE.match(name)
    if not match:
        return None
    digits = match.group("digits")
    return int(digits[0]), int(digits[1]), int(digits[2:])


def _signature(ext: str) -> tuple[bool, str | None, str | None]:
    match = _SIGNED_EXT_RE.match(ext)
    if not match:
        return False, None, None
    key_type = "production" if match.group("type").upper() == "P" else "special"
    return True, key_type, match.group("version").upper()


def firepower_description(name: str) -> str | None:
    """What a Firepower-family file is (`an ASA bundle for the Firepower 2100...`), else None."""
    for pattern, text in _FIREPOWER_RES:
        match = pattern.match(name)
        if match:
            hw = {"fp1k": "1000", "fp2k": "2100", "fp3k": "3100"}
            return text.format(hw=hw.get((match.groupdict().get("hw") or "").lower(), "?"))
    return None


def decode_image_name(name: str) -> ImageInfo:
    """Everything the file name tells; kind UNKNOWN when it fits no Cisco pattern."""
    if _FTD_BOOT_RE.match(name):
        return ImageInfo(name, ImageKind.FTD_BOOT, "lfbff", None, False, None, None)
    if firepower_description(name):
        return ImageInfo(name, ImageKind.FIREPOWER, None, None, False, None, None)
    firmware = _FIRMWARE_RE.match(name)
    if firmware:
        signed, key_type, key_version = _signature(firmware.group("ext"))
        numbers = firmware_version_from_name(name) or ()
        firmware_version = ".".join(str(n) for n in numbers)
        return ImageInfo(
            name, ImageKind.FIRMWARE, None, firmware_version, signed, key_type, key_version
        )
    asa = _ASA_RE.match(name)
    if asa:
        signed, key_type, key_version = _signature(asa.group("ext"))
        family = (asa.group("family") or "k8").lower()
        version = asa_version_from_name(asa.group("ver"))
        return ImageInfo(name, ImageKind.ASA, family, version, signed, key_type, key_version)
    return ImageInfo(name, ImageKind.UNKNOWN, None, None, False, None, None)


def check_asa_image_for(info: ImageInfo, platform: Platform) -> list[str]:
    """Refuse an image that cannot boot on `platform` (kind, family, release range); warnings."""
    warnings = _check_kind_and_family(info, platform)
    check_release_for(info.name, info.version, platform.model)
    return warnings


def check_asa_image_for_any(info: ImageInfo, platform: Platform) -> list[str]:
    """As check_asa_image_for while the model is not known yet: the release must suit one model.

    `platform` stands for the family (all supported models share it); the run checks the exact
    model again once the unit shows it.
    """
    warnings = _check_kind_and_family(info, platform)
    return warnings + check_release_for_any(info.name, info.version)


def _check_kind_and_family(info: ImageInfo, platform: Platform) -> list[str]:
    if info.kind is ImageKind.FIREPOWER:
        raise PreflightError(
            f"{info.name} is {firepower_description(info.name)}, not ASA software for the "
            "ASA 5500-X",
            advice=f"the {platform.model} boots only ASA images named asa<version>-lfbff-k8.SPA "
            "(for example asa9-16-4-85-lfbff-k8.SPA)",
        )
    if info.kind is ImageKind.FTD_BOOT:
        raise PreflightError(
            f"{info.name} is a Firepower Threat Defense boot image, not ASA software",
            advice="give an ASA image named asa<version>-lfbff-k8.SPA",
        )
    if info.kind is ImageKind.FIRMWARE:
        raise PreflightError(
            f"{info.name} is ROMMON firmware, not ASA software",
            advice="use `rommon upgrade-firmware` for firmware; recovery needs an ASA image",
        )
    if info.kind is ImageKind.UNKNOWN:
        raise PreflightError(
            f"{info.name} does not look like a Cisco ASA image name",
            advice=f"{platform.model} runs images named asa<version>-lfbff-k8.SPA "
            "(for example asa9-16-4-85-lfbff-k8.SPA); keep Cisco's file name",
        )
    if info.family != platform.image_family:
        raise PreflightError(
            f"{info.name} is a `{info.family}` image, for the {FAMILY_MODELS[info.family or 'k8']}",
            advice=f"the {platform.model} only boots `-{platform.image_family}-` images "
            "(asa<version>-lfbff-k8.SPA); download the lfbff image of the same release",
        )
    warnings = []
    if not info.signed:
        warnings.append(f"{info.name} has no signed-image extension (.SPA); the unit may reject it")
    elif info.is_special:
        warnings.append(
            f"{info.name} is signed with a SPECIAL (development) key, not a production key: "
            "Cisco provides these only under special conditions for limited use"
        )
    return warnings
