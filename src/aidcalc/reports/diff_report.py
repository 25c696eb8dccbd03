"""The reports of ``aidcalc diff``: a rich summary on stdout, and HTML, xlsx and JSON files.

Every household is a gainer, a loser, unchanged or *undetermined*: one of its benefits is undetermined on
A or on B (a fact or a standard is missing), so that nobody can say whether it gains or loses. The budget
change adds up the benefits settled on both sides; what the undetermined ones count on each side, and what
they would pay if the missing facts turned out in the households' favour, is shown beside it, never in it.

A standard value cites its notice by number (``[1]``); each report lists the notices once. Money is yuan
with two decimals, monthly unless a column says annual (× 12); in the xlsx report amounts are numbers in
``#,##0.00``. The HTML report is :mod:`aidcalc.reports.diff_html`, the xlsx report :mod:`aidcalc.reports.diff_xlsx`.

Every report and the summary are in one language (``lang``: ``zh`` or ``en``, the command's ``--lang``): their
words come from the message catalogue (``report.*`` in :mod:`aidcalc.reports._diff_words`), the labels of benefits,
lines and parameters from their declarations, the names of divisions in that language where the division table
has one. Codes (``dibao``, ``dibao.standard.urban``), ids, numbers and the titles of notices are shown as they are.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from aidcalc.money import yuan, yuan_grouped, yuan_signed
from aidcalc.reports._diff_columns import ABSENT, STATUSES, UNBOUNDED
from aidcalc.reports._diff_words import words
from aidcalc.reports.diff import FLAGS, Diff, value_shown
from aidcalc.vocab import BENEFITS, label

if TYPE_CHECKING:
    from rich.console import Console

I64 = npt.NDArray[np.int64]

MONTHS = 12
#: divisions printed on stdout (the largest changes first)
TOP_DIVISIONS = 30


# -------------------------------------------------------------------------------------------- data


def household_json(diff: Diff, k: int, lang: str = "zh") -> dict[str, Any]:
    """Household ``k`` for the JSON report: old and new amounts, the delta and the cause (labels in ``lang``).

    A benefit's ``amount`` is its stated amount (an undetermined one's: what it would pay); ``total`` adds
    up the eligible ones. ``delta`` is the change over the benefits settled on both sides; a benefit
    undetermined on either side has no delta (null) and is named in ``undetermined``.
    """
    stated_a, stated_b = diff.stated_a[k].tolist(), diff.stated_b[k].tolist()
    status_a, status_b = diff.status_a[k].tolist(), diff.status_b[k].tolist()
    amount_a, amount_b, open_ = diff.amount_a[k].tolist(), diff.amount_b[k].tolist(), diff.open[k].tolist()

    def side(status: list[int], stated: list[int], amount: list[int]) -> dict[str, Any]:
        return {"total": yuan(sum(amount)),
                "benefits": {code: {"status": STATUSES[status[j]], "amount": yuan(stated[j])}
                             for j, code in enumerate(BENEFITS)}}

    return {
        "row": int(diff.rows[k]), "id": diff.ids[k], "division": diff.division[k],
        "area": "rural" if diff.rural[k] else "urban",
        "category": diff.category_name(k),
        "old": side(status_a, stated_a, amount_a), "new": side(status_b, stated_b, amount_b),
        "delta": yuan(int(diff.delta[k])),
        "change_bounds": {"least": _bound(int(diff.bounds[0][k])), "most": _bound(int(diff.bounds[1][k]))},
        "delta_by_benefit": {code: None if open_[j] else yuan(amount_b[j] - amount_a[j])
                             for j, code in enumerate(BENEFITS)},
        "undetermined": diff.open_benefits(k),
        "cause": {
            "standards": list(diff.cause_standards[k]),
            "lines": [{"code": code, "label": diff.line_label(code, lang), "member": member,
                       "old": None if old == ABSENT else yuan(old), "new": None if new == ABSENT else yuan(new)}
                      for code, member, old, new in diff.lines(k)],
            "statuses": [{"benefit": c, "old": o, "new": n} for c, o, n in diff.status_changes(k)],
            "flags": [{"flag": f, "change": "entering" if e else "leaving"} for f, e in diff.flag_changes(k)],
            "ages": [{"member": m, "old": o, "new": n} for m, o, n in diff.ages(k)],
        },
    }


def _bound(fen: int) -> str | None:
    return None if abs(fen) >= UNBOUNDED // 2 else yuan(fen)


def division_rows(diff: Diff, lang: str = "zh") -> list[dict[str, Any]]:
    """Per division: households, gainers, losers, undetermined and the monthly change, largest change first (the
    division's name in ``lang``)."""
    lib = diff.b.library
    out: list[dict[str, Any]] = []
    for code, t in diff.summary.divisions.items():
        change = t.new - t.old
        out.append({"division": code, "name": lib.division_name(code, lang) or diff.a.library.division_name(code, lang),
                    "households": t.households, "gainers": t.gainers, "losers": t.losers,
                    "undetermined": t.undetermined, "old": t.old, "new": t.new, "change": change,
                    "open_old": t.open_old, "open_new": t.open_new})
    out.sort(key=lambda r: (-abs(r["change"]), r["division"]))
    return out


def standards_rows(diff: Diff, lang: str = "zh") -> list[dict[str, Any]]:
    """The changed standard values, with their notice's reference number and the number of listed households
    whose cause names each (labels and texts in ``lang``)."""
    rows = []
    for j, ch in enumerate(diff.standards):
        d = {"index": j, **ch.to_dict(diff.standards_households[j], lang)}
        d["text"] = ch.text(lang)
        d["notice"] = diff.notice_ref[j]
        rows.append(d)
    return rows


def summary_json(diff: Diff, lang: str = "zh") -> dict[str, Any]:
    """The summary as JSON: counts, and money as yuan strings (monthly, and annual = monthly × 12); labels, names
    and notices in ``lang``.

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
        "lang": lang,
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
            "by_benefit": {code: {"label": label("benefit", code, lang), **money(s.old[code], s.new[code]),
                                  "undetermined": {"households": s.open_households[code], **open_money((code,))}}
                           for code in BENEFITS},
        },
        "by_division": [{"division": r["division"], "name": r["name"], "households": r["households"],
                         "gainers": r["gainers"], "losers": r["losers"], "undetermined": r["undetermined"],
                         **money(r["old"], r["new"]),
                         "undetermined_old": yuan(r["open_old"]), "undetermined_new": yuan(r["open_new"])}
                        for r in division_rows(diff, lang)],
        "flags": {flag: {"label": words(lang)[f"flag.{flag}"], "before": s.flag_before[flag], "after": s.flag_after[flag],
                         "entering": s.entering[flag], "leaving": s.leaving[flag]} for flag in FLAGS},
        "changed_standards": len(diff.standards),
        "notices": diff.notices(lang),
    }


def undetermined_note(diff: Diff, lang: str = "zh") -> str:
    """One sentence saying how many households are undetermined and what they count on each side."""
    s = diff.summary
    w = words(lang)
    if not s.undetermined:
        return w["undetermined_none"]
    return w["undetermined_note"].format(n=f"{s.undetermined:,}", old=yuan_grouped(s.open_old_total),
                                         new=yuan_grouped(s.open_new_total),
                                         old_up_to=yuan_grouped(sum(s.open_old_up_to.values())),
                                         new_up_to=yuan_grouped(sum(s.open_new_up_to.values())))


# ---------------------------------------------------------------------------------------- reports


def write_report(diff: Diff, path: Path, into: Path | None = None, lang: str = "zh") -> None:
    """Write the report the suffix of ``path`` names, its words in ``lang``: .html/.htm, .xlsx or .json (``into``:
    to this file instead, e.g. a temporary one renamed to ``path`` later)."""
    suffix = path.suffix.lower()
    path = into if into is not None else path
    if suffix in (".html", ".htm"):
        from aidcalc.reports.diff_html import html_report

        path.write_text(html_report(diff, lang), encoding="utf-8")
    elif suffix == ".xlsx":
        from aidcalc.reports.diff_xlsx import write_xlsx

        write_xlsx(diff, path, lang)
    elif suffix == ".json":
        write_json(diff, path, lang)
    else:
        raise ValueError(f"{path}: a report is .html, .xlsx or .json")


def write_json(diff: Diff, path: Path, lang: str = "zh") -> None:
    """Summary, changed standards, every listed household (amounts, delta, cause) and every input problem; labels
    and texts in ``lang``.

    A household's ``cause.standards`` are indices into ``changed_standards``; a changed standard's ``notice``
    is a number in ``summary.notices`` (from 1).
    """
    with path.open("w", encoding="utf-8") as f:
        f.write('{"summary": ')
        f.write(json.dumps(summary_json(diff, lang), ensure_ascii=False))
        f.write(',\n"changed_standards": ')
        f.write(json.dumps(standards_rows(diff, lang), ensure_ascii=False))
        f.write(',\n"households": [')
        for k in range(len(diff)):
            f.write(",\n" if k else "\n")
            f.write(json.dumps(household_json(diff, k, lang), ensure_ascii=False, separators=(",", ":")))
        f.write('],\n"problems": ')
        f.write(json.dumps(diff.errors, ensure_ascii=False, default=str))
        f.write("}\n")


# -------------------------------------------------------------------------------------------- text


def render_summary(console: Console, diff: Diff, losers: I64 | None = None, undetermined: I64 | None = None,
                   lang: str = "zh") -> None:
    """The summary as rich tables on ``console``, in ``lang``; with ``losers`` (``undetermined``), every household whose
    total falls (whose change is undetermined), and the notices they cite."""
    from rich.table import Table

    s, w = diff.summary, words(lang)

    def table(title: str, columns: list[str], right_from: int = 1) -> Table:
        t = Table(title=title, title_justify="left")
        for j, col in enumerate(columns):
            t.add_column(col, justify="right" if j >= right_from else "left")
        return t

    def say(text: str) -> None:
        console.print(text, markup=False, overflow="ignore", crop=False)

    say(w["heading"].format(a=diff.a.label, b=diff.b.label))
    t = table(w["households_title"], [w[k] for k in ("compared", "with_errors", "gainers", "losers", "unchanged",
                                                      "undetermined_short", "listed")], 0)
    t.add_row(*(f"{n:,}" for n in (s.households, s.with_errors, s.gainers, s.losers, s.unchanged, s.undetermined,
                                    s.listed)))
    console.print(t)
    say(undetermined_note(diff, lang))
    t = table(w["budget_title"], [w["benefit"], w["old"], w["new"], w["change"], w["annual"]])
    for code in BENEFITS:
        old, new = s.old[code], s.new[code]
        t.add_row(f"{code} {label('benefit', code, lang)}", yuan_grouped(old), yuan_grouped(new), yuan_signed(new - old),
                  yuan_signed(MONTHS * (new - old)))
    t.add_row(w["total_short"], yuan_grouped(s.old_total), yuan_grouped(s.new_total), yuan_signed(s.change),
              yuan_signed(MONTHS * s.change), style="bold")
    console.print(t)
    if s.undetermined:
        t = table(w["open_title"], [w[k] for k in ("benefit", "open_households", "open_old", "open_new",
                                                   "open_old_up_to", "open_new_up_to")])
        for code in BENEFITS:
            if s.open_households[code]:
                t.add_row(f"{code} {label('benefit', code, lang)}", f"{s.open_households[code]:,}",
                          yuan_grouped(s.open_old[code]), yuan_grouped(s.open_new[code]), yuan_grouped(s.open_old_up_to[code]),
                          yuan_grouped(s.open_new_up_to[code]))
        console.print(t)
    t = table(w["flags_title"], [w[k] for k in ("flag", "before", "after", "entering", "leaving")])
    for flag in FLAGS:
        t.add_row(w[f"flag.{flag}"], f"{s.flag_before[flag]:,}", f"{s.flag_after[flag]:,}",
                  f"{s.entering[flag]:,}", f"{s.leaving[flag]:,}")
    console.print(t)
    rows = division_rows(diff, lang)
    t = table(w["divisions_title"], [w[k] for k in ("division", "households", "gainers", "losers",
                                                    "undetermined_short", "change", "annual")])
    for r in rows[:TOP_DIVISIONS]:
        t.add_row(f"{r['division']} {r['name']}", f"{r['households']:,}", f"{r['gainers']:,}", f"{r['losers']:,}",
                  f"{r['undetermined']:,}", yuan_signed(r["change"]), yuan_signed(MONTHS * r["change"]))
    if len(rows) > TOP_DIVISIONS:
        t.add_row(w["more_divisions"].format(n=f"{len(rows) - TOP_DIVISIONS:,}"), "", "", "", "", "", "")
    console.print(t)
    if diff.standards:
        t = table(w["standards_title"], [w[k] for k in ("division", "parameter", "old_value", "new_value", "notice",
                                                        "affected")], 5)
        refs = diff.notice_ref
        for j, ch in enumerate(diff.standards[:40]):
            t.add_row(f"{ch.division} {ch.division_name(lang)}", f"{ch.label(lang)}\n{ch.name}",
                      value_shown(ch.old, lang), value_shown(ch.new, lang),
                      f"[{refs[j]}]" if refs[j] is not None else "", f"{diff.standards_households[j]:,}")
        if len(diff.standards) > 40:
            t.add_row(w["more_standards"].format(n=f"{len(diff.standards) - 40:,}"), "", "", "", "", "")
        console.print(t)
    else:
        say(w["no_standards"])
    listed = False
    if losers is not None:
        if losers.shape[0] == 0:
            say(w["none_losers"])
        else:
            listed = True
            say(w["listing"].format(title=w["losers_title"], n=f"{losers.shape[0]:,}"))
            for k in losers.tolist():
                old, new = int(diff.total_a[k]), int(diff.total_b[k])
                opened = diff.open_text(k, lang)
                say(f"{w['loss_tag']} {diff.ids[k]}  {yuan_grouped(old)} → {yuan_grouped(new)}  ({diff.change_text(k)})  "
                    + (f"{opened}  " if opened else "") + diff.cause_text(k, lang))
    if undetermined is not None and undetermined.shape[0]:
        listed = True
        say(w["listing"].format(title=w["undetermined_title"], n=f"{undetermined.shape[0]:,}"))
        for k in undetermined.tolist():
            say(f"{w['undetermined_tag']} {diff.ids[k]}  {diff.open_text(k, lang)}  {diff.cause_text(k, lang)}")
    notices = diff.notices(lang)
    if listed and notices:
        say(w["listing"].format(title=w["notices_title"], n=len(notices)))
        for j, text in enumerate(notices):
            say(f"[{j + 1}] {text}")


__all__ = ["division_rows", "household_json", "render_summary", "standards_rows", "summary_json", "undetermined_note",
           "write_json", "write_report"]
