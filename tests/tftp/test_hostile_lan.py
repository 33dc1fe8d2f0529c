"""A hostile or busy LAN: silent requests, floods of refusals, many addresses (issue 11).

Silent clients are our raw client sending a read request and then never a word; the clients
that must still be served are the real ones (curl, tftp-hpa, atftp, busybox). Loopback 127/8
gives us as many source addresses as a LAN would.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import pytest
import tftpy

from rommon_toolkit.tftp_server.events import RequestReceived, TransferFailed, TransferStarted
from rommon_toolkit.tftp_server.records import NAME_LIMIT
from rommon_toolkit.tftp_server.server import CatalogServer
from tests.conftest import require_tool
from tests.tftp.conftest import FAST_RTO, Running, Served, StartService
from tests.tftp.files import sha256_file
from tests.tftp.rawclient import DATA, ERROR, RRQ, RawClient, request

CLIENT_TIMEOUT = 60


def wait_count(running: Running, kind: type, count: int, timeout: float = 10.0) -> None:
    """Wait until `count` events of `kind` were reported."""
    with running.changed:
        done = running.changed.wait_for(
            lambda: sum(isinstance(e, kind) for e in running.events) >= count, timeout
        )
    assert done, f"fewer than {count} {kind.__name__} within {timeout} s"


@contextmanager
def silent_clients(running: Running, sources: list[str]) -> Iterator[list[RawClient]]:
    """One read request from each source address, then silence (sockets kept open)."""
    with ExitStack() as stack:
        clients = [stack.enter_context(RawClient(running.port, source=s)) for s in sources]
        for client in clients:
            client.send(request(RRQ, "small.bin"))
        wait_count(running, RequestReceived, len(clients))
        yield clients


def real_clients(port: int, tmp_path: Path) -> dict[str, list[str]]:
    """The four real clients, each downloading small.bin into tmp_path/<client>.bin."""
    out = {name: str(tmp_path / f"{name}.bin") for name in ("curl", "hpa", "atftp", "busybox")}
    host, port_text = "127.0.0.1", str(port)
    url = f"tftp://{host}:{port}/small.bin"
    get = ("-c", "get", "small.bin")
    atftp = (require_tool("atftp"), "--get", "-r", "small.bin", "-l", out["atftp"])
    busybox = (require_tool("busybox"), "tftp", "-g", "-r", "small.bin", "-l", out["busybox"])
    return {
        "curl": [require_tool("curl"), "-sS", "-o", out["curl"], url],
        "hpa": [require_tool("tftp"), "-m", "binary", host, port_text, *get, out["hpa"]],
        "atftp": [*atftp, host, port_text],
        "busybox": [*busybox, host, port_text],
    }


def assert_real_clients_download(running: Running, served: Served, tmp_path: Path) -> None:
    """Every real client gets small.bin intact while the silent ones are pending."""
    for name, argv in real_clients(running.port, tmp_path).items():
        result = subprocess.run(
            argv, capture_output=True, text=True, timeout=CLIENT_TIMEOUT, check=False
        )
        assert result.returncode == 0, (name, result.stdout, result.stderr)
        assert sha256_file(tmp_path / f"{name}.bin") == served.sha256["small.bin"], name


@pytest.mark.realclient
def test_64_silent_requests_from_one_address_do_not_block_real_clients(
    start_service: StartService, served: Served, tmp_path: Path
):
    running = start_service(silence_budget=60.0)
    with silent_clients(running, ["127.0.0.3"] * 64) as flood:
        answers = [client.receive(timeout=5.0) for client in flood]
        assert sum(a.opcode == DATA for a in answers) == 8  # at most 8 per client address
        busy = [a for a in answers if a.opcode == ERROR]
        assert len(busy) == 56
        assert all("server busy" in a.text for a in busy)
        assert_real_clients_download(running, served, tmp_path)


@pytest.mark.realclient
def test_a_reserved_address_is_served_when_64_addresses_fill_the_pool(
    start_service: StartService, served: Served, tmp_path: Path
):
    running = start_service(silence_budget=60.0, reserved_clients=["127.0.0.1"])
    sources = [f"127.0.1.{i}" for i in range(1, 65)]
    with silent_clients(running, sources) as flood:
        assert all(client.receive(timeout=5.0).opcode == DATA for client in flood)
        with RawClient(running.port, source="127.0.0.9") as outsider:  # the pool is full
            answer = outsider.read("small.bin")
        assert answer.opcode == ERROR
        assert "server busy" in answer.text
        assert_real_clients_download(running, served, tmp_path)  # the reserved address


def test_a_silent_client_gets_six_data_packets_and_is_given_up_within_seconds(
    start_service: StartService,
):
    """tftpd-hpa sends 6, the last at 31 s; we send 1 + 5 retransmits and an error in about 5 s."""
    running = start_service(silence_budget=60.0)  # the default RTO: 0.1 s doubling to 2 s
    with RawClient(running.port) as client:
        client.send(request(RRQ, "small.bin"))
        sent = time.monotonic()
        packets = []
        while time.monotonic() - sent < 20.0:
            packet = client.receive(timeout=20.0)
            packets.append(packet)
            if packet.opcode == ERROR:
                break
        given_up_after = time.monotonic() - sent
    assert packets[-1].opcode == ERROR, f"not given up within 20 s: {len(packets)} packets"
    assert "no answer" in packets[-1].text
    data = [p for p in packets if p.opcode == DATA]
    assert [p.block for p in data] == [1] * 6
    assert given_up_after < 15.0  # about 5 s; a loaded machine may stretch it
    failed = running.wait_for(TransferFailed)
    assert "sent 6 times" in failed.reason  # type: ignore[attr-defined]


def test_slots_of_given_up_clients_are_free_again(start_service: StartService, served: Served):
    running = start_service(rto=FAST_RTO)
    with silent_clients(running, ["127.0.0.3"] * 8):
        wait_count(running, TransferStarted, 8)
        wait_count(running, TransferFailed, 8)
        with RawClient(running.port, source="127.0.0.3") as client:
            content, _ = client.download("small.bin")
    assert content == served.path("small.bin").read_bytes()


def test_a_flood_of_long_refused_names_keeps_bounded_records(
    start_service: StartService, caplog: pytest.LogCaptureFixture
):
    running = start_service(reserved_clients=["127.0.0.1"])
    long_name = "x" * 1400
    with caplog.at_level(logging.INFO, logger="rommon_toolkit.tftp_server"):
        with RawClient(running.port) as unit:  # the unit's own request, refused
            assert unit.read("asa-typo.SPA").opcode == ERROR
        with RawClient(running.port, source="127.0.0.5") as flooder:
            for _batch in range(150):
                for _ in range(20):
                    flooder.send(request(RRQ, long_name))
                for _ in range(20):
                    assert flooder.receive(timeout=5.0).opcode == ERROR
    service = running.service
    assert service.requests_seen() == 3001
    assert service.requests_refused() == 3001
    kept = service.requests()
    assert len(kept) == 1001  # the newest 1000 of others, and the unit's own
    assert kept[0].name == "asa-typo.SPA"
    assert all(len(r.name) <= NAME_LIMIT + 20 for r in kept)
    assert kept[-1].name.endswith("...(1400 chars)")
    assert [r.seq for r in service.requests(since=3000)] == [3001]
    assert max(len(r.getMessage()) for r in caplog.records) < 1000
    refusal_lines = [r for r in caplog.records if r.getMessage().startswith("refused")]
    assert len(refusal_lines) <= 51


def test_the_package_logger_has_a_null_handler():
    probe = (
        "import logging, rommon_toolkit.tftp_server as t; "
        "print([type(h).__name__ for h in logging.getLogger(t.__name__).handlers])"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "['NullHandler']"


def test_the_server_is_our_own_class():
    assert not issubclass(CatalogServer, tftpy.TftpServer)
