"""Real HTTP clients (curl, busybox wget, Python's urllib) download byte-identical files."""

from __future__ import annotations

import shutil
import subprocess
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.http.conftest import Served, Start, settled
from tests.tftp.files import sha256_file

CLIENT_TIMEOUT = 120


def _curl(url: str, out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["curl", "-sS", "--fail", "-o", str(out), url],
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT,
        check=False,
    )


needs_curl = pytest.mark.skipif(shutil.which("curl") is None, reason="curl not installed")
needs_busybox = pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox missing")


@needs_curl
@pytest.mark.parametrize("name", ["small.bin", "big.bin", "empty.bin"])
def test_curl_downloads_byte_identical(
    start: Start, served: Served, tmp_path: Path, name: str
) -> None:
    service = start()
    out = tmp_path / name
    result = _curl(service.url_for(name), out)
    assert result.returncode == 0, result.stderr
    assert sha256_file(out) == served.sha256[name]
    settled(service, 1)
    (done,) = service.transfers()
    assert (done.name, done.state, done.bytes) == (name, "done", served.path(name).stat().st_size)


@needs_busybox
def test_busybox_wget_downloads_byte_identical(
    start: Start, served: Served, tmp_path: Path
) -> None:
    service = start()
    out = tmp_path / "got.bin"
    result = subprocess.run(
        ["busybox", "wget", "-q", "-O", str(out), service.url_for("medium.bin")],
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert sha256_file(out) == served.sha256["medium.bin"]


@needs_busybox
def test_busybox_wget_reports_a_missing_file(start: Start, tmp_path: Path) -> None:
    service = start()
    result = subprocess.run(
        ["busybox", "wget", "-q", "-O", str(tmp_path / "x"), service.url_for("absent.bin")],
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT,
        check=False,
    )
    assert result.returncode != 0
    assert "404" in result.stderr


def test_urllib_downloads_and_reads_the_headers(start: Start, served: Served) -> None:
    service = start()
    with urllib.request.urlopen(service.url_for("medium.bin"), timeout=CLIENT_TIMEOUT) as answer:
        body = answer.read()
        assert answer.headers["Content-Length"] == str(len(body))
        assert answer.headers["ETag"] == f'"{served.sha256["medium.bin"]}"'
        assert answer.headers["Content-Type"] == "application/octet-stream"
    assert body == served.path("medium.bin").read_bytes()


def test_urllib_head_sends_headers_only(start: Start, served: Served) -> None:
    service = start()
    request = urllib.request.Request(service.url_for("big.bin"), method="HEAD")
    with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT) as answer:
        assert answer.status == 200
        assert int(answer.headers["Content-Length"]) == served.path("big.bin").stat().st_size
        assert answer.read() == b""
    assert service.transfers() == []  # a HEAD is a request, not a download
    assert [r.method for r in service.requests()] == ["HEAD"]


@needs_curl
def test_eight_concurrent_curl_downloads_all_byte_identical(
    start: Start, served: Served, tmp_path: Path
) -> None:
    service = start(max_per_client=8)  # 8 from one address: above the default cap of 4
    outs = [tmp_path / f"copy{i}.bin" for i in range(8)]
    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda out: _curl(service.url_for("big.bin"), out), outs))
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert {sha256_file(out) for out in outs} == {served.sha256["big.bin"]}
    settled(service, 8)
    done = service.transfers()
    assert len(done) == 8
    assert {t.state for t in done} == {"done"}


@needs_curl
def test_curl_is_told_why_a_name_is_refused(start: Start) -> None:
    service = start()
    result = subprocess.run(
        ["curl", "-sS", "--path-as-is", f"http://127.0.0.1:{service.port}/../etc/passwd"],
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT,
        check=False,
    )
    assert result.stdout == "403 Forbidden: '..' path component (traversal)\n"
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"http://127.0.0.1:{service.port}/CON", timeout=CLIENT_TIMEOUT)
    refused.value.close()  # the error holds the answer's socket
    assert refused.value.code == 403
