"""ROMMON `tftpdnld`: a real download from tftpd-hpa on loopback, checks, RAM boot."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from tests.sim.conftest import Opener
from tests.sim.flows import ROMMON_PROMPT, asa, enable, rommon, to_rommon, to_user_prompt
from tests.sim.spawn import PortSpawn
from tests.sim.tftpd import TftpServer, silent_udp_port

IMAGE = "asa9-16-4-85-lfbff-k8.SPA"


def set_variables(con: PortSpawn, image: str, server: str = "127.0.0.1") -> None:
    """The Kenton variables for a loopback download from 127.0.0.2."""
    for line in (
        "ADDRESS=127.0.0.2",
        "NETMASK=255.0.0.0",
        "GATEWAY=127.0.0.1",
        f"SERVER={server}",
        f"IMAGE={image}",
    ):
        assert rommon(con, line) == ""


def test_download_boots_into_ram_and_is_not_persistent(
    console: Opener, tftp_server: TftpServer, state_dir: Path
) -> None:
    make_image(tftp_server.root, "asa5506", "9.16(4)85", 3 << 20)
    con = console(tftp_port=tftp_server.port)
    to_rommon(con)
    set_variables(con, IMAGE)
    con.sendline("tftpdnld")
    con.expect_exact("             ADDRESS: 127.0.0.2\r\n")
    con.expect_exact(f"               IMAGE: {IMAGE}\r\n")
    con.expect_exact(f"link up\r\nReceiving {IMAGE} from 127.0.0.1!!!")
    con.expect_exact("File reception completed.\r\n")
    con.expect_exact(f"Boot image size = {3 << 20} (0x300000) bytes\r\n")
    con.expect_exact("LFBFF signature verified.\r\nINIT: version 2.88 booting\r\n")
    to_user_prompt(con)
    enable(con)
    version = asa(con, "show version")
    assert f'System image file is "tftp://127.0.0.1/{IMAGE}"' in version
    unit = registry.unit_for(state_dir)
    snap = unit.snapshot()
    assert snap.running.source == "tftp"
    assert snap.running.image == f"tftp://127.0.0.1/{IMAGE}"
    assert snap.disk0 == () or all(IMAGE not in f.path for f in snap.disk0)
    unit.power_cycle()
    con.expect_exact("Booting from ROMMON")  # RAM is gone; nothing on disk0
    con.expect_exact("rommon 1 > ")


def test_file_not_found_returns_to_the_prompt(console: Opener, tftp_server: TftpServer) -> None:
    con = console(tftp_port=tftp_server.port)
    to_rommon(con)
    set_variables(con, "missing.SPA")
    out = rommon(con, "tftpdnld")
    assert "File not found" in out
    assert "tftpdnld failed" in out


def test_silent_server_times_out(console: Opener) -> None:
    with silent_udp_port() as silent:
        con = console(tftp_port=silent.getsockname()[1], tftp_timeout=0.1, tftp_retries=2)
        to_rommon(con)
        set_variables(con, IMAGE)
        out = rommon(con, "tftpdnld")
    assert "TFTP: Timeout, no answer from 127.0.0.1 after 2 retries" in out


def test_missing_variable_is_named(console: Opener) -> None:
    con = console()
    to_rommon(con)
    rommon(con, "SERVER=127.0.0.1")
    assert rommon(con, "tftpdnld") == "ERROR: Invalid or missing ADDRESS\r\n"


def test_server_off_subnet_without_gateway(console: Opener) -> None:
    con = console()
    to_rommon(con)
    for line in ("ADDRESS=10.0.0.2", "NETMASK=255.255.255.0", "SERVER=10.9.9.9", "IMAGE=x"):
        rommon(con, line)
    assert "outside 10.0.0.0/24 and no GATEWAY is set" in rommon(con, "tftpdnld")


@pytest.mark.parametrize(
    ("family", "expected"),
    [
        ("smp", "is not an LFBFF image for this platform."),
        ("k8", "is not an LFBFF image for this platform."),
    ],
)
def test_wrong_family_is_refused(
    console: Opener, tftp_server: TftpServer, family: str, expected: str
) -> None:
    image = make_image(tftp_server.root, "asa5512", "9.6(4)45", 1 << 20, family=family)
    con = console(tftp_port=tftp_server.port)
    to_rommon(con)
    set_variables(con, image.name)
    out = rommon(con, "tftpdnld")
    assert expected in out
    assert "INIT:" not in out


def test_corrupted_image_fails_the_signature(console: Opener, tftp_server: TftpServer) -> None:
    image = make_image(tftp_server.root, "asa5506", "9.16(4)85", 1 << 20, corrupt=True)
    con = console(tftp_port=tftp_server.port)
    to_rommon(con)
    set_variables(con, image.name)
    assert "LFBFF signature verification failed." in rommon(con, "tftpdnld")


def test_blksize_option_when_asked(console: Opener, tftp_server: TftpServer) -> None:
    make_image(tftp_server.root, "asa5506", "9.16(4)85", 1 << 20)
    con = console(tftp_port=tftp_server.port, tftp_blksize=1468)
    to_rommon(con)
    set_variables(con, IMAGE)
    con.sendline("tftpdnld")
    con.expect_exact("             BLKSIZE: 1468\r\n")
    con.expect_exact("LFBFF signature verified.")


@pytest.mark.slow
def test_40_mib_download_crosses_block_65535(
    console: Opener, tftp_server: TftpServer, state_dir: Path
) -> None:
    size = 40 << 20  # 81,921 blocks of 512 bytes: the block number wraps once
    make_image(tftp_server.root, "asa5506", "9.16(4)85", size)
    con = console(tftp_port=tftp_server.port, timeout=120)
    to_rommon(con)
    set_variables(con, IMAGE)
    con.sendline("tftpdnld")
    con.expect_exact("File reception completed.")
    con.expect(r"Boot image size = (\d+) ")
    assert int(con.match.group(1)) == size
    con.expect(r"\[MD5 signature\]   ([0-9a-f]{32})")
    assert re.fullmatch(r"[0-9a-f]{32}", con.match.group(1))
    con.expect_exact("LFBFF signature verified.")  # SHA-512 over all 40 MiB matched
    con.expect_exact("INIT: version 2.88 booting")
    transfer = registry.unit_for(state_dir).snapshot().running.last_transfer
    assert transfer is not None
    assert (transfer["blksize"], transfer["blocks"], transfer["rollovers"]) == (512, 81921, 1)


def test_no_mgmt_link_fault_times_out(console: Opener, tftp_server: TftpServer) -> None:
    make_image(tftp_server.root, "asa5506", "9.16(4)85", 1 << 20)
    con = console(
        tftp_port=tftp_server.port, tftp_timeout=0.1, tftp_retries=1, fault="no-mgmt-link"
    )
    to_rommon(con)
    set_variables(con, IMAGE)
    out = rommon(con, "tftpdnld")
    assert "link down" in out
    assert "TFTP: Timeout" in out


def test_corrupt_download_fault(console: Opener, tftp_server: TftpServer) -> None:
    make_image(tftp_server.root, "asa5506", "9.16(4)85", 1 << 20)
    con = console(tftp_port=tftp_server.port, fault="corrupt-download")
    to_rommon(con)
    set_variables(con, IMAGE)
    assert "LFBFF signature verification failed." in rommon(con, "tftpdnld")
    assert (tftp_server.root / IMAGE).stat().st_size == 1 << 20


def test_prompt_after_failure_counts_on(console: Opener, tftp_server: TftpServer) -> None:
    con = console(tftp_port=tftp_server.port)
    to_rommon(con)
    set_variables(con, "missing.SPA")  # prompts 2..6
    con.sendline("tftpdnld")
    con.expect(ROMMON_PROMPT)
    assert con.match.group(1) == "7"
