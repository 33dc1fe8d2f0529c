"""The hotkey decoder: `Ctrl-]` then a letter; everything else passes through."""

from __future__ import annotations

from rommon_toolkit.rommon.decisions.hotkeys import (
    Command,
    Hotkey,
    HotkeyDecoder,
    Passthrough,
    UnknownHotkey,
    help_text,
)


def test_plain_typing_passes_through() -> None:
    assert HotkeyDecoder().feed(b"show version\r") == [Passthrough(b"show version\r")]


def test_each_hotkey() -> None:
    decoder = HotkeyDecoder()
    assert decoder.feed(b"\x1de") == [Hotkey(Command.ESC)]
    assert decoder.feed(b"\x1db") == [Hotkey(Command.BREAK)]
    assert decoder.feed(b"\x1dc") == [Hotkey(Command.CTRL_C)]
    assert decoder.feed(b"\x1dQ") == [Hotkey(Command.QUIT)]
    assert decoder.feed(b"\x1d?") == [Hotkey(Command.HELP)]


def test_prefix_split_across_reads_and_text_around_it() -> None:
    decoder = HotkeyDecoder()
    assert decoder.feed(b"ab\x1d") == [Passthrough(b"ab")]
    assert decoder.feed(b"ecd") == [Hotkey(Command.ESC), Passthrough(b"cd")]


def test_double_prefix_sends_a_literal_prefix_and_unknown_keys_are_reported() -> None:
    decoder = HotkeyDecoder()
    assert decoder.feed(b"\x1d\x1d") == [Passthrough(b"\x1d")]
    assert decoder.feed(b"\x1dz") == [UnknownHotkey(b"z")]


def test_help_lists_every_hotkey() -> None:
    text = help_text()
    for key in ("Ctrl-] e", "Ctrl-] b", "Ctrl-] c", "Ctrl-] q", "Ctrl-] Ctrl-]"):
        assert key in text
