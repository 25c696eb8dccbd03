"""Workbooks an office uses as they are: batch results whose amounts add up, and the caseload template."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from aidcalc.caseload.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS
from aidcalc.caseload.template import column_notes
from aidcalc.cli import main

CASELOAD = Path(__file__).parent / "fixtures" / "caseload"


def aidcalc(*args: object, code: int = 0) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, result.output + repr(result.exception)
    return result


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_batch_xlsx_amounts_are_numbers_that_add_up_to_the_exact_total(tmp_path: Path) -> None:
    """300 sampled households: every amount of the workbook is a number in #,##0.00 equal to the CSV's text, the
    column adds up (as Decimal, and as Excel's SUM of doubles rounded to the 分) to the exact total."""
    aidcalc("sample", "--n", "300", "--division", "370102", "--on", "2022-06-01", "-o", tmp_path / "c.parquet",
            "--seed", "4")
    aidcalc("batch", tmp_path / "c.parquet", "-o", tmp_path / "r.csv")
    aidcalc("batch", tmp_path / "c.parquet", "-o", tmp_path / "x.xlsx")
    ref = read_csv(tmp_path / "r.csv")
    exact = sum(Decimal(r["total"]) for r in ref)
    assert exact > 0
    book = openpyxl.load_workbook(tmp_path / "x.xlsx")
    sheet = book["households"]
    header = [c.value for c in sheet[1]]
    total = header.index("合计（元/月）") + 1
    cells = [sheet.cell(k, total) for k in range(2, sheet.max_row + 1)]
    assert len(cells) == 300 and all(isinstance(c.value, int | float) for c in cells)
    assert {c.number_format for c in cells} == {"#,##0.00"}
    assert [Decimal(str(c.value)) for c in cells] == [Decimal(r["total"]) for r in ref]
    assert sum(Decimal(str(c.value)) for c in cells) == exact
    assert round(sum(float(c.value) for c in cells), 2) == float(exact)  # what =SUM() shows
    members = book["members"]
    mtotal = [c.value for c in members[1]].index("合计（元/月）") + 1
    assert sum(Decimal(str(members.cell(k, mtotal).value)) for k in range(2, members.max_row + 1)) == exact
    book.close()


def test_batch_xlsx_in_english(tmp_path: Path) -> None:
    """--lang en: English headers and words."""
    aidcalc("batch", CASELOAD / "good", "-o", tmp_path / "r.xlsx", "--lang", "en")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    rows = list(book["households"].iter_rows(values_only=True))
    assert rows[0][:7] == ("Household", "Division", "Date", "Area", "Total (yuan a month)", "Dibao status",
                           "Dibao (yuan a month)")
    assert {r[5] for r in rows[1:]} <= {"eligible", "ineligible", "undetermined"} and {r[3] for r in rows[1:]} <= {
        "urban", "rural"}
    book.close()


def test_every_column_is_explained_by_the_column_reference() -> None:
    """column_notes reads a meaning for every column of both tables from `aidcalc batch --columns`."""
    notes = column_notes()
    assert set(notes["households"]) == {c.name for c in HOUSEHOLD_COLUMNS}
    assert set(notes["members"]) == {c.name for c in MEMBER_COLUMNS}
    assert notes["members"]["income_pension"] == "monthly yuan by income type, at most two decimals"
    assert notes["members"]["relation"] == (
        "self | spouse | child | parent | grandparent | grandchild | sibling | other (default other)")
    assert notes["households"]["assets_homes"].startswith("whole number of homes (any assets_* cell given")


def test_the_template_filled_in_runs_through_batch(tmp_path: Path) -> None:
    """aidcalc template writes households, members and columns sheets with drop-down lists; filled with a Guangzhou
    household (as a clerk would, dates and amounts typed as Excel values) it gives the example's 1,384.00."""
    import datetime as dt

    path = tmp_path / "caseload.xlsx"
    aidcalc("template", path)
    assert "exists" in aidcalc("template", path, code=2).stderr
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["households", "members", "columns"]
    households, members = book["households"], book["members"]
    h_cols = [c.value for c in households[1]]
    m_cols = [c.value for c in members[1]]
    assert h_cols == [c.name for c in HOUSEHOLD_COLUMNS] and m_cols == [c.name for c in MEMBER_COLUMNS]
    lists = {members.cell(1, openpyxl.utils.column_index_from_string(str(v.sqref).split(":")[0].rstrip("0123456789"))
                          ).value: v.formula1 for v in members.data_validations.dataValidation if v.type == "list"}
    assert lists["self_care"] == '"full,partial,none"'
    assert lists["employed"] == '"true,false"'
    assert {"relation", "disability_category", "student", "absence", "father", "mother", "care_setting",
            "supporter", "tekun_recipient", "needs_long_term_care"} <= set(lists)
    h_lists = [v.formula1 for v in households.data_validations.dataValidation if v.type == "list"]
    assert h_lists == ['"urban,rural"']
    explained = {(r[0], r[1]): r for r in book["columns"].iter_rows(min_row=3, values_only=True)}
    assert explained[("members", "self_care")][4] == "full | partial | none"
    assert households.freeze_panes == "A2"

    def put(sheet: openpyxl.worksheet.worksheet.Worksheet, columns: list[str], row: dict[str, object]) -> None:
        sheet.append([row.get(c) for c in columns])

    put(households, h_cols, {"household_id": "GZ-0001", "division": "440106", "area": "urban",
                             "on": dt.date(2021, 8, 1)})
    put(members, m_cols, {"household_id": "GZ-0001", "member_id": "p1", "relation": "self",
                          "birth_date": dt.date(1968, 3, 2), "income_wage": 2400, "employed": "true"})
    put(members, m_cols, {"household_id": "GZ-0001", "member_id": "p2", "relation": "spouse",
                          "birth_date": dt.date(1970, 5, 11), "disability_category": "physical",
                          "disability_grade": 2, "self_care": "partial"})
    put(members, m_cols, {"household_id": "GZ-0001", "member_id": "p3", "relation": "child",
                          "birth_date": dt.date(2010, 9, 1), "student": "compulsory"})
    book.save(path)
    out = aidcalc("batch", path, "-o", tmp_path / "r.csv").stdout
    assert "1,384.00" in out
    rows = read_csv(tmp_path / "r.csv")
    assert [(r["household_id"], r["total"], r["dibao_amount"]) for r in rows] == [("GZ-0001", "1384.00", "960.00")]
