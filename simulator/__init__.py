"""The virtual ASA 5506-X / 5508-X / 5516-X: the far end of the console cable.

Built from the device reference, never from our driver: it must not import `rommon`.
"""
