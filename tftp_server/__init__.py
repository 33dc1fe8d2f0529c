"""The bundled TFTP server: a catalog of exactly the files a plan names, served over UDP.

Knows nothing of `rommon`, `console` or `simulator` (ARCHITECTURE.md).
"""
