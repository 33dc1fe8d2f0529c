"""The run's HTTP link: URL, progress, report records, and keeping a mid-copy unit served."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest

from rommon_toolkit.console.deadline import Deadline, pause
from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.rommon.workflows.bundled_http import HttpLink
from tests.tftp.files import MIB, write_random


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / "asa9-16-4-85-lfbff-k8.SPA"
    write_random(path, 48 * MIB, 7)  # more than the socket buffers hold
    return path


def test_the_url_names_the_port_and_the_records_say_http(image: Path) -> None:
    with HttpLink([image], "127.0.0.1", 0, ["127.0.0.2"]) as link:
        assert link.url_for(image.name) == f"http://127.0.0.1:{link.port}/{image.name}"
        assert link.progress(image.name) == (0, None, "waiting for the unit's HTTP request")
        with socket.create_connection(("127.0.0.1", link.port), 10, ("127.0.0.2", 0)) as sock:
            sock.sendall(b"GET /other.SPA HTTP/1.0\r\n\r\n")
            assert sock.recv(100).startswith(b"HTTP/1.1 404")
        assert link.progress(image.name)[2] == "refused GET /other.SPA: 404 not in the catalog"
        assert link.refusals() == ["GET /other.SPA: 404 not in the catalog"]
    assert link.transfers_json() == []


def test_a_busy_port_is_a_preflight_error_with_advice(image: Path) -> None:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(PreflightError) as caught:
            HttpLink([image], "127.0.0.1", port).start()
    assert "already in use" in caught.value.message
    assert "--http-port" in caught.value.advice


def test_stop_when_idle_lets_a_mid_copy_unit_finish(image: Path) -> None:
    link = HttpLink([image], "127.0.0.1", 0).start()
    feedback = RecordingFeedback()
    received = bytearray()
    sock = socket.create_connection(("127.0.0.1", link.port), 10)
    sock.sendall(f"GET /{image.name} HTTP/1.0\r\n\r\n".encode())
    deadline = Deadline.after(10)
    while not link.running_transfers():
        assert not deadline.expired()
        pause(0.02)

    def read_all_once_warned() -> None:  # the unit keeps fetching after the Ctrl-C
        while not feedback.warnings:
            pause(0.02)
        while piece := sock.recv(1 << 16):
            received.extend(piece)

    reader = threading.Thread(target=read_all_once_warned)
    reader.start()
    link.stop_when_idle(feedback, limit=30)
    reader.join(30)
    sock.close()
    assert "the HTTP server stays up until it finishes" in feedback.warnings[0]
    (done,) = link.transfers_json()
    assert done["state"] == "done", (done, feedback)
    assert done["bytes"] == image.stat().st_size
    assert received.endswith(image.read_bytes())
    assert feedback.progress_seen[-1][3] == "finished"
