"""Two linked virtual ASAs in `BASE/primary` and `BASE/secondary` (`rommon sim pair`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.errors import ControlError, StateError
from rommon_toolkit.simulator.failover.link import FailoverLink
from rommon_toolkit.simulator.failover.scenario import PAIR_DIRS
from rommon_toolkit.simulator.state import UnitState
from rommon_toolkit.simulator.unit import VirtualAsa


def pair_dirs(base: Path | str) -> tuple[Path, Path]:
    """(primary, secondary) state dirs under `base`."""
    root = Path(base).resolve()
    return root / PAIR_DIRS[0], root / PAIR_DIRS[1]


def make_pair(base: Path | str, model: str, **options: Any) -> tuple[VirtualAsa, VirtualAsa]:
    """Both units, linked, off; StateError when `base` holds no pair (`rommon sim pair init`)."""
    dirs = pair_dirs(base)
    for directory in dirs:
        if not UnitState(directory).exists():
            raise StateError(
                f"{directory} holds no virtual ASA; create the pair first with "
                f"`rommon sim pair init --state-dir {Path(base)}`"
            )
    units: list[VirtualAsa] = []
    try:
        for directory in dirs:
            units.append(VirtualAsa(model, directory, **options))
    except BaseException:
        for unit in units:
            unit.close()
        raise
    link = FailoverLink()
    for unit in units:
        link.attach(unit)
    return units[0], units[1]


def attach_pair(
    base: Path | str, model: str = "asa5506", *, powered: bool = True, **options: Any
) -> tuple[VirtualAsa, VirtualAsa]:
    """The pair running on `base` in this process, or a new one (registered, so that
    `sim://MODEL?state-dir=BASE/primary` opens its console; powered on if `powered`)."""
    primary_dir, secondary_dir = pair_dirs(base)
    try:
        return registry.unit_for(primary_dir), registry.unit_for(secondary_dir)
    except ControlError:
        pass
    primary, secondary = make_pair(base, model, **options)
    for unit in (primary, secondary):
        registry.register(unit)
        if powered:
            unit.power_on()
    return primary, secondary
