"""Option negotiation on the wire (RFC 2347/2348/2349) and block-number rollover."""

from __future__ import annotations

import pytest

from rommon_toolkit.tftp_server.events import TransferFailed, TransferFinished
from rommon_toolkit.tftp_server.options import negotiate
from tests.tftp.conftest import Running, Served
from tests.tftp.rawclient import DATA, OACK, RawClient, ack


@pytest.mark.parametrize(
    ("options", "oack"),
    [
        ({"blksize": "1024"}, {"blksize": "1024"}),
        ({"tsize": "0"}, {"tsize": "70000"}),
        ({"timeout": "5"}, {"timeout": "5"}),
        ({"BlkSize": "1468", "TSIZE": "0"}, {"blksize": "1468", "tsize": "70000"}),
        ({"blksize": "65535"}, {"blksize": "65464"}),
        ({"blksize": "2048", "windowsize": "8", "multicast": ""}, {"blksize": "2048"}),
        ({"blksize": "abc", "timeout": "3"}, {"timeout": "3"}),
    ],
)
def test_oack_carries_only_requested_and_accepted_options(
    running: Running, served: Served, options: dict[str, str], oack: dict[str, str]
):
    with RawClient(running.port) as client:
        first = client.read("small.bin", **options)
        assert first.opcode == OACK
        assert first.options == oack
        assert first.sender != ("127.0.0.1", running.port)  # the session's own TID
        client.send(ack(0))
        data = client.receive()
    assert data.opcode == DATA
    assert data.block == 1
    blksize = int(oack.get("blksize", 512))
    assert data.payload == served.path("small.bin").read_bytes()[:blksize]


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"blksize": "abc"},
        {"blksize": "4"},
        {"blksize": "-1"},
        {"timeout": "0"},
        {"timeout": "256"},
        {"windowsize": "4"},
        {"blksize": "1e3"},
    ],
)
def test_no_acceptable_option_means_no_oack(running: Running, options: dict[str, str]):
    with RawClient(running.port) as client:
        first = client.read("small.bin", **options)
    assert (first.opcode, first.block, len(first.payload)) == (DATA, 1, 512)


def test_huge_blksize_is_clamped_and_served(running: Running, served: Served):
    with RawClient(running.port) as client:
        content, packets = client.download("medium.bin", blksize=65535)
    assert packets[0].options == {"blksize": "65464"}
    assert content == served.path("medium.bin").read_bytes()


def test_client_error_in_answer_to_oack_ends_the_transfer(running: Running):
    with RawClient(running.port) as client:
        assert client.read("small.bin", blksize=1024).opcode == OACK
        client.send(b"\x00\x05\x00\x08option refused\x00")
        assert client.silent_for(0.2)
    failed = running.wait_for(TransferFailed)
    assert "option refused" in failed.reason  # type: ignore[attr-defined]
    # the server is fine: the next client is served
    with RawClient(running.port) as client:
        assert client.read("small.bin").opcode == DATA


def test_rollover_at_blksize_8(running: Running, served: Served):
    """540,001 bytes in 8-byte blocks: block numbers go 65534, 65535, 0, 1, ..."""
    with RawClient(running.port) as client:
        content, packets = client.download("rollover8.bin", blksize=8)
    assert content == served.path("rollover8.bin").read_bytes()
    blocks = [p.block for p in packets if p.opcode == DATA]
    blocks = [b for i, b in enumerate(blocks) if i == 0 or b != blocks[i - 1]]  # resends
    assert len(blocks) == 540_001 // 8 + 1
    index = blocks.index(65535)
    assert blocks[index - 1 : index + 3] == [65534, 65535, 0, 1]
    running.wait_for(TransferFinished)
    snapshot = running.service.transfers()[-1]
    assert (snapshot.state, snapshot.blocks, snapshot.bytes) == ("done", len(blocks), 540_001)


def test_file_that_fills_whole_blocks_ends_with_an_empty_block(running: Running, served: Served):
    with RawClient(running.port) as client:
        content, packets = client.download("exact.bin")
    data = [p for p in packets if p.opcode == DATA]
    assert len({p.block for p in data}) == 41
    assert data[-1].payload == b""
    assert content == served.path("exact.bin").read_bytes()


def test_tsize_on_a_write_is_echoed():
    assert negotiate({"tsize": "1234"}, file_size=None).oack == {"tsize": "1234"}


def test_negotiate_ignores_junk():
    settled = negotiate({"blksize": "١٢٣", "timeout": "x", "tsize": "abc"}, file_size=None)
    assert settled.oack == {}
    assert settled.blksize == 512
    assert len(settled.ignored) == 3


def test_error_packet_is_not_mistaken_for_an_ack(running: Running):
    with RawClient(running.port) as client:
        assert client.read("small.bin").opcode == DATA
        client.send(b"\x00\x05\x00\x00")  # ERROR code 0, no text: the client gives up
        assert client.silent_for(0.2)
    assert running.wait_for(TransferFailed)
