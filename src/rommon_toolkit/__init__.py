"""rommon-toolkit: serial-console and ROMMON recovery for Cisco ASA 5506-X / 5508-X / 5516-X.

One import root for four packages, each with one job (see "Layout" in README.md):

* `rommon_toolkit.console`: the line (port by URL, pexpect channel, transcripts);
* `rommon_toolkit.tftp_server`: the bundled file server;
* `rommon_toolkit.rommon`: the procedure, in layers (decisions, records, device, workflows,
  ui, cli);
* `rommon_toolkit.simulator`: the virtual ASA, built from the device reference only.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rommon-toolkit")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
