"""The reports of ``aidcalc diff``: a rich summary on stdout, and HTML, xlsx and JSON files.

The HTML report is one self-contained file: its charts are inline SVG drawn here (a histogram of the
per-household changes, bars of the budget change by benefit and by division), with no script, no
stylesheet or font from elsewhere and no link out; every piece of text in it is escaped. Money is
yuan with two decimals, monthly unless a column says annual (× 12).
"""

from __future__ import annotations

import html
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.caseload._xlsxsave import save_workbook
from aidcalc.money import yuan, yuan_grouped
from aidcalc.reports.diff import FLAG_LABEL_ZH, FLAGS, Diff
from aidcalc.vocab import BENEFIT_LABEL_EN, BENEFIT_LABEL_ZH, BENEFITS

I64 = npt.NDArray[np.int64]

MONTHS = 12
#: data rows an xlsx sheet can hold below its header
XLSX_MAX_ROWS = 1_048_575
#: households listed in the HTML report's tables of losers and of gainers
HTML_LISTED = 500
#: divisions drawn in the HTML chart and printed on stdout (the largest changes first)
TOP_DIVISIONS = 30
HISTOGRAM_BINS = 24
#: rough advance of a character in the charts' 12 px font: CJK and full-width forms, the rest
WIDE_PX, NARROW_PX = 12.0, 6.8


def _grouped(fen: int) -> str:
    return yuan_grouped(fen)


def _signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + yuan_grouped(fen)


# -------------------------------------------------------------------------------------------- data


def division_rows(diff: Diff) -> list[dict[str, Any]]:
    """Per division: households, gainers, losers and the monthly and annual change, largest change first."""
    lib = diff.b.library
    out: list[dict[str, Any]] = []
    for code, t in diff.summary.divisions.items():
        change = t.new - t.old
        out.append({"division": code, "name": lib.division_name(code) or diff.a.library.division_name(code),
                    "households": t.households, "gainers": t.gainers, "losers": t.losers, "old": t.old,
                    "new": t.new, "change": change})
    out.sort(key=lambda r: (-abs(r["change"]), r["division"]))
    return out


def standards_rows(diff: Diff) -> list[dict[str, Any]]:
    """The changed standard values, with the number of listed households whose cause names each."""
    rows = []
    for j, ch in enumerate(diff.standards):
        d = {"index": j, **ch.to_dict(diff.standards_households[j])}
        d["text"] = ch.text
        rows.append(d)
    return rows


def summary_json(diff: Diff) -> dict[str, Any]:
    """The summary as JSON: counts, and money as yuan strings (monthly, and annual = monthly × 12)."""
    s = diff.summary

    def money(old: int, new: int) -> dict[str, str]:
        return {"old": yuan(old), "new": yuan(new), "change": yuan(new - old), "annual_change": yuan(MONTHS * (new - old))}

    return {
        "from": diff.a.to_dict(),
        "to": diff.b.to_dict(),
        "households": s.households,
        "households_with_errors": s.with_errors,
        "problems": s.problems,
        "gainers": s.gainers,
        "losers": s.losers,
        "unchanged": s.unchanged,
        "listed": s.listed,
        "budget": {
            "monthly": {"old": yuan(s.old_total), "new": yuan(s.new_total), "change": yuan(s.change)},
            "annual": {"old": yuan(MONTHS * s.old_total), "new": yuan(MONTHS * s.new_total),
                       "change": yuan(MONTHS * s.change)},
            "by_benefit": {code: {"label": BENEFIT_LABEL_ZH[code], **money(s.old[code], s.new[code])}
                           for code in BENEFITS},
        },
        "by_division": [{"division": r["division"], "name": r["name"], "households": r["households"],
                         "gainers": r["gainers"], "losers": r["losers"], **money(r["old"], r["new"])}
                        for r in division_rows(diff)],
        "flags": {flag: {"label": FLAG_LABEL_ZH[flag], "before": s.flag_before[flag], "after": s.flag_after[flag],
                         "entering": s.entering[flag], "leaving": s.leaving[flag]} for flag in FLAGS},
        "changed_standards": len(diff.standards),
    }


# ---------------------------------------------------------------------------------------- reports


def write_report(diff: Diff, path: Path, into: Path | None = None) -> None:
    """Write the report the suffix of ``path`` names: .html/.htm, .xlsx or .json (``into``: to this file
    instead, e.g. a temporary one renamed to ``path`` later)."""
    suffix = path.suffix.lower()
    path = into if into is not None else path
    if suffix in (".html", ".htm"):
        path.write_text(html_report(diff), encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(diff, path)
    elif suffix == ".json":
        write_json(diff, path)
    else:
        raise ValueError(f"{path}: a report is .html, .xlsx or .json")


def write_json(diff: Diff, path: Path) -> None:
    """Summary, changed standards, every listed household (amounts, delta, cause) and every input problem.

    A household's ``cause.standards`` are indices into ``changed_standards``.
    """
    with path.open("w", encoding="utf-8") as f:
        f.write('{"summary": ')
        f.write(json.dumps(summary_json(diff), ensure_ascii=False))
        f.write(',\n"changed_standards": ')
        f.write(json.dumps(standards_rows(diff), ensure_ascii=False))
        f.write(',\n"households": [')
        for k in range(len(diff)):
            f.write(",\n" if k else "\n")
            f.write(json.dumps(diff.household(k), ensure_ascii=False, separators=(",", ":")))
        f.write('],\n"problems": ')
        f.write(json.dumps(diff.errors, ensure_ascii=False, default=str))
        f.write("}\n")


def _dec(fen: int) -> Decimal:
    return Decimal(int(fen)).scaleb(-2)


def write_xlsx(diff: Diff, path: Path) -> None:
    """A workbook with the sheets ``summary``, ``households`` (every listed household) and ``standards``."""
    import openpyxl  # type: ignore[import-untyped]

    book = openpyxl.Workbook(write_only=True)
    s = diff.summary
    sheet = book.create_sheet("summary")
    sheet.append(["aidcalc diff", f"{diff.a.label} → {diff.b.label}"])
    sheet.append([])
    for label, value in (("households 户数", s.households), ("households with input problems", s.with_errors),
                         ("gainers 增加", s.gainers), ("losers 减少", s.losers), ("unchanged total 不变", s.unchanged),
                         ("listed (amount, status or flag moved)", s.listed),
                         ("changed standard values", len(diff.standards))):
        sheet.append([label, value])
    sheet.append([])
    sheet.append(["benefit", "label", "old per month", "new per month", "change per month", "change per year"])
    for code in BENEFITS:
        old, new = s.old[code], s.new[code]
        sheet.append([code, BENEFIT_LABEL_ZH[code], _dec(old), _dec(new), _dec(new - old), _dec(MONTHS * (new - old))])
    sheet.append(["total", "合计", _dec(s.old_total), _dec(s.new_total), _dec(s.change), _dec(MONTHS * s.change)])
    sheet.append([])
    sheet.append(["flag", "label", "before", "after", "entering", "leaving"])
    for flag in FLAGS:
        sheet.append([flag, FLAG_LABEL_ZH[flag], s.flag_before[flag], s.flag_after[flag], s.entering[flag],
                      s.leaving[flag]])
    sheet.append([])
    sheet.append(["division", "name", "households", "gainers", "losers", "old per month", "new per month",
                  "change per month", "change per year"])
    for r in division_rows(diff):
        sheet.append([r["division"], r["name"], r["households"], r["gainers"], r["losers"], _dec(r["old"]),
                      _dec(r["new"]), _dec(r["change"]), _dec(MONTHS * r["change"])])
    if len(diff) > XLSX_MAX_ROWS:
        sheet.append([])
        sheet.append([f"the households sheet holds the first {XLSX_MAX_ROWS:,} of {len(diff):,} listed households "
                      "(the xlsx row limit); the JSON report holds them all"])

    sheet = book.create_sheet("households")
    # about 8 µs a cell with openpyxl: a status column shows only the statuses that changed
    header = ["row", "household_id", "division", "area", "old_total", "new_total", "delta"]
    for code in BENEFITS:
        header += [f"{code}_old", f"{code}_new"]
    header += ["statuses", "flags", "cause"]
    sheet.append(header)
    total_a, total_b = diff.total_a, diff.total_b
    for k in range(min(len(diff), XLSX_MAX_ROWS)):
        row: list[Any] = [int(diff.rows[k]), diff.ids[k], diff.division[k], "rural" if diff.rural[k] else "urban",
                          _dec(total_a[k]), _dec(total_b[k]), _dec(total_b[k] - total_a[k])]
        for j in range(len(BENEFITS)):
            row += [_dec(diff.amount_a[k, j]), _dec(diff.amount_b[k, j])]
        row.append("；".join(f"{code} {old} → {new}" for code, old, new in diff.status_changes(k)))
        row.append("；".join(f"{'进入' if e else '退出'}{FLAG_LABEL_ZH[f]}" for f, e in diff.flag_changes(k)))
        row.append(diff.cause_text(k))
        sheet.append(row)

    sheet = book.create_sheet("standards")
    sheet.append(["division", "division_name", "on_a", "on_b", "parameter", "label", "old", "new", "old_status",
                  "new_status", "notice", "document_number", "effective", "article", "households"])
    for d in standards_rows(diff):
        old, new = d["old"], d["new"]
        sheet.append([d["division"], d["division_name"], d["on_a"], d["on_b"], d["name"], d["label"],
                      old.get("text", "无值 (none in force)"), new.get("text", "无值 (none in force)"),
                      old.get("status"), new.get("status"), new.get("title") or old.get("title"),
                      new.get("document_number") or old.get("document_number"),
                      new.get("effective") or old.get("effective"), new.get("article") or old.get("article"),
                      d["households"]])
    save_workbook(book, path)


# -------------------------------------------------------------------------------------------- text


def render_summary(diff: Diff, losers: I64 | None = None) -> None:
    """The summary as rich tables on stdout; with ``losers``, every household whose total falls."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console = Console(highlight=False, soft_wrap=False, width=140)
    s = diff.summary
    console.print(f"aidcalc diff: A = {diff.a.label}  →  B = {diff.b.label}", markup=False)
    t = Table(title="households 户数", title_justify="left")
    for col in ("compared", "with input problems", "gainers 增加", "losers 减少", "unchanged total 不变",
                "listed (moved)"):
        t.add_column(col, justify="right")
    t.add_row(f"{s.households:,}", f"{s.with_errors:,}", f"{s.gainers:,}", f"{s.losers:,}", f"{s.unchanged:,}",
              f"{s.listed:,}")
    console.print(t)
    t = Table(title="budget by benefit (yuan) 按项目", title_justify="left")
    t.add_column("benefit")
    for col in ("A per month", "B per month", "change per month", "change per year (×12)"):
        t.add_column(col, justify="right")
    for code in BENEFITS:
        old, new = s.old[code], s.new[code]
        t.add_row(f"{code} {BENEFIT_LABEL_ZH[code]}", _grouped(old), _grouped(new), _signed(new - old),
                  _signed(MONTHS * (new - old)))
    t.add_row("total 合计", _grouped(s.old_total), _grouped(s.new_total), _signed(s.change), _signed(MONTHS * s.change),
              style="bold")
    console.print(t)
    t = Table(title="statuses 状态", title_justify="left")
    t.add_column("flag")
    for col in ("A", "B", "entering 进入", "leaving 退出"):
        t.add_column(col, justify="right")
    for flag in FLAGS:
        t.add_row(f"{FLAG_LABEL_ZH[flag]} ({flag})", f"{s.flag_before[flag]:,}", f"{s.flag_after[flag]:,}",
                  f"{s.entering[flag]:,}", f"{s.leaving[flag]:,}")
    console.print(t)
    rows = division_rows(diff)
    t = Table(title="budget by division (yuan) 按区划", title_justify="left")
    for col, just in (("division", "left"), ("households", "right"), ("gainers", "right"), ("losers", "right"),
                      ("change per month", "right"), ("change per year", "right")):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in rows[:TOP_DIVISIONS]:
        t.add_row(f"{r['division']} {r['name']}", f"{r['households']:,}", f"{r['gainers']:,}", f"{r['losers']:,}",
                  _signed(r["change"]), _signed(MONTHS * r["change"]))
    if len(rows) > TOP_DIVISIONS:
        t.add_row(f"… {len(rows) - TOP_DIVISIONS:,} more divisions", "", "", "", "", "")
    console.print(t)
    if diff.standards:
        t = Table(title="changed standard values 标准变化", title_justify="left")
        for col in ("division", "parameter", "A", "B", "households"):
            t.add_column(col, justify="right" if col == "households" else "left")
        for j, ch in enumerate(diff.standards[:40]):
            t.add_row(f"{ch.division} {ch.division_name}", f"{ch.label}\n{ch.name}", _value(ch.old), _value(ch.new),
                      f"{diff.standards_households[j]:,}")
        if len(diff.standards) > 40:
            t.add_row(f"… {len(diff.standards) - 40:,} more (see the reports)", "", "", "", "")
        console.print(t)
    else:
        console.print("no standard value differs between A and B for the divisions of the caseload")
    if losers is not None:
        if losers.shape[0] == 0:
            console.print("no household receives less")
        else:
            console.print(f"households receiving less 减少的家庭 ({losers.shape[0]:,}):", markup=False)
            total_a, total_b = diff.total_a, diff.total_b
            for k in losers.tolist():
                old, new = int(total_a[k]), int(total_b[k])
                console.print(f"LOSS {diff.ids[k]}  {_grouped(old)} → {_grouped(new)}  ({_signed(new - old)})  "
                              f"{diff.cause_text(k)}", markup=False, overflow="ignore", crop=False)


def _value(r: Any) -> str:
    from aidcalc.reports.diff import value_shown

    return value_shown(r)


# -------------------------------------------------------------------------------------------- HTML


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def bar_chart(items: list[tuple[str, int]], title: str, width: int = 760) -> str:
    """Horizontal bars of money changes (分), labelled in yuan; negative bars go left of the axis."""
    if not items:
        return ""
    label_w, value_w, row_h, top = 300, 110, 24, 30
    plot_w = width - label_w - value_w
    lo = min(0, min(v for _, v in items))
    hi = max(0, max(v for _, v in items))
    span = (hi - lo) or 1
    zero_x = label_w + plot_w * (0 - lo) / span
    height = top + row_h * len(items) + 10
    out = [f'<svg role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" aria-label="{_e(title)}">',
           f'<text x="0" y="18" class="t">{_e(title)}</text>']
    for i, (label, value) in enumerate(items):
        y = top + i * row_h
        x0 = label_w + plot_w * (min(value, 0) - lo) / span
        w = plot_w * abs(value) / span
        cls = "neg" if value < 0 else "pos"
        short = _fit(label, label_w - 12)
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(short)}<title>{_e(label)}</title>'
                   "</text>")
        out.append(f'<rect class="{cls}" x="{x0:.1f}" y="{y + 4}" width="{max(w, 0.5):.1f}" height="{row_h - 8}">'
                   f'<title>{_e(label)}: {_e(_signed(value))}</title></rect>')
        out.append(f'<text x="{label_w + plot_w + 6}" y="{y + 16}">{_e(_signed(value))}</text>')
    out.append(f'<line x1="{zero_x:.1f}" y1="{top}" x2="{zero_x:.1f}" y2="{height - 10}" class="axis"/>')
    out.append("</svg>")
    return "\n".join(out)


def _fit(text: str, px: float) -> str:
    """``text`` cut (with an ellipsis) to about ``px`` pixels of the charts' font."""
    used = 0.0
    for i, ch in enumerate(text):
        used += WIDE_PX if ord(ch) >= 0x2E80 else NARROW_PX
        if used > px:
            return text[:max(i - 1, 0)] + "…"
    return text


def _nice_step(raw: int) -> int:
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= raw:
                return step * m
        step *= 10


def histogram_bins(deltas: I64, bins: int = HISTOGRAM_BINS) -> tuple[I64, I64]:
    """Integer bin edges (分, 0 always an edge) and counts for the non-zero ``deltas``."""
    if deltas.shape[0] == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    lo, hi = int(deltas.min()), int(deltas.max())
    step = _nice_step(max(1, -(-(hi - lo + 1) // bins)))
    start = (lo // step) * step
    count = (hi - start) // step + 1
    edges = start + step * np.arange(count + 1, dtype=np.int64)
    idx = np.searchsorted(edges, deltas, side="right") - 1
    return edges, np.bincount(idx, minlength=count).astype(np.int64)


def histogram(deltas: I64, unchanged: int, width: int = 760, height: int = 260) -> str:
    """Vertical bars: how many households change by how much (households whose total is unchanged left out)."""
    edges, counts = histogram_bins(deltas)
    title = "每户月度变化 households by change of their monthly total (yuan)"
    note = (f'<p class="note">{deltas.shape[0]:,} households whose total changes; {unchanged:,} whose total does not '
            "are not drawn.</p>")
    if counts.shape[0] == 0:
        return '<p class="note">no household total changes</p>'
    left, bottom, top = 60, 40, 30
    plot_w, plot_h = width - left - 20, height - top - bottom
    n = counts.shape[0]
    bar_w = plot_w / n
    peak = int(counts.max()) or 1
    out = [f'<svg role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" aria-label="{_e(title)}">',
           f'<text x="0" y="18" class="t">{_e(title)}</text>',
           f'<text x="{left - 6}" y="{top + 10}" text-anchor="end">{peak:,}</text>',
           f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>']
    for i in range(n):
        c = int(counts[i])
        h = plot_h * c / peak
        x = left + i * bar_w
        lo, hi = int(edges[i]), int(edges[i + 1])
        cls = "neg" if hi <= 0 else "pos"
        tip = f"{_grouped(lo)} … {_grouped(hi)}: {c:,}"
        out.append(f'<rect class="{cls}" x="{x + 1:.1f}" y="{top + plot_h - h:.1f}" width="{max(bar_w - 2, 0.5):.1f}" '
                   f'height="{h:.1f}"><title>{_e(tip)}</title></rect>')
    ticks = sorted({0, n // 2, n})
    for i in ticks:
        x = left + i * bar_w
        out.append(f'<text x="{x:.1f}" y="{top + plot_h + 16}" text-anchor="middle">{_e(_grouped(int(edges[i])))}'
                   "</text>")
    out.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" class="axis"/>')
    out.append(f'<text x="{left - 6}" y="{top + plot_h / 2:.0f}" text-anchor="end">户</text>')
    out.append("</svg>")
    return "\n".join(out) + note


_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}
svg text{font-size:12px;fill:#222}svg text.t{font-size:14px;font-weight:bold}
rect.pos{fill:#2e7d32}rect.neg{fill:#c62828}line.axis{stroke:#555;stroke-width:1}
.note{color:#555}.cause{font-size:90%;color:#333}
"""


def _table(header: list[str], rows: list[list[object]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for r in rows:
        out.append("<tr>" + "".join(f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
                                    for i, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _households_table(diff: Diff, ks: list[int]) -> str:
    total_a, total_b = diff.total_a, diff.total_b
    rows: list[list[object]] = []
    for k in ks:
        old, new = int(total_a[k]), int(total_b[k])
        rows.append([diff.ids[k], diff.division[k], "农村 rural" if diff.rural[k] else "城市 urban", _grouped(old),
                     _grouped(new), _signed(new - old), diff.cause_text(k)])
    return _table(["household", "division", "area", "A", "B", "change", "cause 原因"], rows, {3, 4, 5})


def html_report(diff: Diff) -> str:
    """The whole HTML report as one string."""
    s = diff.summary
    data = summary_json(diff)
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{_e(f'aidcalc diff: {diff.a.label} → {diff.b.label}')}</title>",
             f"<style>{_CSS}</style></head><body>",
             f"<h1>{_e('救助标准调整影响测算 aidcalc diff')}</h1>",
             f"<p>A = {_e(diff.a.label)} &nbsp;→&nbsp; B = {_e(diff.b.label)}</p>",
             "<h2>户数 households</h2>",
             _table(["compared", "with input problems", "gainers 增加", "losers 减少", "unchanged total 不变",
                     "listed (moved)"],
                    [[f"{s.households:,}", f"{s.with_errors:,}", f"{s.gainers:,}", f"{s.losers:,}",
                      f"{s.unchanged:,}", f"{s.listed:,}"]], {0, 1, 2, 3, 4, 5})]
    deltas = diff.total_b - diff.total_a
    parts.append(histogram(deltas[deltas != 0].astype(np.int64), s.households - int((deltas != 0).sum())))
    parts.append("<h2>按项目 budget by benefit (yuan)</h2>")
    rows: list[list[object]] = []
    for code in BENEFITS:
        old, new = s.old[code], s.new[code]
        rows.append([code, BENEFIT_LABEL_ZH[code], BENEFIT_LABEL_EN[code], _grouped(old), _grouped(new),
                     _signed(new - old), _signed(MONTHS * (new - old))])
    rows.append(["total", "合计", "all benefits", _grouped(s.old_total), _grouped(s.new_total), _signed(s.change),
                 _signed(MONTHS * s.change)])
    parts.append(_table(["code", "项目", "benefit", "A per month", "B per month", "change per month",
                         "change per year (×12)"], rows, {3, 4, 5, 6}))
    parts.append(bar_chart([(f"{BENEFIT_LABEL_ZH[c]} ({c})", s.new[c] - s.old[c]) for c in BENEFITS],
                           "每月预算变化（按项目） monthly budget change by benefit (yuan)"))
    parts.append("<h2>按区划 budget by division (yuan)</h2>")
    drows = division_rows(diff)
    parts.append(bar_chart([(f"{r['division']} {r['name']}", r["change"]) for r in drows[:TOP_DIVISIONS]],
                           "每月预算变化（按区划） monthly budget change by division (yuan)"
                           + (f" — the {TOP_DIVISIONS} largest" if len(drows) > TOP_DIVISIONS else "")))
    parts.append(_table(["division", "name", "households", "gainers", "losers", "A per month", "B per month",
                         "change per month", "change per year"],
                        [[r["division"], r["name"], f"{r['households']:,}", f"{r['gainers']:,}", f"{r['losers']:,}",
                          _grouped(r["old"]), _grouped(r["new"]), _signed(r["change"]),
                          _signed(MONTHS * r["change"])] for r in drows], {2, 3, 4, 5, 6, 7, 8}))
    parts.append("<h2>状态变化 entering and leaving</h2>")
    parts.append(_table(["flag", "A", "B", "entering 进入", "leaving 退出"],
                        [[f"{v['label']} ({flag})", f"{v['before']:,}", f"{v['after']:,}", f"{v['entering']:,}",
                          f"{v['leaving']:,}"] for flag, v in data["flags"].items()], {1, 2, 3, 4}))
    parts.append("<h2>标准变化 changed standard values</h2>")
    if diff.standards:
        parts.append(_table(
            ["division", "parameter", "A", "B", "notice (B, else A)", "households"],
            [[f"{d['division']} {d['division_name']}", f"{d['label']} ({d['name']})", d["old"].get("text", "—"),
              d["new"].get("text", "—"), _notice_text(d), f"{d['households']:,}"] for d in standards_rows(diff)],
            {5}))
    else:
        parts.append('<p class="note">no standard value differs between A and B for the divisions of the '
                     "caseload</p>")
    change = diff.total_b - diff.total_a
    losers = np.flatnonzero(change < 0)
    parts.append(f"<h2>减少的家庭 households receiving less ({len(losers):,})</h2>")
    if len(losers):
        shown = losers[np.argsort(change[losers], kind="stable")][:HTML_LISTED].tolist()
        parts.append(_households_table(diff, shown))
        if len(losers) > HTML_LISTED:
            parts.append(f'<p class="note">the {HTML_LISTED} largest losses of {len(losers):,}; the xlsx and JSON '
                         "reports list them all</p>")
    else:
        parts.append('<p class="note">no household receives less</p>')
    gainers = np.flatnonzero(change > 0)
    parts.append(f"<h2>增加的家庭 households receiving more ({len(gainers):,})</h2>")
    if len(gainers):
        shown = gainers[np.argsort(-change[gainers], kind="stable")][:HTML_LISTED].tolist()
        parts.append(_households_table(diff, shown))
        if len(gainers) > HTML_LISTED:
            parts.append(f'<p class="note">the {HTML_LISTED} largest gains of {len(gainers):,}; the xlsx and JSON '
                         "reports list them all</p>")
    if diff.errors:
        parts.append(f'<p class="note">{s.with_errors:,} households could not be read ({s.problems:,} problems) and '
                     "are not compared</p>")
    parts.append(f'<p class="note">{_e(f"standards A {diff.a.library.digest}; B {diff.b.library.digest}")}</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _notice_text(d: dict[str, Any]) -> str:
    r = d["new"] if d["new"].get("title") else d["old"]
    if not r.get("title"):
        return "—"
    number = f" {r['document_number']}" if r.get("document_number") else ""
    return f"{r['division']} {r['effective']} 《{r['title']}》{number} {r.get('article') or ''}".strip()


__all__ = ["bar_chart", "histogram", "html_report", "render_summary", "summary_json", "write_json", "write_report",
           "write_xlsx"]
