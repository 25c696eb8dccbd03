"""``aidcalc standards list|show|lint|coverage``: read and check the standards tables.

Text output is rich tables; ``--format json`` gives the same facts for machines. Money is shown in
yuan with two decimals (monthly, as the engine uses it), ratios as a notice writes them.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections.abc import Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NoReturn

import click

from aidcalc.cli.common import date_option
from aidcalc.errors import NoValueInForce, StandardsError

if TYPE_CHECKING:
    from rich.console import Console

    from aidcalc.standards.coverage import Cell
    from aidcalc.standards.library import Library, Resolved

FORMATS = click.Choice(["text", "json"])
STANDARDS_HELP = "A standards directory layered over the bundled tables (repeatable)."


def _fail(message: str) -> NoReturn:
    click.echo(f"aidcalc: {message}", err=True)
    sys.exit(2)


def _load(standards: Sequence[str]) -> Library:
    from aidcalc.standards.library import Library

    try:
        return Library.load(list(standards))
    except StandardsError as exc:
        _fail(str(exc))


def _console() -> Console:
    """A console for tables; when writing to a file or pipe, 140 columns (or ``$COLUMNS``) wide."""
    import os

    from rich.console import Console

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console = Console(highlight=False, soft_wrap=False, width=140)
    return console


def _json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


# ---------------------------------------------------------------------------------------------- values
def value_text(r: Resolved) -> str:
    """A resolved value for reading: money in yuan per month, ratios as written, lists joined."""
    from aidcalc.money import ratio_text, yuan
    from aidcalc.standards.library import Share

    kind = r.spec.kind
    v = r.value
    if kind == "money":
        assert isinstance(v, int)
        return f"{yuan(v)} 元/月"
    if isinstance(v, Share):
        return f"{yuan(v.fen)} 元/月" if v.fen is not None else f"{v} × {_label(r.spec.base + '.urban')[2:]}"
    if kind == "ratio":
        assert isinstance(v, Fraction)
        return ratio_text(v)
    if kind == "bool":
        return "是" if v else "否"
    if kind == "list":
        assert isinstance(v, tuple)
        return "、".join(str(x) for x in v) if v else "（无）"
    if kind == "schedule":
        assert isinstance(v, tuple)
        return " / ".join(ratio_text(x) for x in v)
    if kind == "bands":
        assert isinstance(v, tuple)
        return "；".join(f"{age}岁起 {yuan(fen)} 元/月" for age, fen in v)
    return str(v)


def value_json(r: Resolved) -> object:
    """A resolved value for JSON: money as a yuan string, ratios as a decimal or fraction string."""
    from aidcalc.money import ratio_text, yuan
    from aidcalc.standards.library import Share

    kind = r.spec.kind
    v = r.value
    if kind == "money":
        assert isinstance(v, int)
        return yuan(v)
    if isinstance(v, Share):  # an amount, or a share of the household's own standard
        if v.fen is not None:
            return yuan(v.fen)
        assert v.ratio is not None
        return {"share_of": v_base(r), "ratio": ratio_text(v.ratio), "fraction": str(v.ratio), "round": v.unit,
                "mode": v.mode}
    if kind == "ratio":
        assert isinstance(v, Fraction)
        return ratio_text(v)
    if kind == "schedule":
        assert isinstance(v, tuple)
        return [ratio_text(x) for x in v]
    if kind == "bands":
        assert isinstance(v, tuple)
        return [{"from": age, "amount": yuan(fen)} for age, fen in v]
    if kind == "list":
        assert isinstance(v, tuple)
        return list(v)
    return v


def v_base(r: Resolved) -> str:
    """What a share's ratio multiplies: the household's own ``base.urban`` or ``base.rural``."""
    return f"{r.spec.base}.urban|rural"


def resolved_json(r: Resolved, context: str, lib: Library) -> dict[str, Any]:
    """Everything known about one value in force: the value, its notice, status and working."""
    from aidcalc.standards.schema import STATUS_LABEL_EN, STATUS_LABEL_ZH

    out: dict[str, Any] = {
        "name": r.name,
        "label_zh": r.spec.label_zh,
        "label_en": r.spec.label_en,
        "kind": r.spec.kind,
        "state": "default" if r.is_default else "in-force",
        "value": value_json(r),
    }
    if r.spec.kind == "money" or (r.spec.kind == "share" and isinstance(out["value"], str)):
        out["per"] = "month"
    if r.spec.kind == "ratio":
        assert isinstance(r.value, Fraction)
        out["fraction"] = str(r.value)
    if r.is_default:
        out["note"] = r.note
        out["note_en"] = r.note_en
        return out
    n = r.notice
    out.update(
        status=r.status,
        status_label_zh=STATUS_LABEL_ZH.get(r.status, r.status),
        status_label_en=STATUS_LABEL_EN.get(r.status, r.status),
        division=r.division,
        division_name=lib.division_name(r.division),
        inherited=r.division != context,
        ref=r.ref,
        note=r.note,
        note_en=r.note_en,
        path=r.path,
        notice=None if n is None else {
            "title": n.title,
            "document_number": n.document_number,
            "issuer": n.issuer,
            "effective": n.effective.isoformat(),
            "until": n.until.isoformat() if n.until else None,
            "source": n.source,
        },
        working=r.working or None,
        inputs=[i.name for i in r.inputs],
    )
    return out


def missing_json(exc: NoValueInForce) -> dict[str, Any]:
    from aidcalc.standards.catalogue import CATALOGUE

    return {
        "division": exc.division,
        "parameter": exc.parameter,
        "on": exc.on.isoformat(),
        "last_before": exc.before.isoformat() if exc.before else None,
        "next_after": exc.after.isoformat() if exc.after else None,
        "message": str(exc),
        "label_zh": CATALOGUE[exc.parameter].label_zh,
    }


# ---------------------------------------------------------------------------------------------- group
@click.group()
def standards() -> None:
    """Inspect and check the standards tables."""


# ---------------------------------------------------------------------------------------------- list
@standards.command("list")
@click.option("--standards", "dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help=STANDARDS_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def list_(dirs: tuple[str, ...], fmt: str) -> None:
    """Every division with its notices: effective date, 文号 and title."""
    lib = _load(dirs)
    by_division: dict[str, list[Any]] = {}
    for f in sorted(lib.files, key=lambda f: (f.division, f.notice.effective, f.path)):
        by_division.setdefault(f.division, []).append(f)
    codes = lib.known_divisions()
    if fmt == "json":
        _json({
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

    console = _console()
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
            table.add_row(_escape(label), f"{f.notice.effective.isoformat()}{until}",
                          _escape(f.notice.document_number or "—"), _escape(f.notice.title),
                          end_section=i == len(notices) - 1)
    console.print(table)
    if bare:
        console.print("No notices of their own (values come from the division above): " + _escape("，".join(bare)))


# ---------------------------------------------------------------------------------------------- show
@standards.command("show")
@click.argument("division")
@click.option("--on", "on", callback=date_option, required=True, help="Date YYYY-MM-DD.")
@click.option("--standards", "dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help=STANDARDS_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
def show(division: str, on: dt.date, dirs: tuple[str, ...], fmt: str) -> None:
    """Every standard value in force in DIVISION on a date, with its notice, status and working."""
    from aidcalc.standards.library import Resolved

    if not (len(division) == 6 and division.isascii() and division.isdigit()):
        _fail(f"division must be a 6-digit GB/T 2260 code such as 440106; received {division!r}")
    lib = _load(dirs)
    try:
        chain = lib.chain(division)
        values = lib.resolve_all(division, on)
    except StandardsError as exc:  # an unknown division, a rule cycle
        _fail(str(exc))
    found = {n: r for n, r in values.items() if isinstance(r, Resolved)}
    missing = {n: r for n, r in values.items() if isinstance(r, NoValueInForce)}
    name = lib.division_name(division)
    if fmt == "json":
        _json({
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

    console = _console()
    chain = " → ".join(f"{c} {lib.division_name(c)}".strip() for c in lib.chain(division))
    state = _division_status(lib, division)
    if state["division_status"] != "current":
        chain += f" ({state['division_status']}{' ' + state['withdrawn'] if state.get('withdrawn') else ''})"
    table = Table(title=_escape(f"{division} {lib.division_name(division)} — standards in force on {on.isoformat()}"),
                  caption=_escape(f"{chain}; {lib.digest}"), show_lines=True)
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
        value = _escape(value_text(r))
        if r.working:
            value += f"\n[dim]{_escape(r.working)}[/dim]"
        inherited = "" if r.division == division else "（上级 inherited）"
        source = (
            f"{r.division} {lib.division_name(r.division)}{inherited} · {n.effective.isoformat()} · "
            f"{n.document_number or '无文号'} · {n.title}\n{r.ref}"
        )
        status = STATUS_LABEL_ZH.get(r.status, r.status)
        if r.status != "published":
            status = f"⚠ {status}"
            source += f"\n⚠ {r.note or ''}"
        table.add_row(f"{r.name}\n{r.spec.label_zh}", value, _escape(status), _escape(source))
    console.print(table)
    if defaults:
        table = Table(title="默认 defaults — no notice sets these; the catalogue's national default applies")
        table.add_column("参数 parameter", overflow="fold", min_width=24)
        table.add_column("值 value")
        table.add_column("说明 note", ratio=1, overflow="fold")
        for r in defaults:
            table.add_row(f"{r.name}\n{r.spec.label_zh}", _escape(value_text(r)), _escape(r.note or ""))
        console.print(table)
    if missing:
        gaps = Table(title=f"缺失 missing — {len(missing)} required parameters have no value in force")
        gaps.add_column("参数 parameter", overflow="fold", min_width=24)
        gaps.add_column("说明 message", ratio=1, overflow="fold")
        for name, exc in missing.items():
            gaps.add_row(f"{name}\n{_label(name)}", _escape(str(exc)))
        console.print(gaps)


def _label(name: str) -> str:
    from aidcalc.standards.catalogue import CATALOGUE

    return CATALOGUE[name].label_zh


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


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
        _json(params_reference(lang))
    elif fmt == "markdown":
        click.echo(reference_markdown(), nl=False)
    else:
        click.echo(params_text(lang), nl=False)


# ---------------------------------------------------------------------------------------------- coverage
@standards.command("coverage")
@click.option("--from", "first", type=click.IntRange(1949, 2100), default=2016, show_default=True)
@click.option("--to", "last", type=click.IntRange(1949, 2100), default=2025, show_default=True)
@click.option("--division", "codes", multiple=True,
              help="Only this division (repeatable; default: every division with notices of its own).")
@click.option("--standards", "dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help=STANDARDS_HELP)
@click.option("--format", "fmt", type=FORMATS, default="text", show_default=True)
@click.option("--today", "today", callback=date_option,
              help="The day staleness is judged on (default: today's date).")
@click.option("--max-age", "max_age", type=click.IntRange(min=0), default=None, metavar="DAYS",
              help="A literal amount from a notice older than this on --today, with no later notice, is stale "
                   "(default: 400 days, as the statements warn).")
def coverage_cmd(first: int, last: int, codes: tuple[str, ...], dirs: tuple[str, ...], fmt: str,
                 today: dt.date | None, max_age: int | None) -> None:
    """Which required standards are in force on 1 July of each year, per division, and on what authority; and
    which divisions' amounts are stale today."""
    from aidcalc.standards.coverage import LEGEND, SYMBOL, coverage, stale_today
    from aidcalc.standards.library import STALE_AFTER_DAYS

    if first > last:
        _fail(f"--from {first} is after --to {last}")
    bad = [c for c in codes if not (len(c) == 6 and c.isdigit())]
    if bad:
        _fail(f"--division must be a 6-digit GB/T 2260 code such as 440106; received {bad[0]!r}")
    lib = _load(dirs)
    day = today or dt.date.today()
    threshold = STALE_AFTER_DAYS if max_age is None else max_age
    try:
        grids = coverage(lib, divisions=list(codes) or None, first=first, last=last)
        stale = stale_today(lib, on=day, divisions=list(codes) or None, max_age_days=threshold)
    except StandardsError as exc:  # a rule cycle
        _fail(str(exc))
    if fmt == "json":
        _json({
            "from": first,
            "to": last,
            "day": "07-01",
            "standards": lib.digest,
            "stale": {
                "today": day.isoformat(), "max_age_days": threshold,
                "values": [{"division": x.division, "name": x.name, "parameter": x.parameter,
                            "value": value_json(x.value), "effective": x.value.notice.effective.isoformat()
                            if x.value.notice else None, "path": x.value.path, "age_days": x.age_days}
                           for x in stale],
            },
            "legend": {state: {"symbol": SYMBOL[state], "meaning": LEGEND[state]} for state in SYMBOL},
            "divisions": [
                {
                    "code": g.code,
                    "name": g.name,
                    "counts": g.counts(),
                    "parameters": [
                        {
                            "name": p,
                            "label_zh": _label(p),
                            "years": {str(y): _cell_json(g.cell(p, y), lib) for y in g.years},
                        }
                        for p in g.parameters
                    ],
                }
                for g in grids
            ],
        })
        return
    from rich.table import Table

    console = _console()
    for g in grids:
        counts = "，".join(f"{SYMBOL[s]} {n}" for s, n in g.counts().items())
        table = Table(title=_escape(f"{g.code} {g.name} — in force on 1 July ({counts})"), title_justify="left",
                      pad_edge=False, padding=(0, 1))
        table.add_column("parameter", no_wrap=True)
        for y in g.years:
            table.add_column(str(y)[2:] if len(g.years) > 10 else str(y), justify="center", no_wrap=True)
        for p in g.parameters:
            table.add_row(p, *(g.cell(p, y).symbol for y in g.years))
        console.print(table)
    console.print("Legend: " + "; ".join(f"{SYMBOL[s]} {LEGEND[s]}" for s in SYMBOL))
    by_division: dict[str, list[str]] = {}
    for x in stale:
        effective = x.value.notice.effective.isoformat() if x.value.notice else "?"
        by_division.setdefault(f"{x.division} {x.name}".rstrip(), []).append(
            f"{x.parameter} (from {effective}, {x.age_days} days)")
    console.print(_escape(
        f"Stale on {day.isoformat()} (a required amount from a notice more than {threshold} days old, none later): "
        + (f"{len(by_division)} division(s)" if by_division else "none")))
    for where, items in by_division.items():
        console.print(_escape(f"  {where}: {'; '.join(items)}"), soft_wrap=True)


def _cell_json(cell: Cell, lib: Library) -> dict[str, Any]:
    out: dict[str, Any] = {"state": cell.state, "symbol": cell.symbol}
    r = cell.value
    if r is None:
        out["message"] = cell.message
        return out
    out["value"] = value_json(r)
    if not r.is_default and r.notice is not None:
        out.update(
            division=r.division,
            division_name=lib.division_name(r.division),
            effective=r.notice.effective.isoformat(),
            document_number=r.notice.document_number,
            title=r.notice.title,
            path=r.path,
        )
    return out


from aidcalc.cli.standards_new import new  # noqa: E402

standards.add_command(new)
