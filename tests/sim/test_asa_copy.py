"""ASA OS: copy tftp: (real RRQ), copy running-config tftp: (real WRQ), verify, delete."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import file_sha512, make_image
from tests.sim.asa_setup import IMAGE, booted
from tests.sim.conftest import Opener
from tests.sim.flows import asa, mgmt_up
from tests.sim.spawn import PortSpawn
from tests.sim.tftpd import TftpServer

NEW = "asa9-18-4-lfbff-k8.SPA"


def ready(console: Opener, state_dir: Path, server: TftpServer, **options: object) -> PortSpawn:
    """`ciscoasa#` with Management1/1 on 127.0.0.2/8 and the test server's port."""
    con = booted(console, state_dir, tftp_port=server.port, **options)
    mgmt_up(con)
    return con


def test_copy_noconfirm_signed_image(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    image = make_image(tftp_server.root, "asa5506", "9.18(4)", 1 << 20)
    con = ready(console, state_dir, tftp_server)
    con.sendline(f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    con.expect_exact(f"Accessing tftp://127.0.0.1/{NEW}...!!!")
    con.expect_exact("Done!\r\nComputed Hash   SHA2: ")
    con.expect(r"\r\n {22}[0-9a-f]{32}\r\n {22}[0-9a-f]{32}\r\n {22}[0-9a-f]{32}\r\n\r\n")
    con.expect_exact("Embedded Hash   SHA2: ")
    con.expect_exact("Digital signature successfully validated\r\n")
    con.expect_exact(f"Writing file disk0:/{NEW}...!")
    con.expect(r"\r\n(\d+) bytes copied in [\d.]+ secs \(\d+ bytes/sec\)\r\n")
    assert int(con.match.group(1)) == 1 << 20
    con.expect_exact("ciscoasa# ")
    snap = registry.unit_for(state_dir).snapshot()
    copied = snap.file(NEW)
    assert copied is not None
    assert copied.sha512 == file_sha512(image)


def test_copy_interactive_dialog_remembers_defaults(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    make_image(tftp_server.root, "asa5506", "9.18(4)", 1 << 20)
    (tftp_server.root / "notes.txt").write_bytes(b"hello\n")
    con = ready(console, state_dir, tftp_server)
    con.sendline("copy tftp: disk0:")
    con.expect_exact("Address or name of remote host []? ")
    con.sendline("127.0.0.1")
    con.expect_exact("Source filename []? ")
    con.sendline("notes.txt")
    con.expect_exact("Destination filename [notes.txt]? ")
    con.sendline("")
    con.expect_exact("Accessing tftp://127.0.0.1/notes.txt...")
    con.expect_exact("Writing file disk0:/notes.txt...")
    con.expect_exact("6 bytes copied in ")
    con.expect_exact("ciscoasa# ")
    con.sendline("copy tftp: disk0:")
    con.expect_exact("Address or name of remote host [127.0.0.1]? ")
    con.sendline("")
    con.expect_exact("Source filename [notes.txt]? ")
    con.sendline(NEW)
    con.expect_exact(f"Destination filename [{NEW}]? ")
    con.sendline("")
    con.expect_exact("Digital signature successfully validated")
    con.expect_exact("ciscoasa# ")
    assert "hello" in asa(con, "more disk0:/notes.txt")


def test_overwrite_question_even_with_noconfirm(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    make_image(tftp_server.root, "asa5506", "9.16(4)85", 2 << 20)
    con = ready(console, state_dir, tftp_server)
    con.sendline(f"copy /noconfirm tftp://127.0.0.1/{IMAGE} disk0:/{IMAGE}")
    con.expect_exact("Do you want to over write? [confirm]")
    con.sendline("n")
    con.expect_exact("(Operation aborted)")
    con.expect_exact("ciscoasa# ")
    con.sendline(f"copy /noconfirm tftp://127.0.0.1/{IMAGE} disk0:/{IMAGE}")
    con.expect_exact("Do you want to over write? [confirm]")
    con.sendline("")
    con.expect_exact("bytes copied in")
    con.expect_exact("ciscoasa# ")


def test_copy_missing_file_keeps_nothing(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    con = ready(console, state_dir, tftp_server)
    out = asa(con, "copy /noconfirm tftp://127.0.0.1/nope.SPA disk0:/nope.SPA")
    assert "%Error opening tftp://127.0.0.1/nope.SPA (No such file or directory)" in out
    assert registry.unit_for(state_dir).snapshot().file("nope.SPA") is None


def test_copy_needs_management_up(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    make_image(tftp_server.root, "asa5506", "9.18(4)", 1 << 20)
    con = booted(console, state_dir, tftp_port=tftp_server.port)
    out = asa(con, f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    assert "(No route to host)" in out


def test_copy_of_a_corrupted_image_is_refused(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    make_image(tftp_server.root, "asa5506", "9.18(4)", 1 << 20, corrupt=True)
    con = ready(console, state_dir, tftp_server)
    out = asa(con, f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    assert "Computed Hash   SHA2:" in out
    assert "(Digital signature validation failed)" in out
    assert registry.unit_for(state_dir).snapshot().file(NEW) is None


def test_copy_running_config_uploads(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    con = ready(console, state_dir, tftp_server)
    running = asa(con, "show running-config").replace("\r\n", "\n")
    out = asa(con, "copy /noconfirm running-config tftp://127.0.0.1/backup.cfg")
    assert re.search(r"\d+ bytes copied in [\d.]+ secs", out)
    assert (tftp_server.root / "backup.cfg").read_text() == running


def test_copy_running_config_dialog(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    con = ready(console, state_dir, tftp_server)
    con.sendline("copy running-config tftp:")
    con.expect_exact("Address or name of remote host []? ")
    con.sendline("127.0.0.1")
    con.expect_exact("Destination filename [running-config]? ")
    con.sendline("fw.cfg")
    con.expect_exact("bytes copied in")
    con.expect_exact("ciscoasa# ")
    assert (tftp_server.root / "fw.cfg").read_text().startswith(": Saved")


def test_verify_sha512_is_the_file_hash(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, f"verify /sha-512 disk0:/{IMAGE}")
    digest = hashlib.sha512((state_dir / "disk0" / IMAGE).read_bytes()).hexdigest()
    assert out.endswith(f"Done!\r\nverify /SHA-512 (disk0:/{IMAGE}) = {digest}\r\n")
    assert out.startswith("!!!!!!!!")


def test_verify_signature(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    out = asa(con, f"verify disk0:/{IMAGE}")
    assert out.startswith(f"Verifying file integrity of disk0:/{IMAGE}\r\n")
    assert "Embedded Hash   SHA2: " in out
    assert out.endswith("Digital signature successfully validated\r\n")
    path = state_dir / "disk0" / IMAGE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    out = asa(con, f"verify disk0:/{IMAGE}")
    assert out.endswith(f"%Error: Digital signature validation failed for disk0:/{IMAGE}\r\n")


def test_delete_noconfirm_and_missing(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    (state_dir / "disk0" / "old.SPA").write_bytes(b"x" * 10)
    assert asa(con, "delete /noconfirm disk0:/old.SPA") == ""
    assert not (state_dir / "disk0" / "old.SPA").exists()
    out = asa(con, "delete /noconfirm disk0:/old.SPA")
    assert out == "%Error deleting disk0:/old.SPA (No such file or directory)\r\n"


def test_delete_asks_without_noconfirm(console: Opener, state_dir: Path) -> None:
    con = booted(console, state_dir)
    (state_dir / "disk0" / "old.SPA").write_bytes(b"x")
    con.sendline("delete disk0:/old.SPA")
    con.expect_exact("Delete filename [old.SPA]? ")
    con.sendline("")
    con.expect_exact("Delete disk0:/old.SPA? [confirm]")
    con.sendline("")
    con.expect_exact("ciscoasa# ")
    assert not (state_dir / "disk0" / "old.SPA").exists()


def test_disk_full_copy_fails(console: Opener, state_dir: Path, tftp_server: TftpServer) -> None:
    make_image(tftp_server.root, "asa5506", "9.18(4)", 1 << 20)
    con = ready(console, state_dir, tftp_server, fault="disk-full")
    out = asa(con, f"copy /noconfirm tftp://127.0.0.1/{NEW} disk0:/{NEW}")
    assert f"%Error writing disk0:/{NEW} (No space left on device)" in out
    assert registry.unit_for(state_dir).snapshot().file(NEW) is None
    assert "(0 bytes free/0% free)" in asa(con, "dir")
