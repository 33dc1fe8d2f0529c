"""A UDP loss and duplication proxy for TFTP, for tests and the benchmark (not for production).

    python -m rommon_toolkit.tftp_server.loss_proxy \\
        --upstream 127.0.0.1:6969 --listen 127.0.0.1:7070 \\
        --loss 0.01 --duplicate 0.01 --seed 1 --lifetime 300

A client asks the proxy's listening port; the proxy forwards that request to `upstream` from a
fresh socket and relays the transfer both ways, dropping each datagram with probability `loss`
and sending it twice with probability `duplicate` (seeded: the same seed draws the same fates
in the same order). TFTP changes ports after the request (the server answers from its transfer
ID), so every client gets two proxy sockets: one facing the server, and one facing the client
(the client sees it as the server's transfer ID). The proxy stops by itself after `lifetime`
seconds, so a forgotten proxy cannot outlive a test run. Counters tell what went through.
"""

from __future__ import annotations

import argparse
import random
import selectors
import socket
import struct
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass

Address = tuple[str, int]
_BUFFER = 70_000
_OP_DATA = 3


@dataclass
class ProxyCounters:
    """What went through, counted before loss and duplication were applied."""

    from_clients: int = 0
    from_server: int = 0
    server_data: int = 0  # DATA packets the server sent (its retransmits included)
    dropped: int = 0
    duplicated: int = 0


@dataclass
class _Pair:
    client: Address
    upstream: socket.socket  # talks to the server
    downstream: socket.socket  # talks to the client
    server_tid: Address | None = None


class LossProxy:
    """Relays TFTP between clients and one server, losing and duplicating datagrams."""

    def __init__(
        self,
        upstream: Address,
        *,
        loss: float = 0.0,
        duplicate: float = 0.0,
        seed: int = 0,
        listen: Address = ("127.0.0.1", 0),
        lifetime: float = 600.0,
    ) -> None:
        for label, value in (("loss", loss), ("duplicate", duplicate)):
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{label} must be a probability between 0 and 1, not {value}")
        self.upstream = upstream
        self.loss = loss
        self.duplicate = duplicate
        self.lifetime = lifetime
        self.counters = ProxyCounters()
        self._random = random.Random(seed)
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._listener.bind(listen)
        self._pairs: dict[Address, _Pair] = {}
        self._selector = selectors.DefaultSelector()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> Address:
        """Where clients send their requests."""
        host, port = self._listener.getsockname()
        return str(host), int(port)

    @property
    def port(self) -> int:
        return self.address[1]

    def start(self) -> LossProxy:
        """Relay in a background thread until stop() or the lifetime ends."""
        self._selector.register(self._listener, selectors.EVENT_READ, None)
        self._thread = threading.Thread(target=self._run, name="tftp-loss-proxy", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop relaying and close every socket."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(5.0)

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the relay to end (stop() or lifetime); True when it has ended."""
        if self._thread is None:
            return True
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def __enter__(self) -> LossProxy:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- relay ---------------------------------------------------------------------------
    def _run(self) -> None:
        end = time.monotonic() + self.lifetime
        try:
            while not self._stopping.is_set():
                remaining = end - time.monotonic()
                if remaining <= 0:
                    break
                for key, _mask in self._selector.select(min(remaining, 0.2)):
                    self._relay(key.fileobj, key.data)  # type: ignore[arg-type]
        finally:
            self._selector.close()
            self._listener.close()
            for pair in self._pairs.values():
                pair.upstream.close()
                pair.downstream.close()

    def _relay(self, sock: socket.socket, role: tuple[str, _Pair] | None) -> None:
        try:
            datagram, sender = sock.recvfrom(_BUFFER)
        except OSError:
            return
        if role is None:  # a request to the listening port
            pair = self._pairs.get(sender) or self._new_pair(sender)
            pair.server_tid = None  # a new request: the server will answer from a new TID
            self.counters.from_clients += 1
            self._forward(pair.upstream, datagram, self.upstream)
            return
        side, pair = role
        if side == "upstream":
            pair.server_tid = pair.server_tid or sender
            self.counters.from_server += 1
            if datagram[:2] == struct.pack("!H", _OP_DATA):
                self.counters.server_data += 1
            self._forward(pair.downstream, datagram, pair.client)
        elif sender == pair.client:
            self.counters.from_clients += 1
            self._forward(pair.upstream, datagram, pair.server_tid or self.upstream)

    def _new_pair(self, client: Address) -> _Pair:
        host = self._listener.getsockname()[0]
        upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        upstream.bind((host, 0))
        downstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        downstream.bind((host, 0))
        pair = _Pair(client, upstream, downstream)
        self._pairs[client] = pair
        self._selector.register(upstream, selectors.EVENT_READ, ("upstream", pair))
        self._selector.register(downstream, selectors.EVENT_READ, ("downstream", pair))
        return pair

    def _forward(self, sock: socket.socket, datagram: bytes, to: Address) -> None:
        if self._random.random() < self.loss:
            self.counters.dropped += 1
            return
        copies = 2 if self._random.random() < self.duplicate else 1
        self.counters.duplicated += copies - 1
        for _ in range(copies):
            try:
                sock.sendto(datagram, to)
            except OSError:
                return


def _address(text: str) -> Address:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the proxy in the foreground until Ctrl-C or its lifetime ends."""
    parser = argparse.ArgumentParser(
        prog="python -m rommon_toolkit.tftp_server.loss_proxy", description=__doc__
    )
    parser.add_argument("--upstream", type=_address, required=True, help="server HOST:PORT")
    parser.add_argument("--listen", type=_address, default=("127.0.0.1", 0), help="HOST:PORT")
    parser.add_argument("--loss", type=float, default=0.01, help="drop probability (0.01)")
    parser.add_argument("--duplicate", type=float, default=0.0, help="duplicate probability")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--lifetime", type=float, default=600.0, help="seconds before exiting")
    args = parser.parse_args(argv)
    proxy = LossProxy(
        args.upstream,
        loss=args.loss,
        duplicate=args.duplicate,
        seed=args.seed,
        listen=args.listen,
        lifetime=args.lifetime,
    )
    print(f"relaying {proxy.address[0]}:{proxy.port} -> {args.upstream[0]}:{args.upstream[1]}")
    proxy.start()
    try:
        while not proxy.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        proxy.stop()
    print(f"counters: {proxy.counters}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
