"""The modelled link: TFTP pays one RTT per packet exchange, HTTP one per TCP window.

These are lower bounds (the waits cannot be skipped), not speed targets.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

from rommon_toolkit.simulator.http_client import WINDOW_BYTES, HttpClient, HttpSettings
from rommon_toolkit.simulator.tftp_client import TftpClient, TftpSettings
from tests.sim.httpd import http_peer
from tests.sim.tftpd import TftpServer

RTT = 0.01


def test_tftp_pays_one_rtt_per_block(tftp_server: TftpServer) -> None:
    data = bytes(range(256)) * 2 * 60  # 60 blocks of 512, then an empty one
    (tftp_server.root / "f.bin").write_bytes(data)
    client = TftpClient("127.0.0.1", settings=TftpSettings(port=tftp_server.port, link_rtt=RTT))
    sink = io.BytesIO()
    started = time.monotonic()
    result = client.download("f.bin", sink)
    elapsed = time.monotonic() - started
    assert sink.getvalue() == data
    assert result.blocks == 61
    assert elapsed >= result.blocks * RTT  # the RRQ and each ACK waited one round trip


def test_http_pays_one_rtt_per_window_plus_connect_and_request(tmp_path: Path) -> None:
    data = bytes(range(256)) * 4 * 1024 * 5  # 5 MiB: 80 windows of 64 KiB
    (tmp_path / "f.bin").write_bytes(data)
    with http_peer(tmp_path) as peer:
        client = HttpClient("127.0.0.1", settings=HttpSettings(port=peer.port, link_rtt=RTT))
        sink = io.BytesIO()
        started = time.monotonic()
        result = client.download("f.bin", sink)
        elapsed = time.monotonic() - started
    assert sink.getvalue() == data
    assert result.windows == len(data) // WINDOW_BYTES == 80
    assert elapsed >= (2 + result.windows) * RTT


def test_without_a_link_rtt_nothing_waits(tmp_path: Path) -> None:
    (tmp_path / "f.bin").write_bytes(b"x" * WINDOW_BYTES * 3)
    with http_peer(tmp_path) as peer:
        result = HttpClient("127.0.0.1", settings=HttpSettings(port=peer.port)).download(
            "f.bin", io.BytesIO()
        )
    assert result.windows == 3


def test_the_sim_url_sets_the_link_rtt_of_both_clients(tmp_path: Path) -> None:
    import pytest

    from rommon_toolkit.simulator.unit import VirtualAsa
    from rommon_toolkit.simulator.urlhandler.protocol_sim import parse_sim_url

    model, options = parse_sim_url(f"sim://asa5506?state-dir={tmp_path}&link-rtt-ms=1.5")
    assert options["link_rtt_ms"] == 1.5
    options.pop("state_dir")
    unit = VirtualAsa(model, tmp_path / "u", control=False, **options)
    assert unit.ctx.tftp.link_rtt == 0.0015
    with pytest.raises(ValueError, match="link-rtt-ms must be 0 or more"):
        VirtualAsa(model, tmp_path / "v", control=False, link_rtt_ms=-1)
