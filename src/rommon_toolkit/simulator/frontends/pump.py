"""Copy bytes between a unit's cable and a file descriptor or socket, until stopped."""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading
from collections.abc import Callable

from rommon_toolkit.simulator.cable import Cable
from rommon_toolkit.simulator.errors import CableUnpluggedError

POLL_SECONDS = 0.2  # how often the unit-to-host pump looks at its stop event
CHUNK = 4096


class Stopper:
    """A stop event that also wakes a selector (through a socket pair)."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self._reader, self._writer = socket.socketpair()

    @property
    def wake_socket(self) -> socket.socket:
        """Register this with a selector: it becomes readable on stop."""
        return self._reader

    def stop(self) -> None:
        """Stop every pump watching this."""
        self.event.set()
        with contextlib.suppress(OSError):
            self._writer.send(b"x")

    def close(self) -> None:
        """Release the socket pair."""
        self._reader.close()
        self._writer.close()


def unit_to_host(cable: Cable, send: Callable[[bytes], None], stopper: Stopper) -> None:
    """What the unit prints goes to `send` until stopped (or the cable is pulled)."""
    while not stopper.event.is_set():
        try:
            data = cable.read(CHUNK, POLL_SECONDS)
        except CableUnpluggedError:
            return
        if data:
            try:
                send(data)
            except OSError:
                return


def host_to_unit(
    receive: Callable[[], bytes],
    source: int | socket.socket,
    cable: Cable,
    stopper: Stopper,
) -> None:
    """What the host types goes to the unit; ends on stop, EOF or an unplugged cable."""
    with selectors.DefaultSelector() as selector:
        selector.register(source, selectors.EVENT_READ)
        selector.register(stopper.wake_socket, selectors.EVENT_READ)
        while not stopper.event.is_set():
            ready = [key.fileobj for key, _ in selector.select()]
            if stopper.wake_socket in ready or stopper.event.is_set():
                return
            try:
                data = receive()
            except BlockingIOError:
                continue
            except OSError:
                return
            if not data:
                return
            try:
                cable.write(data)
            except CableUnpluggedError:
                return
