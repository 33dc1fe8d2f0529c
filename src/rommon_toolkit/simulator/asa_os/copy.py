"""`copy`: tftp to disk0 (real RRQ), running-config or a file to tftp (real WRQ), and the
local forms `copy startup-config running-config`, `copy running-config startup-config`.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import BinaryIO

from rommon_toolkit.simulator.asa_os.config import checksum
from rommon_toolkit.simulator.asa_os.copyconfig import copy_tftp_to_running
from rommon_toolkit.simulator.asa_os.loadconfig import load_config
from rommon_toolkit.simulator.asa_os.parser import Args, CommandError
from rommon_toolkit.simulator.asa_os.session import Session
from rommon_toolkit.simulator.asa_os.system import write_memory
from rommon_toolkit.simulator.asa_os.transfer import download_to_disk, upload
from rommon_toolkit.simulator.disk import DiskPathError
from rommon_toolkit.simulator.texts import asa as text

LOCAL_COPY_SECONDS_PER_MB = 0.05


@dataclass(frozen=True)
class TftpUrl:
    """`tftp://SERVER/PATH` (either part may be empty for the bare `tftp:`)."""

    server: str
    path: str

    @classmethod
    def parse(cls, word: str) -> TftpUrl | None:
        """None when `word` is not a tftp URL."""
        lowered = word.lower()
        if not lowered.startswith("tftp:"):
            return None
        rest = word[len("tftp:") :].split(";", 1)[0]
        if not rest.startswith("//"):
            return cls("", rest.lstrip("/"))
        server, _, path = rest[2:].partition("/")
        return cls(server, path)


def _is_disk(word: str) -> bool:
    return word.lower().startswith(("disk0:", "flash:"))


def _answer(session: Session, prompt: str, default: str) -> str:
    return session.ask(prompt.format(default=default)).strip() or default


def _dest_name(word: str) -> str:
    """The file part of `disk0:`, `disk0:/`, `disk0:/X`, `disk0:X`."""
    rest = word.split(":", 1)[1] if ":" in word else word
    return rest.strip("/")


def copy_tftp_to_disk(session: Session, url: TftpUrl, dest_word: str, *, noconfirm: bool) -> None:
    """The download dialog, then the transfer into disk0."""
    server, source = url.server, url.path
    dest_name = _dest_name(dest_word)
    if not noconfirm or not server or not source:
        server = _answer(session, text.ASK_HOST, server or session.copy_defaults.host)
        source = _answer(session, text.ASK_SOURCE, source or session.copy_defaults.source)
    dest_default = dest_name or PurePosixPath(source).name
    if not noconfirm or not dest_default:
        dest_name = _answer(session, text.ASK_DESTINATION, dest_default)
    else:
        dest_name = dest_default
    session.copy_defaults.host, session.copy_defaults.source = server, source
    try:
        dest = session.ctx.disk.resolve(dest_name)
    except DiskPathError:
        session.say(text.BAD_PATH.format(path=dest_name))
        return
    download_to_disk(session, server, source, dest)


def copy_to_tftp(
    session: Session, source: BinaryIO, source_name: str, url: TftpUrl, *, noconfirm: bool
) -> None:
    """Upload `source` (the running-config or a file on disk0) with the dialog."""
    server, name = url.server, url.path
    if not noconfirm or not server or not name:
        server = _answer(session, text.ASK_HOST, server or session.copy_defaults.host)
        name = _answer(session, text.ASK_DESTINATION, name or source_name)
    session.copy_defaults.host = server
    upload(session, server, name, source)


def _startup_to_running(session: Session, noconfirm: bool) -> None:
    if not noconfirm:
        _answer(session, text.ASK_DESTINATION, "running-config")
    started = time.monotonic()
    body = session.ctx.state.startup_config()
    if body is None:
        session.say(text.STARTUP_MISSING)
        return
    load_config(session, body)
    session.changed()
    session.say(text.CRYPTOCHECKSUM.format(checksum=checksum(body)), "")
    secs = max(time.monotonic() - started, 0.001)
    session.say(text.BYTES_COPIED_PLAIN.format(size=len(body.encode()), secs=secs))


def _disk_to_disk(session: Session, src_word: str, dest_word: str, noconfirm: bool) -> None:
    disk = session.ctx.disk
    try:
        src = disk.resolve(src_word)
        name = _dest_name(dest_word) or src.name
        if not noconfirm:
            name = _answer(session, text.ASK_DESTINATION, name)
        dest = disk.resolve(name)
    except DiskPathError:
        session.say(text.BAD_PATH.format(path=dest_word))
        return
    if not src.is_file():
        session.say(text.COPY_LOCAL_MISSING.format(path=disk.display(src)))
        return
    size = src.stat().st_size
    if size > disk.free():
        session.say(text.COPY_WRITE_FAILED.format(path=disk.display(dest)))
        return
    started = time.monotonic()
    with src.open("rb") as reader, dest.open("wb") as writer:
        while piece := reader.read(1 << 20):
            writer.write(piece)
    session.ctx.pause(LOCAL_COPY_SECONDS_PER_MB * size / (1 << 20))
    secs = max(time.monotonic() - started, 0.001)
    session.say(text.BYTES_COPIED_PLAIN.format(size=size, secs=secs))


def copy_to_running(session: Session, url: TftpUrl, *, noconfirm: bool) -> None:
    """`copy tftp://S/F running-config`: the dialog, then asa_os/copyconfig.py."""
    server, source = url.server, url.path
    if not noconfirm or not server or not source:
        server = _answer(session, text.ASK_HOST, server or session.copy_defaults.host)
        source = _answer(session, text.ASK_SOURCE, source or session.copy_defaults.source)
        _answer(session, text.ASK_DESTINATION, "running-config")
    session.copy_defaults.host, session.copy_defaults.source = server, source
    copy_tftp_to_running(session, server, source)


def cmd_copy(session: Session, args: Args) -> None:
    """`copy [/noconfirm] SOURCE DESTINATION`."""
    noconfirm = any(w.lower() == "/noconfirm" for w in args.texts)
    words = [w for w in args.texts if not w.startswith("/")]
    if len(words) < 2:
        raise CommandError(text.INCOMPLETE)
    src, dst = words[0], words[1]
    src_l, dst_l = src.lower(), dst.lower()
    src_url, dst_url = TftpUrl.parse(src), TftpUrl.parse(dst)
    if src_url is not None and _is_disk(dst):
        copy_tftp_to_disk(session, src_url, dst, noconfirm=noconfirm)
    elif src_url is not None and len(dst_l) > 1 and "running-config".startswith(dst_l):
        copy_to_running(session, src_url, noconfirm=noconfirm)
    elif "running-config".startswith(src_l) and dst_url is not None:
        body = io.BytesIO(session.running_config().encode())
        copy_to_tftp(session, body, "running-config", dst_url, noconfirm=noconfirm)
    elif "startup-config".startswith(src_l) and "running-config".startswith(dst_l):
        _startup_to_running(session, noconfirm)
    elif "running-config".startswith(src_l) and "startup-config".startswith(dst_l):
        if not noconfirm:
            _answer(session, text.ASK_DESTINATION, "startup-config")
        write_memory(session)
    elif _is_disk(src) and dst_url is not None:
        _disk_file_to_tftp(session, src, dst_url, noconfirm)
    elif _is_disk(src) and _is_disk(dst):
        _disk_to_disk(session, src, dst, noconfirm)
    else:
        raise CommandError(text.INVALID_INPUT, args.column(args.texts.index(src)))


def _disk_file_to_tftp(session: Session, src: str, url: TftpUrl, noconfirm: bool) -> None:
    disk = session.ctx.disk
    try:
        path = disk.resolve(src)
    except DiskPathError:
        session.say(text.BAD_PATH.format(path=src))
        return
    if not path.is_file():
        session.say(text.COPY_LOCAL_MISSING.format(path=disk.display(path)))
        return
    with path.open("rb") as source:
        copy_to_tftp(session, source, path.name, url, noconfirm=noconfirm)
