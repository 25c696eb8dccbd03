"""``aidcalc template caseload.xlsx``: an empty caseload workbook an office fills in and gives to ``aidcalc batch``.

The workbook holds the sheets ``households`` and ``members`` with the columns of the caseload tables
(:data:`aidcalc.caseload.columns.HOUSEHOLD_COLUMNS`, :data:`~aidcalc.caseload.columns.MEMBER_COLUMNS`) as
their header rows, and a sheet ``columns`` that explains each column: its kind, whether it is required, the
values it allows and its meaning, read from the column reference (:func:`aidcalc.caseload.columns.columns_doc`,
what ``aidcalc batch --columns`` prints). Every column of a closed vocabulary (area, relation, disability
category, self-care, student, absence, father and mother, care setting, supporter) and every flag gets a
drop-down list of its values (an Excel data validation); money columns are formatted ``#,##0.00``, dates
``yyyy-mm-dd``, and identifiers and division codes are text cells, so that ``007`` stays ``007``.
"""

from __future__ import annotations

import re
from pathlib import Path

from aidcalc.caseload.columns import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, Column, columns_doc
from aidcalc.messages import CATALOGUE, message, register_all

__all__ = ["column_notes", "write_template"]

#: the last row a data validation or a column format covers
LAST_ROW = 1_048_576
_FLAG_VALUES = ("true", "false")
_ENTRY = re.compile(r"^    (\S.*?)(?:\s{2,}(\S.*))?$")
_CONTINUED = re.compile(r"^\s{5,}(\S.*)$")

#: the words of the template's ``columns`` sheet, in the message catalogue as ``template.<key>``; sheet
#: names, column names, values and commands are codes, filled in as fields
_WORDS: dict[str, tuple[str, str]] = {
    "sheet": ("表", "sheet"), "column": ("列名", "column"), "kind": ("类型", "kind"), "required": ("必填", "required"),
    "values": ("可填的值", "allowed values"), "meaning": ("说明", "meaning"), "yes": ("是", "yes"),
    "no": ("否", "no"), "grouped": ("同组有填写时必填", "when its group is given"), "text": ("文本", "text"),
    "date": ("日期 {date_format}", "date {date_format}"), "money": ("金额（元，最多两位小数）", "yuan, at most two decimals"),
    "int": ("整数", "whole number"), "bool": ("是否（{true}/{false}）", "{true} or {false}"),
    "enum": ("从列表中选择", "one of the list"), "list": ("多个值，用 ; 分隔", "several values joined by ;"),
    "title": ("填写说明：每户一行填在 {households} 表，每人一行填在 {members} 表，以 {id_column} 相连；空白即未填。"
              "填好后运行：{command}",
              "One household a row in the {households} sheet, one person a row in the {members} sheet, joined by "
              "{id_column}; an empty cell is a field not given. Then run: {command}"),
}
register_all({f"template.{key}": texts for key, texts in _WORDS.items()})
_CODES = {"date_format": "YYYY-MM-DD", "true": "true", "false": "false", "households": "households",
          "members": "members", "id_column": "household_id"}
_COMMAND = {"zh": "aidcalc batch 本文件.xlsx -o 结果.xlsx", "en": "aidcalc batch THIS.xlsx -o results.xlsx"}


def _words(lang: str) -> dict[str, str]:
    """The sheet's words in ``lang``, with the codes they name filled in."""
    codes = {**_CODES, "command": _COMMAND["zh" if lang == "zh" else "en"]}
    return {key: message(f"template.{key}", lang, **{k: codes[k] for k in CATALOGUE[f"template.{key}"].fields()})
            for key in _WORDS}


def column_notes() -> dict[str, dict[str, str]]:
    """The meaning of each column of ``households`` and ``members``, as the column reference states it.

    The reference lists a column (or several, separated by commas) at an indent of four, its meaning after a
    gap of two or more spaces, and continues the meaning on more deeply indented lines.
    """
    out: dict[str, dict[str, str]] = {"households": {}, "members": {}}
    section: str | None = None
    names: list[str] = []
    text: list[str] = []

    def flush() -> None:
        if section is not None and names:
            for name in names:
                out[section][name] = " ".join(text)
        names.clear()
        text.clear()

    for line in columns_doc().splitlines():
        if line in out:
            flush()
            section = line
            continue
        if section is None:
            continue
        if (more := _CONTINUED.match(line)) is not None:
            text.append(more.group(1))
            continue
        entry = _ENTRY.match(line)
        if entry is None:
            flush()
            if line.strip():
                section = None
            continue
        if text:
            flush()
        names.extend(n.strip() for n in entry.group(1).split(",") if n.strip())
        if entry.group(2):
            text.append(entry.group(2))
    flush()
    return out


def _values(c: Column) -> tuple[str, ...]:
    if c.kind == "bool":
        return _FLAG_VALUES
    return c.values if c.kind == "enum" else ()


def write_template(path: Path, lang: str = "zh") -> None:
    """Write the caseload template workbook to ``path`` (words of its ``columns`` sheet in ``lang``)."""
    import openpyxl  # type: ignore[import-untyped]
    from openpyxl.comments import Comment  # type: ignore[import-untyped]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    from aidcalc.caseload._xlsxsave import save_workbook
    from aidcalc.reports.xlsx import MONEY_FORMAT, text_width

    w = _words(lang)
    notes = column_notes()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for table, columns in (("households", HOUSEHOLD_COLUMNS), ("members", MEMBER_COLUMNS)):
        sheet = book.create_sheet(table)
        sheet.append([c.name for c in columns])
        for j, c in enumerate(columns, start=1):
            letter = get_column_letter(j)
            cell = sheet.cell(1, j)
            cell.font = Font(bold=True)
            cell.comment = Comment(notes[table].get(c.name, ""), "aidcalc", width=320, height=120)
            values = _values(c)
            sheet.column_dimensions[letter].width = max(12.0, text_width(c.name) + 4,
                                                        min(40.0, text_width(",".join(values)) + 4))
            fmt = {"money": MONEY_FORMAT, "date": "yyyy-mm-dd", "text": "@"}.get(c.kind)
            if fmt is not None:
                sheet.column_dimensions[letter].number_format = fmt
            if values:
                check = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True,
                                       showErrorMessage=True, error=f"{c.name}: {' | '.join(values)}",
                                       errorTitle=c.name)
                check.add(f"{letter}2:{letter}{LAST_ROW}")
                sheet.add_data_validation(check)
            elif c.kind == "money":
                check = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                       showErrorMessage=True, error=f"{c.name}: {w['money']}", errorTitle=c.name)
                check.add(f"{letter}2:{letter}{LAST_ROW}")
                sheet.add_data_validation(check)
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"
    sheet = book.create_sheet("columns")
    sheet.append([w["title"]])
    sheet.append([w["sheet"], w["column"], w["kind"], w["required"], w["values"], w["meaning"]])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for table, columns in (("households", HOUSEHOLD_COLUMNS), ("members", MEMBER_COLUMNS)):
        for c in columns:
            required = w["no"] if not c.required else w["grouped"] if len(c.path) > 1 else w["yes"]
            sheet.append([table, c.name, w[c.kind], required, " | ".join(_values(c)), notes[table].get(c.name, "")])
    for letter, width in zip("ABCDEF", (12, 32, 24, 16, 40, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    for row in sheet.iter_rows(min_row=3):
        row[5].alignment = Alignment(wrap_text=True, vertical="top")
        row[4].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A3"
    sheet.auto_filter.ref = f"A2:F{sheet.max_row}"
    save_workbook(book, path)
