"""What a request target may name: one catalogued file, `/NAME`, and nothing else.

A request target is refused before any lookup when it is not a plain `/NAME`:

* 400 Bad Request: not origin-form (`http://host/x`, `*`, no leading `/`), a bad percent
  escape, NUL or control characters (raw or escaped), bytes that are not UTF-8;
* 403 Forbidden: a directory part (`/a/b`, an escaped `%2F`), `..` or `.`, a backslash, a
  `:` (a drive `C:`, an NTFS stream `a:b`), a Windows device name in any case and with any
  extension (`NUL`, `com1.txt`, `Lpt1 .cfg`, also with superscript digits), a name ending in a
  dot or a space (Windows strips them).

A query string (`?x=1`) or fragment is ignored. Nothing here touches the file system: the
catalog never joins a client path onto a directory.
"""

from __future__ import annotations

from http import HTTPStatus
from urllib.parse import unquote_to_bytes

from rommon_toolkit.http_server.errors import RequestRefusedError

_DIGITS = "0123456789\u00b9\u00b2\u00b3"
WINDOWS_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{kind}{digit}" for kind in ("COM", "LPT") for digit in _DIGITS]
)
_HEX = frozenset("0123456789abcdefABCDEF")


def bad_request(reason: str) -> RequestRefusedError:
    return RequestRefusedError(HTTPStatus.BAD_REQUEST, reason)


def forbidden(reason: str) -> RequestRefusedError:
    return RequestRefusedError(HTTPStatus.FORBIDDEN, reason)


def windows_device(name: str) -> bool:
    """True when Windows opens a device for `name` (`NUL`, `com1.txt`, `Lpt1 .cfg`...)."""
    stem = name.split(".", 1)[0].rstrip(" ").upper()
    return stem in WINDOWS_DEVICE_NAMES


def _check_escapes(path: str) -> None:
    at = path.find("%")
    while at != -1:
        if len(path) < at + 3 or path[at + 1] not in _HEX or path[at + 2] not in _HEX:
            raise bad_request("malformed percent escape in the request target")
        at = path.find("%", at + 3)


def requested_name(target: str) -> str:
    """The file name a request target asks for, or RequestRefusedError saying why not."""
    if not target.startswith("/"):
        raise bad_request("the request target must be a path (/NAME)")
    path = target.split("?", 1)[0].split("#", 1)[0]
    _check_escapes(path)
    raw = unquote_to_bytes(path[1:])
    if any(byte < 0x20 or byte == 0x7F for byte in raw):
        raise bad_request("NUL or control character in the file name")
    try:
        name = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise bad_request("the file name is not UTF-8") from exc
    if not name:
        raise RequestRefusedError(
            HTTPStatus.NOT_FOUND, "no file name (directory listings are not served)"
        )
    if ".." in name.split("/"):
        raise forbidden("'..' path component (traversal)")
    if "/" in name:
        raise forbidden("directories are not served (ask for /NAME)")
    if "\\" in name:
        raise forbidden("backslash in the file name")
    if name in {".", ".."}:
        raise forbidden(f"{name!r} is not a file name")
    if ":" in name:
        raise forbidden("':' in the file name (a drive or stream on Windows)")
    if windows_device(name):
        raise forbidden("a Windows device name (CON, NUL, COM1, LPT1...)")
    if name.endswith((".", " ")):
        raise forbidden("a file name may not end with a dot or a space")
    return name
