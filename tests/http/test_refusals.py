"""What the server refuses, with which status, and what it records (raw requests on TCP)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rommon_toolkit.http_server import Catalog
from tests.http.conftest import Served, Start, raw_request, status_of
from tests.tftp.files import write_random


def _get(target: str) -> bytes:
    return f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode()


@pytest.mark.parametrize(
    ("target", "status"),
    [
        ("/../small.bin", 403),
        ("/%2e%2e/small.bin", 403),
        ("/..", 403),
        ("/.", 403),
        ("/sub/small.bin", 403),
        ("/sub%2Fsmall.bin", 403),
        ("/..%5Csmall.bin", 403),
        ("/C:small.bin", 403),
        ("/small.bin:stream", 403),
        ("/NUL", 403),
        ("/com1.txt", 403),
        ("/Lpt1%20.cfg", 403),
        ("/COM%C2%B9", 403),  # COM with a superscript one
        ("/small.bin.", 403),
        ("/small.bin%20", 403),
        ("/%00small.bin", 400),
        ("/small%0d.bin", 400),
        ("/%zz", 400),
        ("/%ff", 400),
        ("http://127.0.0.1/small.bin", 400),
        ("*", 400),
        ("/", 404),
        ("/absent.bin", 404),
        ("/SMALL.BIN", 404),  # names are exact
    ],
)
def test_refused_targets_get_their_status_and_a_record(
    start: Start, target: str, status: int
) -> None:
    service = start()
    answer = raw_request(service.port, _get(target))
    assert status_of(answer) == status
    (record,) = service.requests()
    assert (record.target, record.status, record.accepted) == (target, status, False)
    assert service.transfers() == []


def test_a_query_string_is_ignored(start: Start, served: Served) -> None:
    service = start()
    answer = raw_request(service.port, _get("/small.bin?x=1"))
    assert status_of(answer) == 200
    assert answer.endswith(served.path("small.bin").read_bytes())


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS", "TRACE", "PATCH", "BREW"])
def test_only_get_and_head_are_served(start: Start, method: str) -> None:
    service = start()
    answer = raw_request(service.port, f"{method} /small.bin HTTP/1.1\r\n\r\n".encode())
    assert status_of(answer) == 405
    assert b"\r\nAllow: GET, HEAD\r\n" in answer
    assert service.requests()[0].status == 405


def test_malformed_request_lines_are_refused_and_recorded(start: Start) -> None:
    service = start()
    assert status_of(raw_request(service.port, b"GET /small.bin HTTP/9.9\r\n\r\n")) == 505
    long_line = b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\n\r\n"
    assert status_of(raw_request(service.port, long_line)) == 414
    assert [r.status for r in service.requests()] == [505, 414]


def test_errors_never_name_a_server_path(start: Start, tmp_path: Path) -> None:
    image = tmp_path / "secret-dir" / "image.SPA"
    image.parent.mkdir()
    write_random(image, 4096, 1)
    service = start(Catalog.from_paths([image]))
    image.write_bytes(b"changed content")
    answer = raw_request(service.port, _get("/image.SPA"))
    assert status_of(answer) == 410
    assert b"secret-dir" not in answer
    assert str(tmp_path).encode() not in answer
    assert "changed since it was catalogued" in service.requests()[0].reason  # our record


def test_a_file_touched_but_unchanged_is_still_served(start: Start, tmp_path: Path) -> None:
    image = tmp_path / "image.SPA"
    write_random(image, 4096, 2)
    service = start(Catalog.from_paths([image]))
    os.utime(image, ns=(1, 1))
    answer = raw_request(service.port, _get("/image.SPA"))
    assert status_of(answer) == 200
    assert answer.endswith(image.read_bytes())


def test_a_removed_file_is_404_and_a_symlinked_one_refused(start: Start, tmp_path: Path) -> None:
    image, other = tmp_path / "image.SPA", tmp_path / "other"
    write_random(image, 4096, 3)
    write_random(other, 4096, 4)
    service = start(Catalog.from_paths([image]))
    image.unlink()
    assert status_of(raw_request(service.port, _get("/image.SPA"))) == 404
    image.symlink_to(other)
    assert status_of(raw_request(service.port, _get("/image.SPA"))) == 410


def test_the_catalog_refuses_names_a_url_cannot_carry(tmp_path: Path) -> None:
    from rommon_toolkit.http_server import CatalogError

    odd = tmp_path / "a%20b.SPA"
    odd.write_bytes(b"x")
    with pytest.raises(CatalogError, match="printable ASCII"):
        Catalog.from_paths([odd])
    with pytest.raises(CatalogError, match="not a regular file"):
        Catalog.from_paths([tmp_path])
