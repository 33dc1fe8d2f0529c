"""ASA OS: `copy http://S[:P]/F disk0:/F` over real TCP, its dialog and its failures."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import file_sha512, make_image
from tests.sim.asa_setup import booted
from tests.sim.conftest import Opener
from tests.sim.flows import mgmt_up
from tests.sim.httpd import HttpPeer, http_peer
from tests.sim.spawn import PortSpawn

NEW = "asa9-18-4-lfbff-k8.SPA"


@pytest.fixture
def peer(tmp_path: Path) -> Iterator[HttpPeer]:
    root = tmp_path / "www"
    root.mkdir()
    with http_peer(root) as running:
        yield running


def ready(console: Opener, state_dir: Path, **options: object) -> PortSpawn:
    con = booted(console, state_dir, tftp_timeout=0.5, tftp_retries=1, **options)
    mgmt_up(con)
    return con


def test_copy_noconfirm_http_signed_image(console: Opener, state_dir: Path, peer: HttpPeer) -> None:
    image = make_image(peer.root, "asa5506", "9.18(4)", 1 << 20)
    con = ready(console, state_dir)
    url = f"http://127.0.0.1:{peer.port}/{NEW}"
    con.sendline(f"copy /noconfirm {url} disk0:/{NEW}")
    con.expect_exact(f"Accessing {url}...!!!")
    con.expect_exact("Done!\r\nComputed Hash   SHA2: ")
    con.expect_exact("Digital signature successfully validated\r\n")
    con.expect_exact(f"Writing file disk0:/{NEW}...!")
    con.expect(r"\r\n(\d+) bytes copied in [\d.]+ secs \(\d+ bytes/sec\)\r\n")
    assert int(con.match.group(1)) == 1 << 20
    con.expect_exact("ciscoasa# ")
    snap = registry.unit_for(state_dir).snapshot()
    copied = snap.file(NEW)
    assert copied is not None
    assert copied.sha512 == file_sha512(image)
    assert snap.running is not None
    assert snap.running.last_transfer == {
        "kind": "copy-http",
        "file": NEW,
        "size": 1 << 20,
        "windows": 16,
    }


def test_copy_http_dialog_offers_the_url_parts(
    console: Opener, state_dir: Path, peer: HttpPeer
) -> None:
    (peer.root / "notes.txt").write_bytes(b"hello\n")
    con = ready(console, state_dir)
    con.sendline(f"copy http://127.0.0.1:{peer.port}/notes.txt disk0:/notes.txt")
    con.expect_exact("Address or name of remote host [127.0.0.1]? ")
    con.sendline("")
    con.expect_exact("Source filename [notes.txt]? ")
    con.sendline("")
    con.expect_exact("Destination filename [notes.txt]? ")
    con.sendline("")
    con.expect_exact(f"Accessing http://127.0.0.1:{peer.port}/notes.txt...")
    con.expect(r"6 bytes copied in [\d.]+ secs")
    con.expect_exact("ciscoasa# ")
    copied = registry.unit_for(state_dir).snapshot().file("notes.txt")
    assert copied is not None


def test_copy_http_missing_file_says_so_and_writes_nothing(
    console: Opener, state_dir: Path, peer: HttpPeer
) -> None:
    con = ready(console, state_dir)
    url = f"http://127.0.0.1:{peer.port}/absent.SPA"
    con.sendline(f"copy /noconfirm {url} disk0:/absent.SPA")
    con.expect_exact(f"%Error opening {url} (No such file or directory)\r\n")
    con.expect_exact("ciscoasa# ")
    assert registry.unit_for(state_dir).snapshot().file("absent.SPA") is None


def test_copy_http_to_a_closed_port_is_refused(console: Opener, state_dir: Path) -> None:
    with socket.socket() as holder:  # a port nobody listens on
        holder.bind(("127.0.0.1", 0))
        port = holder.getsockname()[1]
    con = ready(console, state_dir)
    url = f"http://127.0.0.1:{port}/{NEW}"
    con.sendline(f"copy /noconfirm {url} disk0:/{NEW}")
    con.expect_exact(f"%Error opening {url} (Connection refused)\r\n")
    con.expect_exact("ciscoasa# ")


def test_copy_http_without_a_route_says_no_route(console: Opener, state_dir: Path) -> None:
    con = ready(console, state_dir)
    url = f"http://192.0.2.9/{NEW}"  # port 80 left out of the URL, as the ASA echoes it
    con.sendline(f"copy /noconfirm {url} disk0:/{NEW}")
    con.expect_exact(f"%Error opening {url} (No route to host)\r\n")
    con.expect_exact("ciscoasa# ")


def test_copy_http_with_no_mgmt_link_times_out(
    console: Opener, state_dir: Path, peer: HttpPeer
) -> None:
    make_image(peer.root, "asa5506", "9.18(4)", 64 << 10)
    con = ready(console, state_dir, fault=["no-mgmt-link"])
    url = f"http://127.0.0.1:{peer.port}/{NEW}"
    con.sendline(f"copy /noconfirm {url} disk0:/{NEW}")
    con.expect_exact(f"%Error opening {url} (Timed out)\r\n")
    con.expect_exact("ciscoasa# ")
    assert registry.unit_for(state_dir).snapshot().file(NEW) is None
