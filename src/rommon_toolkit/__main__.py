"""`python -m rommon_toolkit` runs the command-line interface."""

from rommon_toolkit.rommon.cli.main import main

raise SystemExit(main())
