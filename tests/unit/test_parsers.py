"""ASA output parsers against the text recorded in the reference (§4)."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.parsers import (
    parse_boot_lines,
    parse_bytes_copied,
    parse_dir,
    parse_module_firmware,
    parse_show_version,
    parse_verify_sha512,
    strip_disk0,
    version_tuple,
)

DIR_99 = """
Directory of disk0:/

137    -rwx  111383904    13:03:41 Jun 18 2020  asa984-22-lfbff-k8.SPA
11     drwx  4096         20:11:33 May 28 2019  log
14     -rwx  93           13:05:02 Jun 18 2020  .boot_string
8      drwx  8192         20:12:07 May 28 2019  crypto_archive

6 file(s) total size: 294360655 bytes
7365472256 bytes total (3847725056 bytes free/52% free)
"""

DIR_98_FOOTER = "7859437568 bytes total (4417200128 bytes free)\n"

SHOW_VERSION_916 = """Cisco Adaptive Security Appliance Software Version 9.16(4)85
SSP Operating System Version 2.10(1.3000)
Device Manager Version 7.18(1)

Compiled on Tue 20-Jun-23 10:20 GMT by builders
System image file is "disk0:/asa9-16-4-85-lfbff-k8.SPA"
Config file at boot was "startup-config"

ciscoasa up 2 mins 11 secs

Hardware:   ASA5516, 8192 MB RAM, CPU Atom C2000 series 2416 MHz, 1 CPU (8 cores)
Internal ATA Compact Flash, 8000MB
BIOS Flash M25P64 @ 0xfed01000, 16384KB
ROMMON Version            : 1.1.18
FPGA UPGRADE Version      : 3.0
Configuration register is 0x41 (will be 0x1 at next reload)
"""


def test_dir_rows_and_the_99_footer() -> None:
    listing = parse_dir(DIR_99)
    image = listing.get("disk0:/asa984-22-lfbff-k8.SPA")
    assert image is not None
    assert (image.size, image.is_dir) == (111383904, False)
    log = listing.get("log")
    assert log is not None
    assert log.is_dir
    assert (listing.total_bytes, listing.free_bytes) == (7365472256, 3847725056)
    assert [f.name for f in listing.files] == [
        "asa984-22-lfbff-k8.SPA",
        "log",
        ".boot_string",
        "crypto_archive",
    ]


def test_dir_98_footer_has_no_percentage() -> None:
    listing = parse_dir(DIR_98_FOOTER)
    assert (listing.total_bytes, listing.free_bytes) == (7859437568, 4417200128)
    assert listing.files == ()


def test_show_version_fields() -> None:
    info = parse_show_version(SHOW_VERSION_916)
    assert info.asa_version == "9.16(4)85"
    assert info.system_image == "disk0:/asa9-16-4-85-lfbff-k8.SPA"
    assert info.model == "ASA5516"
    assert info.rommon_version == "1.1.18"
    assert (info.confreg, info.confreg_next) == ("0x41", "0x1")


def test_show_version_from_tftp_and_plain_confreg() -> None:
    info = parse_show_version(
        'System image file is "tftp://10.0.0.1/asa841-k8.bin"\nConfiguration register is 0x1\n'
    )
    assert info.system_image == "tftp://10.0.0.1/asa841-k8.bin"
    assert (info.confreg, info.confreg_next, info.rommon_version) == ("0x1", None, None)


def test_verify_sha512_line() -> None:
    digest = "AB" * 64
    text = "!!!!!!!!!!!!!!!!!!!!Done!\nverify /SHA-512 (disk0:/asa.SPA) = " + digest + "\n"
    assert parse_verify_sha512(text) == digest.lower()
    assert parse_verify_sha512("%Error verifying disk0:/asa.SPA") is None


def test_boot_lines_in_order() -> None:
    text = "boot system disk0:/new.SPA\nboot system disk0:/old.SPA \n"
    assert parse_boot_lines(text) == ["disk0:/new.SPA", "disk0:/old.SPA"]
    assert parse_boot_lines("") == []


def test_show_module_fw_version_from_the_reference_row() -> None:
    text = (
        "Mod  MAC Address Range                 Hw Version   Fw Version   Sw Version\n"
        "---- --------------------------------- ------------ ------------ ---------------\n"
        "   1 70b3.17be.aaaa to 70b3.17be.bbbb  2.2          1.1.13       9.0(2)\n"
    )
    assert parse_module_firmware(text) == "1.1.13"


def test_bytes_copied_and_helpers() -> None:
    assert parse_bytes_copied("109776224 bytes copied in 1068.860 secs (102786 bytes/sec)") == (
        109776224
    )
    assert strip_disk0("disk0:/a.SPA") == strip_disk0("disk0:a.SPA") == "a.SPA"
    assert version_tuple("1.1.18") > version_tuple("1.1.8")
    assert version_tuple("1.1.x") == ()


def test_serials_from_show_version_show_failover_and_show_inventory() -> None:
    from rommon_toolkit.rommon.decisions.parsers import (
        parse_inventory_chassis_serial,
        unit_serial,
    )

    version = "This platform has a Base license.\n\nSerial Number: JAD222605K8\n"
    inventory = (
        'Name: "Chassis", DESCR: "ASA 5506-X with FirePOWER services, 8GE, AC, DES"\n'
        "PID: ASA5506           , VID: V01     , SN: JMX8318372GB\n\n"
        'Name: "Storage Device 1", DESCR: "ASA 5506-X SSD"\n'
        "PID: ASA5506-SSD       , VID: N/A     , SN: MSA1917883N\n"
    )
    assert parse_show_version(version).serial == "JAD222605K8"
    assert parse_show_version("Serial Number: Ours JAD201603CM, Mate JAD193905FV").serial == (
        "JAD201603CM"
    )
    assert parse_inventory_chassis_serial(inventory) == "JMX8318372GB"  # not the SSD's
    both = unit_serial(version, inventory)
    assert both is not None
    assert (both.key, both.source, both.chassis_serial) == (
        "JAD222605K8",
        "show version",
        "JMX8318372GB",
    )
    only_chassis = unit_serial("Hardware:   ASA5506\n", inventory)
    assert only_chassis is not None
    assert (only_chassis.key, only_chassis.source) == ("JMX8318372GB", "show inventory")
    assert unit_serial("Hardware:   ASA5506\n") is None
