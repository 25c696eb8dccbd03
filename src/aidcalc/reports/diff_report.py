"""The reports of ``aidcalc diff``: a rich summary on stdout, and HTML, xlsx and JSON files.

Every household is a gainer, a loser, unchanged or *undetermined*: one of its benefits is undetermined on
A or on B (a fact or a standard is missing), so that nobody can say whether it gains or loses. The budget
change adds up the benefits settled on both sides; what the undetermined ones count on each side, and what
they would pay if the missing facts turned out in the households' favour, is shown beside it, never in it.

A standard value cites its notice by number (``[1]``); each report lists the notices once. Money is yuan
with two decimals, monthly unless a column says annual (× 12); in the xlsx report amounts are numbers in
``#,##0.00``. The HTML report is :mod:`aidcalc.reports.diff_html`, the xlsx report :mod:`aidcalc.reports.diff_xlsx`.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.money import yuan, yuan_grouped
from aidcalc.reports._diff_words import BENEFIT_WORDS, WORDS, open_text
from aidcalc.reports.diff import FLAG_LABEL_ZH, FLAGS, Diff
from aidcalc.vocab import BENEFIT_LABEL_ZH, BENEFITS

I64 = npt.NDArray[np.int64]

MONTHS = 12
#: divisions printed on stdout (the largest changes first)
TOP_DIVISIONS = 30


def _grouped(fen: int) -> str:
    return yuan_grouped(fen)


def _signed(fen: int) -> str:
    return ("+" if fen > 0 else "") + yuan_grouped(fen)


# -------------------------------------------------------------------------------------------- data


def division_rows(diff: Diff) -> list[dict[str, Any]]:
    """Per division: households, gainers, losers, undetermined and the monthly change, largest change first."""
    lib = diff.b.library
    out: list[dict[str, Any]] = []
    for code, t in diff.summary.divisions.items():
        change = t.new - t.old
        out.append({"division": code, "name": lib.division_name(code) or diff.a.library.division_name(code),
                    "households": t.households, "gainers": t.gainers, "losers": t.losers,
                    "undetermined": t.undetermined, "old": t.old, "new": t.new, "change": change,
                    "open_old": t.open_old, "open_new": t.open_new})
    out.sort(key=lambda r: (-abs(r["change"]), r["division"]))
    return out


def standards_rows(diff: Diff) -> list[dict[str, Any]]:
    """The changed standard values, with their notice's reference number and the number of listed households
    whose cause names each."""
    rows = []
    for j, ch in enumerate(diff.standards):
        d = {"index": j, **ch.to_dict(diff.standards_households[j])}
        d["text"] = ch.text
        d["notice"] = diff.notice_ref[j]
        rows.append(d)
    return rows


def summary_json(diff: Diff) -> dict[str, Any]:
    """The summary as JSON: counts, and money as yuan strings (monthly, and annual = monthly × 12).

    ``budget`` adds up the benefits settled on both sides; ``budget.undetermined`` (and each benefit's
    ``undetermined``) the others: households, what A and B count, and what they would pay at most.
    """
    s = diff.summary

    def money(old: int, new: int) -> dict[str, str]:
        return {"old": yuan(old), "new": yuan(new), "change": yuan(new - old), "annual_change": yuan(MONTHS * (new - old))}

    def open_money(codes: tuple[str, ...]) -> dict[str, str]:
        return {"old": yuan(sum(s.open_old[c] for c in codes)), "new": yuan(sum(s.open_new[c] for c in codes)),
                "old_up_to": yuan(sum(s.open_old_up_to[c] for c in codes)),
                "new_up_to": yuan(sum(s.open_new_up_to[c] for c in codes))}

    return {
        "from": diff.a.to_dict(),
        "to": diff.b.to_dict(),
        "households": s.households,
        "households_with_errors": s.with_errors,
        "problems": s.problems,
        "gainers": s.gainers,
        "losers": s.losers,
        "unchanged": s.unchanged,
        "undetermined": s.undetermined,
        "listed": s.listed,
        "budget": {
            "monthly": {"old": yuan(s.old_total), "new": yuan(s.new_total), "change": yuan(s.change)},
            "annual": {"old": yuan(MONTHS * s.old_total), "new": yuan(MONTHS * s.new_total),
                       "change": yuan(MONTHS * s.change)},
            "undetermined": open_money(BENEFITS),
            "by_benefit": {code: {"label": BENEFIT_LABEL_ZH[code], **money(s.old[code], s.new[code]),
                                  "undetermined": {"households": s.open_households[code], **open_money((code,))}}
                           for code in BENEFITS},
        },
        "by_division": [{"division": r["division"], "name": r["name"], "households": r["households"],
                         "gainers": r["gainers"], "losers": r["losers"], "undetermined": r["undetermined"],
                         **money(r["old"], r["new"]),
                         "undetermined_old": yuan(r["open_old"]), "undetermined_new": yuan(r["open_new"])}
                        for r in division_rows(diff)],
        "flags": {flag: {"label": FLAG_LABEL_ZH[flag], "before": s.flag_before[flag], "after": s.flag_after[flag],
                         "entering": s.entering[flag], "leaving": s.leaving[flag]} for flag in FLAGS},
        "changed_standards": len(diff.standards),
        "notices": diff.notices,
    }


def undetermined_note(diff: Diff) -> str:
    """One sentence saying how many households are undetermined and what they count on each side."""
    s = diff.summary
    if not s.undetermined:
        return "no household has a benefit undetermined on either side 无待定"
    return (f"{s.undetermined:,} households 户 have a benefit undetermined on A or on B (待定: a fact or a standard "
            f"is missing): they are neither gainers nor losers and their undetermined benefits are not in the "
            f"budget change; A counts {_grouped(s.open_old_total)}, B {_grouped(s.open_new_total)} a month for "
            f"those benefits (at most {_grouped(sum(s.open_old_up_to.values()))} and "
            f"{_grouped(sum(s.open_new_up_to.values()))} if every missing fact turned out in their favour, where the "
            "amount is known)")


# ---------------------------------------------------------------------------------------- reports


def write_report(diff: Diff, path: Path, into: Path | None = None, lang: str = "zh") -> None:
    """Write the report the suffix of ``path`` names: .html/.htm, .xlsx (headers in ``lang``) or .json
    (``into``: to this file instead, e.g. a temporary one renamed to ``path`` later)."""
    suffix = path.suffix.lower()
    path = into if into is not None else path
    if suffix in (".html", ".htm"):
        from aidcalc.reports.diff_html import html_report

        path.write_text(html_report(diff), encoding="utf-8")
    elif suffix == ".xlsx":
        from aidcalc.reports.diff_xlsx import write_xlsx

        write_xlsx(diff, path, lang)
    elif suffix == ".json":
        write_json(diff, path)
    else:
        raise ValueError(f"{path}: a report is .html, .xlsx or .json")


def write_json(diff: Diff, path: Path) -> None:
    """Summary, changed standards, every listed household (amounts, delta, cause) and every input problem.

    A household's ``cause.standards`` are indices into ``changed_standards``; a changed standard's ``notice``
    is a number in ``summary.notices`` (from 1).
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


# -------------------------------------------------------------------------------------------- text


def render_summary(diff: Diff, losers: I64 | None = None, undetermined: I64 | None = None) -> None:
    """The summary as rich tables on stdout; with ``losers`` (``undetermined``), every household whose total
    falls (whose change is undetermined), and the notices they cite."""
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False, soft_wrap=False)
    if not console.is_terminal and not os.environ.get("COLUMNS"):
        console = Console(highlight=False, soft_wrap=False, width=140)
    s = diff.summary
    console.print(f"aidcalc diff: A = {diff.a.label}  →  B = {diff.b.label}", markup=False)
    t = Table(title="households 户数", title_justify="left")
    for col in ("compared", "with input problems", "gainers 增加", "losers 减少", "unchanged total 不变",
                "undetermined 待定", "listed (moved)"):
        t.add_column(col, justify="right")
    t.add_row(f"{s.households:,}", f"{s.with_errors:,}", f"{s.gainers:,}", f"{s.losers:,}", f"{s.unchanged:,}",
              f"{s.undetermined:,}", f"{s.listed:,}")
    console.print(t)
    console.print(undetermined_note(diff), markup=False)
    t = Table(title="budget by benefit (yuan; benefits settled on both sides) 按项目", title_justify="left")
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
    if s.undetermined:
        t = Table(title="undetermined benefits (yuan a month, not in the change above) 待定", title_justify="left")
        t.add_column("benefit")
        for col in ("households", "A counts", "B counts", "A at most", "B at most"):
            t.add_column(col, justify="right")
        for code in BENEFITS:
            if s.open_households[code]:
                t.add_row(f"{code} {BENEFIT_LABEL_ZH[code]}", f"{s.open_households[code]:,}", _grouped(s.open_old[code]),
                          _grouped(s.open_new[code]), _grouped(s.open_old_up_to[code]),
                          _grouped(s.open_new_up_to[code]))
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
                      ("undetermined", "right"), ("change per month", "right"), ("change per year", "right")):
        t.add_column(col, justify=just)  # type: ignore[arg-type]
    for r in rows[:TOP_DIVISIONS]:
        t.add_row(f"{r['division']} {r['name']}", f"{r['households']:,}", f"{r['gainers']:,}", f"{r['losers']:,}",
                  f"{r['undetermined']:,}", _signed(r["change"]), _signed(MONTHS * r["change"]))
    if len(rows) > TOP_DIVISIONS:
        t.add_row(f"… {len(rows) - TOP_DIVISIONS:,} more divisions", "", "", "", "", "", "")
    console.print(t)
    if diff.standards:
        t = Table(title="changed standard values 标准变化", title_justify="left")
        for col in ("division", "parameter", "A", "B", "notice", "households"):
            t.add_column(col, justify="right" if col == "households" else "left")
        refs = diff.notice_ref
        for j, ch in enumerate(diff.standards[:40]):
            t.add_row(f"{ch.division} {ch.division_name}", f"{ch.label}\n{ch.name}", _value(ch.old), _value(ch.new),
                      f"[{refs[j]}]" if refs[j] is not None else "", f"{diff.standards_households[j]:,}")
        if len(diff.standards) > 40:
            t.add_row(f"… {len(diff.standards) - 40:,} more (see the reports)", "", "", "", "", "")
        console.print(t)
    else:
        console.print("no standard value differs between A and B for the divisions of the caseload")
    listed = False
    if losers is not None:
        if losers.shape[0] == 0:
            console.print("no household receives less")
        else:
            listed = True
            console.print(f"households receiving less 减少的家庭 ({losers.shape[0]:,}):", markup=False)
            for k in losers.tolist():
                old, new = int(diff.total_a[k]), int(diff.total_b[k])
                opened = "；".join(open_text(diff, k, code, BENEFIT_WORDS["zh"][code], WORDS["zh"])
                                  for code in diff.open_benefits(k))
                console.print(f"LOSS {diff.ids[k]}  {_grouped(old)} → {_grouped(new)}  ({diff.change_text(k)})  "
                              + (f"{opened}  " if opened else "") + diff.cause_text(k),
                              markup=False, overflow="ignore", crop=False)
    if undetermined is not None and undetermined.shape[0]:
        listed = True
        console.print(f"households whose change is undetermined 待定的家庭 ({undetermined.shape[0]:,}):", markup=False)
        for k in undetermined.tolist():
            opened = "；".join(open_text(diff, k, code, BENEFIT_WORDS["zh"][code], WORDS["zh"])
                              for code in diff.open_benefits(k))
            console.print(f"UNDETERMINED {diff.ids[k]}  {opened}  {diff.cause_text(k)}", markup=False,
                          overflow="ignore", crop=False)
    if listed and diff.notices:
        console.print("notices 文件:", markup=False)
        for j, text in enumerate(diff.notices):
            console.print(f"[{j + 1}] {text}", markup=False, overflow="ignore", crop=False)


def _value(r: Any) -> str:
    from aidcalc.reports.diff import value_shown

    return value_shown(r)


__all__ = ["division_rows", "render_summary", "standards_rows", "summary_json", "undetermined_note", "write_json",
           "write_report"]
