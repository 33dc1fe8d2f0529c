"""Units that boot straight to the ASA OS for the ASA tests."""

from __future__ import annotations

from pathlib import Path

from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.provision import init_unit
from tests.sim.conftest import Opener
from tests.sim.flows import enable, to_user_prompt
from tests.sim.spawn import PortSpawn

IMAGE = "asa9-16-4-85-lfbff-k8.SPA"
OLD_IMAGE = "asa984-22-lfbff-k8.SPA"
IMAGE_SIZE = 2 << 20


def provision(
    state_dir: Path,
    *,
    startup: bool = True,
    version: str = "9.16(4)85",
    model: str = "asa5506",
    rommon_version: str | None = None,
    disk_size: int | None = None,
) -> Path:
    """A unit with one image on disk0 and (optionally) a startup-config booting it."""
    images = state_dir.parent / "images"
    image = make_image(images, model, version, IMAGE_SIZE)
    options = {} if disk_size is None else {"disk_size": disk_size}
    init_unit(
        state_dir,
        model,
        images=[image],
        boot=[f"disk0:/{image.name}"],
        startup_config=startup,
        rommon_version=rommon_version,
        **options,
    )
    return image


def booted(
    console: Opener, state_dir: Path, *, startup: bool = True, **options: object
) -> PortSpawn:
    """Power on a provisioned unit and stop at `ciscoasa# ` with `terminal pager 0`."""
    provision(state_dir, startup=startup)
    con = console(**options)
    to_user_prompt(con, first_boot=not startup)
    enable(con)
    return con
