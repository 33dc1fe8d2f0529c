"""Checks on the file names clients ask for: what is refused before any lookup.

A request name is a `/`-separated relative path. Refused (TFTP error 2, access violation):
empty names, NUL bytes, control characters, backslashes, absolute paths, empty components
(`a//b`, trailing `/`), `..` components, and a drive-like prefix (`C:`). A `.` component is
harmless and skipped. Nothing here touches the file system: the catalog and the upload policy
never join a client path onto a directory.

Upload names are refused on every OS when Windows would read them as something else: any `:`
(a drive-relative `C:x`, an NTFS stream `a:b`), a reserved device name (CON, PRN, AUX, NUL,
COM0-9, LPT0-9, CONIN$, CONOUT$, also with superscript digits), with any extension and in any
case (`nul.txt`, `Com1.cfg`), and names ending in a dot or a space (Windows strips them).
"""

from __future__ import annotations

from rommon_toolkit.tftp_server.errors import RequestRefusedError, TftpErrorCode

_DIGITS = "0123456789\u00b9\u00b2\u00b3"
WINDOWS_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{kind}{digit}" for kind in ("COM", "LPT") for digit in _DIGITS]
)


def refuse(reason: str, public: str | None = None) -> RequestRefusedError:
    """An access-violation refusal with `reason` (`public`: the client's text, if different)."""
    return RequestRefusedError(TftpErrorCode.ACCESS_VIOLATION, reason, public)


def windows_device(name: str) -> bool:
    """True when Windows opens a device for `name` (`NUL`, `com1.txt`, `Lpt1 .cfg`...)."""
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    return stem in WINDOWS_DEVICE_NAMES


def request_components(name: str) -> list[str]:
    """The path components of a request name, or RequestRefusedError saying why not."""
    if not name:
        raise refuse("empty file name")
    if "\x00" in name:
        raise refuse("NUL byte in the file name")
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        raise refuse("control character in the file name")
    if "\\" in name:
        raise refuse("backslash in the file name (only '/' separates directories)")
    if name.startswith("/"):
        raise refuse("absolute path (ask for the file by its name)")
    parts = name.split("/")
    if "" in parts:
        raise refuse("empty path component ('//' or a trailing '/')")
    if ".." in parts:
        raise refuse("'..' path component")
    if any(":" in part for part in parts[:-1]):
        raise refuse("drive or device prefix in the path")
    return [part for part in parts[:-1] if part != "."] + [parts[-1]]


def plain_file_name(name: str) -> str:
    """`name` if it is a plain file name (no directory part), else RequestRefusedError."""
    parts = request_components(name)
    if len(parts) != 1 or parts[0] in {".", ".."}:
        raise refuse("uploads take a plain file name, without directories")
    plain = parts[0]
    if ":" in plain:
        raise refuse("':' in an upload name (a drive or stream on Windows)")
    if windows_device(plain):
        raise refuse("a Windows device name (CON, NUL, COM1, LPT1...) cannot be an upload")
    if plain.endswith((".", " ")):
        raise refuse("an upload name may not end with a dot or a space")
    return plain
