"""Hardware facts per model and per ROMMON build (reference sections 1.1, 4.5, 5)."""

from __future__ import annotations

from dataclasses import dataclass

KENTON_MODELS: tuple[str, ...] = ("asa5506", "asa5508", "asa5516")
SALEEN_MODELS: tuple[str, ...] = ("asa5512", "asa5515", "asa5525", "asa5545", "asa5555")
OLDER_MODELS: tuple[str, ...] = ("asa5505", "asa5510", "asa5520", "asa5540", "asa5550")


@dataclass(frozen=True)
class Model:
    """One Kenton model as its ROMMON and ASA OS describe it."""

    name: str  # "asa5506"
    platform: str  # "ASA5506" in `Platform ASA5506 with ...`
    memory_mb: int
    dimm_slots: int
    cpu: str  # the `Hardware:` line of show version after the RAM
    card_type: str  # show module, Mod 1
    hw_version: str
    default_rommon: str
    inventory_descr: str  # show inventory, the Chassis DESCR


MODELS: dict[str, Model] = {
    "asa5506": Model(
        name="asa5506",
        platform="ASA5506",
        memory_mb=4096,  # [S] src 4
        dimm_slots=1,  # [S] src 4: only `DIMM Slot 0 : Present`
        cpu="CPU Atom C2000 series 1250 MHz, 1 CPU (4 cores)",  # [C]
        card_type="ASA 5506-X with SW, 8GE Data, 1GE Mgmt, AC",  # [S] src 15
        hw_version="2.2",  # [S] src 15 (a 5506 row)
        default_rommon="1.1.14",
        inventory_descr="ASA 5506-X with FirePOWER services, 8GE, AC, DES",  # [C] research §4.6
    ),
    "asa5508": Model(
        name="asa5508",
        platform="ASA5508",
        memory_mb=8192,  # [NF] guess: the reference expects 8192 Mbytes for the 5508
        dimm_slots=2,  # [NF] guess: like the 5516
        cpu="CPU Atom C2000 series 2000 MHz, 1 CPU (8 cores)",  # [NF] guess
        card_type="ASA 5508-X with SW, 8GE Data, 1GE Mgmt",  # [NF] guess
        hw_version="2.3",  # [NF] guess
        default_rommon="1.1.14",
        inventory_descr="ASA 5508-X with FirePOWER services, 8GE, AC, DES",  # [C] research §4.6
    ),
    "asa5516": Model(
        name="asa5516",
        platform="ASA5516",
        memory_mb=8192,  # [C]
        dimm_slots=2,  # [C]
        cpu="CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)",  # [C] src 14
        card_type="ASA 5516-X with SW, 8GE Data, 1GE Mgmt",  # [NF] guess from the 5506 form
        hw_version="3.1",  # [NF] guess
        default_rommon="1.1.14",
        inventory_descr="ASA 5516-X with FirePOWER services, 8GE, AC, DES",  # [NF] 5508 form
    ),
}


@dataclass(frozen=True)
class RommonBuild:
    """The `Compiled ...` line of one ROMMON release."""

    compiled: str  # "Tue 09/15/2020 20:35:13.52"
    builder: str

    @property
    def year(self) -> str:
        """The copyright end year: the compile year."""
        return self.compiled.split()[1].split("/")[2]


ROMMON_BUILDS: dict[str, RommonBuild] = {
    "1.1.18": RommonBuild("Tue 09/15/2020 20:35:13.52", "wchen64"),  # [C] src 1, 2
    "1.1.14": RommonBuild("Thu 03/15/2018 10:26:43.92", "builder"),  # builder [S]; date [NF] guess
    "1.1.13": RommonBuild("Mon 06/26/2017 14:18:50.43", "builder"),  # [NF] guess
    "1.1.12": RommonBuild("Fri 08/12/2016 11:20:56.53", "wchen64"),  # builder [S]; date [NF]
    "1.1.8": RommonBuild("Thu 06/18/2015 12:15:56.43", "builder"),  # [NF] guess
}
# [NF] guess: a ROMMON version not in the table reuses this build line.
DEFAULT_ROMMON_BUILD = RommonBuild("Mon 01/04/2021 10:00:00.00", "builder")

# The oldest ROMMON from which `upgrade rommon` works [S] seed 001 ("must be 1.1.8 or greater").
MIN_UPGRADABLE_ROMMON = "1.1.8"


def model_named(name: str) -> Model:
    """The model for `asa5506` / `ASA5506` / `5506`; ValueError names the valid ones."""
    key = name.lower()
    if not key.startswith("asa"):
        key = "asa" + key
    try:
        return MODELS[key]
    except KeyError:
        raise ValueError(f"unknown model {name!r}; use one of {', '.join(MODELS)}") from None


def rommon_build(version: str) -> RommonBuild:
    """The build line of a ROMMON version (a guess for versions nobody has seen)."""
    return ROMMON_BUILDS.get(version, DEFAULT_ROMMON_BUILD)


def parse_rommon_version(text: str) -> tuple[int, int, int]:
    """`1.1.18` -> (1, 1, 18); ValueError on anything else."""
    parts = text.strip().split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"ROMMON version must look like 1.1.18, got {text!r}")
    return int(parts[0]), int(parts[1]), int(parts[2])
