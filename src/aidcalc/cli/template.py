"""``aidcalc template``: what an office fills in or edits — a caseload workbook, or the 告知书 templates."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("target", metavar="OUT.xlsx | statement")
@click.argument("dest", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True,
              help="Language of the workbook's sheet that explains the columns.")
@click.option("--force", is_flag=True, help="Replace OUT.xlsx if it exists.")
def template(target: str, dest: Path | None, lang: str, force: bool) -> None:
    """Write a template to fill in or edit.

    `aidcalc template OUT.xlsx`: an empty caseload workbook — sheets households and members with their
    columns and drop-down lists of the allowed values, and a sheet explaining each column;
    `aidcalc batch OUT.xlsx` reads it filled.

    `aidcalc template statement DIR`: copies the statement (告知书) templates into DIR (existing files
    there are kept). Edit office.html (the office's name), rights.html (how to contest; whom to contact),
    signatures.html, statement.css or statement.html, then print with
    `aidcalc check FILE --format html --template DIR`; files removed from DIR fall back to the bundled ones.
    """
    if target == "statement":
        if dest is None:
            raise click.UsageError("aidcalc template statement DIR: say which directory to copy the templates into")
        from aidcalc.explain.statement_html import TEMPLATES, copy_templates

        written = copy_templates(dest)
        for path in written:
            click.echo(str(path))
        kept = sorted({p.name for p in TEMPLATES.iterdir() if p.is_file()} - {p.name for p in written})
        if kept:
            click.echo(f"kept (already in {dest}): {', '.join(kept)}", err=True)
        return
    if dest is not None:
        raise click.UsageError(f"aidcalc template {target}: a workbook takes no directory ({dest})")
    from aidcalc.cli.caseload import template as caseload_template

    assert caseload_template.callback is not None
    caseload_template.callback(out=Path(target), lang=lang, force=force)
