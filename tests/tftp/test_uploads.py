"""Uploads: off by default; with a policy, one directory, never overwrite, never follow, capped."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from rommon_toolkit.tftp_server import Catalog, UploadPolicy
from rommon_toolkit.tftp_server.errors import UploadPolicyError
from rommon_toolkit.tftp_server.events import RequestRefused, TransferFailed, TransferFinished
from tests.conftest import require_tool
from tests.tftp.conftest import FAST_RTO, Running, StartService
from tests.tftp.rawclient import ACK, ERROR, OACK, WRQ, RawClient, data, request

EMPTY = Catalog.from_paths([])


def upload(client: RawClient, name: str, content: bytes, size: int = 512, **options) -> None:
    """A well-behaved WRQ upload of `content`; AssertionError if the server refuses."""
    client.send(request(WRQ, name, **options))
    answer = client.receive()
    assert answer.opcode in (ACK, OACK), answer.text
    assert answer.opcode == OACK or answer.block == 0
    blocks = [content[i : i + size] for i in range(0, len(content) + 1, size)]
    for number, chunk in enumerate(blocks, start=1):
        client.send(data(number, chunk))
        reply = client.receive()
        while reply.opcode == ACK and reply.block == (number - 1) & 0xFFFF:
            reply = client.receive()  # a resent ACK of the previous block
        assert (reply.opcode, reply.block) == (ACK, number & 0xFFFF), reply.text


def refused_upload(running: Running, name: str, code: int, **options) -> str:
    with RawClient(running.port) as client:
        client.send(request(WRQ, name, **options))
        answer = client.receive()
    assert (answer.opcode, answer.block) == (ERROR, code), answer.text
    return answer.text


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    return folder


def test_uploads_are_refused_by_default(running: Running, inbox: Path):
    assert "uploads are disabled" in refused_upload(running, "x.cfg", 2)
    assert running.wait_for(RequestRefused)
    assert list(inbox.iterdir()) == []


def test_upload_lands_in_the_directory(start_service: StartService, inbox: Path):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 100_000))
    content = bytes(range(256)) * 20  # 5120 bytes: ends with an empty block
    with RawClient(running.port) as client:
        upload(client, "running-config.cfg", content)
    finished = running.wait_for(TransferFinished)
    assert finished.saved_as == str(inbox / "running-config.cfg")  # type: ignore[attr-defined]
    assert (inbox / "running-config.cfg").read_bytes() == content
    assert (inbox / "running-config.cfg").stat().st_mode & 0o777 == 0o600  # configs hold secrets


def test_upload_with_options(start_service: StartService, inbox: Path):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 100_000))
    content = b"x" * 3000
    with RawClient(running.port) as client:
        upload(client, "a.cfg", content, 1024, blksize=1024)
    running.wait_for(TransferFinished)
    assert (inbox / "a.cfg").read_bytes() == content


def test_upload_never_overwrites(start_service: StartService, inbox: Path):
    (inbox / "a.cfg").write_bytes(b"original")
    (inbox / "a.cfg.1").write_bytes(b"original 1")
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 100_000))
    with RawClient(running.port) as client:
        upload(client, "a.cfg", b"new")
    finished = running.wait_for(TransferFinished)
    assert finished.saved_as == str(inbox / "a.cfg.2")  # type: ignore[attr-defined]
    assert (inbox / "a.cfg").read_bytes() == b"original"
    assert (inbox / "a.cfg.1").read_bytes() == b"original 1"
    assert (inbox / "a.cfg.2").read_bytes() == b"new"


def test_upload_never_follows_a_symlink(start_service: StartService, inbox: Path, tmp_path):
    target = tmp_path / "victim"
    target.write_bytes(b"precious")
    (inbox / "evil.cfg").symlink_to(target)
    (inbox / "dangling.cfg").symlink_to(tmp_path / "created-through-link")
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 100_000))
    with RawClient(running.port) as client:
        upload(client, "evil.cfg", b"attack")
    with RawClient(running.port) as client:
        upload(client, "dangling.cfg", b"attack")
    assert target.read_bytes() == b"precious"
    assert not (tmp_path / "created-through-link").exists()
    assert (inbox / "evil.cfg.1").read_bytes() == b"attack"
    assert (inbox / "dangling.cfg.1").read_bytes() == b"attack"


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("sub/a.cfg", "plain file name"),
        ("../a.cfg", "'..'"),
        ("/tmp/a.cfg", "absolute"),
        ("a\\b.cfg", "backslash"),
        ("", "empty"),
        (".", "plain file name"),
    ],
)
def test_upload_names_are_plain_file_names(
    start_service: StartService, inbox: Path, name: str, reason: str
):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 100_000))
    assert reason in refused_upload(running, name, 2)
    assert list(inbox.iterdir()) == []


@pytest.mark.parametrize(
    "name",
    [
        "C:x",
        "c:running.cfg",
        "a.cfg:stream",
        "CON",
        "con",
        "NUL",
        "NUL.txt",
        "nul.tar.gz",
        "COM1",
        "Com1.cfg",
        "LPT1",
        "lpt9.txt",
        "AUX",
        "PRN.cfg",
        "CONIN$",
        "NUL .txt",
        "config.",
        "config ",
    ],
)
def test_upload_names_windows_would_misread_are_refused_on_every_os(
    start_service: StartService, inbox: Path, name: str
):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 100_000))
    refused_upload(running, name, 2)
    event = running.wait_for(RequestRefused)
    assert any(  # type: ignore[attr-defined]
        word in event.reason for word in ("':'", "device name", "dot or a space")
    )
    assert list(inbox.iterdir()) == []


@pytest.mark.parametrize("name", ["CONFIG.cfg", "console.log", "nullify.cfg", "com10.cfg"])
def test_names_that_only_resemble_devices_are_accepted(
    start_service: StartService, inbox: Path, name: str
):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 100_000))
    with RawClient(running.port) as client:
        upload(client, name, b"hostname asa\n")
    running.wait_for(TransferFinished)
    assert (inbox / name).read_bytes() == b"hostname asa\n"


def test_a_narrowed_policy_takes_only_its_name_from_its_client(
    start_service: StartService, inbox: Path
):
    policy = UploadPolicy(inbox, 100_000, names=["running-config.cfg"], clients=["127.0.0.2"])
    running = start_service(EMPTY, uploads=policy)
    assert "not accepted from this address" in refused_upload(running, "running-config.cfg", 2)
    with RawClient(running.port, source="127.0.0.2") as unit:
        unit.send(request(WRQ, "other.cfg"))
        answer = unit.receive()
    assert (answer.opcode, answer.block) == (ERROR, 2)
    assert "not expected" in answer.text
    assert list(inbox.iterdir()) == []
    with RawClient(running.port, source="127.0.0.2") as unit:
        upload(unit, "running-config.cfg", b"hostname asa\n")
    running.wait_for(TransferFinished)
    assert (inbox / "running-config.cfg").read_bytes() == b"hostname asa\n"


def test_a_narrowed_policy_checks_what_it_is_given(inbox: Path):
    with pytest.raises(UploadPolicyError, match="IPv4"):
        UploadPolicy(inbox, 100, clients=["unit-1"])
    with pytest.raises(UploadPolicyError, match="cannot be an expected upload name"):
        UploadPolicy(inbox, 100, names=["../x.cfg"])


def test_upload_over_the_cap_is_refused_and_removed(start_service: StartService, inbox: Path):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 1000))
    with RawClient(running.port) as client:
        client.send(request(WRQ, "big.cfg"))
        assert client.receive().opcode == ACK
        client.send(data(1, b"a" * 512))
        assert client.receive().block == 1
        client.send(data(2, b"b" * 512))
        answer = client.receive()
        while answer.opcode == ACK:
            answer = client.receive()
    assert (answer.opcode, answer.block) == (ERROR, 3)
    failed = running.wait_for(TransferFailed)
    assert "cap" in failed.reason  # type: ignore[attr-defined]
    assert list(inbox.iterdir()) == []


def test_announced_size_over_the_cap_is_refused_up_front(start_service: StartService, inbox: Path):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 1000))
    assert "cap" in refused_upload(running, "big.cfg", 3, tsize=5000)
    assert list(inbox.iterdir()) == []


def test_abandoned_upload_is_removed(start_service: StartService, inbox: Path):
    running = start_service(
        EMPTY, uploads=UploadPolicy(inbox, 100_000), silence_budget=0.4, rto=FAST_RTO
    )
    with RawClient(running.port) as client:
        client.send(request(WRQ, "half.cfg"))
        assert client.receive().opcode == ACK
        client.send(data(1, b"a" * 512))
        assert client.receive().block == 1
        failed = running.wait_for(TransferFailed)  # then the client says nothing more
    assert "no answer" in failed.reason  # type: ignore[attr-defined]
    assert list(inbox.iterdir()) == []


def test_upload_policy_checks_its_directory(tmp_path: Path):
    with pytest.raises(UploadPolicyError, match="does not exist"):
        UploadPolicy(tmp_path / "missing", 1000)
    with pytest.raises(UploadPolicyError, match="positive"):
        UploadPolicy(tmp_path, 0)


def test_upload_directory_swapped_for_a_symlink_is_refused(
    start_service: StartService, inbox: Path, tmp_path: Path
):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 1000))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    inbox.rename(tmp_path / "inbox-old")
    inbox.symlink_to(elsewhere)
    assert "replaced" in refused_upload(running, "a.cfg", 2)
    assert list(elsewhere.iterdir()) == []


@pytest.mark.realclient
def test_real_clients_upload(start_service: StartService, inbox: Path, tmp_path: Path):
    running = start_service(EMPTY, uploads=UploadPolicy(inbox, 10_000_000))
    source = tmp_path / "config.txt"
    source.write_bytes(bytes(range(256)) * 1000)
    port = str(running.port)
    commands = {
        "curl.cfg": [
            require_tool("curl"),
            "-sS",
            "-T",
            str(source),
            f"tftp://127.0.0.1:{port}/curl.cfg",
        ],
        "hpa.cfg": [
            require_tool("tftp"),
            "-m",
            "binary",
            "127.0.0.1",
            port,
            "-c",
            "put",
            str(source),
            "hpa.cfg",
        ],
        "atftp.cfg": [
            require_tool("atftp"),
            "--put",
            "-l",
            str(source),
            "-r",
            "atftp.cfg",
            "127.0.0.1",
            port,
        ],
        "busybox.cfg": [
            require_tool("busybox"),
            "tftp",
            "-p",
            "-l",
            str(source),
            "-r",
            "busybox.cfg",
            "127.0.0.1",
            port,
        ],
    }
    for name, argv in commands.items():
        result = subprocess.run(argv, capture_output=True, text=True, timeout=60, check=False)
        assert result.returncode == 0, (name, result.stderr)
    for name in commands:
        assert (inbox / name).read_bytes() == source.read_bytes(), name
