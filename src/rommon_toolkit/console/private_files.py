"""Files that may hold secrets: created 0600 in folders made 0700, whatever the umask.

Transcripts, reports, journals, backups, run folders and logfiles all go through here. The
mode is set with `fchmod`/`chmod` after creation, so a permissive umask (0o022, 0o000) cannot
widen it and a restrictive one cannot narrow it. Folders that already existed are left as
they are (a shared parent such as the current directory is not ours to change); folders this
module creates, and the files it opens, are private.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Literal

FILE_MODE = 0o600
FOLDER_MODE = 0o700

Mode = Literal["w", "a", "x", "wb", "ab", "xb"]

_FLAGS = {
    "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
    "a": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
    "x": os.O_WRONLY | os.O_CREAT | os.O_EXCL,
}


def private_folder(path: str | Path, *, exist_ok: bool = True) -> Path:
    """Make `path` and any missing parents 0700 (like `mkdir -p -m 700`); returns it.

    `exist_ok=False` raises FileExistsError when `path` itself exists (to claim a fresh
    folder); an existing folder is then not touched.
    """
    path = Path(path)
    missing: list[Path] = []
    probe = path
    while not probe.exists():
        missing.append(probe)
        if probe.parent == probe:
            break
        probe = probe.parent
    if not missing and not exist_ok:
        raise FileExistsError(f"{path} already exists")
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            if folder == path and not exist_ok:
                raise
            continue  # made by someone else meanwhile: not ours to change
        os.chmod(folder, FOLDER_MODE)
    if not path.is_dir():
        raise NotADirectoryError(f"{path} is not a folder")
    return path


def _narrow(fd: int, path: Path) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, FILE_MODE)
    else:  # Windows before 3.13: only the read-only bit exists
        os.chmod(path, FILE_MODE)


def open_private(path: str | Path, mode: Mode = "w", *, encoding: str = "utf-8") -> IO[str]:
    """Open a text file for writing, created (or truncated) with mode 0600; parents 0700.

    An existing file is narrowed to 0600 too: whatever is written now may be a secret.
    """
    path = Path(path)
    private_folder(path.parent)
    fd = os.open(path, _FLAGS[mode[0]], FILE_MODE)
    try:
        _narrow(fd, path)
        return os.fdopen(fd, mode[0], encoding=encoding)
    except BaseException:
        os.close(fd)
        raise


def open_private_binary(path: str | Path, mode: Mode = "wb") -> IO[bytes]:
    """`open_private` for bytes."""
    path = Path(path)
    private_folder(path.parent)
    fd = os.open(path, _FLAGS[mode[0]], FILE_MODE)
    try:
        _narrow(fd, path)
        return os.fdopen(fd, mode[0] + "b")
    except BaseException:
        os.close(fd)
        raise


def write_private_text(path: str | Path, text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` to `path` (0600), replacing it atomically through a 0600 temporary file."""
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    with open_private(tmp, "w", encoding=encoding) as stream:
        stream.write(text)
    os.replace(tmp, path)


def write_private_bytes(path: str | Path, data: bytes, *, exclusive: bool = False) -> None:
    """Write `data` to `path` (0600); `exclusive` refuses to replace an existing file."""
    with open_private_binary(path, "xb" if exclusive else "wb") as stream:
        stream.write(data)
