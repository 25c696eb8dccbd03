"""``aidcalc standards new DIVISION --effective DATE``: start the file of a new notice (see
:mod:`aidcalc.standards.new_notice`)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from aidcalc.cli.common import STANDARDS_HELP, check_division, date_option, fail
from aidcalc.errors import StandardsError


@click.command("new")
@click.argument("division")
@click.option("--effective", callback=date_option, required=True, help="The new notice's effective date YYYY-MM-DD.")
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Carry this notice file's values over (default: the notices of DIVISION in force the day before).")
@click.option("--template", "blank", is_flag=True, help="Write the commented template of every parameter instead.")
@click.option("--into", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="The standards directory to write into (also read, over the bundled tables).")
@click.option("--standards", "dirs", multiple=True, type=click.Path(exists=True, file_okay=False),
              help=STANDARDS_HELP)
def new(division: str, effective: dt.date, source: Path | None, blank: bool, into: Path, dirs: tuple[str, ...]) -> None:
    """Write INTO/<DIVISION>-<name>/<DATE>.toml for a new notice: the values in force carried over (each
    marked carried-over for review), or a commented template of every parameter. Never overwrites a file."""
    from aidcalc.standards.library import Library
    from aidcalc.standards.new_notice import from_values, template
    from aidcalc.standards.schema import NoticeFile, ValueDef, parse_notice_file

    check_division(division)
    assert effective is not None
    layers = [*dirs, *([str(into)] if into.is_dir() else [])]
    try:
        lib = Library.load(layers)
        lib.chain(division)
        from_file = parse_notice_file(source.resolve()) if source is not None else None
    except StandardsError as exc:
        fail(str(exc))
    d = lib.division(division)
    name = d.name if d else ""
    folder = next((p for p in sorted(into.glob(f"{division}-*")) if p.is_dir()), None)
    if folder is None:
        slug = (d.name_en if d and d.name_en else name).lower().replace(" ", "-") or "division"
        folder = into / f"{division}-{slug}"
    target = folder / f"{effective.isoformat()}.toml"
    if target.exists():
        fail(f"{target} exists; aidcalc standards new never overwrites a file (choose another --into, or move it)")
    values: dict[str, tuple[ValueDef, NoticeFile]] = {}
    if from_file is not None:
        values = {n: (v, from_file) for n, v in from_file.values.items()}
    elif not blank:
        day = effective - dt.timedelta(days=1)
        by_path = {f.path: f for f in lib.files}
        for (code, param), entries in sorted(lib.index_items()):
            if code != division:
                continue
            live = [e for e in entries if e.effective <= day and (e.until is None or e.until >= day)]
            if live:
                values[param] = (live[-1].value, by_path[live[-1].path])
    text = from_values(division, name, effective, values) if values else template(division, name, effective)
    folder.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8") as f:  # "x": never replaces a file that appeared meanwhile
        f.write(text)
    what = (f"{len(values)} values carried over from {len({f.path for _, f in values.values()})} notice(s), each "
            "status = \"carried-over\": confirm or change each against the new notice" if values
            else "a commented template of every parameter: uncomment and fill in what the notice sets")
    click.echo(f"wrote {target}: {what}; then run aidcalc standards lint {into}", err=True)
