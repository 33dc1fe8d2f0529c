"""Ways to reach a unit's console from outside the process: a pty or a raw TCP port."""
