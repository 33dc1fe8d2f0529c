"""Health `show` commands (research notes /tmp/research/cisco-texts.md §4; docs/device-reference.md
"Health commands"), tagged [C] real capture, [D] Cisco documentation, [G] guess."""

from __future__ import annotations

# -- show interface ip brief [C] ntc-templates cisco_asa_show_interface_ip_brief.raw (Kenton) --
IP_BRIEF_HEADER = (
    "Interface                  IP-Address      OK? Method Status                Protocol"
)
IP_BRIEF_ROW = "{name:<27}{address:<16}YES {method:<7}{status:<22}{protocol:<4}"
STATUS_UP = "up"
STATUS_DOWN = "down"
STATUS_ADMIN_DOWN = "administratively down"
METHOD_CONFIG = "CONFIG"
METHOD_UNSET = "unset"
UNASSIGNED = "unassigned"
# [C] rows of a Kenton 5516 that are always there: (name, address, status, protocol). Whether a
# 5506-X lists the same Internal-Data ports is [G].
VIRTUAL_ROW = ("Virtual0", "127.1.0.1", "up", "up")
INTERNAL_ROWS = (
    ("Internal-Control1/1", "unassigned", "up", "down"),
    ("Internal-Data1/1", "unassigned", "up", "up"),
    ("Internal-Data1/2", "unassigned", "down", "down"),
    ("Internal-Data1/3", "unassigned", "up", "up"),
    ("Internal-Data1/4", "169.254.1.1", "up", "up"),
)

# -- show route [C] ntc-templates cisco_asa_show_route_alt_multiline.raw ----------------------
ROUTE_CODES = (
    "Codes: L - local, C - connected, S - static, R - RIP, M - mobile, B - BGP",
    "       D - EIGRP, EX - EIGRP external, O - OSPF, IA - OSPF inter area",
    "       N1 - OSPF NSSA external type 1, N2 - OSPF NSSA external type 2",
    "       E1 - OSPF external type 1, E2 - OSPF external type 2",
    "       i - IS-IS, su - IS-IS summary, L1 - IS-IS level-1, L2 - IS-IS level-2",
    "       ia - IS-IS inter area, * - candidate default, U - per-user static route",
    "       o - ODR, P - periodic downloaded static route, + - replicated route",
)
GATEWAY_OF_LAST_RESORT = "Gateway of last resort is {gateway} to network 0.0.0.0"  # [C]
NO_GATEWAY = "Gateway of last resort is not set"  # [C] cisco_asa_show_route.raw
ROUTE_CODE_WIDTH = 9  # [C] `S*       `, `C        `, `O E1     `
ROUTE_VIA = "{code}{network} {mask} [{distance}/{metric}] via {gateway}, {interface}"  # [C]
ROUTE_VIA_AGE = "{code}{network} {mask} [{distance}/{metric}] via {gateway}, {age}, {interface}"
ROUTE_CONNECTED = "{code}{network} {mask} is directly connected, {interface}"  # [C]
OSPF_DISTANCE = 110  # [C] `[110/21]`
# [G] from memory of the 9.5(1) release notes ("separate routing table for management-only
# interfaces"): `show route` lists the data routing table only, `show route management-only`
# the management one. Not seen in a capture.
MANAGEMENT_TABLE_SEPARATE = True

# -- counts --------------------------------------------------------------------------------------
CONN_COUNT = "{in_use} in use, {most_used} most used"  # [D] ASA command reference `show conn count`
# [G] `show xlate count` prints the same line as the head of `show xlate` [D TAC doc 115992]
XLATE_COUNT = "{in_use} in use, {most_used} most used"

# -- show vpn-sessiondb [summary] [C] ntc-templates cisco_asa_show_vpn-sessiondb2.raw ------------
VPN_RULE = "-" * 75
VPN_SUMMARY_TITLE = "VPN Session Summary"
VPN_SUMMARY_COLUMNS = (
    "                               Active : Cumulative : Peak Concur : Inactive",
    "                             ----------------------------------------------",
)
VPN_S2S_ROW = "Site-to-Site VPN             : {active:>6} : {cumulative:>10} : {peak:>11}"
VPN_IKEV2_ROW = "  IKEv2 IPsec                : {active:>6} : {cumulative:>10} : {peak:>11}"
VPN_TOTAL_ROW = (
    "Total Active and Inactive    : {active:>6}             Total Cumulative : {cumulative}"
)
VPN_CAPACITY_ROW = "Device Total VPN Capacity    : {capacity:>6}"
VPN_LOAD_ROW = "Device Load                  : {load:>5}%"
VPN_TUNNELS_TITLE = "Tunnels Summary"
VPN_TUNNEL_COLUMNS = (
    "                               Active : Cumulative : Peak Concurrent",
    "                             ----------------------------------------------",
)
VPN_TUNNEL_ROW = "{name:<29}: {active:>6} : {cumulative:>10} : {peak:>15}"
VPN_TUNNEL_TOTALS = "Totals                       : {active:>6} : {cumulative:>10}"
# [G] with no session the section rows are left out (not captured).
# [G] datasheet figures from memory: IPsec site-to-site peers per model.
VPN_CAPACITY = {"asa5506": 50, "asa5508": 100, "asa5516": 300}

# -- show license all [G]: the `show activation-key` layout from memory; the feature rows are the
# show version table (texts/asa_boot.py LICENSE_ROWS). A PAK-licensed Kenton was never captured.
LICENSE_SERIAL = "Serial Number:  {serial}"
