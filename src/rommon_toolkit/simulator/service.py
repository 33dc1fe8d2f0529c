"""Run one or more units with their console front-ends (what `rommon sim` does)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rommon_toolkit.simulator.errors import StateError
from rommon_toolkit.simulator.frontends.pty import PtyConsole
from rommon_toolkit.simulator.frontends.tcp import TcpConsole
from rommon_toolkit.simulator.unit import VirtualAsa


@dataclass(frozen=True)
class UnitOptions:
    """How to start each unit."""

    model: str
    speed: float = 1.0
    faults: Sequence[str] = ()
    tftp_port: int = 69
    tftp_blksize: int | None = None


@dataclass
class Served:
    """One running unit and where its console is."""

    name: str
    unit: VirtualAsa
    console: PtyConsole | TcpConsole

    @property
    def endpoint(self) -> str:
        """The pty path or `socket://HOST:PORT`."""
        if isinstance(self.console, PtyConsole):
            return self.console.path
        return self.console.endpoint


def state_dirs(base: Path, count: int) -> list[Path]:
    """DIR for one unit; DIR/unit-1 .. DIR/unit-N for several."""
    if count < 1:
        raise StateError(f"--count must be at least 1, got {count}")
    if count == 1:
        return [base]
    return [base / f"unit-{n}" for n in range(1, count + 1)]


def parse_hostport(text: str) -> tuple[str, int]:
    """`127.0.0.1:2001` -> ("127.0.0.1", 2001); StateError says the expected form."""
    host, sep, port = text.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 <= int(port) <= 65535:
        raise StateError(f"--tcp wants HOST:PORT such as 127.0.0.1:2001, got {text!r}")
    return host, int(port)


def start(
    base: Path,
    options: UnitOptions,
    *,
    count: int = 1,
    pty: bool = False,
    tcp: str | None = None,
) -> list[Served]:
    """Create/attach, power on and expose `count` units; close them with `stop`."""
    served: list[Served] = []
    host, first_port = parse_hostport(tcp) if tcp else ("", 0)
    try:
        for index, directory in enumerate(state_dirs(base, count)):
            unit = VirtualAsa(
                options.model,
                directory,
                speed=options.speed,
                faults=options.faults,
                tftp_port=options.tftp_port,
                tftp_blksize=options.tftp_blksize,
            )
            console: PtyConsole | TcpConsole
            if pty:
                console = PtyConsole(unit)
            else:
                port = first_port + index if first_port else 0
                console = TcpConsole(unit, host, port)
            served.append(Served(directory.name if count > 1 else "unit", unit, console))
            unit.power_on()
    except BaseException:
        stop(served)
        raise
    return served


def stop(served: Sequence[Served]) -> None:
    """Power every unit off and close its console."""
    for item in served:
        item.console.close()
        item.unit.close()


def start_pair(
    base: Path, options: UnitOptions, *, pty: bool = False, tcp: str | None = None
) -> list[Served]:
    """A failover pair on `base` (primary console on PORT, secondary on PORT+1)."""
    from rommon_toolkit.simulator.failover.pair import make_pair

    host, first_port = parse_hostport(tcp) if tcp else ("", 0)
    units = make_pair(
        base,
        options.model,
        speed=options.speed,
        faults=options.faults,
        tftp_port=options.tftp_port,
        tftp_blksize=options.tftp_blksize,
    )
    served: list[Served] = []
    try:
        for index, (name, unit) in enumerate(zip(("primary", "secondary"), units, strict=True)):
            console: PtyConsole | TcpConsole
            if pty:
                console = PtyConsole(unit)
            else:
                console = TcpConsole(unit, host, first_port + index if first_port else 0)
            served.append(Served(name, unit, console))
        for item in served:
            item.unit.power_on()
    except BaseException:
        stop(served)
        for unit in units:
            unit.close()
        raise
    return served
