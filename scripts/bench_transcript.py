#!/usr/bin/env python3
"""Benchmark transcript redaction: the ASA rules against no rules, same writer, same run.

Feeds boot text (lines of `#`, no secrets) and a secret-laden `more system:running-config`
through `TranscriptWriter` in chunks of a given size, once with the ASA rules, prompts and
trigger words (as `rommon` runs it) and once without any rule, and prints MB/s for each and
their ratio (the cost of redaction). A console line carries at most 11.5 KB/s (115,200 baud).

Usage: .venv/bin/python scripts/bench_transcript.py [--megabytes N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rommon_toolkit.console.transcript import TranscriptWriter
from rommon_toolkit.rommon.decisions.redaction_rules import (
    ASA_REDACTION_RULES,
    ASA_TRIGGER,
    SECRET_BLOCKS,
    SECRET_PROMPTS,
)

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.fixtures.secret_config import RUNNING_CONFIG, device_output

BOOT_LINES = "Located '.boot_string' @ cluster 1.\r\n" + "#" * 400 + "\r\n"


def _seconds(payload: bytes, chunk: int, *, redact: bool, folder: Path) -> float:
    if redact:
        writer = TranscriptWriter(
            folder / "r.jsonl",
            "x",
            ASA_REDACTION_RULES,
            SECRET_PROMPTS,
            trigger=ASA_TRIGGER,
            secret_blocks=SECRET_BLOCKS,
        )
    else:
        writer = TranscriptWriter(folder / "p.jsonl", "x")
    started = time.perf_counter()
    for at in range(0, len(payload), chunk):
        writer.rx(payload[at : at + chunk])
    writer.close()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=8.0)
    args = parser.parse_args()
    size = int(args.megabytes * (1 << 20))
    boot = (BOOT_LINES.encode() * (size // len(BOOT_LINES) + 1))[:size]
    config = device_output(RUNNING_CONFIG)
    config = (config * (size // 8 // len(config) + 1))[: size // 8]
    cases = [
        ("boot text, 4 KiB reads", boot, 4096),
        ("running-config, 64 B reads", config, 64),
        ("running-config, 1 B reads", config[: len(config) // 16], 1),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name, payload, chunk in cases:
            plain = _seconds(payload, chunk, redact=False, folder=folder)
            redacted = _seconds(payload, chunk, redact=True, folder=folder)
            mb = len(payload) / 1e6
            print(
                f"{name:28} no rules {mb / plain:6.2f} MB/s   ASA rules {mb / redacted:6.2f} MB/s"
                f"   redaction cost x{redacted / plain:.2f}"
            )


if __name__ == "__main__":
    main()
