"""The simulator's own TFTP client against a real server on loopback."""

from __future__ import annotations

import hashlib
import io
import threading
from pathlib import Path

import pytest

from rommon_toolkit.simulator.errors import (
    TftpCancelledError,
    TftpFileNotFoundError,
    TftpTimeoutError,
)
from rommon_toolkit.simulator.tftp_client import TftpClient, TftpSettings
from tests.sim.tftpd import TftpServer, silent_udp_port


def _payload(size: int) -> bytes:
    return hashlib.shake_256(b"payload").digest(size)


@pytest.mark.parametrize("size", [0, 511, 512, 513, 5000])
def test_download_exact_bytes_at_block_edges(tftp_server: TftpServer, size: int) -> None:
    data = _payload(size)
    (tftp_server.root / "f.bin").write_bytes(data)
    client = TftpClient("127.0.0.1", settings=TftpSettings(port=tftp_server.port))
    sink = io.BytesIO()
    result = client.download("f.bin", sink)
    assert sink.getvalue() == data
    assert result.blksize == 512
    assert result.blocks == size // 512 + 1


def test_download_with_blksize_option(tftp_server: TftpServer) -> None:
    data = _payload(10_000)
    (tftp_server.root / "f.bin").write_bytes(data)
    settings = TftpSettings(port=tftp_server.port, blksize=1468)
    sink = io.BytesIO()
    result = TftpClient("127.0.0.1", settings=settings).download("f.bin", sink)
    assert sink.getvalue() == data
    assert result.blksize == 1468
    assert result.blocks == 7


def test_missing_file_raises_file_not_found(tftp_server: TftpServer) -> None:
    client = TftpClient("127.0.0.1", settings=TftpSettings(port=tftp_server.port))
    with pytest.raises(TftpFileNotFoundError) as info:
        client.download("nope.bin", io.BytesIO())
    assert info.value.code == 1


def test_upload_writes_the_file(tftp_server: TftpServer) -> None:
    data = _payload(1500)
    client = TftpClient("127.0.0.1", settings=TftpSettings(port=tftp_server.port))
    result = client.upload("up.cfg", io.BytesIO(data))
    assert result.size == 1500
    assert (tftp_server.root / "up.cfg").read_bytes() == data


def test_binds_to_a_local_loopback_address(tftp_server: TftpServer) -> None:
    (tftp_server.root / "f.bin").write_bytes(b"x" * 10)
    settings = TftpSettings(port=tftp_server.port)
    client = TftpClient("127.0.0.1", settings=settings, local_address="127.0.0.2")
    sock = client._open()
    try:
        assert sock.getsockname()[0] == "127.0.0.2"
    finally:
        sock.close()
    far = TftpClient("127.0.0.1", settings=settings, local_address="192.0.2.7")
    sock = far._open()
    try:
        assert sock.getsockname()[0] == "0.0.0.0"
    finally:
        sock.close()


def test_silent_server_times_out_after_retries() -> None:
    with silent_udp_port() as silent:
        port = silent.getsockname()[1]
        settings = TftpSettings(port=port, timeout=0.05, retries=2)
        with pytest.raises(TftpTimeoutError):
            TftpClient("127.0.0.1", settings=settings).download("x", io.BytesIO())
        # the request was sent 1 + retries times
        silent.settimeout(0.5)
        got = [silent.recvfrom(100)[0] for _ in range(3)]
        assert all(p.startswith(b"\x00\x01x\x00octet\x00") for p in got)


def test_cancel_event_stops_a_transfer() -> None:
    with silent_udp_port() as silent:
        port = silent.getsockname()[1]
        cancel = threading.Event()
        cancel.set()
        client = TftpClient("127.0.0.1", settings=TftpSettings(port=port), cancel=cancel)
        with pytest.raises(TftpCancelledError):
            client.download("x", io.BytesIO())


def test_download_streams_into_a_file(tftp_server: TftpServer, tmp_path: Path) -> None:
    data = _payload(70_000)
    (tftp_server.root / "img.SPA").write_bytes(data)
    target = tmp_path / "out.SPA"
    seen: list[int] = []
    with target.open("wb") as sink:
        TftpClient("127.0.0.1", settings=TftpSettings(port=tftp_server.port)).download(
            "img.SPA", sink, progress=seen.append
        )
    assert target.read_bytes() == data
    assert seen[-1] == 70_000
    assert seen == sorted(seen)
