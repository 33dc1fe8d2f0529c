"""Retransmission: adaptive timer, duplicate ACKs (Sorcerer's Apprentice), the silence budget."""

from __future__ import annotations

import subprocess
import time

import pytest

from rommon_toolkit.tftp_server.events import TransferFailed, TransferFinished
from rommon_toolkit.tftp_server.loss_proxy import LossProxy
from rommon_toolkit.tftp_server.rto import RetransmitTimer, RtoSettings
from tests.conftest import require_tool
from tests.tftp.conftest import FAST_RTO, Running, Served, StartService
from tests.tftp.files import sha256_file
from tests.tftp.rawclient import DATA, ERROR, RawClient, ack


def test_timer_starts_at_initial_and_settles_on_measured_round_trips():
    timer = RetransmitTimer(RtoSettings(floor=0.02, initial=0.1, ceiling=2.0))
    assert timer.rto == 0.1
    for _ in range(20):
        timer.sample(0.0001)
    assert timer.rto == 0.02  # a LAN round trip: the floor
    for _ in range(20):
        timer.sample(0.3)
    assert 0.3 < timer.rto < 0.6  # a slow path: SRTT plus a variance margin


def test_timer_backs_off_to_the_ceiling_and_a_clean_sample_recovers():
    timer = RetransmitTimer(RtoSettings(floor=0.02, initial=0.1, ceiling=2.0))
    rtos = []
    for _ in range(8):
        timer.back_off()
        rtos.append(timer.rto)
    assert rtos[:4] == [0.2, 0.4, 0.8, 1.6]
    assert rtos[-1] == 2.0
    timer.sample(0.001)
    assert timer.rto < 0.1


def test_timeout_option_caps_the_backoff():
    timer = RetransmitTimer(RtoSettings(), ceiling=1)
    for _ in range(10):
        timer.back_off()
    assert timer.rto == 1.0


def test_rto_settings_are_checked():
    with pytest.raises(ValueError, match="floor <= initial <= ceiling"):
        RtoSettings(floor=0.5, initial=0.1)


def test_lost_data_is_resent_in_milliseconds_not_seconds(running: Running):
    """Default timer: the first resend comes after about 100 ms (tftpy waited 5 s)."""
    with RawClient(running.port) as client:
        assert client.read("small.bin").block == 1
        started = time.monotonic()
        again = client.receive(timeout=2.0)
        waited = time.monotonic() - started
    assert (again.opcode, again.block) == (DATA, 1)
    assert waited < 1.0


def test_duplicate_acks_never_double_the_sends(start_service: StartService, served: Served):
    """Every ACK sent twice, back to back: DATA packets stay at one per block."""
    running = start_service()
    data_packets = 0
    with RawClient(running.port) as client:
        packet = client.read("medium.bin", blksize=1024)
        client.send(ack(0))
        chunks: list[bytes] = []
        while True:
            packet = client.receive()
            assert packet.opcode == DATA
            data_packets += 1
            if packet.block == (len(chunks) + 1) & 0xFFFF:
                chunks.append(packet.payload)
            client.send(ack(packet.block))
            client.send(ack(packet.block))
            if len(packet.payload) < 1024:
                break
    assert b"".join(chunks) == served.path("medium.bin").read_bytes()
    running.wait_for(TransferFinished)
    snapshot = running.service.transfers()[-1]
    assert snapshot.duplicate_acks >= len(chunks) - 1
    assert data_packets <= len(chunks) * 1.02 + 2, (data_packets, len(chunks))
    assert snapshot.retransmits <= len(chunks) * 0.02 + 2


def test_duplicate_ack_after_a_timeout_speeds_recovery_once(start_service: StartService):
    """Block 2 outstanding with a backed-off timer: a duplicate ACK 1 resends at once, once."""
    running = start_service(rto=RtoSettings(floor=0.05, initial=0.05, ceiling=10.0))
    with RawClient(running.port) as client:
        assert client.read("small.bin").block == 1
        client.send(ack(1))
        copies = 0
        while copies < 5:  # block 2 and four timeout resends: the timer is now 1.6 s
            packet = client.receive(timeout=3.0)
            assert (packet.opcode, packet.block) == (DATA, 2)
            copies += 1
        assert client.silent_for(0.1)  # longer than the floor since the last resend
        client.send(ack(1))
        early = client.receive(timeout=1.0)
        assert (early.opcode, early.block) == (DATA, 2)
        client.send(ack(1))  # a second duplicate for the same block changes nothing
        assert client.silent_for(0.5)
        client.send(ack(2))
        assert client.receive(timeout=1.0).block == 3
    snapshot = running.service.transfers()[-1]
    assert snapshot.retransmits == 5
    assert snapshot.duplicate_acks == 2


def test_silence_budget_ends_with_an_error_to_the_client(start_service: StartService):
    running = start_service(silence_budget=0.6, rto=FAST_RTO)
    with RawClient(running.port) as client:
        assert client.read("small.bin").opcode == DATA
        packets = []
        while True:
            packet = client.receive(timeout=3.0)
            packets.append(packet)
            if packet.opcode == ERROR:
                break
    resends = [p for p in packets if p.opcode == DATA]
    assert all(p.block == 1 for p in resends)
    assert len(resends) >= 3  # more than tftpy's three strikes, within 0.6 s
    assert "no answer" in packets[-1].text
    failed = running.wait_for(TransferFailed)
    assert "no answer from the client" in failed.reason  # type: ignore[attr-defined]
    assert running.service.transfers()[-1].state == "failed"


def test_a_slow_client_is_never_dropped_before_the_budget(
    start_service: StartService, served: Served
):
    """A client that answered once may pause mid-transfer (many timeouts in a row) up to the
    silence budget: only a client that never answered is given up after a few retransmits."""
    running = start_service(silence_budget=5.0, rto=FAST_RTO)
    with RawClient(running.port) as client:
        first = client.read("small.bin")
        client.send(ack(1))
        second = client.receive()
        assert (second.opcode, second.block) == (DATA, 2)
        silent_until = time.monotonic() + 1.5
        resends = 0
        while (left := silent_until - time.monotonic()) > 0:  # we say nothing for 1.5 s
            try:
                packet = client.receive(timeout=left)
            except TimeoutError:
                break
            assert (packet.opcode, packet.block) == (DATA, 2)
            resends += 1
        assert resends >= 8  # well past the 5 retransmits after which a silent client is dropped
        client.send(ack(2))
        chunks, expected = [first.payload, second.payload], 3
        while True:
            packet = client.receive()
            if packet.block == expected:
                chunks.append(packet.payload)
                client.send(ack(packet.block))
                if len(packet.payload) < 512:
                    break
                expected += 1
    assert b"".join(chunks) == served.path("small.bin").read_bytes()
    running.wait_for(TransferFinished)
    assert running.service.transfers()[-1].retransmits >= 8


@pytest.mark.realclient
def test_curl_through_loss_and_duplication(start_service: StartService, served: Served, tmp_path):
    curl = require_tool("curl")
    running = start_service()
    with LossProxy(("127.0.0.1", running.port), loss=0.03, duplicate=0.03, seed=7) as proxy:
        out = tmp_path / "medium.bin"
        result = subprocess.run(
            [
                curl,
                "-sS",
                "--tftp-blksize",
                "1468",
                "-o",
                str(out),
                f"tftp://127.0.0.1:{proxy.port}/medium.bin",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    assert sha256_file(out) == served.sha256["medium.bin"]
    assert proxy.counters.dropped > 20
    assert proxy.counters.duplicated > 20
    # (no wait for the finish: if the proxy lost curl's final ACK, only the silence budget ends
    # the server's side, as with any TFTP server)
    assert running.service.transfers()[-1].retransmits > 0


@pytest.mark.realclient
def test_curl_through_a_duplicating_network_sends_each_block_about_once(
    start_service: StartService, served: Served, tmp_path
):
    """Every datagram duplicated both ways: the classic Sorcerer's Apprentice doubles DATA."""
    curl = require_tool("curl")
    running = start_service()
    with LossProxy(("127.0.0.1", running.port), duplicate=1.0, seed=3) as proxy:
        out = tmp_path / "medium.bin"
        result = subprocess.run(
            [
                curl,
                "-sS",
                "--tftp-blksize",
                "512",
                "-o",
                str(out),
                f"tftp://127.0.0.1:{proxy.port}/medium.bin",
            ],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        running.wait_for(TransferFinished)
    assert result.returncode == 0, result.stderr
    assert sha256_file(out) == served.sha256["medium.bin"]
    blocks = running.service.transfers()[-1].blocks
    assert blocks > 6000
    assert proxy.counters.server_data <= blocks * 1.05, (proxy.counters, blocks)
