"""What differs between the supported models, as data (house rule: no subclasses that delete).

Facts and tags from the device reference: image family `lfbff` for all three Kenton models
[C]; recovery over Management1/1 only [S]; `upgrade rommon` needs ROMMON >= 1.1.8 [S, seed 001].
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rommon_toolkit.rommon.errors import PreflightError


@dataclass(frozen=True)
class Platform:
    """One supported model."""

    model: str  # as the banner prints it: ASA5506
    cli_name: str  # as the CLI takes it: asa5506
    memory_mb: int
    image_family: str  # the `-lfbff-` part of the image name
    recovery_interface: str
    min_rommon_for_upgrade: tuple[int, int, int]


def _kenton(model: str, memory_mb: int) -> Platform:
    return Platform(
        model=model,
        cli_name=model.lower(),
        memory_mb=memory_mb,
        image_family="lfbff",
        recovery_interface="Management1/1",
        min_rommon_for_upgrade=(1, 1, 8),
    )


PLATFORMS: dict[str, Platform] = {
    p.cli_name: p
    for p in (_kenton("ASA5506", 4096), _kenton("ASA5508", 8192), _kenton("ASA5516", 8192))
}

_MODEL_RE = re.compile(r"^(?:cisco[-_ ]?)?(?:asa)?[-_ ]?(55\d\d)(?:[-_ ]?(?:x|w-x|h-x))?$", re.I)


def platform_for(name: str) -> Platform:
    """The platform for `asa5506`, `ASA5506`, `5506`, `ASA5506-X`...; PreflightError if not ours."""
    match = _MODEL_RE.match(name.strip())
    key = f"asa{match.group(1)}" if match else name.strip().lower()
    if key not in PLATFORMS:
        raise PreflightError(
            f"unsupported model {name!r}",
            advice=f"this toolkit supports {', '.join(PLATFORMS)} (ASA 5506-X/5508-X/5516-X)",
        )
    return PLATFORMS[key]
