"""Each pair member reaches the network from its own address (active: the address, standby:
the standby address)."""

from __future__ import annotations

import socket
import struct
import threading
from pathlib import Path

from tests.sim.pair.pairflows import PRI_ACT, SEC_STBY, run, start_pair

TFTP_ERROR, NOT_FOUND = 5, 1


def _refuse_one(sock: socket.socket, seen: list[str]) -> None:
    data, peer = sock.recvfrom(2048)
    seen.append(peer[0])
    assert data[:2] == b"\x00\x01"  # RRQ
    sock.sendto(struct.pack("!HH", TFTP_ERROR, NOT_FOUND) + b"File not found\x00", peer)


def test_standby_copies_from_its_standby_address(tmp_path: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as server:
        server.bind(("127.0.0.1", 0))
        server.settimeout(20)
        port = server.getsockname()[1]
        pair = start_pair(tmp_path / "pair", tftp_port=port)
        seen: list[str] = []
        for con, prompt in ((pair.sec, SEC_STBY), (pair.pri, PRI_ACT)):
            listener = threading.Thread(target=_refuse_one, args=(server, seen))
            listener.start()
            out = run(con, "copy /noconfirm tftp://127.0.0.1/x.bin disk0:/x.bin", prompt)
            listener.join(20)
            assert "(No such file or directory)" in out
    assert seen == ["127.0.0.3", "127.0.0.2"]
