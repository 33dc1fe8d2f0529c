"""The command trees of each mode (user EXEC, privileged EXEC, config, interface)."""

from __future__ import annotations

from rommon_toolkit.simulator.asa_os import configure as cfg
from rommon_toolkit.simulator.asa_os import crypto, files, health, licensing, modes, show, system
from rommon_toolkit.simulator.asa_os import failover_cmds as fo
from rommon_toolkit.simulator.asa_os import interface_cmds as ifc
from rommon_toolkit.simulator.asa_os.copy import cmd_copy
from rommon_toolkit.simulator.asa_os.parser import Args, Node
from rommon_toolkit.simulator.asa_os.session import PRIV, Session, Trees


def cmd_do(session: Session, args: Args) -> None:
    """`do COMMAND` in configuration modes: run an EXEC command."""
    if not args.words:
        return
    start = args.column(0)
    saved = session.mode
    width = len(session.prompt()) + start
    session.mode = PRIV
    try:
        session.execute(args.line[start:], prompt_width=width)
    finally:
        if session.mode == PRIV:
            session.mode = saved


def _user(tree: Node) -> None:
    tree.add("enable", modes.cmd_enable, args=True)
    for word in ("exit", "logout", "quit"):
        tree.add(word, modes.cmd_exit)
    tree.add("terminal pager", modes.cmd_terminal_pager, args=True)
    tree.add("show version", show.cmd_show_version, args=True)
    tree.add("show module", show.cmd_show_module, args=True)
    tree.add("show inventory", show.cmd_show_inventory, args=True)
    tree.add("show terminal", show.cmd_show_terminal)
    tree.add("show interface", health.cmd_show_interface, args=True)
    tree.add("show route", health.cmd_show_route, args=True)
    tree.add("show conn count", health.cmd_show_conn_count)
    tree.add("show xlate count", health.cmd_show_xlate_count)
    tree.add("show vpn-sessiondb", health.cmd_show_vpn_sessiondb, args=True)
    tree.add("show failover", fo.cmd_show_failover, args=True)


def _privileged(tree: Node) -> None:
    _user(tree)
    tree.add("disable", modes.cmd_disable)
    tree.add("configure terminal", modes.cmd_configure_terminal)
    tree.add("configure factory-default", modes.cmd_configure_factory_default, args=True)
    tree.add("show running-config", show.cmd_show_running, args=True)
    tree.add("show startup-config", show.cmd_show_startup, args=True)
    tree.add("show bootvar", show.cmd_show_bootvar)
    tree.add("show disk0:", files.cmd_show_disk, args=True)
    tree.add("show flash:", files.cmd_show_disk, args=True)
    tree.add("dir", files.cmd_dir, args=True)
    tree.add("delete", files.cmd_delete, args=True)
    tree.add("verify", files.cmd_verify, args=True)
    tree.add("more", files.cmd_more, args=True)
    tree.add("copy", cmd_copy, args=True)
    tree.add("write", system.cmd_write, args=True)
    tree.add("write standby", fo.cmd_write_standby)
    tree.add("reload", system.cmd_reload, args=True)
    tree.add("upgrade rommon", system.cmd_upgrade_rommon, args=True)
    tree.add("show license", licensing.cmd_show_license, args=True)
    tree.add("show activation-key", licensing.cmd_show_license, args=True)
    tree.add("show crypto ca trustpoints", crypto.cmd_show_trustpoints, args=True)
    tree.add("show crypto ca certificates", crypto.cmd_show_certificates, args=True)
    tree.add("failover reload-standby", fo.cmd_reload_standby)
    tree.add("failover active", fo.cmd_failover_active)
    tree.add("no failover active", fo.cmd_no_failover_active)


def _global_config(tree: Node) -> None:
    _privileged(tree)
    tree.add("end", modes.cmd_end)
    tree.add("do", cmd_do, args=True)
    tree.add("hostname", cfg.cmd_hostname, args=True)
    tree.add("domain-name", cfg.cmd_domain_name, args=True)
    tree.add("enable password", cfg.cmd_enable_password, args=True)
    tree.add("no enable password", cfg.cmd_no_enable_password, args=True)
    tree.add("username", cfg.cmd_username, args=True)
    tree.add("no username", cfg.cmd_no_username, args=True)
    tree.add("interface", cfg.cmd_interface, args=True)
    tree.add("route", cfg.cmd_route, args=True)
    tree.add("no route", cfg.cmd_no_route, args=True)
    tree.add("boot system", cfg.cmd_boot_system, args=True)
    tree.add("no boot system", cfg.cmd_no_boot_system, args=True)
    tree.add("config-register", cfg.cmd_config_register, args=True)
    tree.add("no config-register", cfg.cmd_no_config_register, args=True)
    tree.add("pager", cfg.cmd_pager, args=True)
    tree.add("no pager", cfg.cmd_no_pager, args=True)
    tree.add("service password-recovery", cfg.cmd_service_password_recovery)
    tree.add("no service password-recovery", cfg.cmd_no_service_password_recovery)
    tree.add("call-home reporting anonymous", cfg.cmd_call_home_reporting)
    tree.add("no call-home reporting anonymous", cfg.cmd_no_call_home_reporting)
    tree.add("http server enable", cfg.cmd_http_server, args=True)
    tree.add("no http server enable", cfg.cmd_no_http_server, args=True)
    tree.add("failover", fo.cmd_failover_config, args=True)
    tree.add("no failover", fo.cmd_no_failover, args=True)
    tree.add("prompt", cfg.cmd_prompt, args=True)
    tree.add("no prompt", cfg.cmd_no_prompt, args=True)
    tree.add("crypto ca trustpoint", crypto.cmd_trustpoint, args=True)
    tree.add("no crypto ca trustpoint", crypto.cmd_no_trustpoint, args=True)
    tree.add("crypto ca export", crypto.cmd_export, args=True)
    tree.add("crypto ca import", crypto.cmd_import, args=True)


def _interface(tree: Node) -> None:
    for word in ("exit", "quit"):
        tree.add(word, modes.cmd_exit)
    tree.add("end", modes.cmd_end)
    tree.add("do", cmd_do, args=True)
    tree.add("nameif", ifc.cmd_nameif, args=True)
    tree.add("no nameif", ifc.cmd_no_nameif, args=True)
    tree.add("security-level", ifc.cmd_security_level, args=True)
    tree.add("no security-level", ifc.cmd_no_security_level, args=True)
    tree.add("ip address", ifc.cmd_ip_address, args=True)
    tree.add("no ip address", ifc.cmd_no_ip_address, args=True)
    tree.add("shutdown", ifc.cmd_shutdown)
    tree.add("no shutdown", ifc.cmd_no_shutdown)
    tree.add("management-only", ifc.cmd_management_only)
    tree.add("no management-only", ifc.cmd_no_management_only)


TRUSTPOINT_SUB_COMMANDS = (
    "enrollment", "keypair", "subject-name", "fqdn", "crl", "validation-usage", "revocation-check",
    "id-usage", "email", "ip-address", "serial-number", "no",
)  # fmt: skip


def _trustpoint(tree: Node) -> None:
    for word in ("exit", "quit"):
        tree.add(word, modes.cmd_exit)
    tree.add("end", modes.cmd_end)
    tree.add("do", cmd_do, args=True)
    for word in TRUSTPOINT_SUB_COMMANDS:
        tree.add(word, crypto.cmd_trustpoint_line, args=True)


def build_trees() -> Trees:
    """Fresh trees for one boot."""
    user, privileged, config, interface, trustpoint = Node(), Node(), Node(), Node(), Node()
    _user(user)
    _privileged(privileged)
    _global_config(config)
    _interface(interface)
    _trustpoint(trustpoint)
    return Trees(
        exec=user, priv=privileged, config=config, interface=interface, trustpoint=trustpoint
    )
