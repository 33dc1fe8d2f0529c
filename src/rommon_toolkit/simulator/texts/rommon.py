"""ROMMON text (reference sections 1, 2, 5, 6)."""

from __future__ import annotations

# -- banner (1.1) [C] ---------------------------------------------------------------------
ROM_VERIFIED = "Rom image verified correctly"
BANNER_VERSION = "Cisco Systems ROMMON, Version {version}, RELEASE SOFTWARE"
BANNER_COPYRIGHT = "Copyright (c) 1994-{year}  by Cisco Systems, Inc."  # two spaces [C]
BANNER_COMPILED = "Compiled {compiled} by {builder}"
CURRENT_IMAGE = "Current image running: Boot ROM{bank}"  # ROM0 [C]; ROM1 [NF] guess
LAST_RESET = "Last reset cause: {cause}"
RESET_POWER_ON = "PowerOn"  # [S] 5506 after a power cycle
RESET_RELOAD = "PowerCycleRequest"  # [C] 5516 after reload/reboot
RESET_ROMMON_RESET = "PowerCycleRequest"  # [NF] guess: ROMMON `reset` reported like a reload
DIMM_PRESENT = "DIMM Slot {slot} : Present"
PLATFORM = "Platform {platform} with {memory} Mbytes of main memory"
MAC_ADDRESS = "MAC Address: {mac}"

# -- countdown (1.2) ----------------------------------------------------------------------
USE_BREAK = "Use BREAK or ESC to interrupt boot."  # [C]
USE_SPACE = "Use SPACE to begin boot immediately."  # [C]
# [NF] guess: the FP1010 form ([S] related platform), rewritten in place with CR [I].
COUNTDOWN = "Boot in {seconds} seconds."
COUNTDOWN_SECONDS = 10  # [I] 10 s on the 5506-X, not directly observed
SHORT_COUNTDOWN_SECONDS = 1  # short-countdown fault
MISSED_COUNTDOWN_SECONDS = 2  # missed-countdown fault: the text is lost, a short window stays
BOOT_INTERRUPTED = "Boot interrupted.  "  # [C] two trailing spaces

# -- password recovery disabled (1.2) [S] ---------------------------------------------------
ERASE_WARNING = (
    "INFO: PASSWORD RECOVERY functionality is disabled.\n"
    "WARNING: Password recovery and ROMMON command line access has been\n"
    "disabled by your security policy. Answering YES below will cause ALL\n"
    "configurations, passwords, images in 'disk0:' to be erased.\n"
    "ROMMON command line access will be re-enabled, and a new image must be\n"
    "downloaded via ROMMON.\n"
    "\n"
)
ERASE_QUESTION = "Permanently erase 'disk0:'? "
# [NF] guess: what a `yes` prints while it erases, then ROMMON opens with recovery re-enabled.
ERASE_PROGRESS = "Erasing disk0: ...\n"
ERASE_DONE = "disk0: erased. Password recovery and ROMMON command line access re-enabled.\n"
# [NF] guess: an answer that is neither yes nor no asks again.
ERASE_ANSWERS_YES = ("y", "yes")
ERASE_ANSWERS_NO = ("n", "no")

# -- boot from disk0 (1.3) ------------------------------------------------------------------
LOCATED = "Located '{name}' @ cluster {cluster}."  # [C]
ATTEMPT_AUTOBOOT = 'Attempt autoboot: "boot {path}"'  # [S]
LFBFF_VERIFIED = "LFBFF signature verified."  # [C]
HASHES_PER_LINE = 78  # [S] forensic guide shows 78 `#` a line
HASH_BYTES = 700 * 1024  # [NF] guess: one `#` per 700 KiB (~160 for a 110 MB image)
# [NF] guesses: Kenton boot failures; the last two lines are the old-platform wording [C old].
BOOT_FILE_NOT_FOUND = "Unable to locate '{name}' on disk0:."
BOOT_NOT_LFBFF = "ERROR: '{name}' is not an LFBFF image for this platform."
BOOT_SIGNATURE_FAILED = "LFBFF signature verification failed."
BOOT_SPECIAL_KEY = "ERROR: '{name}' is signed with a development key; image rejected."
BOOT_UNABLE = "unable to boot an image"
BOOT_FROM_ROMMON = "Booting from ROMMON"
BOOT_USAGE = "usage: boot [disk0:/<image>]"  # [NF] guess

# -- commands (2.1) -----------------------------------------------------------------------
SET_LINE = "    {name}={value}"  # [C] four-space indent
SYNC_OUTPUT = ""  # [NF] guess: nothing, like the FP1010 ([S] related); old ROMMON: Updating NVRAM
UNKNOWN_COMMAND = 'Unknown command "{command}"'  # [NF] guess
BAD_ADDRESS = "Invalid IP address '{value}' for {name}."  # [NF] guess
UNSET_USAGE = "usage: unset <variable>"  # [NF] guess
# [NF] guess: Kenton `help` text.
HELP_TEXT = (
    "    boot         boot an image from disk0: (boot [disk0:/<image>])\n"
    "    confreg      show or change the configuration register (confreg [0x<value>])\n"
    "    dir          list the files of disk0: (dir disk0:)\n"
    "    help         this text (also ?)\n"
    "    ping         send ICMP echoes to the TFTP server (ping server)\n"
    "    reset        reset the unit\n"
    "    set          show the variables; VAR=value sets one\n"
    "    sync         save the variables to NVRAM\n"
    "    tftpdnld     download IMAGE from SERVER over TFTP and boot it\n"
    "    unset        remove a variable (unset VAR)\n"
)
# [NF] guess: ROMMON `dir disk0:` form.
DIR_HEADER = "File System: FAT32\n\n"
DIR_ROW = "{size:>12} bytes     {name}"
DIR_FOOTER = "\n{free} bytes available\n"
DIR_USAGE = "usage: dir disk0:"

# -- ping server [NF] guess: the old ROMMON form (2.1, seed 001) ----------------------------
PING_HEADER = "Sending 20, 100-byte ICMP Echoes to server {server}, timeout is 4 seconds:"
PING_RESULT = "Success rate is {percent} percent ({ok}/20)"
PING_USAGE = "usage: ping server"

# -- tftpdnld [NF] guess: the Firepower 1010 parameter table and progress (2.2) ---------------
TFTP_TABLE = (
    "             ADDRESS: {address}\n"
    "             NETMASK: {netmask}\n"
    "             GATEWAY: {gateway}\n"
    "              SERVER: {server}\n"
    "               IMAGE: {image}\n"
    "             MACADDR: {mac}\n"
    "           VERBOSITY: Progress\n"
    "               RETRY: {retry}\n"
    "          PKTTIMEOUT: {timeout}\n"
    "             BLKSIZE: {blksize}\n"
    "            CHECKSUM: Yes\n"
    "                PORT: Management1/1\n"
    "             PHYMODE: Auto Detect\n"
    "\n"
)
TFTP_LINK_UP = "link up"
TFTP_LINK_DOWN = "link down"  # [NF] guess
TFTP_RECEIVING = "Receiving {image} from {server}"
TFTP_BYTES_PER_BANG = 256 * 1024  # [NF] guess: one `!` per 256 KiB, all on one line
TFTP_DONE = "File reception completed."
TFTP_BUFFER = "Boot buffer bigbuf=348bd018"
TFTP_SIZE = "Boot image size = {size} (0x{size:x}) bytes"
TFTP_IMAGE_SIZE = "[image size]      {size}"
TFTP_MD5 = "[MD5 signature]   {md5}"
TFTP_MISSING_VARIABLE = "ERROR: Invalid or missing {name}"  # [NF] guess
# [NF] guess: SERVER cannot be reached from ADDRESS/NETMASK (no usable GATEWAY).
TFTP_UNREACHABLE = "ERROR: {problem}"
TFTP_NOT_FOUND = "TFTP: File not found"  # [S] the text contains `File not found`
TFTP_ERROR = "TFTP: Error code {code}: {text}"  # [NF] guess
TFTP_TIMEOUT = "TFTP: Timeout, no answer from {server} after {retry} retries"  # [NF] guess
TFTP_FAILED = "tftpdnld failed"  # [NF] guess
# [NF] guess (Kenton form; [S] ASA 5505 prints `tftp://10.0.0.1/asa841-k8.bin`): what
# `show version` names as the system image after a ROMMON TFTP boot.
TFTP_IMAGE_URL = "tftp://{server}/{image}"

# -- confreg (6) [C] ------------------------------------------------------------------------
CONFREG_HEADER = "Configuration Register: 0x{value:08x}"
CONFREG_SUMMARY = "Configuration Summary"
CONFREG_ITEM = "[ {index} ] {text}"
CONFREG_BOOT = "boot: ...... auto-boot index {index} image in disks"
CONFREG_BOOT_ROMMON = "boot: ...... the ROM Monitor"  # [NF] guess: auto-boot disabled
CONFREG_CHANGE = "do you wish to change the configuration? y/n [n]: "
CONFREG_QUESTION = '{verb} "{feature}"? y/n [n]: '
CONFREG_BAUD_QUESTION = "change console baud rate? y/n [n]: "
CONFREG_IMAGE_QUESTION = "select specific image in disks to boot? y/n [n]: "
CONFREG_TAKE_EFFECT = "You must reset or power cycle for new config to take effect"
# [NF] guesses: the follow-up questions and the error for a bad value.
CONFREG_BAUD_CHOICES = (9600, 1200, 2400, 4800, 19200, 38400, 57600, 115200)
CONFREG_BAUD_PROMPT = (
    "enter rate: 0 = 9600, 1 = 1200, 2 = 2400, 3 = 4800, 4 = 19200, 5 = 38400, "
    "6 = 57600, 7 = 115200 [0]: "
)
CONFREG_IMAGE_PROMPT = "enter index of the image in disks to boot [{index}]: "
CONFREG_BAD_VALUE = "Invalid configuration register value '{value}'"

# -- ROMMON upgrade across reloads (5) [NF] guesses -------------------------------------------
UPGRADE_FLASHING = "Upgrading ROMMON image to version {version}. Please do not power cycle."
UPGRADE_PROGRESS = "Writing ROMMON image ..."
UPGRADE_WRITTEN = "ROMMON image written. Rebooting to validate the new image."
UPGRADE_VALIDATING = "Validating new ROMMON image {version} ..."
UPGRADE_DONE = "ROMMON upgrade to {version} successful. Rebooting."
UPGRADE_FLASH_SECONDS = 300.0  # [S] "about 10 minutes" for both reloads together
UPGRADE_VALIDATE_SECONDS = 120.0
SLOW_UPGRADE_FACTOR = 2.0  # [S] 1.1.15 "takes twice as long", ~15 minutes
