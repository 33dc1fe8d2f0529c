"""Common console walks for the simulator's tests (plain pexpect)."""

from __future__ import annotations

from tests.sim.spawn import ESC, PortSpawn

ROMMON_PROMPT = r"rommon (\d+) > "


ESC_ATTEMPTS = 3


def to_rommon(con: PortSpawn) -> None:
    """From power-on: interrupt the countdown with ESC and wait for `rommon 1 > `.

    At test speeds the window is 10 s / speed (10 ms at 1000); a loaded machine may miss
    it, so a missed window power-cycles the unit and tries again (three times at most).
    """
    outcomes = ["Boot interrupted.  \r\nrommon 1 > ", "Attempt autoboot", "Booting from ROMMON"]
    for _ in range(ESC_ATTEMPTS):
        con.expect_exact("Rom image verified correctly")
        con.send(ESC)
        if con.expect_exact(outcomes) == 0:
            return
        con.port.unit.power_cycle()
    raise AssertionError(f"ESC missed the countdown window {ESC_ATTEMPTS} times")


def rommon(con: PortSpawn, command: str) -> str:
    """Run one ROMMON command; the text it printed (without the echo)."""
    con.sendline(command)
    con.expect(ROMMON_PROMPT)
    out: str = con.before
    return out.split("\r\n", 1)[1] if "\r\n" in out else ""


def to_user_prompt(con: PortSpawn, *, first_boot: bool = True) -> None:
    """Wait through an image boot to `ciscoasa> ` (answering no to the wizard)."""
    if first_boot:
        con.expect_exact("Pre-configure Firewall now through interactive prompts [yes]? ")
        con.sendline("no")
    con.expect_exact("ciscoasa> ")


def enable(con: PortSpawn, password: str = "") -> None:
    """`enable` with a password (blank by default), then `terminal pager 0`."""
    con.sendline("enable")
    con.expect_exact("Password: ")
    con.sendline(password)
    con.expect_exact("ciscoasa# ")
    asa(con, "terminal pager 0")


def asa(con: PortSpawn, command: str, prompt: str = "ciscoasa# ") -> str:
    """Run one ASA command; its output without the echoed command line."""
    con.sendline(command)
    con.expect_exact(prompt)
    out: str = con.before
    return out.split("\r\n", 1)[1] if "\r\n" in out else ""


def mgmt_up(con: PortSpawn, address: str = "127.0.0.2", mask: str = "255.0.0.0") -> None:
    """Give Management1/1 a name, an address and no shutdown (from `ciscoasa#`)."""
    asa(con, "configure terminal", "ciscoasa(config)# ")
    asa(con, "interface Management1/1", "ciscoasa(config-if)# ")
    asa(con, "nameif management", "ciscoasa(config-if)# ")
    asa(con, f"ip address {address} {mask}", "ciscoasa(config-if)# ")
    asa(con, "no shutdown", "ciscoasa(config-if)# ")
    asa(con, "end")
