"""`python -m rommon` runs the command-line interface."""

from rommon.cli import main

raise SystemExit(main())
