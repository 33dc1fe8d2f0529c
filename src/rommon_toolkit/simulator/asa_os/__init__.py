"""The ASA OS personality: boot text, console session, commands."""
