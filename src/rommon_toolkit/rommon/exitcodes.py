"""Exit codes by outcome class, the same for every subcommand (documented in README.md)."""

from enum import IntEnum


class ExitCode(IntEnum):
    """What a `rommon` process exit status means."""

    SUCCESS = 0
    USAGE = 2  # the command line itself is wrong (argparse)
    PREFLIGHT_REFUSED = 3  # bad input caught before any byte reached the device
    DEVICE_REFUSED = 4  # the unit refused or said something we will not guess past
    OPERATOR_ABORT = 5  # Ctrl-C, or a confirmation answered "no"
    TIMEOUT = 6  # a deadline passed while waiting for the unit
    LINE_ERROR = 7  # the console line could not be opened or was lost
    INTERNAL_ERROR = 70  # a bug in the toolkit: please report it with the transcript
