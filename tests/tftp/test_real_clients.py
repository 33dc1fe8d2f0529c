"""Real TFTP clients (curl, tftp-hpa, atftp, busybox) against the service over loopback UDP."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from rommon_toolkit.tftp_server.events import RequestRefused, TransferFinished
from tests.conftest import require_tool
from tests.tftp.conftest import Running, Served
from tests.tftp.files import sha256_file

pytestmark = pytest.mark.realclient

CLIENT_TIMEOUT = 120


def run(argv: list[str], cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, capture_output=True, text=True, timeout=CLIENT_TIMEOUT, check=False, cwd=cwd
    )


def curl(port: int, name: str, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    url = f"tftp://127.0.0.1:{port}/{name}"
    return run([require_tool("curl"), "-sS", *options, "-o", str(out), url])


def assert_same(served: Served, name: str, out: Path, result: subprocess.CompletedProcess[str]):
    assert result.returncode == 0, result.stderr
    assert out.stat().st_size == served.path(name).stat().st_size
    assert sha256_file(out) == served.sha256[name]


@pytest.mark.slow
def test_curl_40mib_at_512_crosses_block_65535(running: Running, served: Served, tmp_path: Path):
    out = tmp_path / "big.bin"
    result = curl(running.port, "big.bin", out, "--tftp-blksize", "512")
    assert_same(served, "big.bin", out, result)
    running.wait_for(TransferFinished)
    snapshot = running.service.transfers()[-1]
    assert snapshot.blocks > 65_536
    assert snapshot.state == "done"
    assert snapshot.blksize == 512


@pytest.mark.slow
def test_tftp_hpa_40mib_rfc1350_rollover(running: Running, served: Served, tmp_path: Path):
    out = tmp_path / "big.bin"
    tftp = require_tool("tftp")
    result = run(
        [tftp, "-m", "binary", "127.0.0.1", str(running.port), "-c", "get", "big.bin", str(out)]
    )
    assert_same(served, "big.bin", out, result)
    assert running.service.transfers()[-1].blocks > 65_536


@pytest.mark.parametrize(
    "options",
    [("--tftp-no-options",), ("--tftp-blksize", "1468"), ("--tftp-blksize", "8192")],
    ids=["no-options", "blksize-1468", "blksize-8192"],
)
def test_curl_medium(running: Running, served: Served, tmp_path: Path, options: tuple[str, ...]):
    out = tmp_path / "medium.bin"
    assert_same(served, "medium.bin", out, curl(running.port, "medium.bin", out, *options))


def test_curl_file_that_is_a_multiple_of_the_block_size(
    running: Running, served: Served, tmp_path: Path
):
    out = tmp_path / "exact.bin"
    assert_same(served, "exact.bin", out, curl(running.port, "exact.bin", out))


def test_curl_with_directory_prefix(running: Running, served: Served, tmp_path: Path):
    out = tmp_path / "medium.bin"
    result = curl(running.port, "images/asa/medium.bin", out, "--tftp-blksize", "1468")
    assert_same(served, "medium.bin", out, result)


def test_curl_not_in_catalog_is_refused(running: Running, tmp_path: Path):
    result = curl(running.port, "nothere.bin", tmp_path / "x")
    assert result.returncode == 68, result.stderr  # CURLE_TFTP_NOTFOUND: it got our error 1
    running.wait_for(RequestRefused)  # the server reports after sending the error: a race
    refused = running.of(RequestRefused)
    assert [(e.name, e.code) for e in refused] == [("nothere.bin", 1)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("blksize", [None, "1468"])
def test_atftp(running: Running, served: Served, tmp_path: Path, blksize: str | None):
    atftp = require_tool("atftp")
    out = tmp_path / "medium.bin"
    options = ["--option", f"blksize {blksize}"] if blksize else []
    result = run(
        [
            atftp,
            *options,
            "--get",
            "-r",
            "medium.bin",
            "-l",
            str(out),
            "127.0.0.1",
            str(running.port),
        ]
    )
    assert_same(served, "medium.bin", out, result)
    if blksize:
        assert running.service.transfers()[-1].blksize == int(blksize)


@pytest.mark.parametrize("blksize", [None, "1468"])
def test_busybox(running: Running, served: Served, tmp_path: Path, blksize: str | None):
    busybox = require_tool("busybox")
    out = tmp_path / "medium.bin"
    options = ["-b", blksize] if blksize else []
    result = run(
        [
            busybox,
            "tftp",
            "-g",
            "-r",
            "medium.bin",
            "-l",
            str(out),
            *options,
            "127.0.0.1",
            str(running.port),
        ]
    )
    assert_same(served, "medium.bin", out, result)


def test_several_clients_at_once(running: Running, served: Served, tmp_path: Path):
    """A bench of units: each client gets its own transfer, all complete intact."""
    curl_path = require_tool("curl")
    outs = [tmp_path / f"copy{i}.bin" for i in range(4)]
    processes = [
        subprocess.Popen(
            [
                curl_path,
                "-sS",
                "--tftp-blksize",
                str(512 * (i + 1)),
                "-o",
                str(out),
                f"tftp://127.0.0.1:{running.port}/medium.bin",
            ],
            stderr=subprocess.DEVNULL,
        )
        for i, out in enumerate(outs)
    ]
    for process in processes:
        assert process.wait(timeout=CLIENT_TIMEOUT) == 0
    for out in outs:
        assert sha256_file(out) == served.sha256["medium.bin"]
    finished = running.of(TransferFinished)
    assert len({event.client for event in finished}) == 4  # type: ignore[attr-defined]
