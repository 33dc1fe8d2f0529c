"""A bench inventory (TOML): shared settings and one entry per unit, validated as a whole.

    [shared]
    image = "asa9-16-4-85-lfbff-k8.SPA"     # paths are relative to the inventory file
    sha512 = "<128 hex>"
    firmware = "asa5500-firmware-1118.SPA"
    server = "192.168.1.10"
    netmask = "255.255.255.0"
    gateway = "192.168.1.10"

    [[unit]]
    name = "lab-01"
    port = "/dev/ttyACM0"                    # or socket://consoleserver:7001
    model = "asa5506"                        # optional: detected from the banner otherwise
    address = "192.168.1.21"
    job = "recover"            # recover, stage, boot-repair, upgrade-firmware, backup, upgrade

    [[unit]]                                 # a planned upgrade of a failover pair
    name = "edge-pair"
    port = "/dev/ttyUSB0"                    # one unit's console (active or standby)
    peer-port = "/dev/ttyUSB1"               # the other unit's console
    job = "upgrade"                          # needs an image and its sha512

Every problem is collected and reported at once, before any unit is touched.
"""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rommon_toolkit.rommon.decisions.images import (
    check_asa_image_for,
    check_asa_image_for_any,
    decode_image_name,
)
from rommon_toolkit.rommon.decisions.platforms import Platform, platform_for
from rommon_toolkit.rommon.errors import PreflightError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on 3.10 only
    import tomli as tomllib

JOBS = ("recover", "stage", "boot-repair", "upgrade-firmware", "backup", "upgrade")
IMAGE_JOBS = ("recover", "stage", "upgrade")  # jobs that copy [shared] image or the unit's
SHARED_KEYS = {
    "image",
    "sha512",
    "firmware",
    "firmware-sha512",
    "server",
    "netmask",
    "gateway",
    "tftp-port",
    "external-tftp",
}
UNIT_KEYS = {
    "name",
    "port",
    "model",
    "address",
    "job",
    "image",
    "sha512",
    "peer-port",
    "peer-address",
    "restore-active",
}


@dataclass(frozen=True)
class UnitSpec:
    """One unit of the bench and its job."""

    name: str
    port: str
    job: str
    model: Platform | None
    address: str | None
    image: Path | None
    sha512: str | None
    peer_port: str | None = None  # job upgrade: the other unit of a failover pair
    peer_address: str | None = None  # its Management1/1 address, when it has none yet
    restore_active: bool = False  # job upgrade: hand the active role back at the end


@dataclass(frozen=True)
class Inventory:
    """The validated inventory."""

    path: Path
    shared: dict[str, Any]
    units: tuple[UnitSpec, ...]

    @property
    def firmware(self) -> Path | None:
        value = self.shared.get("firmware")
        return self.path.parent / value if value else None


def load_inventory(path: Path) -> Inventory:
    """Parse and validate; raise one PreflightError listing every problem."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PreflightError(f"cannot read inventory {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise PreflightError(f"inventory {path} is not valid TOML: {exc}") from exc
    problems: list[str] = []
    shared = data.get("shared", {})
    rows = data.get("unit", [])
    for key in sorted(set(data) - {"shared", "unit"}):
        problems.append(f"unknown table [{key}] (expected [shared] and [[unit]])")
    for key in sorted(set(shared) - SHARED_KEYS):
        problems.append(f"[shared]: unknown key {key!r}")
    if not rows:
        problems.append("no [[unit]] entries")
    units = [_unit(index, row, shared, path, problems) for index, row in enumerate(rows, 1)]
    _check_unique(units, shared, problems)
    if problems:
        raise PreflightError(
            f"inventory {path} has {len(problems)} problem(s); no unit was touched",
            problems=problems,
        )
    return Inventory(path, dict(shared), tuple(u for u in units if u is not None))


def _unit(
    index: int, row: dict[str, Any], shared: dict[str, Any], path: Path, problems: list[str]
) -> UnitSpec | None:
    label = f"unit {index} ({row.get('name', 'unnamed')})"
    for key in sorted(set(row) - UNIT_KEYS):
        problems.append(f"{label}: unknown key {key!r}")
    name, port, job = row.get("name"), row.get("port"), row.get("job")
    if not name or not port:
        problems.append(f"{label}: needs both `name` and `port`")
        return None
    if job not in JOBS:
        problems.append(f"{label}: job {job!r} is not one of {', '.join(JOBS)}")
        return None
    model = None
    if row.get("model"):
        try:
            model = platform_for(str(row["model"]))
        except PreflightError as exc:
            problems.append(f"{label}: {exc.render()}")
    image_name = row.get("image", shared.get("image"))
    image = path.parent / image_name if image_name else None
    address = row.get("address")
    if job in IMAGE_JOBS and image is None:
        problems.append(f"{label}: job {job} needs an image ([shared] image or unit image)")
    if job == "recover" and not address:
        problems.append(f"{label}: job recover needs the unit's `address` for ROMMON")
    if job == "upgrade-firmware" and not shared.get("firmware"):
        problems.append(f"{label}: job upgrade-firmware needs [shared] firmware")
    _check_upgrade_keys(label, row, shared, job, problems)
    if image is not None and job in IMAGE_JOBS:
        if not image.is_file():
            problems.append(f"{label}: image {image} does not exist")
        try:
            if model is not None:
                check_asa_image_for(decode_image_name(image.name), model)
            else:  # the model is checked again when the unit shows it
                check_asa_image_for_any(decode_image_name(image.name), platform_for("asa5506"))
        except PreflightError as exc:
            problems.append(f"{label}: {exc.render()}")
    return UnitSpec(
        str(name),
        str(port),
        str(job),
        model,
        address,
        image,
        row.get("sha512"),
        peer_port=str(row["peer-port"]) if row.get("peer-port") else None,
        peer_address=row.get("peer-address"),
        restore_active=bool(row.get("restore-active", False)),
    )


def _check_upgrade_keys(
    label: str, row: dict[str, Any], shared: dict[str, Any], job: str, problems: list[str]
) -> None:
    """`peer-port`, `peer-address`, `restore-active` belong to `upgrade`, which needs a hash."""
    if job != "upgrade":
        for key in ("peer-port", "peer-address", "restore-active"):
            if key in row:
                problems.append(f"{label}: {key} is for job upgrade only")
        return
    if not (row.get("sha512") or shared.get("sha512")):
        problems.append(
            f"{label}: job upgrade needs the image's sha512 from Cisco's download page "
            "([shared] sha512 or unit sha512)"
        )
    if not shared.get("server"):
        problems.append(f"{label}: job upgrade needs [shared] server (the units copy from it)")
    if row.get("peer-address") and not row.get("peer-port"):
        problems.append(f"{label}: peer-address needs peer-port")
    if (row.get("address") or row.get("peer-address")) and not shared.get("netmask"):
        problems.append(f"{label}: an address for job upgrade needs [shared] netmask")


def _check_unique(
    units: list[UnitSpec | None], shared: dict[str, Any], problems: list[str]
) -> None:
    seen: dict[str, dict[str, str]] = {"name": {}, "port": {}, "address": {}}
    reserved = {str(shared.get("server", "")), str(shared.get("gateway", ""))} - {""}
    for unit in units:
        if unit is None:
            continue
        for field_name, value in (
            ("name", unit.name),
            ("port", unit.port),
            ("port", unit.peer_port),
            ("address", unit.address),
            ("address", unit.peer_address),
        ):
            if value is None:
                continue
            owner = seen[field_name].get(value)
            if owner is not None:
                problems.append(f"{unit.name}: {field_name} {value} is also used by {owner}")
            seen[field_name][value] = unit.name
        for key, address in (("address", unit.address), ("peer-address", unit.peer_address)):
            if address is None:
                continue
            try:
                ipaddress.IPv4Address(address)
            except ipaddress.AddressValueError:
                problems.append(f"{unit.name}: {key} {address!r} is not an IPv4 address")
            if address in reserved:
                problems.append(f"{unit.name}: {key} {address} is the server or gateway")
