"""The one terminal output layer: permanent lines above, a live area below, questions between.

On a terminal, the live area (progress bars, the bench table) is a prompt_toolkit application
drawn at the bottom of the screen from a background thread; while it runs, `patch_stdout`
routes every other write to stdout or stderr (our messages, the TFTP server's log records,
a stray print) above it, so nothing breaks a bar. Questions stop the live area, ask on a line
of their own, and let it come back with the next update. Off a terminal there is no live area:
permanent lines only, and the callers print one line per change.

The live application never reads the keyboard (its input is a pipe nobody writes to), so
Ctrl-C stays a SIGINT for the main thread, as the safety rules need.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
import os
import sys
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TextIO

from rommon_toolkit.rommon.feedback import before_every_question

WARNING_STYLE = "\x1b[33m"  # yellow
RESET_STYLE = "\x1b[0m"
REFRESH_SECONDS = 0.2


def wants_color(stream: TextIO) -> bool:
    """Colour only on a terminal and never with NO_COLOR set (https://no-color.org)."""
    return stream.isatty() and not os.environ.get("NO_COLOR")


class LiveArea:
    """The bottom-of-screen area, redrawn by a prompt_toolkit application in a thread."""

    def __init__(self, stream: TextIO, text: Callable[[], str]) -> None:
        self._stream = stream
        self._text = text
        self._thread: threading.Thread | None = None
        self._started = threading.Event()
        self._app: object | None = None
        self._patch: AbstractContextManager[object] | None = None
        self._keys = contextlib.ExitStack()

    @property
    def running(self) -> bool:
        return self._thread is not None

    def start(self) -> None:
        """Show the area; from now on other output prints above it."""
        if self._thread is not None:
            return
        from prompt_toolkit.application import Application
        from prompt_toolkit.input import create_pipe_input
        from prompt_toolkit.layout import Layout, Window
        from prompt_toolkit.layout.controls import FormattedTextControl
        from prompt_toolkit.output import ColorDepth, create_output
        from prompt_toolkit.patch_stdout import patch_stdout

        output = create_output(stdout=self._stream)
        # The terminal's answer to a cursor position request would arrive on the real
        # keyboard, which this area never reads: ask none.
        if hasattr(output, "enable_cpr"):
            output.enable_cpr = False
        # An input that never closes and never gets a key: the real keyboard is not touched
        # (no raw mode), so Ctrl-C stays a SIGINT. (A DummyInput would end the app at once.)
        self._keys = contextlib.ExitStack()
        no_keys = self._keys.enter_context(create_pipe_input())
        depth = ColorDepth.MONOCHROME if os.environ.get("NO_COLOR") else None
        app: Application[None] = Application(
            layout=Layout(Window(FormattedTextControl(self._text), dont_extend_height=True)),
            input=no_keys,
            output=output,
            refresh_interval=REFRESH_SECONDS,
            min_redraw_interval=0.05,
            color_depth=depth,
            full_screen=False,
        )
        self._app = app
        self._started.clear()
        self._patch = patch_stdout(raw=True)  # outside the application, as it nests
        self._patch.__enter__()

        def run() -> None:
            try:
                app.run(pre_run=self._started.set, handle_sigint=False)
            except Exception:
                self._started.set()

        self._thread = threading.Thread(
            target=contextvars.copy_context().run, args=(run,), daemon=True, name="live-area"
        )
        self._thread.start()
        self._started.wait(5.0)

    def refresh(self) -> None:
        app = self._app
        if app is not None:
            app.invalidate()  # type: ignore[attr-defined]

    def stop(self) -> None:
        """Draw the area a last time and leave it on screen; output goes straight again."""
        if self._thread is None:
            return
        app = self._app
        loop = getattr(app, "loop", None)
        if app is not None and getattr(app, "is_running", False) and loop is not None:
            loop.call_soon_threadsafe(app.exit)  # type: ignore[attr-defined]
        self._thread.join(5.0)
        self._thread = None
        self._app = None
        if self._patch is not None:
            self._patch.__exit__(None, None, None)
            self._patch = None
        self._keys.close()


class Screen:
    """What the engineer sees: one object per process, shared by feedback, bars and tables."""

    def __init__(
        self,
        stream: TextIO | None = None,
        *,
        tty: bool | None = None,
        quiet: bool = False,
        verbose: bool = False,
    ) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.quiet = quiet
        self.verbose = verbose
        self.color = self.tty and wants_color(self.stream)
        self._live: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._area = LiveArea(self.stream, self._live_text) if self.tty else None

    # -- permanent lines -------------------------------------------------------------------
    def info(self, text: str) -> None:
        """A message (hidden by --quiet)."""
        if not self.quiet:
            self._line(text)

    def warn(self, text: str) -> None:
        """A warning (always shown; yellow on a colour terminal)."""
        self._line(f"{WARNING_STYLE}{text}{RESET_STYLE}" if self.color else text)

    def _line(self, text: str) -> None:
        # While the live area runs, sys.stderr/sys.stdout are patch_stdout's proxies: a write
        # through them prints above the area. Otherwise this is the stream itself.
        target = sys.stderr if self._area is not None and self._area.running else self.stream
        print(text, file=target, flush=True)

    def width(self) -> int:
        """Columns for one live line."""
        import shutil

        return shutil.get_terminal_size((100, 24)).columns - 1

    # -- the live area ---------------------------------------------------------------------
    def show(self, key: str, lines: list[str] | None) -> None:
        """Set (or with None remove) one block of the live area; terminal only."""
        if self._area is None:
            return
        with self._lock:
            if lines:
                self._live[key] = list(lines)
            else:
                self._live.pop(key, None)
            empty = not self._live
        if empty:
            self._area.stop()
        else:
            self._area.start()
            self._area.refresh()

    def _live_text(self) -> str:
        with self._lock:
            return "\n".join(line for block in self._live.values() for line in block)

    # -- questions ---------------------------------------------------------------------------
    def pause(self) -> None:
        """Stop the live area before a question (it comes back with the next `show`)."""
        if self._area is not None:
            self._area.stop()

    def close(self) -> None:
        """Leave what is on screen and stop redrawing."""
        self.pause()
        with self._lock:
            self._live.clear()


class ScreenLogHandler(logging.Handler):
    """stdlib logging through the screen: records print above the bars, never through them."""

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.screen = screen
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            text = self.format(record)
        except Exception:
            self.handleError(record)
            return
        if record.levelno >= logging.WARNING:
            self.screen.warn(f"rommon: {record.levelname}: {text}")
        else:
            self.screen.info(f"rommon: {text}")


_CURRENT: list[Screen] = []  # the process's screen, once made


def screen() -> Screen:
    """The process's screen (made on first use with the defaults)."""
    if not _CURRENT:
        _CURRENT.append(Screen())
    return _CURRENT[0]


def configure_screen(*, quiet: bool = False, verbose: bool = False) -> Screen:
    """Make the process's screen from -q/-v and route the toolkit's logging through it."""
    for old in _CURRENT:
        old.close()
    _CURRENT[:] = [Screen(quiet=quiet, verbose=verbose)]
    current = _CURRENT[0]
    before_every_question(current.pause)
    root = logging.getLogger("rommon_toolkit")
    for handler in list(root.handlers):
        if isinstance(handler, ScreenLogHandler):
            root.removeHandler(handler)
    root.addHandler(ScreenLogHandler(current))
    _SAVED_LOGGING[:] = [(root.level, root.propagate)]
    root.setLevel(logging.DEBUG if verbose else logging.WARNING)
    root.propagate = False
    return current


_SAVED_LOGGING: list[tuple[int, bool]] = []


def release_screen() -> None:
    """At the end of `main`: stop drawing, and give logging back as it was."""
    for old in _CURRENT:
        old.close()
    _CURRENT.clear()
    root = logging.getLogger("rommon_toolkit")
    for handler in list(root.handlers):
        if isinstance(handler, ScreenLogHandler):
            root.removeHandler(handler)
    for level, propagate in _SAVED_LOGGING:
        root.setLevel(level)
        root.propagate = propagate
    _SAVED_LOGGING.clear()
