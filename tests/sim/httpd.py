"""A real HTTP server on loopback for the simulator's tests: Python's own `http.server`.

An independent peer (not the toolkit's bundled server), serving one directory.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        del format, args


@dataclass(frozen=True)
class HttpPeer:
    port: int
    root: Path


@contextmanager
def http_peer(root: Path) -> Iterator[HttpPeer]:
    """Serve `root` on 127.0.0.1 (any free port) until the block ends."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, args=(0.1,), daemon=True)
    thread.start()
    try:
        yield HttpPeer(int(server.server_address[1]), root)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
