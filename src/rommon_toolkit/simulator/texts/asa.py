"""ASA OS text (reference sections 3 and 4), tagged as the reference tags it."""

from __future__ import annotations

# -- prompts and general errors ----------------------------------------------------------
DEFAULT_HOSTNAME = "ciscoasa"  # [C]
PROMPT_EXEC = "{host}> "  # [C] `ciscoasa>`; the trailing space is [I]
PROMPT_PRIV = "{host}# "
PROMPT_CONFIG = "{host}(config)# "
PROMPT_CONFIG_IF = "{host}(config-if)# "
PROMPT_CONFIG_TP = "{host}(config-ca-trustpoint)# "  # [C] sub-mode name (research §6.3)
PROMPT_PRIMARY = "pri"  # [C] `pri/act`, `sec/stby` (research notes §2.3)
PROMPT_SECONDARY = "sec"
PROMPT_ACTIVE = "act"
PROMPT_STANDBY = "stby"
PROMPT_NO_FAILOVER = "actNoFailover"  # [C] `ASA/sec/actNoFailover(config)#`
INVALID_INPUT = "ERROR: % Invalid input detected at '^' marker."  # [C]
INCOMPLETE = "ERROR: % Incomplete command"  # [NF] guess, same style
AMBIGUOUS = 'ERROR: % Ambiguous command:  "{command}"'  # [NF] guess
MORE = "<--- More --->"  # [C]
DEFAULT_PAGER_LINES = 24  # [C] `pager lines 24`
LOGOFF = "\nLogoff\n"  # [NF] guess

# -- first boot ---------------------------------------------------------------------------
PRECONFIGURE = "Pre-configure Firewall now through interactive prompts [yes]? "  # [C]
# [NF] guess: with confreg 0x40 the startup-config exists but is ignored; no wizard then.
WIZARD_WHEN_CONFIG_IGNORED = False
WIZARD_MODE = "Firewall Mode [Routed]: "  # [S] src 17
WIZARD_ENABLE = "Enable password [<use current password>]: "  # [S]
WIZARD_RECOVERY = "Allow password recovery [yes]? "  # [S]
WIZARD_CLOCK = "Clock (UTC):"  # [S]
WIZARD_YEAR = "  Year [{year}]: "  # [S]
WIZARD_MONTH = "  Month [{month}]: "  # [S]
WIZARD_DAY = "  Day [{day}]: "  # [S]
WIZARD_TIME = "  Time [{time}]: "  # [S]
WIZARD_MGMT_IP = "Management IP address: "  # [S]
WIZARD_MGMT_MASK = "Management network mask: "  # [S]
WIZARD_HOSTNAME = "Host name: "  # [S]
WIZARD_DOMAIN = "Domain name: "  # [S]
WIZARD_ASDM_HOST = "IP address of host running Device Manager: "  # [S]
WIZARD_SUMMARY_HEADER = "The following configuration will be used:"  # [NF] guess
WIZARD_SAVE = "Use this configuration and save to flash? [yes] "  # [S] text; spacing [NF]

# -- enable -------------------------------------------------------------------------------
PASSWORD = "Password: "  # [C]
INVALID_PASSWORD = "Invalid password"  # [C] real capture (docs/device-reference.md "Refusals")
ACCESS_DENIED = "Access denied."  # [NF] guess: after three wrong passwords
ENABLE_NOT_SET = "The enable password is not set.  Please set it now."  # [NF] guess
ENTER_PASSWORD = "Enter  Password: "  # [C] regex `[Ee]nter +[Pp]assword`; two spaces [I]
REPEAT_PASSWORD = "Repeat Password: "  # [C]
PASSWORDS_DIFFER = "Passwords do not match. Try again."  # [NF] guess
ENABLE_NOTE = (  # [C]
    "Note: Save your configuration so that the password persists across reboots\n"
    '("write memory" or "copy running-config startup-config").'
)

# -- configure terminal -------------------------------------------------------------------
REPORTING_NOTICE = (  # [C] last two lines; the rest [S] src 17 / unicon mock data
    "***************************** NOTICE *****************************\n"
    "\n"
    "Help to improve the ASA platform by enabling anonymous reporting,\n"
    "which allows Cisco to securely receive minimal error and health\n"
    "information from the device. To learn more about this feature,\n"
    "please visit: http://www.cisco.com/go/smartcall\n"
    "\n"
    "Would you like to enable anonymous error reporting to help improve\n"
    "the product? [Y]es, [N]o, [A]sk later: "
)
REPORTING_YES = (  # [NF] guess
    "\nEnabling anonymous reporting.\n"
    'Adding "call-home reporting anonymous" to running configuration...\n'
)
REPORTING_NO = (  # [NF] guess
    "\nIn the future, if you would like to enable this feature,\n"
    'issue the command "call-home reporting anonymous".\n'
)
REPORTING_LATER = "\nYou will be reminded again in 7 days.\n"  # [NF] guess
SECURITY_LEVEL_DEFAULT = 'INFO: Security level for "{name}" set to {level} by default.'  # [NF]
MAX_BOOT_SYSTEM = 4  # [NF] guess: how many `boot system` lines the ASA keeps
BOOT_SYSTEM_FULL = "ERROR: Maximum number of boot system entries reached."  # [NF] guess
# [NF] guess: `boot system` for a file that is not on disk0 is accepted without a word.
BOOT_SYSTEM_CHECKS_FILE = False
NO_BOOT_SYSTEM_MISSING = "ERROR: boot system {path} not found in the configuration."  # [NF]
ROUTE_NO_INTERFACE = 'ERROR: Cannot find interface "{name}"'  # [NF] guess
FACTORY_DEFAULT_WARNING = (  # [C] src 17
    "WARNING: The boot system configuration will be cleared.\n"
    "The first image found in disk0:/ will be used to boot the\n"
    "system on the next reload.\n"
    "Verify there is a valid image on disk0:/ or the system will\n"
    "not boot.\n"
)
FACTORY_DEFAULT_CONFIRM = "Begin to apply factory-default configuration:\n"  # [NF] guess

# -- write memory / erase / reload [C] ------------------------------------------------------
BUILDING = "Building configuration..."
CRYPTOCHECKSUM = "Cryptochecksum: {checksum} "  # trailing space [C]
BYTES_COPIED_PLAIN = "{size} bytes copied in {secs:.3f} secs"  # [C] 9.x form
OK = "[OK]"
ERASE_CONFIRM = "Erase configuration in flash memory? [confirm]"  # [C]
SAVE_QUESTION = "System config has been modified. Save? [Y]es/[N]o:"  # [C]
# [C]; read as ONE key: Enter or `y` confirms, any other key cancels ([C] unicon fp2k mock takes
# `y` alone; docs/device-reference.md "Questions and their defaults")
PROCEED_RELOAD = "Proceed with reload? [confirm]"
SHUTDOWN = (  # [C] src 2 / src 20
    "\n"
    "***\n"
    "*** --- START GRACEFUL SHUTDOWN ---\n"
    "Shutting down isakmp\n"
    "Shutting down webvpn\n"
    "Shutting down sw-module\n"
    "Shutting down License Controller\n"
    "Shutting down File system\n"
    "***\n"
    "*** --- SHUTDOWN NOW ---\n"
    "Process shutdown finished\n"
    "Rebooting... (status 0x9)\n"
    "..\n"
)
SHUTDOWN_SECONDS = 8.0

# -- copy [C]/[S] ---------------------------------------------------------------------------
ASK_HOST = "Address or name of remote host [{default}]? "  # [C]
ASK_SOURCE = "Source filename [{default}]? "  # [C]
ASK_DESTINATION = "Destination filename [{default}]? "  # [C]
OVERWRITE = "Do you want to over write? [confirm]"  # [S] Cisco automation
ACCESSING = "Accessing tftp://{server}/{path}..."  # [S] the `!` follow on this line
COPY_BYTES_PER_BANG = 32 * 1024  # [NF] guess: how many bytes one `!` stands for
DONE = "Done!"  # [S]
WRITING_FILE = "Writing file {path}..."  # [S]
WRITE_SECONDS_PER_MB = 0.05  # simulated time to write flash
BYTES_COPIED_RATE = "{size} bytes copied in {secs:.3f} secs ({rate} bytes/sec)"  # [S]
COPY_OPEN_FAILED = "%Error opening tftp://{server}/{path} ({reason})"  # [NF] IOS form
REASON_NOT_FOUND = "No such file or directory"  # [NF] guess
REASON_TIMEOUT = "Timed out"  # [NF] IOS form
REASON_NO_ROUTE = "No route to host"  # [NF] guess
REASON_REFUSED = "Permission denied"  # [NF] guess: server ERROR 2
COPY_WRITE_FAILED = "%Error writing {path} (No space left on device)"  # [NF] guess
COPY_ABORTED = "%Error copying {src} (Operation aborted)"  # [NF] guess
COPY_SIGNATURE_FAILED = "%Error copying {src} (Digital signature validation failed)"  # [NF]
COPY_LOCAL_MISSING = "%Error opening {path} (No such file or directory)"  # [NF] guess
STARTUP_MISSING = "%Error opening startup-config (No such file or directory)"  # [NF] guess

# -- verify / delete / signatures -------------------------------------------------------------
BANGS_PER_LINE = 77  # [C] verify prints 77 `!` a line
VERIFY_BYTES_PER_BANG = 256 * 1024  # [NF] guess
VERIFY_RESULT = "verify /SHA-512 ({path}) = {digest}"  # [C]
VERIFY_MD5_RESULT = "verify /MD5 ({path}) = {digest}"  # [NF] guess (no expected value given)
VERIFY_MD5_MATCH = "Verified ({path}) = {digest}"  # [S]
VERIFY_MD5_MISMATCH = "%Error verifying {path}"  # [S] start of the line
VERIFYING_INTEGRITY = "Verifying file integrity of {path}"  # [C]
HASH_FIRST = "{label} Hash   SHA2: {chunk}"  # [C] 22 columns before the hex
HASH_INDENT = " " * 22  # [S] src 16: continuation lines indented 22 spaces
SIGNATURE_OK = "Digital signature successfully validated"  # [C]
SIGNATURE_BAD = "%Error: Digital signature validation failed for {path}"  # [NF] guess
SIGNATURE_ABSENT = "%Error: {path} does not contain an embedded signature"  # [NF] guess
DELETE_ASK_NAME = "Delete filename [{default}]? "  # [NF] IOS form
DELETE_CONFIRM = "Delete {path}? [confirm]"  # [NF] IOS form
DELETE_MISSING = "%Error deleting {path} (No such file or directory)"  # [NF] IOS form
DELETE_IS_DIR = "%Error deleting {path} (Is a directory)"  # [NF] IOS form
FILE_MISSING = "%Error opening {path} (No such file or directory)"  # [NF] IOS form
BAD_PATH = "%Error parsing filename {path}"  # [NF] guess

# -- upgrade rommon (seed 001 [S]; the refusal is [NF]) ---------------------------------------
SIGNER_BLOCK = (
    "File Name       : {path}\n"
    "Image type      : {image_type}\n"
    "  Signer Information\n"
    "    Common Name       : {common_name}\n"
    "    Organization Unit : {org_unit}\n"
    "    Organization Name : {org_name}\n"
    "    Certificate Serial Number : {serial}\n"
    "    Hash Algorithm    : SHA2 512\n"
    "    Signature Algorithm : 2048-bit RSA\n"
    "    Key Version       : {key_version}\n"
)
VERIFICATION_OK = "Verification successful."
UPGRADE_NOT_FIRMWARE = "ERROR: {path} is not a ROMMON image for this platform."  # [NF]
UPGRADE_REFUSED = (  # [NF] guess: seed 001 says only "you cannot downgrade"
    "ERROR: ROMMON version {new} is not newer than the running version {current}.\n"
    "Downgrade or reinstall of ROMMON is not supported."
)
UPGRADE_TOO_OLD = (  # [NF] guess: seed 001 "must be 1.1.8 or greater"
    "ERROR: ROMMON version {current} cannot be upgraded this way; 1.1.8 or later is required."
)

# -- show commands ------------------------------------------------------------------------------
SHOW_BOOTVAR = (  # [C] layout; the Kenton values [NF]: `disk0:/` paths joined by `;`
    "\n"
    "BOOT variable = {boot}\n"
    "Current BOOT variable = {current}\n"
    "CONFIG_FILE variable = \n"
    "Current CONFIG_FILE variable = \n"
)
CONFREG_LINE = "Configuration register is 0x{value:x}"  # [C]
CONFREG_PENDING = "Configuration register is 0x{value:x} (will be 0x{next:x} at next reload)"
DIR_HEADER = "\nDirectory of {path}\n"  # [C]
DIR_ROW = "{inode:<5}{perm}  {size:<13}{stamp}  {name}"  # [C] spacing from captures
DIR_FOOTER_FILES = "{count} file(s) total size: {size} bytes"  # [C] >= 9.9
DIR_FOOTER_SPACE = "{total} bytes total ({free} bytes free/{percent}% free)"  # [C] >= 9.9
DIR_EMPTY = "No files in directory"  # [NF] guess
SHOW_FLASH_HEADER = "--#--  --length--  -----date/time------  path"  # [S]
SHOW_FLASH_ROW = "{index:>5}  {size:>10}  {stamp}  {path}"  # [S] shape
SHOW_FLASH_FOOTER = "\n{free} bytes available ({used} bytes used)"  # [NF] guess
