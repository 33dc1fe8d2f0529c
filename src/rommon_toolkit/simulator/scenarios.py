"""Unit states that faults stand for, written into the state dir."""

from __future__ import annotations

import re

from rommon_toolkit.simulator.bootorder import boot_string_text
from rommon_toolkit.simulator.disk import BOOT_STRING, Disk
from rommon_toolkit.simulator.state import UnitState, write_atomic

# boot-loop: the image the boot lines name, which is not on disk0.
MISSING_IMAGE = "asa9-12-4-lfbff-k8.SPA"
BOOT_SYSTEM_LINE = re.compile(r"^boot system .*(?:\n|$)", re.MULTILINE)
MINIMAL_STARTUP = ": Saved\n:\nhostname ciscoasa\n{boot}\n: end\n"


def make_boot_loop(state: UnitState, disk: Disk) -> list[str]:
    """Point every boot line at a missing image and remove the images; returns them."""
    missing = f"disk0:/{MISSING_IMAGE}"
    removed = []
    for image in disk.images():
        removed.append(image.name)
        image.unlink()
    (disk.root / MISSING_IMAGE).unlink(missing_ok=True)
    write_atomic(disk.root / BOOT_STRING, boot_string_text([missing]).encode())
    line = f"boot system {missing}"
    text = state.startup_config()
    if text is None:
        text = MINIMAL_STARTUP.format(boot=line)
    else:
        text = _insert(BOOT_SYSTEM_LINE.sub("", text), line)
    state.save_startup_config(text)
    return removed


def _insert(text: str, line: str) -> str:
    """Put `line` where ASA keeps boot lines: before `ftp mode`, else before `: end`."""
    for anchor in ("\nftp mode", "\n: end"):
        at = text.find(anchor)
        if at >= 0:
            return text[: at + 1] + line + "\n" + text[at + 1 :]
    return text.rstrip("\n") + "\n" + line + "\n"
