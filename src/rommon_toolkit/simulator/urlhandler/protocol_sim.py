"""`sim://asa5506?state-dir=DIR&speed=F&fault=NAME&tftp-port=N&tftp-blksize=N&link-rtt-ms=F`
for pyserial (`&pair=1` with DIR = BASE/primary or BASE/secondary: a unit of the failover pair
on BASE).

`link-rtt-ms`: the round-trip time of the unit's network link, paid by its TFTP client per
packet exchange and by its HTTP client per TCP window (default 0).

Opening the port attaches to the unit running on DIR in this process (creating and
powering it on first); closing it unplugs the cable while the unit keeps running. While
the cable is unplugged every call raises `serial.SerialException`, like a yanked USB
console adapter. `send_break()` delivers BREAK at once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from serial.serialutil import PortNotOpenError, SerialBase, SerialException

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.cable import Cable
from rommon_toolkit.simulator.errors import CableUnpluggedError, SimulatorError
from rommon_toolkit.simulator.unit import VirtualAsa

OPTIONS = {
    "state-dir": "state_dir",
    "speed": "speed",
    "fault": "faults",
    "tftp-port": "tftp_port",
    "tftp-blksize": "tftp_blksize",
    "tftp-timeout": "tftp_timeout",
    "tftp-retries": "tftp_retries",
    "link-rtt-ms": "link_rtt_ms",
    "rommon-version": "rommon_version",
    "disk-size": "disk_size",
    "pair": "pair",  # `pair=1`: STATE-DIR is BASE/primary or BASE/secondary of a failover pair
}
CONVERT: dict[str, Any] = {
    "speed": float,
    "tftp_port": int,
    "tftp_blksize": int,
    "tftp_timeout": float,
    "tftp_retries": int,
    "link_rtt_ms": float,
    "disk_size": int,
    "pair": lambda text: text.strip().lower() in ("1", "yes", "true", "on"),
}


def parse_sim_url(url: str) -> tuple[str, dict[str, Any]]:
    """(model, VirtualAsa keyword options); SerialException says what is wrong."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "sim":
        raise SerialException(f"expected a sim:// URL, got {url!r}")
    model = parts.netloc or "asa5506"
    options: dict[str, Any] = {}
    for key, values in parse_qs(parts.query, keep_blank_values=True).items():
        if key not in OPTIONS:
            valid = ", ".join(OPTIONS)
            raise SerialException(f"unknown sim:// option {key!r}; valid options: {valid}")
        name = OPTIONS[key]
        if name == "faults":
            options[name] = list(values)
            continue
        try:
            options[name] = CONVERT.get(name, str)(values[-1])
        except ValueError:
            raise SerialException(f"sim:// option {key}={values[-1]!r} is not valid") from None
    if "state_dir" not in options:
        raise SerialException("sim:// needs state-dir=DIR (where the unit keeps its state)")
    return model, options


def _pair_member(model: str, state_dir: Path, options: dict[str, Any]) -> VirtualAsa:
    """The unit of a failover pair on `state_dir` (both units start with the first open)."""
    from rommon_toolkit.simulator.failover.pair import attach_pair
    from rommon_toolkit.simulator.failover.scenario import PAIR_DIRS

    if state_dir.name not in PAIR_DIRS:
        raise ValueError(f"pair=1 wants state-dir=BASE/primary or BASE/secondary, not {state_dir}")
    primary, secondary = attach_pair(state_dir.parent, model, **options)
    return primary if state_dir.name == PAIR_DIRS[0] else secondary


class Serial(SerialBase):
    """The host end of a virtual ASA's console cable as a pyserial port."""

    _unit: VirtualAsa | None = None
    _cable: Cable | None = None

    def open(self) -> None:
        """Attach to (or start) the unit and plug the cable in."""
        if self.is_open:
            raise SerialException("Port is already open.")
        if self.port is None:
            raise SerialException("Port must be configured before it can be used.")
        model, options = parse_sim_url(self.port)
        state_dir = options.pop("state_dir")
        try:
            if options.pop("pair", False):
                self._unit = _pair_member(model, Path(state_dir), options)
            else:
                self._unit = registry.attach(model, state_dir, **options)
        except (SimulatorError, ValueError) as exc:
            raise SerialException(f"cannot start the virtual ASA: {exc}") from exc
        self._cable = self._unit.cable
        self._unit.plug_cable()
        self.is_open = True
        self._reconfigure_port()

    def close(self) -> None:
        """Unplug the cable; the unit keeps running."""
        if self.is_open and self._unit is not None:
            self._unit.unplug_cable()
        self.is_open = False
        self._cable = None

    @property
    def unit(self) -> VirtualAsa:
        """The unit at the other end (for tests and tools)."""
        if self._unit is None:
            raise PortNotOpenError()
        return self._unit

    def _live_cable(self) -> Cable:
        if not self.is_open or self._cable is None:
            raise PortNotOpenError()
        return self._cable

    def _reconfigure_port(self) -> None:
        if self._cable is not None:
            self._cable.set_host_baud(self.baudrate)

    @property
    def in_waiting(self) -> int:
        """Bytes ready to read."""
        try:
            return self._live_cable().in_waiting
        except CableUnpluggedError as exc:
            raise SerialException(str(exc)) from exc

    def read(self, size: int = 1) -> bytes:
        """pyserial semantics: up to `size` bytes within `timeout`."""
        cable = self._live_cable()
        try:
            return cable.read_exactly(size, self.timeout)
        except CableUnpluggedError as exc:
            raise SerialException(str(exc)) from exc

    def write(self, b: Any, /) -> int:
        """Type at the unit."""
        cable = self._live_cable()
        try:
            return cable.write(bytes(b))
        except CableUnpluggedError as exc:
            raise SerialException(str(exc)) from exc

    def flush(self) -> None:
        """Nothing is buffered on the way out."""

    def reset_input_buffer(self) -> None:
        """Drop unread output of the unit."""
        try:
            self._live_cable().discard_input()
        except CableUnpluggedError as exc:
            raise SerialException(str(exc)) from exc

    def reset_output_buffer(self) -> None:
        """Nothing is buffered on the way out."""

    def send_break(self, duration: float = 0.25) -> None:
        """Deliver BREAK at once (the unit sees the condition, not its length)."""
        del duration
        try:
            self._live_cable().send_break()
        except CableUnpluggedError as exc:
            raise SerialException(str(exc)) from exc

    def _update_break_state(self) -> None:
        if self.break_condition:
            self.send_break()

    def _update_rts_state(self) -> None:
        """No modem lines on a console cable."""

    def _update_dtr_state(self) -> None:
        """No modem lines on a console cable."""

    @property
    def cts(self) -> bool:
        """Always set."""
        return True

    @property
    def dsr(self) -> bool:
        """Always set."""
        return True

    @property
    def ri(self) -> bool:
        """Never set."""
        return False

    @property
    def cd(self) -> bool:
        """Set while the cable is in."""
        return self._cable is not None and self._cable.plugged
