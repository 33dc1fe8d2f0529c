"""The interactive console's hotkeys: `Ctrl-]` then a letter (pure: bytes in, actions out)."""

from __future__ import annotations

import enum
from dataclasses import dataclass

PREFIX = b"\x1d"  # Ctrl-], as in telnet


class Command(enum.Enum):
    """What a hotkey asks for."""

    ESC = "send ESC (interrupt the ROMMON countdown)"
    BREAK = "send BREAK"
    CTRL_C = "send Ctrl-C"
    QUIT = "quit"
    HELP = "show this help"


HOTKEYS: dict[bytes, Command] = {
    b"e": Command.ESC,
    b"b": Command.BREAK,
    b"c": Command.CTRL_C,
    b"q": Command.QUIT,
    b"?": Command.HELP,
    b"h": Command.HELP,
}


def help_text() -> str:
    """One line per hotkey."""
    rows = [f"Ctrl-] {key.decode()}  {command.value}" for key, command in HOTKEYS.items()]
    rows.append("Ctrl-] Ctrl-]  send a literal Ctrl-]")
    return "\n".join(rows)


@dataclass(frozen=True)
class Passthrough:
    """Bytes typed by the engineer, for the line."""

    data: bytes


@dataclass(frozen=True)
class Hotkey:
    """A hotkey command."""

    command: Command


@dataclass(frozen=True)
class UnknownHotkey:
    """`Ctrl-]` followed by a key that means nothing."""

    key: bytes


Action = Passthrough | Hotkey | UnknownHotkey


class HotkeyDecoder:
    """Splits typed bytes into pass-through text and hotkey commands."""

    def __init__(self) -> None:
        self._armed = False

    def feed(self, data: bytes) -> list[Action]:
        """Actions for the next bytes typed (the prefix may end one chunk)."""
        actions: list[Action] = []
        plain = bytearray()
        for value in data:
            key = bytes([value])
            if self._armed:
                self._armed = False
                if key == PREFIX:
                    plain += key
                    continue
                if plain:
                    actions.append(Passthrough(bytes(plain)))
                    plain.clear()
                command = HOTKEYS.get(key.lower())
                actions.append(Hotkey(command) if command else UnknownHotkey(key))
            elif key == PREFIX:
                self._armed = True
            else:
                plain += key
        if plain:
            actions.append(Passthrough(bytes(plain)))
        return actions
