"""The virtual LAN's directory of TFTP servers: which UDP port answers for a server address.

A virtual unit built with TFTP port 0 does not assume a port: when it opens a transfer it asks
this directory for the port announced for the SERVER address. Whoever runs a server in the same
process (the toolkit's CLI wiring, a test) announces the port the OS chose, so nobody has to pick
a port by bind-then-release. Real units always ask port 69; this exists only for virtual ones.
"""

from __future__ import annotations

import threading

ANNOUNCED = 0  # a unit's TFTP port setting meaning "the port announced for the server"

ANY_ADDRESS = "0.0.0.0"  # a server bound to every address answers for each of them
_lock = threading.Lock()
_ports: dict[str, list[int]] = {}


def announce_tftp(host: str, port: int) -> None:
    """A TFTP server now listens on HOST:PORT (the newest announcement for HOST wins)."""
    with _lock:
        _ports.setdefault(host, []).append(port)


def withdraw_tftp(host: str, port: int) -> None:
    """The server on HOST:PORT stopped; an older one still running for HOST answers again."""
    with _lock:
        ports = _ports.get(host, [])
        if port in ports:
            ports.remove(port)
        if not ports:
            _ports.pop(host, None)


def announced_tftp_port(host: str) -> int | None:
    """The port of the newest running server announced for HOST (or for every address), or
    None."""
    with _lock:
        ports = _ports.get(host) or _ports.get(ANY_ADDRESS)
        return ports[-1] if ports else None
