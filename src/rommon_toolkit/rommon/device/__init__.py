"""The device conversation: the line's driver, the ROMMON and ASA command runners, credentials."""
