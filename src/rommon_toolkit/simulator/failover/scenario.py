"""A failover pair ready for a planned upgrade: both units on one release, the failover
bootstrap configured, and (optionally) the next release's image where a TFTP server serves it.

Used by `rommon sim pair init` and by tests; the running units never call it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rommon_toolkit.simulator.asa_os.config import AsaConfig, FailoverConfig, Route
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from rommon_toolkit.simulator.traffic import Traffic

PAIR_DIRS = ("primary", "secondary")
OLD_VERSION = "9.14(4)24"
NEW_VERSION = "9.16(4)85"
DEFAULT_IMAGE_SIZE = 4 << 20
# The failover LAN on the last data port, a /30 as the ASA guide's examples [D].
LAN_NAME, LAN_PORT = "FAILOVER", "GigabitEthernet1/8"
LAN_IP = ("10.255.0.1", "255.255.255.252", "10.255.0.2")
MGMT_MASK = "255.0.0.0"


@dataclass(frozen=True)
class PairScenario:
    """Where the pair lives and which images it has."""

    base: Path
    primary: Path
    secondary: Path
    old_image: str  # on both units' disk0, booted
    new_image: Path | None  # the next release, in `image_dir` (not on the units)
    management: tuple[str, str]  # (primary, secondary) Management1/1 addresses


def pair_config(unit: str, mgmt: tuple[str, str]) -> AsaConfig:
    """The shared configuration plus this unit's failover bootstrap."""
    config = AsaConfig(anonymous_reporting=False)
    config.prompt = ["hostname", "priority", "state"]
    config.failover = FailoverConfig(
        enabled=True, unit=unit, lan_name=LAN_NAME, lan_port=LAN_PORT, lan_ip=LAN_IP
    )
    lan = config.interfaces[LAN_PORT]
    lan.shutdown = False
    for port, nameif, level, address, standby in (
        ("GigabitEthernet1/1", "outside", 0, "198.51.100.2", "198.51.100.3"),
        ("GigabitEthernet1/2", "inside", 100, "10.1.1.1", "10.1.1.2"),
    ):
        interface = config.interfaces[port]
        interface.nameif, interface.security_level, interface.shutdown = nameif, level, False
        interface.address, interface.standby_address = (address, "255.255.255.0"), standby
    management = config.interfaces["Management1/1"]
    management.nameif, management.security_level, management.shutdown = "management", 0, False
    management.address, management.standby_address = (mgmt[0], MGMT_MASK), mgmt[1]
    config.routes.append(Route("outside", "0.0.0.0", "0.0.0.0", "198.51.100.1", 1))
    return config


def provision_pair(
    base: Path | str,
    *,
    model: str = "asa5506",
    version: str = OLD_VERSION,
    secondary_version: str | None = None,
    new_version: str | None = NEW_VERSION,
    image_dir: Path | str | None = None,
    image_size: int = DEFAULT_IMAGE_SIZE,
    management: tuple[str, str] = ("127.0.0.2", "127.0.0.3"),
    trustpoints: Sequence[str] = (),
    traffic: Traffic | None = None,
) -> PairScenario:
    """Create `base/primary` and `base/secondary` on `version` (the secondary on
    `secondary_version` when given); put `new_version`'s image in `image_dir` (e.g. the TFTP
    root). Only the primary gets `trustpoints` (the secondary receives them by bulk sync)."""
    root = Path(base)
    images = root / "images"
    old = make_image(images, model, version, image_size)
    sec_image = old
    if secondary_version is not None and secondary_version != version:
        sec_image = make_image(images, model, secondary_version, image_size)
    dirs = [root / name for name in PAIR_DIRS]
    for index, (directory, unit) in enumerate(zip(dirs, ("primary", "secondary"), strict=True)):
        image = old if index == 0 else sec_image
        init_unit(
            directory,
            model,
            images=[image],
            boot=[f"disk0:/{image.name}"],
            config=pair_config(unit, management),
            trustpoints=trustpoints if index == 0 else (),
            traffic=traffic,
        )
    new = None
    if new_version is not None and image_dir is not None:
        new = make_image(image_dir, model, new_version, image_size)
    return PairScenario(root, dirs[0], dirs[1], old.name, new, management)
