"""What a unit can be found doing: the probe's vocabulary."""

from __future__ import annotations

import enum


class ProbeState(str, enum.Enum):
    """The state a probe reports (the value is the JSON/CLI spelling)."""

    SILENT = "silent"  # nothing at all on the line, even after one CR
    BOOT_COUNTDOWN = "boot-countdown"  # ROMMON waits for ESC/BREAK (`Boot in N seconds.`)
    BOOTING = "booting"  # ROMMON banner, image loading, ASA OS starting, or shutting down
    ROMMON = "rommon"  # at the ROMMON prompt (`rommon 1 > ` / `rommon #0>`)
    ROMMON_ERASE_PROMPT = "rommon-erase-prompt"  # `Permanently erase 'disk0:'?` (never answered)
    DIALOG = "dialog"  # a question waits for an answer (see `question`)
    ASA_SETUP_WIZARD = "asa-setup-wizard"  # first-boot `Pre-configure Firewall now...` questions
    ASA_LOGIN = "asa-login"  # `Username:` (or its `Password:`)
    ASA_USER = "asa-user"  # `ciscoasa>`
    ASA_ENABLE = "asa-enable"  # `ciscoasa#`
    ASA_CONFIG = "asa-config"  # `ciscoasa(config)#`, `ciscoasa(config-if)#`, ...
    ASA_MORE = "asa-more"  # the pager: `<--- More --->`
    UNKNOWN = "unknown"  # text, but nothing recognised

    def __str__(self) -> str:
        return self.value
