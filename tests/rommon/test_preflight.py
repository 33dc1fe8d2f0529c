"""Preflight against real peers: our TFTP server on loopback, a busy UDP port, real files."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from ipaddress import IPv4Interface
from pathlib import Path

import pytest

from rommon_toolkit.rommon.errors import PreflightError
from rommon_toolkit.rommon.exitcodes import ExitCode
from rommon_toolkit.rommon.feedback import RecordingFeedback
from rommon_toolkit.rommon.workflows.external_tftp import probe_external_tftp
from rommon_toolkit.rommon.workflows.preflight import RecoverOptions, build_plan
from rommon_toolkit.tftp_server import Catalog, TftpService

NAME = "asa9-16-4-85-lfbff-k8.SPA"
LOOPBACK = [IPv4Interface("127.0.0.1/8")]


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / NAME
    path.write_bytes(bytes(range(256)) * 4096)
    return path


@pytest.fixture
def server(image: Path) -> Iterator[TftpService]:
    service = TftpService(Catalog.from_paths([image]), bind="127.0.0.1", port=0)
    service.start()
    yield service
    service.stop()


def _options(image: Path, **changes: object) -> RecoverOptions:
    values: dict[str, object] = {
        "port": "loop://",
        "image": image,
        "address": "127.0.0.2",
        "netmask": "255.0.0.0",
        "gateway": None,
        "server": "127.0.0.1",
        "tftp_port": 0,
    }
    values.update(changes)
    return RecoverOptions(**values)  # type: ignore[arg-type]


def test_external_probe_gets_the_size_from_a_real_server(server: TftpService, image: Path) -> None:
    assert probe_external_tftp("127.0.0.1", server.port, NAME) == image.stat().st_size


def test_external_probe_reports_a_missing_file(server: TftpService) -> None:
    with pytest.raises(PreflightError, match=r"refused other\.SPA"):
        probe_external_tftp("127.0.0.1", server.port, "other.SPA")


def test_external_probe_reports_an_unreachable_server() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]  # bound but silent: nothing answers
        with pytest.raises(PreflightError, match="did not answer"):
            probe_external_tftp("127.0.0.1", port, NAME, timeout=0.5)


def test_plan_with_a_matching_hash(image: Path) -> None:
    digest = hashlib.sha512(image.read_bytes()).hexdigest()
    feedback = RecordingFeedback()
    plan = build_plan(_options(image, sha512=digest), feedback, interfaces=LOOPBACK)
    assert plan.sha512 == digest
    assert plan.rommon_variables["GATEWAY"] == "127.0.0.1"  # filled in: the server itself
    assert feedback.progress_seen[-1][1] == image.stat().st_size


def test_hash_mismatch_is_refused(image: Path) -> None:
    with pytest.raises(PreflightError, match="SHA-512 mismatch"):
        build_plan(_options(image, sha512="0" * 128), RecordingFeedback(), interfaces=LOOPBACK)


def test_busy_tftp_port_is_refused_with_advice(image: Path) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as busy:
        busy.bind(("127.0.0.1", 0))
        options = _options(image, tftp_port=busy.getsockname()[1])
        with pytest.raises(PreflightError) as caught:
            build_plan(options, RecordingFeedback(), interfaces=LOOPBACK)
    assert "already in use" in caught.value.render()
    assert "ss -ulpn" in caught.value.render()


def test_wrong_family_image_is_refused_before_hashing(tmp_path: Path) -> None:
    smp = tmp_path / "asa964-45-smp-k8.bin"
    smp.write_bytes(b"x" * 10)
    feedback = RecordingFeedback()
    with pytest.raises(PreflightError, match="smp"):
        build_plan(_options(smp), feedback, interfaces=LOOPBACK)
    assert feedback.progress_seen == []


def test_missing_and_empty_images_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PreflightError, match="does not exist"):
        build_plan(_options(tmp_path / NAME), RecordingFeedback(), interfaces=LOOPBACK)
    (tmp_path / NAME).write_bytes(b"")
    with pytest.raises(PreflightError, match="empty"):
        build_plan(_options(tmp_path / NAME), RecordingFeedback(), interfaces=LOOPBACK)


@pytest.mark.parametrize("name", ["asa9-18-1-lfbff-k8.SPA", "asa924-lfbff-k8.SPA"])
def test_a_release_outside_the_models_range_is_refused_before_anything_is_sent(
    tmp_path: Path, name: str
) -> None:
    image = tmp_path / name
    image.write_bytes(b"\x00" * 4096)
    feedback = RecordingFeedback()
    with pytest.raises(PreflightError) as caught:
        build_plan(_options(image, model="asa5506"), feedback, interfaces=LOOPBACK)
    assert "the ASA5506 runs ASA 9.3(2) to 9.16(x)" in caught.value.message
    assert caught.value.exit_code == ExitCode.PREFLIGHT_REFUSED
    assert feedback.progress_seen == []  # refused before the SHA-512 was even computed
