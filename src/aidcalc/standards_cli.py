"""``aidcalc standards list|show|lint|coverage``."""

from __future__ import annotations

import click


@click.group()
def standards() -> None:
    """Inspect and check the standards tables."""
