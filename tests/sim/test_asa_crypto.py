"""ASA OS certificates: trustpoints with keys, `crypto ca export/import ... pkcs12`, and
`copy tftp://S/F running-config`."""

from __future__ import annotations

import base64
import re
from pathlib import Path

from rommon_toolkit.simulator import registry
from rommon_toolkit.simulator.images import make_image
from rommon_toolkit.simulator.keystore import load_keystore
from rommon_toolkit.simulator.provision import init_unit
from tests.sim.asa_setup import IMAGE_SIZE, booted
from tests.sim.conftest import Opener
from tests.sim.flows import asa, enable, mgmt_up, to_user_prompt
from tests.sim.spawn import PortSpawn
from tests.sim.tftpd import TftpServer

CONFIG = "ciscoasa(config)# "
PASS = "BackupPassphr@se"


def with_trustpoint(state_dir: Path, *names: str) -> None:
    image = make_image(state_dir.parent / "images", "asa5506", "9.16(4)85", IMAGE_SIZE)
    init_unit(
        state_dir, "asa5506", images=[image], boot=[f"disk0:/{image.name}"], trustpoints=names
    )


def up(console: Opener, directory: Path | None = None, **options: object) -> PortSpawn:
    con = console(directory, **options)
    to_user_prompt(con, first_boot=False)
    enable(con)
    asa(con, "configure terminal", CONFIG)
    return con


def export(con: PortSpawn, name: str, passphrase: str = PASS, prompt: str = CONFIG) -> list[str]:
    out = asa(con, f"crypto ca export {name} pkcs12 {passphrase}", prompt)
    lines = out.split("\r\n")
    assert lines[:3] == ["", "Exported pkcs12 follows:", "-----BEGIN PKCS12-----"]
    end = lines.index("-----END PKCS12-----")
    assert lines[end + 1 :] == [""]
    return lines[3:end]


def paste(con: PortSpawn, name: str, block: list[str], passphrase: str = PASS) -> None:
    con.sendline(f"crypto ca import {name} pkcs12 {passphrase}")
    con.expect_exact('\r\nEnter the base 64 encoded pkcs12.\r\nEnd with the word "quit" on a line')
    con.expect_exact("by itself:\r\n")
    for line in block:
        con.sendline(line)
    con.sendline("quit")


def test_trustpoints_listed_with_certificates(console: Opener, state_dir: Path) -> None:
    with_trustpoint(state_dir, "ASDM_TrustPoint0", "VPN-CERT")
    con = up(console)
    out = asa(con, "show crypto ca trustpoints", CONFIG)
    assert re.findall(r"^Trustpoint (\S+):", out.replace("\r\n", "\n"), re.M) == [
        "ASDM_TrustPoint0",
        "VPN-CERT",
    ]
    assert "    Certificate configured.\r\n" in out
    running = asa(con, "show running-config crypto ca trustpoint", CONFIG)
    assert "crypto ca trustpoint VPN-CERT\r\n" in running
    certs = asa(con, "show crypto ca certificates VPN-CERT", CONFIG)
    assert certs.startswith("Certificate\r\n  Status: Available\r\n  Certificate Serial Number: ")
    assert "  Subject Name:\r\n    cn=vpn-cert.example.net" in certs
    assert "\r\nCA Certificate\r\n" in certs
    assert "  Associated Trustpoints: VPN-CERT\r\n" in certs


def test_export_prints_a_base64_pkcs12_block(console: Opener, state_dir: Path) -> None:
    with_trustpoint(state_dir, "VPN-CERT")
    con = up(console)
    block = export(con, "VPN-CERT")
    assert block[0].startswith("MII")
    assert all(len(line) == 64 for line in block[:-1])
    assert 0 < len(block[-1]) <= 64
    base64.b64decode("".join(block), validate=True)
    assert export(con, "VPN-CERT") != block  # a fresh salt each time, as a real export


def test_export_refuses_a_missing_or_keyless_trustpoint(console: Opener, state_dir: Path) -> None:
    with_trustpoint(state_dir, "VPN-CERT")
    con = up(console)
    assert (
        asa(con, "crypto ca export NOPE pkcs12 x", CONFIG) == "ERROR: Trustpoint NOPE not found\r\n"
    )
    asa(con, "crypto ca trustpoint EMPTY", "ciscoasa(config-ca-trustpoint)# ")
    asa(con, "enrollment terminal", "ciscoasa(config-ca-trustpoint)# ")
    asa(con, "exit", CONFIG)
    out = asa(con, "crypto ca export EMPTY pkcs12 x", CONFIG)
    assert out.startswith("ERROR: Trustpoint EMPTY has no keypair")
    assert "crypto ca trustpoint EMPTY\r\n enrollment terminal\r\n" in asa(
        con, "show running-config", CONFIG
    )


def test_import_onto_a_fresh_unit_and_keys_persist(console: Opener, tmp_path: Path) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    with_trustpoint(source, "VPN-CERT")
    with_trustpoint(target)
    block = export(up(console, source), "VPN-CERT")
    con = up(console, target)
    paste(con, "VPN-CERT", block)
    con.expect_exact(
        "\r\nTrustpoint CA certificate accepted.\r\n"
        "INFO: Import PKCS12 operation completed successfully\r\n\r\n" + CONFIG
    )
    original = load_keystore(source)["VPN-CERT"]
    assert load_keystore(target)["VPN-CERT"] == original
    asa(con, "end")
    asa(con, "write memory")
    con.sendline("reload noconfirm")
    to_user_prompt(con, first_boot=False)
    enable(con)
    certs = asa(con, "show crypto ca certificates")
    assert f"Certificate Serial Number: {original.identity.serial}\r\n" in certs


def test_import_over_existing_keys_asks_to_replace(console: Opener, tmp_path: Path) -> None:
    with_trustpoint(tmp_path / "u", "VPN-CERT")
    con = up(console, tmp_path / "u")
    block = export(con, "VPN-CERT")
    paste(con, "VPN-CERT", block)
    con.expect_exact("% You already have RSA or ECDSA keys named VPN-CERT.\r\n")
    con.expect_exact("% Do you really want to replace them? [yes/no]: ")
    con.sendline("maybe")
    con.expect_exact("% Do you really want to replace them? [yes/no]: ")
    con.sendline("no")
    con.expect_exact("% Import aborted: the existing keys were kept.\r\n" + CONFIG)
    paste(con, "VPN-CERT", block)
    con.expect_exact("% Do you really want to replace them? [yes/no]: ")
    con.sendline("yes")
    con.expect_exact("INFO: Import PKCS12 operation completed successfully\r\n")


def test_import_with_wrong_passphrase_or_garbage(console: Opener, tmp_path: Path) -> None:
    with_trustpoint(tmp_path / "a", "VPN-CERT")
    with_trustpoint(tmp_path / "b")
    block = export(up(console, tmp_path / "a"), "VPN-CERT")
    con = up(console, tmp_path / "b")
    paste(con, "VPN-CERT", block, passphrase='"wrong"')
    con.expect_exact("ERROR: Import PKCS12 operation failed (wrong passphrase)\r\n" + CONFIG)
    paste(con, "VPN-CERT", ["not base64 at all!"])
    con.expect_exact("ERROR: Failed to parse pkcs12 message.\r\n" + CONFIG)
    assert load_keystore(tmp_path / "b") == {}
    paste(con, "VPN-CERT", block, passphrase=f'"{PASS}"')
    con.expect_exact("INFO: Import PKCS12 operation completed successfully\r\n")


def test_copy_tftp_running_config_merges(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    saved = "hostname restored-fw\ninterface GigabitEthernet1/3\n nameif dmz\n no shutdown\n"
    (tftp_server.root / "fw.cfg").write_text(saved)
    con = booted(console, state_dir, tftp_port=tftp_server.port)
    mgmt_up(con)
    con.sendline("copy /noconfirm tftp://127.0.0.1/fw.cfg running-config")
    con.expect_exact("Accessing tftp://127.0.0.1/fw.cfg...!")
    con.expect(r"\r\n(\d+) bytes copied in [\d.]+ secs\r\nrestored-fw# ")
    assert int(con.match.group(1)) == len(saved)
    running = asa(con, "show running-config interface GigabitEthernet1/3", "restored-fw# ")
    assert " nameif dmz\r\n" in running
    assert registry.unit_for(state_dir).running().config_dirty


def test_copy_tftp_running_config_dialog_and_missing_file(
    console: Opener, state_dir: Path, tftp_server: TftpServer
) -> None:
    con = booted(console, state_dir, tftp_port=tftp_server.port)
    mgmt_up(con)
    con.sendline("copy tftp://127.0.0.1/none.cfg running-config")
    con.expect_exact("Address or name of remote host [127.0.0.1]? ")
    con.sendline("")
    con.expect_exact("Source filename [none.cfg]? ")
    con.sendline("")
    con.expect_exact("Destination filename [running-config]? ")
    con.sendline("")
    con.expect_exact("Accessing tftp://127.0.0.1/none.cfg...")
    con.expect_exact(
        "%Error opening tftp://127.0.0.1/none.cfg (No such file or directory)\r\nciscoasa# "
    )
