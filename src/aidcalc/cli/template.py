"""``aidcalc template``: copies of what an office edits — the statement (告知书) templates."""

from __future__ import annotations

from pathlib import Path

import click


@click.group()
def template() -> None:
    """Write a template to edit: `aidcalc template statement DIR` copies the 告知书 templates."""


@template.command("statement")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def statement(dest: Path) -> None:
    """Copy the statement (告知书) templates into DEST to edit; existing files there are kept.

    Edit office.html (the office's name), rights.html (how to contest; whom to contact),
    signatures.html, statement.css or statement.html, then print with
    `aidcalc check FILE --format html --template DEST`. Files removed from DEST fall back to the bundled ones.
    """
    from aidcalc.explain.statement_html import TEMPLATES, copy_templates

    written = copy_templates(dest)
    for path in written:
        click.echo(str(path))
    kept = sorted({p.name for p in TEMPLATES.iterdir() if p.is_file()} - {p.name for p in written})
    if kept:
        click.echo(f"kept (already in {dest}): {', '.join(kept)}", err=True)
