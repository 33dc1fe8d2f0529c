"""Creating a unit ready for a scenario: images on disk0, boot lines, a startup-config.

Used by `rommon sim init` and by tests; the running unit never calls it.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from rommon_toolkit.simulator.asa_os.config import AsaConfig, hash_password, render
from rommon_toolkit.simulator.bootorder import boot_string_text
from rommon_toolkit.simulator.disk import BOOT_STRING, Disk, DiskPathError
from rommon_toolkit.simulator.errors import ImageError, StateError
from rommon_toolkit.simulator.faults import FaultSet
from rommon_toolkit.simulator.images import inspect_image
from rommon_toolkit.simulator.keystore import load_keystore, new_entry, save_keystore
from rommon_toolkit.simulator.models import model_named
from rommon_toolkit.simulator.state import DEFAULT_DISK_SIZE, Hardware, UnitState, write_atomic
from rommon_toolkit.simulator.traffic import Traffic, save_traffic

TRUSTPOINT_LINES = ["enrollment terminal", "crl configure"]  # [C] default trustpoint block

DEFAULT_CONFIG_VERSION = "9.16(4)85"  # the `ASA Version` line when no image says better


def startup_text(
    hardware: Hardware,
    *,
    boot: Sequence[str] = (),
    enable_password: str | None = None,
    version: str = DEFAULT_CONFIG_VERSION,
    config: AsaConfig | None = None,
) -> str:
    """A saved configuration with these boot lines (and enable password), from `config`."""
    spec = model_named(hardware.model)
    config = config or AsaConfig(anonymous_reporting=False)
    config.boot_system = list(boot)
    if enable_password:
        config.enable_hash = hash_password(enable_password)
    return render(
        config,
        version=version,
        serial=hardware.serial,
        hardware=f"{spec.platform}, {spec.memory_mb} MB RAM, {spec.cpu}",
    )


def _boot_paths(disk: Disk, boot: Sequence[str]) -> list[str]:
    paths = []
    for entry in boot:
        try:
            paths.append(disk.display(disk.resolve(entry)))
        except DiskPathError as exc:
            raise StateError(f"--boot {entry!r}: {exc}; use disk0:/IMAGE") from exc
    return paths


def init_unit(
    state_dir: Path | str,
    model: str,
    *,
    rommon_version: str | None = None,
    images: Sequence[Path | str] = (),
    boot: Sequence[str] = (),
    startup_config: bool = True,
    disk_size: int = DEFAULT_DISK_SIZE,
    enable_password: str | None = None,
    serial: str | None = None,
    trustpoints: Sequence[str] = (),
    traffic: Traffic | None = None,
    config: AsaConfig | None = None,
) -> UnitState:
    """Create a unit, copy `images` onto disk0, write boot lines and a startup-config.

    `trustpoints`: each gets a keypair and an identity certificate (keystore.json) and its
    `crypto ca trustpoint` block. `traffic`: the network around it (traffic.json). `config`:
    the configuration to save (boot lines from `boot` replace its own).
    """
    state = UnitState(state_dir)
    hardware = state.create(
        model, rommon_version=rommon_version, disk_size=disk_size, serial=serial
    )
    disk = Disk(state.disk0, hardware.disk_size, FaultSet())
    version = DEFAULT_CONFIG_VERSION
    for image in images:
        source = Path(image)
        if not source.is_file():
            raise StateError(f"--image {source} does not exist")
        shutil.copyfile(source, disk.root / source.name)
        try:
            info = inspect_image(source)
            if info.kind == "asa" and version == DEFAULT_CONFIG_VERSION:
                version = info.version
        except ImageError:
            continue  # any file may sit on disk0
    paths = _boot_paths(disk, boot)
    if paths:
        write_atomic(disk.root / BOOT_STRING, boot_string_text(paths).encode())
    config = config or AsaConfig(anonymous_reporting=False)
    if trustpoints:
        give_keys(state, trustpoints, hardware.serial)
        for name in trustpoints:
            config.trustpoints.setdefault(name, list(TRUSTPOINT_LINES))
    if traffic is not None:
        save_traffic(state.root, traffic)
    if startup_config:
        text = startup_text(
            hardware, boot=paths, enable_password=enable_password, version=version, config=config
        )
        state.save_startup_config(text)
    return state


def give_keys(state: UnitState, trustpoints: Sequence[str], serial: str) -> None:
    """A keypair and identity certificate for each trustpoint, in the unit's keystore."""
    keys = load_keystore(state.root)
    for name in trustpoints:
        keys[name] = new_entry(f"cn={name.lower()}.example.net, serialNumber={serial}")
    save_keystore(state.root, keys)
