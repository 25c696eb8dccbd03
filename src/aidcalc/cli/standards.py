"""``aidcalc standards list|show|lint|params|coverage|new``: read and check the standards tables (``coverage``
in :mod:`.standards_coverage`, ``new`` in :mod:`.standards_new`; values shown by :mod:`aidcalc.standards._shown`).

Text output is rich tables; ``--format json`` gives the same facts for machines. Money is shown in
yuan with two decimals (monthly, as the engine uses it), ratios as a notice writes them.
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import TYPE_CHECKING, Any

import click

from aidcalc.cli.common import (
    STANDARDS_HELP,
    TEXT_OR_JSON,
    check_division,
    console,
    date_option,
    echo_json,
    escape,
    fail,
    load_library,
)
from aidcalc.errors import NoValueInForce, StandardsError
from aidcalc.standards._shown import label_zh, missing_json, resolved_json, v_base, value_json, value_text

if TYPE_CHECKING:
    from rich.console import Console

    from aidcalc.standards.library import Library, Resolved


# ---------------------------------------------------------------------------------------------- group
@click.group()
def standards() -> None:
    """Inspect and check the standards tables."""


# ---------------------------------------------------------------------------------------------- list
@standards.command("list")
@click.option("--standards", "dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help=STANDARDS_HELP)
@click.option("--format", "fmt", type=TEXT_OR_JSON, default="text", show_default=True)
def list_(dirs: tuple[str, ...], fmt: str) -> None:
    """Every division with its notices: effective date, 文号 and title."""
    lib = load_library(dirs)
    by_division: dict[str, list[Any]] = {}
    for f in sorted(lib.files, key=lambda f: (f.division, f.notice.effective, f.path)):
        by_division.setdefault(f.division, []).append(f)
    codes = lib.known_divisions()
    if fmt == "json":
        echo_json({
            "standards": lib.digest,
            "divisions": [
                {
                    "code": code,
                    "name": lib.division_name(code),
                    "name_en": lib.divisions[code].name_en if code in lib.divisions else "",
                    "notices": [
                        {
                            "effective": f.notice.effective.isoformat(),
                            "until": f.notice.until.isoformat() if f.notice.until else None,
                            "document_number": f.notice.document_number,
                            "title": f.notice.title,
                            "issuer": f.notice.issuer,
                            "path": f.path,
                            "note": f.notice.note,
                            "note_en": f.notice.note_en,
                            "parameters": sorted(f.values),
                        }
                        for f in by_division.get(code, [])
                    ],
                }
                for code in codes
            ],
        })
        return
    from rich.table import Table

    out = console()
    table = Table(title=f"aidcalc standards — {len(lib.files)} notices", show_lines=False)
    table.add_column("区划 division", no_wrap=True)
    table.add_column("施行 effective", no_wrap=True)
    table.add_column("文号 document no.", overflow="fold")
    table.add_column("标题 title", overflow="fold")
    bare: list[str] = []
    for code in codes:
        notices = by_division.get(code, [])
        if not notices:
            bare.append(f"{code} {lib.division_name(code)}".strip())
            continue
        for i, f in enumerate(notices):
            label = f"{code} {lib.division_name(code) or '?'}" if i == 0 else ""
            until = f"–{f.notice.until.isoformat()}" if f.notice.until else ""
            table.add_row(escape(label), f"{f.notice.effective.isoformat()}{until}",
                          escape(f.notice.document_number or "—"), escape(f.notice.title),
                          end_section=i == len(notices) - 1)
    out.print(table)
    if bare:
        out.print("No notices of their own (values come from the division above): " + escape("，".join(bare)))


# ---------------------------------------------------------------------------------------------- show
@standards.command("show")
@click.argument("division")
@click.option("--on", "on", callback=date_option, required=True, help="Date YYYY-MM-DD.")
@click.option("--standards", "dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help=STANDARDS_HELP)
@click.option("--format", "fmt", type=TEXT_OR_JSON, default="text", show_default=True)
def show(division: str, on: dt.date, dirs: tuple[str, ...], fmt: str) -> None:
    """Every standard value in force in DIVISION on a date, with its notice, status and working."""
    from aidcalc.standards.library import Resolved

    check_division(division)
    lib = load_library(dirs)
    try:
        chain = lib.chain(division)
        values = lib.resolve_all(division, on)
    except StandardsError as exc:  # an unknown division, a rule cycle
        fail(str(exc))
    found = {n: r for n, r in values.items() if isinstance(r, Resolved)}
    missing = {n: r for n, r in values.items() if isinstance(r, NoValueInForce)}
    name = lib.division_name(division)
    if fmt == "json":
        echo_json({
            "division": division,
            "name": name,
            "on": on.isoformat(),
            "chain": list(chain),
            **_division_status(lib, division),
            "standards": lib.digest,
            "parameters": [resolved_json(r, division, lib) for r in found.values()],
            "missing": [missing_json(e) for e in missing.values()],
        })
        return
    _show_text(lib, division, on, found, missing)


def _division_status(lib: Library, code: str) -> dict[str, str]:
    """Where the division's name and parent come from: current, statistical or withdrawn in the national
    table (with the dates between which it was withdrawn), or local (added by a divisions.toml)."""
    d = lib.division(code)
    out = {"division_status": d.status if d else "unknown"}
    if d is not None and d.withdrawn:
        out["withdrawn"] = d.withdrawn
    return out


def _show_text(
    lib: Library, division: str, on: dt.date, found: dict[str, Resolved], missing: dict[str, NoValueInForce]
) -> None:
    from rich.table import Table

    from aidcalc.standards.schema import STATUS_LABEL_ZH

    out = console()
    chain = " → ".join(f"{c} {lib.division_name(c)}".strip() for c in lib.chain(division))
    state = _division_status(lib, division)
    if state["division_status"] != "current":
        chain += f" ({state['division_status']}{' ' + state['withdrawn'] if state.get('withdrawn') else ''})"
    table = Table(title=escape(f"{division} {lib.division_name(division)} — standards in force on {on.isoformat()}"),
                  caption=escape(f"{chain}; {lib.digest}"), show_lines=True)
    table.add_column("参数 parameter", overflow="fold", min_width=24)
    table.add_column("值 value", min_width=14, overflow="fold")
    table.add_column("状态 status", min_width=8)
    table.add_column("来源 source (division, notice, article, note)", ratio=1, overflow="fold")
    defaults = [r for r in found.values() if r.is_default]
    for r in found.values():
        if r.is_default:
            continue
        n = r.notice
        assert n is not None
        value = escape(value_text(r))
        if r.working:
            value += f"\n[dim]{escape(r.working)}[/dim]"
        inherited = "" if r.division == division else "（上级 inherited）"
        source = (
            f"{r.division} {lib.division_name(r.division)}{inherited} · {n.effective.isoformat()} · "
            f"{n.document_number or '无文号'} · {n.title}\n{r.ref}"
        )
        status = STATUS_LABEL_ZH.get(r.status, r.status)
        if r.status != "published":
            status = f"⚠ {status}"
            source += f"\n⚠ {r.note or ''}"
        elif r.note:  # a published value's note (e.g. an average as published) is shown too
            source += f"\n{r.note}"
        table.add_row(f"{r.name}\n{r.spec.label_zh}", value, escape(status), escape(source))
    out.print(table)
    _show_notice_notes(out, lib, [r for r in found.values() if not r.is_default])
    if defaults:
        table = Table(title="默认 defaults — no notice sets these; the catalogue's national default applies")
        table.add_column("参数 parameter", overflow="fold", min_width=24)
        table.add_column("值 value")
        table.add_column("说明 note", ratio=1, overflow="fold")
        for r in defaults:
            table.add_row(f"{r.name}\n{r.spec.label_zh}", escape(value_text(r)), escape(r.note or ""))
        out.print(table)
    if missing:
        gaps = Table(title=f"缺失 missing — {len(missing)} required parameters have no value in force")
        gaps.add_column("参数 parameter", overflow="fold", min_width=24)
        gaps.add_column("说明 message", ratio=1, overflow="fold")
        for name, exc in missing.items():
            gaps.add_row(f"{name}\n{label_zh(name)}", escape(str(exc)))
        out.print(gaps)


def _show_notice_notes(out: Console, lib: Library, shown: list[Resolved]) -> None:
    """The notes (中文) of the notices whose values are shown, once per notice: where its date or title comes
    from, what it leaves out."""
    from rich.table import Table

    notices: dict[str, Resolved] = {}
    for r in shown:
        if r.notice is not None and r.notice.note and r.path is not None:
            notices.setdefault(r.path, r)
    if not notices:
        return
    table = Table(title="通知说明 notes on the notices", show_lines=True)
    table.add_column("通知 notice", overflow="fold", min_width=24)
    table.add_column("说明 note", ratio=1, overflow="fold")
    for r in notices.values():
        n = r.notice
        assert n is not None
        table.add_row(escape(f"{r.division} {lib.division_name(r.division)} · {n.effective.isoformat()} · {n.title}"),
                      escape(n.note or ""))
    out.print(table)


# ---------------------------------------------------------------------------------------------- lint
@standards.command("lint")
@click.argument("dirs", nargs=-1, type=click.Path(exists=True, file_okay=False))
@click.option("--bundled/--no-bundled", default=True, show_default=True,
              help="With DIRs: load the bundled standards underneath, so rules may use their values.")
@click.option("--verbose", "-v", is_flag=True, help="Also list the constraint breaches that a value's note explains.")
@click.option("--strict", is_flag=True,
              help="Warnings are problems too: a benefit's figures without every parameter it needs, money above the "
                   "sanity ceiling.")
def lint_cmd(dirs: tuple[str, ...], bundled: bool, verbose: bool, strict: bool) -> None:
    """Check standards directories (default: the bundled ones); list every problem and warning, exit 1 on a problem."""
    from aidcalc.standards.lint import lint

    report = lint(list(dirs) or None, bundled=bundled, strict=strict)
    for problem in report.problems:
        click.echo(str(problem))
    for note in report.notes:
        click.echo(f"note: {note}")
    for warning in report.warnings:
        click.echo(f"warning: {warning}")
    if verbose:
        for problem in report.tolerated:
            click.echo(f"tolerated (a note explains it): {problem}")
    click.echo(report.summary())
    sys.exit(0 if report.ok else 1)


# ---------------------------------------------------------------------------------------------- params
@standards.command("params")
@click.option("--lang", type=click.Choice(["zh", "en"]), default="zh", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown: docs/standards-reference.md (both languages).")
def params_cmd(lang: str, fmt: str) -> None:
    """Print the parameter reference: every parameter, its kind, unit, forms, range, default and use."""
    from aidcalc.standards.reference import params_reference, params_text, reference_markdown

    if fmt == "json":
        echo_json(params_reference(lang))
    elif fmt == "markdown":
        click.echo(reference_markdown(), nl=False)
    else:
        click.echo(params_text(lang), nl=False)


from aidcalc.cli.standards_coverage import coverage_cmd  # noqa: E402
from aidcalc.cli.standards_new import new  # noqa: E402

standards.add_command(coverage_cmd)
standards.add_command(new)

__all__ = ["missing_json", "resolved_json", "standards", "v_base", "value_json", "value_text"]
