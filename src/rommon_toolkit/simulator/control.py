"""The loopback control port of a running unit (`rommon sim power-cycle`, live status).

Protocol: the client sends one JSON line `{"command": "power-cycle"}` and reads one JSON
line back (`{"ok": true, ...}` or `{"ok": false, "error": "..."}`). The port number is in
the state dir's runtime.json.
"""

from __future__ import annotations

import contextlib
import json
import selectors
import socket
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rommon_toolkit.simulator.errors import ControlError
from rommon_toolkit.simulator.snapshot import running_from_runtime
from rommon_toolkit.simulator.state import UnitState

Handler = Callable[[dict[str, Any]], dict[str, Any]]
MAX_REQUEST = 64 * 1024


class ControlServer:
    """Accepts one request per connection on 127.0.0.1; runs in a daemon thread."""

    def __init__(self, handler: Handler, host: str = "127.0.0.1") -> None:
        self._handler = handler
        self._listener = socket.create_server((host, 0))
        self.port: int = self._listener.getsockname()[1]
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, name="sim-control", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake_r, selectors.EVENT_READ)
            while True:
                ready = [key.fileobj for key, _ in selector.select()]
                if self._wake_r in ready:
                    return
                try:
                    conn, _ = self._listener.accept()
                except OSError:
                    return
                with conn:
                    self._answer(conn)

    def _answer(self, conn: socket.socket) -> None:
        conn.settimeout(5.0)
        try:
            raw = conn.makefile("rb").readline(MAX_REQUEST)
            request = json.loads(raw or b"{}")
            reply = self._handler(request if isinstance(request, dict) else {})
        except (OSError, ValueError) as exc:
            reply = {"ok": False, "error": f"bad request: {exc}"}
        try:
            conn.sendall(json.dumps(reply).encode() + b"\n")
        except OSError:
            return

    def stop(self) -> None:
        """Stop serving and close the port."""
        with contextlib.suppress(OSError):
            self._wake_w.send(b"x")
        if self._thread is not threading.current_thread():
            self._thread.join(timeout=5)
        for sock in (self._listener, self._wake_r, self._wake_w):
            sock.close()


def send_command(
    state_dir: Path | str, command: str, timeout: float = 30.0, **fields: Any
) -> dict[str, Any]:
    """Ask the unit running on `state_dir` to do `command` (with `fields` in the request);
    ControlError if none answers."""
    state = UnitState(state_dir)
    running = running_from_runtime(state)
    data = state.runtime() or {}
    port = data.get("control_port")
    if running.pid is None or not isinstance(port, int):
        raise ControlError(
            f"no virtual ASA is running on {state.root}; start one with "
            f"`rommon sim --state-dir {state.root} --pty`"
        )
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
            request = {"command": command, **fields}
            conn.sendall(json.dumps(request).encode() + b"\n")
            raw = conn.makefile("rb").readline(MAX_REQUEST)
    except OSError as exc:
        raise ControlError(
            f"the virtual ASA on {state.root} did not answer on control port {port} ({exc}); "
            "is it still running?"
        ) from exc
    try:
        reply = json.loads(raw)
    except ValueError as exc:
        raise ControlError(f"garbled answer from control port {port}") from exc
    if not isinstance(reply, dict) or not reply.get("ok"):
        error = reply.get("error") if isinstance(reply, dict) else reply
        raise ControlError(f"the virtual ASA refused {command!r}: {error}")
    return reply
