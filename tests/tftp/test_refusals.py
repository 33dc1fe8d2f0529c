"""Every refusal, with our own packets: error code on the wire, log line, event, no transfer."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from rommon_toolkit.tftp_server import Catalog
from rommon_toolkit.tftp_server.events import RequestRefused
from tests.tftp.conftest import Running, StartService
from tests.tftp.files import write_random
from tests.tftp.rawclient import DATA, ERROR, RRQ, RawClient, request


def refused_with(running: Running, name: bytes | str, code: int, mode: str = "octet") -> str:
    """Ask for `name`; assert error `code` from the listening port, carrying no server path;
    return the error text and the logged reason (the reason may name server paths)."""
    with RawClient(running.port) as client:
        answer = client.read(name, mode)
        assert answer.opcode == ERROR, f"{name!r} was served: {answer}"
        assert answer.block == code, answer.text
        assert answer.sender == ("127.0.0.1", running.port)
        assert client.silent_for(0.1), "a refusal must be the only answer"
    assert running.service.transfers() == []
    for entry in running.service.catalog:
        assert str(entry.path.parent) not in answer.text, answer.text
    event = running.wait_for(RequestRefused)
    return f"{answer.text} | {event.reason}"  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("name", "code", "reason"),
    [
        ("nothere.bin", 1, "not in the catalog"),
        ("images/nothere.bin", 1, "not in the catalog"),
        ("../small.bin", 2, "'..'"),
        ("images/../small.bin", 2, "'..'"),
        ("..", 2, "'..'"),
        ("images\\small.bin", 2, "backslash"),
        ("/small.bin", 2, "absolute"),
        ("/etc/passwd", 2, "absolute"),
        ("images//small.bin", 2, "empty path component"),
        ("images/", 2, "empty path component"),
        ("C:/small.bin", 2, "drive"),
        ("small\x01.bin", 2, "control character"),
    ],
)
def test_refused_names(
    running: Running, caplog: pytest.LogCaptureFixture, name: str, code: int, reason: str
):
    with caplog.at_level(logging.WARNING, logger="rommon_toolkit.tftp_server"):
        text = refused_with(running, name, code)
    assert reason in text
    event = running.wait_for(RequestRefused)
    assert (event.name, event.code) == (name, code)  # type: ignore[attr-defined]
    assert reason in event.reason  # type: ignore[attr-defined]
    logged = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
    assert any("127.0.0.1:" in line and reason in line for line in logged), logged
    assert running.service.requests_seen() == 1


def test_empty_name_is_refused(running: Running):
    assert "empty file name" in refused_with(running, "", 2)


def test_nul_in_the_name_cannot_smuggle_a_path(running: Running):
    """The NUL ends the name on the wire: what follows is the mode, which is refused."""
    with RawClient(running.port) as client:
        client.send(b"\x00\x01small.bin\x00/../../etc/passwd\x00octet\x00")
        answer = client.receive()
    assert (answer.opcode, answer.block) == (ERROR, 4)
    assert running.service.transfers() == []


def test_unknown_mode_is_refused(running: Running):
    assert "mode" in refused_with(running, "small.bin", 4, mode="mail")


def test_netascii_is_served_as_octet(running: Running, served, caplog):
    with (
        caplog.at_level(logging.INFO, logger="rommon_toolkit.tftp_server"),
        RawClient(running.port) as client,
    ):
        client.send(request(RRQ, "exact.bin", "netascii"))
        first = client.receive()
    assert first.opcode == DATA
    assert first.payload == served.path("exact.bin").read_bytes()[:512]
    assert any("netascii" in r.getMessage() for r in caplog.records)


@pytest.fixture
def sibling_dirs(tmp_path: Path) -> tuple[Path, Path]:
    """`img/` (catalogued) and `img-private/` beside it, with a same-named decoy."""
    img, private = tmp_path / "img", tmp_path / "img-private"
    img.mkdir()
    private.mkdir()
    write_random(img / "asa.SPA", 5000, seed=1)
    write_random(private / "asa.SPA", 5000, seed=2)
    write_random(private / "secret.bin", 100, seed=3)
    return img, private


def test_root_sibling_is_never_reached(start_service: StartService, sibling_dirs):
    img, private = sibling_dirs
    running = start_service(Catalog.from_paths([img / "asa.SPA"]))
    refused_with(running, "../img-private/secret.bin", 2)
    refused_with(running, "img-private/secret.bin", 1)
    refused_with(running, str(private / "secret.bin"), 2)
    refused_with(running, str(private / "asa.SPA"), 2)
    with RawClient(running.port) as client:  # a prefix never selects a directory
        content, _ = client.download("img-private/asa.SPA")
    assert content == (img / "asa.SPA").read_bytes()
    assert content != (private / "asa.SPA").read_bytes()


def test_file_replaced_by_symlink_is_refused(start_service: StartService, sibling_dirs):
    img, private = sibling_dirs
    running = start_service(Catalog.from_paths([img / "asa.SPA"]))
    (img / "asa.SPA").unlink()
    (img / "asa.SPA").symlink_to(private / "secret.bin")
    assert "symlink" in refused_with(running, "asa.SPA", 2)


def test_directory_replaced_by_symlink_is_refused(start_service: StartService, sibling_dirs):
    img, private = sibling_dirs
    running = start_service(Catalog.from_paths([img / "asa.SPA"]))
    img.rename(img.with_name("img-old"))
    img.symlink_to(private)
    assert "resolves elsewhere" in refused_with(running, "asa.SPA", 2)


def test_changed_file_is_refused(start_service: StartService, sibling_dirs):
    img, _ = sibling_dirs
    running = start_service(Catalog.from_paths([img / "asa.SPA"]))
    with (img / "asa.SPA").open("r+b") as stream:
        stream.write(b"tampered")
    status = (img / "asa.SPA").stat()
    os.utime(img / "asa.SPA", ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))
    assert "changed since it was catalogued" in refused_with(running, "asa.SPA", 2)


def test_rewritten_file_with_its_old_mtime_is_refused(start_service: StartService, sibling_dirs):
    """Same size, same inode, mtime put back: only the content (and ctime) changed."""
    img, _ = sibling_dirs
    image = img / "asa.SPA"
    catalog = Catalog.from_paths([image])
    running = start_service(catalog)
    before = image.stat()
    with image.open("r+b") as stream:
        stream.write(b"tampered")
    os.utime(image, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert (image.stat().st_size, image.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    text = refused_with(running, "asa.SPA", 2)
    assert "changed since the server started" in text  # the client's part
    assert "sha256 now" in text  # the log's part
    assert str(img) not in text.split(" | ")[0]


def test_touched_but_unchanged_file_is_hashed_again_and_served(
    start_service: StartService, sibling_dirs, caplog: pytest.LogCaptureFixture
):
    img, _ = sibling_dirs
    image = img / "asa.SPA"
    running = start_service(Catalog.from_paths([image]))
    status = image.stat()
    os.utime(image, ns=(status.st_atime_ns, status.st_mtime_ns + 5_000_000_000))
    with (
        caplog.at_level(logging.INFO, logger="rommon_toolkit.tftp_server"),
        RawClient(running.port) as client,
    ):
        content, _ = client.download("asa.SPA")
    assert content == image.read_bytes()
    assert any("sha256 is unchanged" in r.getMessage() for r in caplog.records)


def test_error_packets_never_carry_server_paths(
    start_service: StartService, sibling_dirs, tmp_path: Path
):
    img, _ = sibling_dirs
    running = start_service(Catalog.from_paths([img / "asa.SPA"]))
    (img / "asa.SPA").unlink()
    with RawClient(running.port) as client:
        answer = client.read("asa.SPA")
    assert (answer.opcode, answer.block) == (ERROR, 1)
    assert answer.text == "File not found: asa.SPA: the file was removed since the server started"
    assert str(tmp_path) not in answer.text
    event = running.wait_for(RequestRefused)
    assert str(img / "asa.SPA") in event.reason  # type: ignore[attr-defined]


def test_removed_file_is_not_found(start_service: StartService, sibling_dirs):
    img, _ = sibling_dirs
    running = start_service(Catalog.from_paths([img / "asa.SPA"]))
    (img / "asa.SPA").unlink()
    assert "removed" in refused_with(running, "asa.SPA", 1)


def test_catalog_given_a_symlink_serves_its_resolved_target(
    start_service: StartService, sibling_dirs
):
    img, _ = sibling_dirs
    (img / "link.SPA").symlink_to(img / "asa.SPA")
    catalog = Catalog.from_paths([img / "link.SPA"])
    assert catalog.entries[0].path == (img / "asa.SPA").resolve()
    running = start_service(catalog)
    with RawClient(running.port) as client:
        content, _ = client.download("link.SPA")
    assert content == (img / "asa.SPA").read_bytes()
