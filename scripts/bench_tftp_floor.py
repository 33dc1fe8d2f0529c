#!/usr/bin/env python3
"""Python's floor for a lock-step TFTP download: the least a Python server can do per block.

    .venv/bin/python scripts/bench_tftp_floor.py FILE   (prints "listening on UDP 127.0.0.1:N")

Serves FILE to every client that asks, each in a forked child as tftpd-hpa does (so N
downloads at once use every core), with a socket connected to the client: one `send`, one
`recv_into` and one `readinto` per block, no timeout, no retransmission, no checks beyond the
block number, no records, no logging. Not a server to use: scripts/bench_tftp.py runs it next
to ours and tftpd-hpa to show how much of our per-block cost, alone and N at once, is Python's
own.
"""

from __future__ import annotations

import os
import signal
import socket
import struct
import sys
from pathlib import Path

HEADER = struct.Struct("!HH")


def options_of(request: bytes) -> dict[str, str]:
    fields = request[2:].split(b"\x00")[2:-1]  # after name and mode
    return {
        fields[i].decode().lower(): fields[i + 1].decode() for i in range(0, len(fields) - 1, 2)
    }


def serve_one(request: bytes, client: tuple[str, int], path: Path) -> None:
    options = options_of(request)
    blksize = int(options.get("blksize", "512"))
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.connect(client)
    rx = bytearray(2048)
    if options:
        oack = {"blksize": str(blksize)}
        if "tsize" in options:
            oack["tsize"] = str(path.stat().st_size)
        body = b"".join(k.encode() + b"\x00" + v.encode() + b"\x00" for k, v in oack.items())
        sock.send(b"\x00\x06" + body)
        sock.recv_into(rx)
    packet = bytearray(4 + blksize)
    view = memoryview(packet)
    payload = view[4:]
    with path.open("rb") as file:
        readinto = file.readinto
        send, receive, pack_into = sock.send, sock.recv_into, HEADER.pack_into
        block = 1
        while True:
            count = readinto(payload) or 0
            pack_into(packet, 0, 3, block & 0xFFFF)
            send(view[: 4 + count])
            receive(rx)
            if count < blksize:
                break
            block += 1
    sock.close()


def main() -> int:
    path = Path(sys.argv[1])
    listener = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    listener.bind(("127.0.0.1", 0))
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reap themselves, as tftpd-hpa's
    print(f"listening on UDP 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    while True:
        request, client = listener.recvfrom(2048)
        if os.fork() == 0:
            listener.close()
            try:
                serve_one(request, client, path)
            finally:
                os._exit(0)


if __name__ == "__main__":
    raise SystemExit(main())
