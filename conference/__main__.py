"""`python -m conference` runs the sfconf command."""

from __future__ import annotations

from conference.cli import main

raise SystemExit(main())
