"""Transfers in child processes (Linux): real clients at once, caps, refusals, crashes, stop.

The listener forks a child per accepted transfer (`processes.py`); admission, the catalog and
the records stay in the listener. These tests find the children through /proc (a forked child
has our command line) and hold transfers open with a raw client that does not acknowledge.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from rommon_toolkit.tftp_server.events import (
    RequestRefused,
    TransferFailed,
    TransferFinished,
    TransferStarted,
)
from rommon_toolkit.tftp_server.server import FORK_BY_DEFAULT
from tests.conftest import require_tool
from tests.tftp.conftest import FAST_RTO, Served, StartService
from tests.tftp.files import sha256_file
from tests.tftp.rawclient import DATA, ERROR, RawClient, ack

pytestmark = pytest.mark.skipif(
    not FORK_BY_DEFAULT, reason="transfers fork only on Linux before Python 3.12; reads /proc"
)


def transfer_children() -> list[int]:
    """Our child processes that run our own program (forked transfer sessions, not curl)."""
    mine = Path("/proc/self/cmdline").read_bytes()
    found = []
    for task in Path(f"/proc/{os.getpid()}/task").iterdir():
        for pid in (task / "children").read_text().split():
            try:
                if Path(f"/proc/{pid}/cmdline").read_bytes() == mine:
                    found.append(int(pid))
            except OSError:
                continue
    return found


def wait_until(check: Callable[[], bool], timeout: float = 10.0) -> bool:
    """Poll `check` against a deadline (waiting on an Event, never a bare sleep)."""
    deadline, tick = time.monotonic() + timeout, threading.Event()
    while not check():
        if time.monotonic() > deadline:
            return False
        tick.wait(0.02)
    return True


def curl_at_once(port: int, name: str, outs: list[Path]) -> list[subprocess.Popen[bytes]]:
    curl = require_tool("curl")
    return [
        subprocess.Popen(
            [curl, "-sS", "-o", str(out), f"tftp://127.0.0.1:{port}/{name}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for out in outs
    ]


@pytest.mark.realclient
@pytest.mark.parametrize("isolation", ["process", "thread"])
def test_eight_curl_downloads_at_once_are_byte_identical(
    start_service: StartService, served: Served, tmp_path: Path, isolation: str
):
    running = start_service(isolation=isolation)
    assert running.service.isolation == isolation
    outs = [tmp_path / f"medium-{index}.bin" for index in range(8)]
    for process in curl_at_once(running.port, "medium.bin", outs):
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert [sha256_file(out) for out in outs] == [served.sha256["medium.bin"]] * 8
    assert wait_until(lambda: len(running.of(TransferFinished)) == 8)
    done = running.service.transfers()
    assert [t.state for t in done] == ["done"] * 8
    assert {t.bytes for t in done} == {served.path("medium.bin").stat().st_size}
    assert [r.accepted for r in running.service.requests()] == [True] * 8
    assert wait_until(lambda: not transfer_children())


def test_a_transfer_runs_in_a_child_that_is_reaped_when_it_ends(
    start_service: StartService, served: Served
):
    running = start_service(rto=FAST_RTO)
    assert running.service.isolation == "process"
    with RawClient(running.port) as client:
        first = client.read("small.bin")  # held open: block 1 not acknowledged yet
        assert (first.opcode, first.block) == (DATA, 1)
        assert len(transfer_children()) == 1
        snapshot = running.service.transfers()[-1]
        assert snapshot.state == "running"
        client.send(ack(1))
        block = client.receive()
        chunks = [first.payload]
        while True:
            if block.block == len(chunks) + 1:
                chunks.append(block.payload)
            client.send(ack(block.block))
            if len(block.payload) < 512:
                break
            block = client.receive()
    assert b"".join(chunks) == served.path("small.bin").read_bytes()
    finished = running.wait_for(TransferFinished)
    assert isinstance(finished, TransferFinished)
    assert finished.bytes == len(b"".join(chunks))
    # the counters in the shared page reached the listener's record
    last = running.service.transfers()[-1]
    assert (last.state, last.bytes, last.blocks) == ("done", finished.bytes, len(chunks))
    assert wait_until(lambda: not transfer_children())


def test_the_per_client_cap_holds_across_children_and_the_refusal_is_recorded(
    start_service: StartService, served: Served
):
    running = start_service(rto=FAST_RTO, max_per_client=2)
    with RawClient(running.port) as one, RawClient(running.port) as two:
        assert one.read("small.bin").opcode == DATA
        assert two.read("small.bin").opcode == DATA
        assert wait_until(lambda: len(transfer_children()) == 2)
        with RawClient(running.port) as third:
            refused = third.read("small.bin")
            assert (refused.opcode, refused.block) == (ERROR, 0)
            assert "server busy" in refused.text
    refusal = running.wait_for(RequestRefused)
    assert isinstance(refusal, RequestRefused)
    assert "at most 2 per client" in refusal.reason
    records = running.service.requests()
    assert [r.accepted for r in records] == [True, True, False]
    assert running.service.requests_refused() == 1


def test_a_killed_child_is_recorded_failed_and_frees_its_slot(
    start_service: StartService, served: Served, tmp_path: Path
):
    running = start_service(rto=FAST_RTO, max_per_client=1)
    with RawClient(running.port) as client:
        assert client.read("small.bin").opcode == DATA
        assert wait_until(lambda: len(transfer_children()) == 1)
        os.kill(transfer_children()[0], signal.SIGKILL)
        failed = running.wait_for(TransferFailed)
    assert isinstance(failed, TransferFailed)
    assert "ended unexpectedly (killed by signal 9)" in failed.reason
    assert running.service.transfers()[-1].state == "failed"
    # the slot is free again: the same address (cap 1) gets its next transfer
    out = tmp_path / "small.bin"
    (process,) = curl_at_once(running.port, "small.bin", [out])
    _out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert sha256_file(out) == served.sha256["small.bin"]


def test_stop_ends_child_transfers_with_an_error_to_the_client(
    start_service: StartService, served: Served
):
    running = start_service(rto=FAST_RTO)
    with RawClient(running.port) as client:
        assert client.read("small.bin").opcode == DATA
        running.wait_for(TransferStarted)
        running.service.stop()
        while (packet := client.receive(timeout=5)).opcode == DATA:
            continue  # retransmits of block 1 that left before the stop
        assert packet.opcode == ERROR
        assert "shutting down" in packet.text
    failed = running.wait_for(TransferFailed)
    assert isinstance(failed, TransferFailed)
    assert "shutting down" in failed.reason
    assert running.service.transfers()[-1].state == "failed"
    assert not transfer_children()


def test_a_childs_log_records_reach_the_listeners_loggers(
    start_service: StartService, served: Served, caplog: pytest.LogCaptureFixture
):
    running = start_service(rto=FAST_RTO)
    with caplog.at_level(logging.WARNING, logger="rommon_toolkit.tftp_server"):
        with RawClient(running.port) as client, RawClient(running.port) as stranger:
            first = client.read("small.bin")
            stranger.send(ack(1), to=first.sender)
            assert stranger.receive().opcode == ERROR
            client.send(b"\x00\x05\x00\x00stop\x00")  # the client gives up: error 0
        running.wait_for(TransferFailed)
        assert wait_until(lambda: "unknown transfer ID" in caplog.text)
    relayed = [r for r in caplog.records if "unknown transfer ID" in r.getMessage()]
    assert relayed[0].name == "rommon_toolkit.tftp_server.session"
    assert "the client ended the transfer" in caplog.text
