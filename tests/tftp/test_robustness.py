"""Junk datagrams and strangers: dropped or answered with error 5, never a crash or a hijack."""

from __future__ import annotations

import logging

import pytest

from rommon_toolkit.tftp_server.events import DatagramDropped, TransferFinished
from tests.tftp.conftest import FAST_RTO, Running, Served, StartService
from tests.tftp.rawclient import DATA, ERROR, OACK, RawClient, ack

JUNK = {
    "3-byte": b"\x00\x01a",
    "empty": b"",
    "non-ascii-name": b"\x00\x01\xff\xfeimage.bin\x00octet\x00",
    "non-ascii-mode": b"\x00\x01small.bin\x00\xe9\x00",
    "unknown-opcode": b"\x00\x09small.bin\x00octet\x00",
    "opcode-zero": b"\x00\x00",
    "data-to-listen-port": b"\x00\x03\x00\x01hello",
    "ack-to-listen-port": b"\x00\x04\x00\x01",
    "no-mode": b"\x00\x01small.bin\x00",
    "no-terminator": b"\x00\x01small.bin",
    "binary-noise": bytes(range(256)) * 4,
}


def assert_still_serving(running: Running, served: Served) -> None:
    with RawClient(running.port) as client:
        content, _ = client.download("small.bin")
    assert content == served.path("small.bin").read_bytes()


@pytest.mark.parametrize("name", list(JUNK))
def test_junk_to_the_listening_port_is_dropped(
    running: Running, served: Served, caplog: pytest.LogCaptureFixture, name: str
):
    with (
        caplog.at_level(logging.WARNING, logger="rommon_toolkit.tftp_server"),
        RawClient(running.port) as client,
    ):
        client.send(JUNK[name])
        assert client.silent_for(0.1)
        dropped = running.wait_for(DatagramDropped)
        assert dropped.client == client.sock.getsockname()  # type: ignore[attr-defined]
    assert any("dropped a datagram from 127.0.0.1:" in r.getMessage() for r in caplog.records)
    assert running.service.requests_seen() == 0
    assert_still_serving(running, served)


@pytest.mark.parametrize(
    "options",
    [{"blksize": "abc"}, {"blksize": "65535"}, {"blksize": "99999999999999999999"}],
)
def test_odd_option_values_are_served(running: Running, served: Served, options):
    with RawClient(running.port) as client:
        content, _ = client.download("small.bin", **options)
    assert content == served.path("small.bin").read_bytes()


@pytest.mark.parametrize(
    "tail",
    [b"blksize\x001024\x00tsize\x00", b"\x00\x00\x00", b"multicast\x00\x00blksize\x001024\x00"],
    ids=["odd-count", "padding", "empty-value"],
)
def test_odd_option_lists_keep_the_readable_options(running: Running, served: Served, tail):
    with RawClient(running.port) as client:
        client.send(b"\x00\x01small.bin\x00octet\x00" + tail)
        first = client.receive()
        if tail.startswith(b"\x00"):
            assert (first.opcode, first.block) == (DATA, 1)
        else:
            assert first.opcode == OACK
            assert first.options == {"blksize": "1024"}
    assert_still_serving(running, served)


def test_junk_to_a_session_port_does_not_disturb_the_transfer(
    start_service: StartService, served: Served
):
    running = start_service(rto=FAST_RTO)
    with RawClient(running.port) as client:
        first = client.read("small.bin")
        assert first.opcode == DATA
        for junk in (b"\x00\x04a", b"", b"\x00\x09\x00\x01", b"\xff" * 600, b"\x00\x03\x00\x01x"):
            client.send(junk)  # from the client's own TID
        client.send(ack(1))
        packet = client.receive()
        while packet.block == 1:  # resends of block 1 may be in flight
            packet = client.receive()
        assert (packet.opcode, packet.block) == (DATA, 2)
        chunks = [first.payload, packet.payload]
        while len(packet.payload) == 512:
            client.send(ack(packet.block))
            packet = client.receive()
            if packet.block == (len(chunks) + 1) & 0xFFFF:
                chunks.append(packet.payload)
        client.send(ack(packet.block))
    assert b"".join(chunks) == served.path("small.bin").read_bytes()
    assert running.wait_for(TransferFinished)


def test_stranger_gets_error_5_and_cannot_advance_the_transfer(
    start_service: StartService, served: Served
):
    running = start_service(rto=FAST_RTO)
    with RawClient(running.port) as client, RawClient(running.port) as stranger:
        first = client.read("small.bin")
        assert (first.opcode, first.block) == (DATA, 1)
        session = first.sender
        stranger.send(ack(1), to=session)  # a spoofed ACK from another port
        answer = stranger.receive()
        assert (answer.opcode, answer.block) == (ERROR, 5)
        assert answer.sender == session
        # the spoofed ACK moved nothing: the client still gets block 1 (a resend), not block 2
        again = client.receive()
        assert (again.opcode, again.block) == (DATA, 1)
        content, _ = _finish(client, first.payload)
    assert content == served.path("small.bin").read_bytes()
    running.wait_for(TransferFinished)
    snapshot = running.service.transfers()[-1]
    assert (snapshot.state, snapshot.strangers) == ("done", 1)


def _finish(client: RawClient, first: bytes) -> tuple[bytes, int]:
    """ACK block 1 and download the rest, ignoring resends; (content, blocks)."""
    chunks, expected = [first], 2
    client.send(ack(1))
    while True:
        packet = client.receive()
        if packet.opcode == DATA and packet.block == expected & 0xFFFF:
            chunks.append(packet.payload)
            client.send(ack(packet.block))
            if len(packet.payload) < 512:
                return b"".join(chunks), expected
            expected += 1


def test_a_repeated_request_does_not_start_a_second_transfer(running: Running, served: Served):
    with RawClient(running.port) as client:
        first = client.read("small.bin")
        client.send(b"\x00\x01small.bin\x00octet\x00", to=client.server)
        content, _ = _finish(client, first.payload)
    assert content == served.path("small.bin").read_bytes()
    running.wait_for(TransferFinished)
    assert len(running.service.transfers()) == 1
