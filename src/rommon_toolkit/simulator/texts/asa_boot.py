"""ASA OS boot text from `INIT: version 2.88 booting` to the prompt (reference section 3).

Each entry is (line, simulated seconds to wait after it). The order and the tagged lines
come from the 5506 capture [S]; the text between them (dosfsck detail, memory and NIC
lines, the license table, legal text) is a [NF] guess of the same shape.
"""

from __future__ import annotations

INIT = "INIT: version 2.88 booting"  # [C]

EARLY: tuple[tuple[str, float], ...] = (
    ("Starting udev", 4.0),  # [S]
    ("Configuring network interfaces... done.", 2.0),  # [C] Cisco automation waits for it
    ("Populating dev cache", 3.0),  # [S]
    ("dosfsck 2.11, 12 Mar 2005, FAT32, LFN", 0.5),  # [S] first words; rest [NF]
    ("There are differences between boot sector and its backup.", 0.1),  # [S] normal noise
    ("Differences: (offset:original/backup)", 0.1),  # [NF] guess
    ("  65:01/00", 0.1),  # [NF] guess
    ("  Not automatically fixing this.", 0.1),  # [NF] guess
    ("/dev/sdb1: 47 files, 27650/1918808 clusters", 1.0),  # [NF] guess
    ("dosfsck(/dev/sdb1) returned 0", 0.5),  # [NF] guess
    ("Mounting /dev/sdb1", 2.0),  # [S]
    ("IO Memory Nodes: 1", 0.1),  # [NF] guess: "memory lines"
    ("IO Memory Per Node: 499122176 bytes", 0.1),  # [NF] guess
    ("", 0.0),
    ("Global Reserve Memory Per Node: 314572800 bytes Nodes=1", 0.1),  # [NF] guess
    ("", 0.0),
    ("LCMB: got 499122176 bytes on numa-id=0, phys=0x10800000, virt=0x2aaaaac00000", 2.0),
    ("LCMB: HEAP-CACHE POOL got 314572800 bytes on numa-id=0, virt=0x2aaac9c00000", 2.0),
    ("", 0.0),
    ("POST started...", 8.0),  # [S]
    ("POST finished, result is 0 (hint: 1 means it failed)", 1.0),  # [S]
    ("", 0.0),
)
COMPILED = "Compiled on {compiled} by builders"  # [S]
NICS: tuple[str, ...] = (
    "",
    "Total NICs found: 14",  # [S]
    "i354 rev03 Gigabit Ethernet @ irq255 dev 20 index 08 MAC: {mgmt_mac}",  # [NF] guess
    "ivshmem rev03 Backplane Data Interface     @ index 09 MAC: 0000.0001.0002",  # [NF]
    "en_vtun rev00 Backplane Control Interface  @ index 10 MAC: 0000.0001.0001",  # [NF]
    "en_vtun rev00 Backplane Int-Mgmt Interface     @ index 11 MAC: 0000.0001.0003",  # [NF]
    "en_vtun rev00 Backplane Ext-Mgmt Interface     @ index 12 MAC: 0000.0000.0000",  # [NF]
    "",
)
ACTIVATION = "Verify the activation-key, it might take a while..."  # [S]
ACTIVATION_DONE = (
    "Running Permanent Activation Key: 0x7d1b4b5e 0xb0d8e2fa 0x9d8a5d10 0x92e0b4f8 0x4a1c3d16"
)
LICENSE_HEADER = "Licensed features for this platform:"  # [NF] guess: the "license table"
LICENSE_ROWS: tuple[str, ...] = (  # [NF] guess
    "Maximum Physical Interfaces       : Unlimited      perpetual",
    "Maximum VLANs                     : 5              perpetual",
    "Inside Hosts                      : Unlimited      perpetual",
    "Failover                          : Disabled       perpetual",
    "Encryption-DES                    : Enabled        perpetual",
    "Encryption-3DES-AES               : Enabled        perpetual",
    "Carrier                           : Disabled       perpetual",
    "AnyConnect Premium Peers          : 4              perpetual",
    "AnyConnect Essentials             : Disabled       perpetual",
    "Other VPN Peers                   : 10             perpetual",
    "Total VPN Peers                   : 10             perpetual",
    "AnyConnect for Mobile             : Disabled       perpetual",
    "AnyConnect for Cisco VPN Phone    : Disabled       perpetual",
    "Advanced Endpoint Assessment      : Disabled       perpetual",
    "Shared License                    : Disabled       perpetual",
    "Total TLS Proxy Sessions          : 160            perpetual",
    "Botnet Traffic Filter             : Disabled       perpetual",
    "Cluster                           : Disabled       perpetual",
)
BASE_LICENSE = "This platform has a Base license."  # [S]
CRYPTO_DEVICE = (
    "Encryption hardware device : Cisco ASA Crypto on-board accelerator (revision 0x1)"  # [S]
)
SOFTWARE_VERSION = "Cisco Adaptive Security Appliance Software Version {version}"  # [C]
LEGAL: tuple[str, ...] = (  # [NF] guess: the export warning, copyright and rights legend
    "",
    "  ****************************** Warning *******************************",
    "  This product contains cryptographic features and is",
    "  subject to United States and local country laws",
    "  governing, import, export, transfer, and use.",
    "  Delivery of Cisco cryptographic products does not",
    "  imply third-party authority to import, export,",
    "  distribute, or use encryption. Importers, exporters,",
    "  distributors and users are responsible for compliance",
    "  with U.S. and local country laws. By using this",
    "  product you agree to comply with applicable laws and",
    "  regulations. If you are unable to comply with U.S.",
    "  and local laws, return the enclosed items immediately.",
    "",
    "  A summary of U.S. laws governing Cisco cryptographic",
    "  products may be found at:",
    "  http://www.cisco.com/wwl/export/crypto/tool/stqrg.html",
    "",
    "  If you require further assistance please contact us by",
    "  sending email to export@cisco.com.",
    "  ******************************* Warning *******************************",
    "",
    "Copyright (c) 1996-2023 by Cisco Systems, Inc.",
    "",
    "                Restricted Rights Legend",
    "",
    "Use, duplication, or disclosure by the Government is",
    "subject to restrictions as set forth in subparagraph",
    "(c) of the Commercial Computer Software - Restricted",
    "Rights clause at DFARS sec. 252.227-7013.",
    "",
    "                Cisco Systems, Inc.",
    "                170 West Tasman Drive",
    "                San Jose, California 95134-1706",
    "",
)
READING_FLASH = "Reading from flash..."  # [S]
READING_BANGS = "!!!!!..........."  # [S] shape
CRYPTOCHECKSUM_UNCHANGED = "Cryptochecksum (unchanged): {checksum}"  # [S]
POST_LINES: tuple[str, ...] = (
    "",
    "INFO: Power-On Self-Test in process.",  # [S]
    ".......................................................................",  # [NF]
    "INFO: Power-On Self-Test complete.",  # [NF] guess
    "",
    "INFO: Starting HW-DRBG health test...",  # [NF] guess
    "INFO: HW-DRBG health test passed.",  # [NF] guess
    "",
    "INFO: Starting SW-DRBG health test...",  # [NF] guess
    "INFO: SW-DRBG health test passed.",  # [S] Cisco automation's "device is up" marker
)
LOGGED_IN: tuple[str, ...] = (
    "User enable_1 logged in to {hostname}",  # [S]
    "Logins over the last 1 days: 1.",  # [S]
    "Failed logins since the last login: 0.",  # [S]
)
TYPE_HELP = "Type help or '?' for a list of available commands."  # [C]

# Simulated seconds spent on the slow steps (a whole boot takes about three minutes [I]).
SECONDS_AFTER_INIT = 6.0
SECONDS_AFTER_COMPILED = 10.0
SECONDS_ACTIVATION = 20.0
SECONDS_AFTER_LEGAL = 30.0
SECONDS_READING_CONFIG = 5.0
SECONDS_POST = 40.0
