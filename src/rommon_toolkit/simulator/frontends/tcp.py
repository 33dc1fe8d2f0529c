"""`rommon sim --tcp HOST:PORT`: a console-server-style raw TCP port (`socket://`).

One client at a time; a second one is told the line is busy and closed. A client that
disconnects has pulled the console cable; the next one plugs it back in.
"""

from __future__ import annotations

import contextlib
import selectors
import socket
import threading

from rommon_toolkit.simulator.frontends.pump import CHUNK, Stopper, host_to_unit, unit_to_host
from rommon_toolkit.simulator.unit import VirtualAsa

BUSY = b"\r\n% console line busy: another client is connected\r\n"


class TcpConsole:
    """Serve the unit's console on a TCP port."""

    def __init__(self, unit: VirtualAsa, host: str, port: int) -> None:
        self.unit = unit
        self._listener = socket.create_server((host, port))
        self.host, self.port = self._listener.getsockname()[:2]
        self._stopper = Stopper()
        self._client_lock = threading.Condition()
        self._client: socket.socket | None = None
        self._plugged_for: socket.socket | None = None
        unit.unplug_cable()  # nobody is connected yet
        self._thread = threading.Thread(target=self._accept, name="tcp-accept", daemon=True)
        self._thread.start()

    @property
    def endpoint(self) -> str:
        """`socket://HOST:PORT`."""
        return f"socket://{self.host}:{self.port}"

    def _accept(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._stopper.wake_socket, selectors.EVENT_READ)
            while not self._stopper.event.is_set():
                ready = [key.fileobj for key, _ in selector.select()]
                if self._stopper.wake_socket in ready:
                    return
                try:
                    conn, _ = self._listener.accept()
                except OSError:
                    return
                with self._client_lock:
                    busy = self._client is not None
                    if not busy:
                        self._client = conn
                if busy:
                    with contextlib.suppress(OSError):
                        conn.sendall(BUSY)
                        conn.shutdown(socket.SHUT_WR)
                    conn.close()
                    continue
                threading.Thread(
                    target=self._serve, args=(conn,), name="tcp-client", daemon=True
                ).start()

    def wait_for_client(self, timeout: float) -> bool:
        """Wait until a client is connected and the cable is in; False on timeout."""
        with self._client_lock:
            return self._client_lock.wait_for(lambda: self._plugged_for is not None, timeout)

    def wait_until_idle(self, timeout: float) -> bool:
        """Wait until no client is connected (the last one was cleaned up)."""
        with self._client_lock:
            return self._client_lock.wait_for(lambda: self._client is None, timeout)

    def _serve(self, conn: socket.socket) -> None:
        conn.setblocking(False)
        self.unit.plug_cable()
        with self._client_lock:
            self._plugged_for = conn
            self._client_lock.notify_all()
        cable = self.unit.cable
        out = threading.Thread(
            target=unit_to_host, args=(cable, _Sender(conn), self._stopper), daemon=True
        )
        out.start()
        try:
            host_to_unit(lambda: conn.recv(CHUNK), conn, cable, self._stopper)
        finally:
            self.unit.unplug_cable()  # the client left: the cable is out; `out` ends
            out.join(timeout=5)
            with self._client_lock:
                self._client = None
                self._plugged_for = None
                self._client_lock.notify_all()
            conn.close()

    def close(self) -> None:
        """Stop accepting, drop the client, close the port."""
        self._stopper.stop()
        with self._client_lock:
            client = self._client
        if client is not None:
            with contextlib.suppress(OSError):
                client.shutdown(socket.SHUT_RDWR)
        self._thread.join(timeout=5)
        self._listener.close()
        self._stopper.close()


class _Sender:
    """sendall on a non-blocking socket (waits for room with select)."""

    def __init__(self, conn: socket.socket) -> None:
        self._conn = conn

    def __call__(self, data: bytes) -> None:
        view = memoryview(data)
        with selectors.DefaultSelector() as selector:
            selector.register(self._conn, selectors.EVENT_WRITE)
            while view:
                try:
                    sent = self._conn.send(view)
                except BlockingIOError:
                    selector.select(timeout=1.0)
                    continue
                view = view[sent:]
