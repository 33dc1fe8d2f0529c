"""The console session of the running ASA: modes, prompt, pager, dispatch."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from rommon_toolkit.simulator.asa_os.config import AsaConfig, render
from rommon_toolkit.simulator.asa_os.parser import CommandError, Node, resolve, split_words
from rommon_toolkit.simulator.asa_os.pipe import OutputFilter, split_pipe
from rommon_toolkit.simulator.context import BootRequest, UnitContext
from rommon_toolkit.simulator.texts import asa as text

EXEC, PRIV, CONFIG, CONFIG_IF = "exec", "priv", "config", "config-if"
CONFIG_TP = "config-ca-trustpoint"
SUB_MODES = (CONFIG_IF, CONFIG_TP)
CONFIG_MODES = (CONFIG, *SUB_MODES)
PAGER_KEYS_QUIT = (ord("q"), ord("Q"))
PAGER_KEYS_LINE = (0x0D, 0x0A)
CONFIRM_KEYS = (0x0D, 0x0A, ord("y"), ord("Y"))  # [C] unicon fp2k mock: `y` alone confirms


@dataclass
class CopyDefaults:
    """The last values of the copy dialogs (the `[...]` defaults) [C]."""

    host: str = ""
    source: str = ""


@dataclass
class Trees:
    """The command trees of each mode."""

    exec: Node
    priv: Node
    config: Node
    interface: Node
    trustpoint: Node


@dataclass
class Session:
    """One boot of the ASA OS: configuration, mode, terminal settings."""

    ctx: UnitContext
    boot: BootRequest
    trees: Trees
    config: AsaConfig = field(default_factory=AsaConfig)
    mode: str = EXEC
    interface: str | None = None
    terminal_pager: int | None = None  # `terminal pager N` for this session
    dirty: bool = False
    confreg_at_boot: int = 0x1
    booted_at: float = 0.0
    config_source: str = "startup-config"
    copy_defaults: CopyDefaults = field(default_factory=CopyDefaults)
    reporting_asked: bool = False
    quiet: bool = False  # replaying a configuration: print nothing
    modified_at: float | None = None  # wall time of the last change since boot
    output_filter: OutputFilter | None = None  # `| include X` of the running command
    trustpoint: str | None = None  # the `crypto ca trustpoint` block being configured
    changes: int = 0  # configuration changes since boot (replication watches it)
    lock: threading.RLock = field(default_factory=threading.RLock)  # console vs. mate

    # -- output -------------------------------------------------------------------------
    def say(self, *lines: str) -> None:
        """Print lines."""
        if not self.quiet:
            self.ctx.say(*lines)

    def out(self, data: str) -> None:
        """Print raw text."""
        if not self.quiet:
            self.ctx.out(data)

    def ask(self, prompt: str, *, mask: str | None = None) -> str:
        """Ask and read one line."""
        return self.ctx.ask(prompt, mask=mask)

    def confirm(self, prompt: str) -> bool:
        """A `[confirm]` question: Enter or y confirms [C]."""
        answer = self.ask(prompt).strip().lower()
        return answer in ("", "y", "yes")

    def confirm_key(self, prompt: str) -> bool:
        """A single-key `[confirm]`: Enter or `y` confirms, any other key cancels [C]/[D]."""
        self.out(prompt)
        key = self.ctx.editor.read_key(None)
        while key is None:
            key = self.ctx.editor.read_key(None)
        self.out("\n")
        return key in CONFIRM_KEYS

    def pager_limit(self) -> int:
        """Lines per page now (0: no paging)."""
        if self.terminal_pager is not None:
            return self.terminal_pager
        return self.config.pager_lines

    def page(self, body: str) -> None:
        """Print command output through the `<--- More --->` pager."""
        lines = body.split("\n")
        trailing = body.endswith("\n")
        if trailing:
            lines.pop()
        if self.output_filter is not None:
            lines = self.output_filter(lines)
            body = "".join(f"{line}\n" for line in lines)
        limit = self.pager_limit()
        if limit <= 0 or len(lines) <= limit:
            self.out(body)
            return
        index, step = 0, limit
        while index < len(lines):
            chunk = lines[index : index + step]
            index += len(chunk)
            self.out("\n".join(chunk) + "\n")
            if index >= len(lines):
                return
            self.out(text.MORE)
            key = self.ctx.editor.read_key(None)
            self.out("\r" + " " * len(text.MORE) + "\r")
            if key in PAGER_KEYS_QUIT:
                return
            step = 1 if key in PAGER_KEYS_LINE else limit

    # -- state --------------------------------------------------------------------------
    def hardware_line(self) -> str:
        """`ASA5506, 4096 MB RAM, CPU ...` as show version and the config header print it."""
        model = self.ctx.model
        return f"{model.platform}, {model.memory_mb} MB RAM, {model.cpu}"

    def running_config(self) -> str:
        """The running configuration text."""
        return render(
            self.config,
            version=self.boot.version,
            serial=self.ctx.hardware.serial,
            hardware=self.hardware_line(),
        )

    def changed(self) -> None:
        """Record an unsaved configuration change (and when it happened, for show version)."""
        self.dirty = True
        self.changes += 1
        self.modified_at = time.time()
        self.ctx.live.config_dirty = True

    def prompt_name(self) -> str:
        """The `prompt` keywords joined by `/` (`ciscoasa`, `ciscoasa/pri/act`) [C]/[D]."""
        tokens = []
        for keyword in self.config.prompt:
            if keyword == "hostname":
                tokens.append(self.config.hostname)
            elif keyword == "domain" and self.config.domain_name:
                tokens.append(self.config.domain_name)
            elif keyword == "priority":
                tokens.append(self.failover_tokens()[0])
            elif keyword == "state":
                tokens.append(self.failover_tokens()[1])
        return "/".join(tokens) or self.config.hostname

    def failover_tokens(self) -> tuple[str, str]:
        """(`pri`|`sec`, `act`|`stby`|`actNoFailover`) for the prompt."""
        port = self.ctx.failover
        if port is None:
            return text.PROMPT_PRIMARY, text.PROMPT_NO_FAILOVER
        return port.prompt_tokens(self)

    def prompt(self) -> str:
        """The prompt of the current mode."""
        host = self.prompt_name()
        if self.mode == EXEC:
            return text.PROMPT_EXEC.format(host=host)
        if self.mode == PRIV:
            return text.PROMPT_PRIV.format(host=host)
        if self.mode == CONFIG:
            return text.PROMPT_CONFIG.format(host=host)
        if self.mode == CONFIG_TP:
            return text.PROMPT_CONFIG_TP.format(host=host)
        return text.PROMPT_CONFIG_IF.format(host=host)

    # -- dispatch -----------------------------------------------------------------------
    def _tree(self) -> Node:
        return {
            EXEC: self.trees.exec,
            PRIV: self.trees.priv,
            CONFIG: self.trees.config,
            CONFIG_IF: self.trees.interface,
            CONFIG_TP: self.trees.trustpoint,
        }[self.mode]

    def execute(self, line: str, *, prompt_width: int | None = None) -> None:
        """Run one command line, printing the ASA's error for a bad one."""
        if not line.strip():
            return
        width = len(self.prompt()) if prompt_width is None else prompt_width
        try:
            line, self.output_filter = split_pipe(line)
            try:
                found = resolve(
                    self._tree(),
                    line,
                    invalid=text.INVALID_INPUT,
                    incomplete=text.INCOMPLETE,
                    ambiguous=text.AMBIGUOUS,
                )
            except CommandError as error:
                words = split_words(line)
                first_word_bad = bool(words) and error.column == words[0].column
                if self.mode not in SUB_MODES or not first_word_bad:
                    raise
                found = resolve(
                    self.trees.config,
                    line,
                    invalid=text.INVALID_INPUT,
                    incomplete=text.INCOMPLETE,
                    ambiguous=text.AMBIGUOUS,
                )
            found.handler(self, found.args)
        except CommandError as error:
            self.output_filter = None
            if error.column is not None:
                self.say(" " * (width + error.column) + "^")
            self.say(error.message)
        finally:
            self.output_filter = None

    def help(self, buffer: str) -> None:
        """`?`: list what may come next, then redraw the prompt and the typed text."""
        node = self._tree()
        words = buffer.split()
        complete = buffer.endswith(" ") or not words
        path = words if complete else words[:-1]
        for word in path:
            matches = [k for k in node.children if k.startswith(word.lower())]
            if len(matches) != 1:
                node = Node()
                break
            node = node.children[matches[0]]
        prefix = "" if complete else words[-1].lower()
        options = sorted(k for k in node.children if k.startswith(prefix))
        self.out("\n")
        for option in options:
            self.say(f"  {option}")
        if node.handler is not None and complete:
            self.say("  <cr>")
        self.out(self.prompt() + buffer)

    def console_line(self, line: str, prompt_width: int) -> None:
        """A line typed on this unit's console; replicated to a standby mate when it changed
        the configuration (the failover port decides)."""
        with self.lock:
            mode, interface, trustpoint, before = (
                self.mode, self.interface, self.trustpoint, self.changes,
            )  # fmt: skip
            self.execute(line, prompt_width=prompt_width)
            port = self.ctx.failover
            if port is not None and self.changes != before and mode in CONFIG_MODES:
                port.replicate(self, line, mode, interface, trustpoint)

    def run(self) -> None:
        """Prompt and execute forever (reload leaves by raising Reboot)."""
        while True:
            self.ctx.set_mode("asa")
            if self.ctx.failover is not None:
                self.ctx.failover.idle(self)
            prompt = self.prompt()
            self.out(prompt)
            line = self.ctx.editor.read_line(on_question=self.help)
            self.console_line(line, len(prompt))
