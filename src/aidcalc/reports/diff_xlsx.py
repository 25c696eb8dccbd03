"""The xlsx report of ``aidcalc diff`` (``diff -o FILE.xlsx``): the sheets summary, households, standards and notices
(汇总, 家庭, 标准变化, 文件 in 中文), amounts as numbers in ``#,##0.00``, every word in the report's language."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aidcalc.caseload._xlsxsave import save_workbook
from aidcalc.messages import register_all
from aidcalc.reports._diff_words import words
from aidcalc.reports.diff import FLAGS, Diff
from aidcalc.reports.diff_report import MONTHS, division_rows, standards_rows
from aidcalc.standards.schema import status_label
from aidcalc.vocab import BENEFITS, label

#: data rows an xlsx sheet can hold below its header
XLSX_MAX_ROWS = 1_048_575
#: the sheets' names, in the message catalogue as ``report.sheet.<key>``
SHEETS = {"summary": ("汇总", "summary"), "households": ("家庭", "households"), "standards": ("标准变化", "standards"),
          "notices": ("文件", "notices")}
register_all({f"report.sheet.{key}": names for key, names in SHEETS.items()})


def write_xlsx(diff: Diff, path: Path, lang: str = "zh") -> None:
    """A workbook with the sheets summary, households (every listed household), standards and notices, named and
    worded in ``lang``; amounts are numbers in ``#,##0.00``."""
    from aidcalc.messages import message
    from aidcalc.reports.xlsx import SheetWriter, new_workbook

    w = words(lang)
    name = {key: message(f"report.sheet.{key}", lang) for key in SHEETS}
    book = new_workbook()
    s = diff.summary
    sheet = SheetWriter(book, name["summary"], None, table=False, max_width=40)
    sheet.append([w["title"], f"A = {diff.a.label} → B = {diff.b.label}"])
    sheet.append([])
    for key, value in (("households", s.households), ("with_errors", s.with_errors), ("gainers", s.gainers),
                       ("losers", s.losers), ("unchanged", s.unchanged), ("undetermined", s.undetermined),
                       ("listed", s.listed), ("changed", len(diff.standards))):
        sheet.append([w[key], value])
    sheet.append([])
    money = range(2, 6)
    sheet.append([w["benefit"], "", w["old"], w["new"], w["change"], w["annual"]])
    for code in BENEFITS:
        old, new = s.old[code], s.new[code]
        sheet.append([code, label('benefit', code, lang), old, new, new - old, MONTHS * (new - old)], money)
    sheet.append([w["total"], "", s.old_total, s.new_total, s.change, MONTHS * s.change], money)
    sheet.append([])
    sheet.append([w["open"], "", w["open_households"], w["open_old"], w["open_new"], w["open_old_up_to"],
                  w["open_new_up_to"]])
    for code in BENEFITS:
        sheet.append([code, label('benefit', code, lang), s.open_households[code], s.open_old[code], s.open_new[code],
                      s.open_old_up_to[code], s.open_new_up_to[code]], range(3, 7))
    sheet.append([])
    sheet.append([w["flag"], "", w["before"], w["after"], w["entering"], w["leaving"]])
    for flag in FLAGS:
        sheet.append([flag, w[f"flag.{flag}"], s.flag_before[flag], s.flag_after[flag], s.entering[flag],
                      s.leaving[flag]])
    sheet.append([])
    sheet.append([w["division"], w["name"], w["households"], w["gainers"], w["losers"], w["undetermined"], w["old"],
                  w["new"], w["change"], w["annual"], w["open_old"], w["open_new"]])
    for r in division_rows(diff, lang):
        sheet.append([r["division"], r["name"], r["households"], r["gainers"], r["losers"], r["undetermined"],
                      r["old"], r["new"], r["change"], MONTHS * r["change"], r["open_old"], r["open_new"]],
                     range(6, 12))
    if len(diff) > XLSX_MAX_ROWS:
        sheet.append([])
        sheet.append([w["truncated"].format(sheet=name["households"], shown=XLSX_MAX_ROWS, total=len(diff),
                                            full="JSON")])
    sheet.close()

    header = [w["row"], w["household"], w["division"], w["area"], w["category"], w["total_old"], w["total_new"],
              w["delta"]]
    for code in BENEFITS:
        header += [f"{w[f'benefit.{code}']} A", f"{w[f'benefit.{code}']} B"]
    header += [w["open_benefits"], w["statuses"], w["flags"], w["cause"].format(sheet=name["notices"])]
    # about 8 µs a cell with openpyxl: a status column shows only the statuses that changed
    sheet = SheetWriter(book, name["households"], header, money=range(5, 8 + 2 * len(BENEFITS)))
    total_a, total_b, delta = diff.total_a, diff.total_b, diff.change
    status_word = {"eligible": w["eligible"], "ineligible": w["ineligible"], "undetermined": w["undetermined_status"]}
    for k in range(min(len(diff), XLSX_MAX_ROWS)):
        row: list[Any] = [int(diff.rows[k]), diff.ids[k], diff.division[k], w["rural" if diff.rural[k] else "urban"],
                          w["cat_" + diff.category_name(k)], int(total_a[k]), int(total_b[k]), int(delta[k])]
        for j in range(len(BENEFITS)):
            row += [int(diff.amount_a[k, j]), int(diff.amount_b[k, j])]
        row.append(diff.open_text(k, lang))
        row.append(w["sep"].join(w["status_change"].format(benefit=w[f"benefit.{code}"], old=status_word[old],
                                                           new=status_word[new])
                                 for code, old, new in diff.status_changes(k)))
        row.append(w["sep"].join(w["entering_flag" if e else "leaving_flag"].format(flag=w[f"flag.{f}"])
                                 for f, e in diff.flag_changes(k)))
        row.append(diff.cause_text(k, lang))
        sheet.append(row)
    sheet.close()

    sheet = SheetWriter(book, name["standards"], [
        w["division"], w["name"], w["on_a"], w["on_b"], w["parameter"], w["label"], w["old_value"], w["new_value"],
        w["old_status"], w["new_status"], w["notice"], w["notice_text"], w["document_number"], w["effective"],
        w["article"], w["affected"]])
    for d in standards_rows(diff, lang):
        old, new = d["old"], d["new"]
        sheet.append([d["division"], d["division_name"], d["on_a"], d["on_b"], d["name"], d["label"],
                      old.get("text", w["none_in_force"]), new.get("text", w["none_in_force"]),
                      _status(old, lang), _status(new, lang), d["notice"], new.get("title") or old.get("title"),
                      new.get("document_number") or old.get("document_number"),
                      new.get("effective") or old.get("effective"), new.get("article") or old.get("article"),
                      d["households"]])
    sheet.close()
    sheet = SheetWriter(book, name["notices"], [w["notice"], w["notice_text"]])
    for j, text in enumerate(diff.notices(lang)):
        sheet.append([j + 1, text])
    sheet.close()
    save_workbook(book, path)


def _status(value: dict[str, Any], lang: str) -> str | None:
    """A value's provenance status in words (None when no value is in force)."""
    status = value.get("status")
    return None if status is None else status_label(status, lang)
