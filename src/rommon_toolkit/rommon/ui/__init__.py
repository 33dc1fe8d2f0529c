"""Terminal presentation shared by the commands (progress bars)."""
