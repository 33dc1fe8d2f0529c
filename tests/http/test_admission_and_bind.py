"""Per-client caps, reserved clients, connection caps, stalls, stop, and bind errors."""

from __future__ import annotations

import errno
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import pytest

from rommon_toolkit.http_server import Catalog, HttpService, PortInUseError, PrivilegedPortError
from rommon_toolkit.http_server.bind import bind_error
from rommon_toolkit.http_server.errors import AddressNotLocalError, BindError
from tests.http.conftest import Served, Start, raw_request, status_of, wait_for


@contextmanager
def stalled_download(port: int, source: str = "127.0.0.1") -> Iterator[socket.socket]:
    """A GET of big.bin whose client reads nothing (the download stays running)."""
    sock = socket.create_connection(("127.0.0.1", port), 10, (source, 0))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    try:
        sock.sendall(b"GET /big.bin HTTP/1.1\r\n\r\n")
        yield sock
    finally:
        sock.close()


def running(service: HttpService) -> int:
    return sum(1 for t in service.transfers() if t.state == "running")


def test_a_client_over_its_cap_gets_503_others_still_download(start: Start) -> None:
    service = start(max_per_client=2)
    with stalled_download(service.port), stalled_download(service.port):
        wait_for(lambda: running(service) == 2)
        answer = raw_request(service.port, b"GET /small.bin HTTP/1.1\r\n\r\n")
        assert status_of(answer) == 503
        assert b"Retry-After: 5" in answer
        other = raw_request(service.port, b"GET /small.bin HTTP/1.1\r\n\r\n", "127.0.0.9")
        assert status_of(other) == 200
    assert service.requests_refused() == 1


def test_the_reserved_unit_downloads_when_the_pool_is_full(start: Start, served: Served) -> None:
    service = start(max_transfers=2, reserved_clients=["127.0.0.7"])
    with stalled_download(service.port, "127.0.0.3"), stalled_download(service.port, "127.0.0.4"):
        wait_for(lambda: running(service) == 2)
        busy = raw_request(service.port, b"GET /small.bin HTTP/1.1\r\n\r\n", "127.0.0.5")
        assert status_of(busy) == 503
        unit = raw_request(service.port, b"GET /small.bin HTTP/1.1\r\n\r\n", "127.0.0.7")
        assert status_of(unit) == 200
        assert unit.endswith(served.path("small.bin").read_bytes())


def test_idle_connections_are_capped_but_the_reserved_unit_gets_in(start: Start) -> None:
    service = start(max_connections=3, reserved_clients=["127.0.0.7"], idle_timeout=20)
    with ExitStack() as stack:
        for _ in range(3):  # silent connections: no request line
            stack.enter_context(socket.create_connection(("127.0.0.1", service.port), 5))
        wait_for(lambda: service._server is not None and len(service._server._open) == 3)
        assert status_of(raw_request(service.port, b"GET /small.bin HTTP/1.1\r\n\r\n")) == 503
        unit = raw_request(service.port, b"GET /small.bin HTTP/1.1\r\n\r\n", "127.0.0.7")
        assert status_of(unit) == 200


def test_a_client_that_stops_reading_is_dropped_and_recorded(start: Start) -> None:
    service = start(idle_timeout=0.5)
    with stalled_download(service.port):
        wait_for(lambda: service.transfers() and service.transfers()[0].state == "failed")
    (failed,) = service.transfers()
    assert failed.error is not None
    assert "stopped reading" in failed.error
    assert 0 < failed.bytes < failed.total


def test_a_silent_connection_is_closed_after_the_idle_timeout(start: Start) -> None:
    service = start(idle_timeout=0.3)
    with socket.create_connection(("127.0.0.1", service.port), 5) as sock:
        assert sock.recv(100) == b""  # closed by the server, nothing sent


def test_stop_ends_running_downloads_and_keeps_the_records(start: Start) -> None:
    service = start()
    with stalled_download(service.port):
        wait_for(lambda: running(service) == 1)
        service.stop()
    (ended,) = service.transfers()
    assert ended.state == "failed"
    assert ended.error is not None
    assert "server stopped" in ended.error


def test_a_client_closing_mid_download_is_recorded(start: Start) -> None:
    service = start()
    with stalled_download(service.port) as sock:
        wait_for(lambda: running(service) == 1)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
    wait_for(lambda: running(service) == 0)
    (ended,) = service.transfers()
    assert ended.error is not None
    assert "closed the connection" in ended.error


def test_a_busy_port_is_a_port_in_use_error_with_advice(served: Served) -> None:
    catalog = Catalog.from_paths([served.path("small.bin")])
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(PortInUseError) as caught:
            HttpService(catalog, bind="127.0.0.1", port=port).start()
    assert f"TCP 127.0.0.1:{port} is already in use" in caught.value.message
    assert "ss -tlpn" in caught.value.advice


def _may_bind_80() -> bool:
    if os.geteuid() == 0:
        return True
    try:
        with open("/proc/sys/net/ipv4/ip_unprivileged_port_start") as limit:
            return int(limit.read()) <= 80
    except OSError:
        return False


@pytest.mark.skipif(_may_bind_80(), reason="this process may bind port 80")
def test_port_80_without_privileges_says_how_to_allow_it(served: Served) -> None:
    catalog = Catalog.from_paths([served.path("small.bin")])
    with pytest.raises(PrivilegedPortError) as caught:
        HttpService(catalog, bind="127.0.0.1", port=80).start()
    assert "--http-port 8080" in caught.value.advice


def test_bind_errors_map_to_advice() -> None:
    refused = bind_error(OSError(errno.EACCES, "Permission denied"), "0.0.0.0", 80)
    assert isinstance(refused, PrivilegedPortError)
    foreign = bind_error(OSError(errno.EADDRNOTAVAIL, "not available"), "10.9.9.9", 8080)
    assert isinstance(foreign, AddressNotLocalError)
    with pytest.raises(BindError, match="not an IPv4 address"):
        HttpService(Catalog([]), bind="laptop", port=8080).start()
    with pytest.raises(BindError, match="out of range"):
        HttpService(Catalog([]), bind="127.0.0.1", port=70000).start()


def test_an_address_not_on_this_machine_is_refused(served: Served) -> None:
    catalog = Catalog.from_paths([served.path("small.bin")])
    with pytest.raises(AddressNotLocalError):
        HttpService(catalog, bind="192.0.2.1", port=0).start()


def test_concurrent_downloads_count_per_client_and_release_their_slots(
    start: Start, served: Served
) -> None:
    service = start(max_per_client=4)
    answers: list[bytes] = []
    lock = threading.Lock()

    def fetch() -> None:
        answer = raw_request(service.port, b"GET /medium.bin HTTP/1.1\r\n\r\n")
        with lock:
            answers.append(answer)

    for _round in range(3):  # 3 rounds of 4: slots come back after each download
        threads = [threading.Thread(target=fetch) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    body = served.path("medium.bin").read_bytes()
    assert len(answers) == 12
    assert all(status_of(a) == 200 and a.endswith(body) for a in answers)
