"""What every part of the unit's firmware shares: state, line, clock, faults, live info."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from rommon_toolkit.simulator.clock import SimClock
from rommon_toolkit.simulator.disk import Disk
from rommon_toolkit.simulator.editor import Editor
from rommon_toolkit.simulator.errors import PowerLost
from rommon_toolkit.simulator.faults import FaultSet
from rommon_toolkit.simulator.line import Line
from rommon_toolkit.simulator.models import Model, model_named
from rommon_toolkit.simulator.state import Hardware, UnitState
from rommon_toolkit.simulator.tftp_client import TftpSettings
from rommon_toolkit.simulator.traffic import LiveHealth


@dataclass(frozen=True)
class BootRequest:
    """An image the ROMMON hands to the ASA OS."""

    image: Path  # a file on disk0 or in ram/
    name: str  # the bare file name
    source: str  # "disk0" | "tftp"
    url: str  # `disk0:/X` or `tftp://SERVER/X`, as show version prints it
    version: str
    config_ignored: bool = False  # confreg 0x40


@dataclass
class LiveInfo:
    """What a running unit knows that the state dir does not (snapshot reads it)."""

    mode: str = "off"
    rommon_counter: int = 0
    running: BootRequest | None = None
    config_dirty: bool = False
    confreg_at_boot: int | None = None
    power_cycles: int = 0
    copy_in_progress: str | None = None
    last_transfer: dict[str, int | str] | None = None  # stats of the last TFTP transfer
    health: LiveHealth = field(default_factory=LiveHealth)  # this boot's health figures


class FailoverPort(Protocol):
    """The unit's end of a failover link (simulator/failover/); None on a lone unit."""

    def prompt_tokens(self, session: Any) -> tuple[str, str]:
        """(`pri`|`sec`, `act`|`stby`) for the prompt."""

    def replicate(
        self, session: Any, line: str, mode: str, interface: str | None, trustpoint: str | None
    ) -> None:
        """A configuration line the session just applied (the active sends it to the mate)."""

    def address_for(self, session: Any, interface: Any) -> tuple[str, str] | None:
        """The address this unit uses on `interface` (the standby address on a standby)."""

    def show_failover(self, session: Any, *, state: bool) -> str:
        """The `show failover` (or `show failover state`) text."""

    def command(self, session: Any, name: str, words: list[str]) -> None:
        """`reload-standby`, `active`, `no-active`, `write-standby`."""

    def memory_written(self, session: Any) -> None:
        """`write memory` saved this unit's configuration (the active saves its mate's)."""

    def role(self, session: Any) -> str | None:
        """`active`, `standby`, `failed` or None (failover off or not decided)."""

    def idle(self, session: Any) -> None:
        """The session is about to prompt: apply what the mate replicated meanwhile."""

    def local_address(self, interface: Any) -> str | None:
        """This unit's own address on `interface` (None: the configured one)."""

    def session_up(self, session: Any) -> None:
        """The ASA OS finished booting (joins the pair)."""

    def session_down(self, session: Any) -> None:
        """The ASA OS stops (reload or power loss)."""


class UnitContext:
    """Shared by the firmware's parts for one unit."""

    def __init__(
        self,
        state: UnitState,
        *,
        clock: SimClock,
        faults: FaultSet,
        line: Line,
        halt: threading.Event,
        tftp: TftpSettings,
        on_mode: Callable[[str], None],
    ) -> None:
        self.state = state
        self.clock = clock
        self.faults = faults
        self.line = line
        self.halt = halt
        self.tftp = tftp
        self.editor = Editor(line)
        self.live = LiveInfo()
        self._on_mode = on_mode
        self.hardware: Hardware = state.hardware()
        self.model: Model = model_named(self.hardware.model)
        self.disk = Disk(state.disk0, self.hardware.disk_size, faults)
        self.failover: FailoverPort | None = None

    # -- output -------------------------------------------------------------------------
    def out(self, text: str) -> None:
        """Print text; bare LF becomes CRLF as on a serial console."""
        data = text.replace("\r\n", "\n").replace("\n", "\r\n")
        self.line.emit(data.encode("latin-1", "replace"))

    def say(self, *lines: str) -> None:
        """Print each line followed by a newline."""
        self.out("".join(f"{line}\n" for line in lines))

    def ask(self, prompt: str, *, mask: str | None = None) -> str:
        """Print a question and read the answer line."""
        self.out(prompt)
        return self.editor.read_line(mask=mask)

    # -- time ---------------------------------------------------------------------------
    def pause(self, sim_seconds: float) -> None:
        """Let simulated time pass; PowerLost if the unit loses power meanwhile."""
        if self.halt.wait(self.clock.real_seconds(sim_seconds)):
            raise PowerLost

    def set_mode(self, mode: str) -> None:
        """Record the unit's mode (off, countdown, rommon, booting, asa, ...)."""
        self.live.mode = mode
        self._on_mode(mode)
