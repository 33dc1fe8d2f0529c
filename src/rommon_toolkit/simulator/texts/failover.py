"""Failover texts (research notes §2; docs/device-reference.md "Failover"), tagged [C] real
capture, [D] Cisco documentation, [G] guess. Each [G] is listed in docs/hardware-sim.md."""

from __future__ import annotations

# -- show failover [C] ntc-templates cisco_asa_show_failover_off.raw / _firepower.raw (ASA5516) --
FAILOVER_OFF = "Failover Off "  # trailing space [C]
FAILOVER_ON = "Failover On "  # trailing space [C]
FAILOVER_UNIT = "Failover unit {unit}"  # Primary | Secondary
LAN_NOT_CONFIGURED = "Failover LAN Interface: not Configured"
LAN_INTERFACE = "Failover LAN Interface: {nameif} {port} ({state})"
HEADER_LINES = (  # [C] 9.x, the firepower fixture's values
    "Reconnect timeout 0:00:00",
    "Unit Poll frequency 1 seconds, holdtime 15 seconds",
    "Interface Poll frequency 5 seconds, holdtime 25 seconds",
    "Interface Policy 1",
    "Monitored Interfaces {monitored} of 160 maximum",
    "MAC Address Move Notification Interval not set",
)
VERSION_LINE = "Version: Ours {ours}, Mate {mate}"  # [C]
SERIAL_LINE = "Serial Number: Ours {ours}, Mate {mate}"  # [C] 9.x
MATE_UNKNOWN = "Unknown"  # [C] genieparser golden output (mate down)
LAST_FAILOVER = "Last Failover at: {stamp}"  # [C]
LAST_FAILOVER_TIME = "%H:%M:%S UTC %b %d %Y"  # [C] `15:04:07 MET Feb 21 2019`
HOST_LINE = "        This host: {unit} - {state} "  # trailing space [C]
OTHER_LINE = "        Other host: {unit} - {state} "
ACTIVE_TIME = "                Active time: {seconds} (sec)"
SLOT_LINE = "                slot 1: {platform} hw/sw rev ({hw}/{version}) status (Up Sys)"
INTERFACE_LINE = "                  Interface {nameif} ({address}): {status}"
IFACE_NORMAL = "Normal (Monitored)"  # [C]
IFACE_WAITING = "Normal (Waiting)"  # [C]
IFACE_NO_LINK = "No Link (Waiting)"  # [C]
IFACE_UNKNOWN = "Unknown (Waiting)"  # [C]
STATE_ACTIVE = "Active"  # [C]
STATE_STANDBY_READY = "Standby Ready"  # [C]
STATE_FAILED = "Failed"  # [C]
# [G] the state a unit whose mate's version is not compatible reports for itself and the mate
# shows for it ("Cold Standby" and "Negotiation" are real states; which one applies is unknown).
STATE_INCOMPATIBLE = "Failed"
STATE_COLD_STANDBY = "Cold Standby"  # [C] pyntc docstring: the standby while bulk sync runs
PRIMARY, SECONDARY = "Primary", "Secondary"

# -- console notices ------------------------------------------------------------------------------
SENDING_TO_MATE = "Beginning configuration replication: Sending to mate."  # [C][D]
END_TO_MATE = "End Configuration Replication to mate"  # [C][D]
DETECTED_ACTIVE_MATE = "\tDetected an Active mate"  # [C] lab notes (TAB in the source)
BEGIN_FROM_MATE = "Beginning configuration replication from mate."  # [C]
END_FROM_MATE = "End configuration replication from mate."  # [C] lower-case `configuration`
WARNING_RULE = "************WARNING****WARNING****WARNING********************************"  # [C x2]
NOT_IDENTICAL = "   Mate version {mate} is not identical with ours {ours}"  # [C x2]
# [G] no console banner found for an incompatible mate: the banner of the identical case with
# the wording of syslog 103006 [D] ("Mate version ver_num is not compatible with ours ver_num").
NOT_COMPATIBLE = "   Mate version {mate} is not compatible with ours {ours}"
SWITCHING_TO_ACTIVE = "\n        Switching to Active"  # [C x2] blank line, 8 spaces
SWITCHING_TO_STANDBY = "\n        Switching to Standby"  # [C x2]
RELOAD_BY_ACTIVE = (  # [C] the standby's console after `failover reload-standby`
    "\n"
    "\n"
    "***\n"
    "*** --- SHUTDOWN NOW ---\n"
    "***\n"
    "*** Message to all terminals:\n"
    "***\n"
    "***   requested by active unit\n"
)
# [D] ASA CLI configuration guide, Active/Standby chapter; where the real console breaks the
# line is [G].
STANDBY_CONFIG_WARNING = (
    "**** WARNING ****\n"
    "\tConfiguration Replication is NOT performed from Standby unit to Active unit.\n"
    "\tConfigurations are no longer synchronized."
)
# [G] `write standby` on the active: the `write memory` framing, then the notices [C].
WRITE_STANDBY_BUILDING = "Building configuration..."
# [G] refusals: no capture of a refused switchover or of failover commands without a mate.
SWITCHOVER_REFUSED = "WARNING: Mate is not in Standby Ready state; switchover not performed."
NO_STANDBY_MATE = "ERROR: No standby unit is ready (failover mate not detected)."
NOT_ACTIVE = "ERROR: This command can only be used on the active unit."
FAILOVER_NOT_ON = "ERROR: Failover is not enabled."
REASON_NONE = "None"  # [C] `show failover state`
REASON_COMM_FAILURE = "Comm Failure"  # [C]
STATE_TABLE_HEADER = "               State          Last Failure Reason      Date/Time"  # [C]
STATE_THIS_HOST = "This host  -   {unit}"  # [C]
STATE_OTHER_HOST = "Other host -   {unit}"  # [C]
STATE_ROW = "               {state:<15}{reason:<25}{stamp}"  # [C] columns
STATE_TAIL = (
    "",
    "====Configuration State===",
    "        {sync}",
    "====Communication State===",
    "        Mac set",
)  # [C]
SYNC_DONE = "Sync Done"  # [C]
SYNC_DONE_STANDBY = "Sync Done - STANDBY"  # [C] seen on a pair; on which unit [G]
# [G] from memory: with no stateful link configured the statistics section is two lines.
STATEFUL_UNCONFIGURED = (
    "Stateful Failover Logical Update Statistics",
    "        Link : Unconfigured.",
)
# seconds a booting unit waits for its mate before it takes the active role (holdtime 15 s [C])
MATE_HOLDTIME = 15.0
