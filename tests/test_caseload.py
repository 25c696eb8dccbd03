"""Whole caseloads: aidcalc batch and aidcalc sample, over the fictional test standards (division 990100)."""

from __future__ import annotations

import contextlib
import csv
import json
import subprocess
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from aidcalc import Engine
from aidcalc.caseload import BENEFITS
from aidcalc.caseload._readahead import sibling
from aidcalc.caseload.results import TableWriter
from aidcalc.caseload.tables import HOUSEHOLD_COLUMNS, MEMBER_COLUMNS, check, columns_doc, flatten_household, normalise
from aidcalc.cli import caseload as caseload_cli
from aidcalc.cli import main
from aidcalc.errors import Unstreamable
from aidcalc.household import Assets, Disability, History, Household, Member, Parents

HERE = Path(__file__).parent
STANDARDS = HERE / "fixtures" / "standards"
CASELOAD = HERE / "fixtures" / "caseload"


def batch(*args: object, ok: bool = True) -> Any:
    result = CliRunner().invoke(main, ["batch", *map(str, args), "--standards", str(STANDARDS)])
    if ok:
        assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def errors(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def summary(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return data


def string_table(path: Path) -> pa.Table:
    """A CSV table read the way a caseload export holds it: every cell text, empty cells absent."""
    with path.open(encoding="utf-8") as f:
        names = next(csv.reader(f))
    return pacsv.read_csv(path, convert_options=pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, strings_can_be_null=True, null_values=[""]))


def write_tables(households: list[dict[str, object]], members: list[dict[str, object]], out: Path) -> None:
    """Households and members rows written as caseload tables (CSV pair) at ``out``."""
    for path, rows in ((out, households), (sibling(out, "members"), members)):
        names = list(dict.fromkeys(k for r in rows for k in r))
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, names)
            w.writeheader()
            for r in rows:
                w.writerow({k: ("true" if v is True else "false" if v is False else v) for k, v in r.items()})


def jsonl_to_tables(src: Path, out: Path) -> None:
    hrows: list[dict[str, object]] = []
    mrows: list[dict[str, object]] = []
    for line in src.read_text("utf-8").splitlines():
        h, ms = flatten_household(json.loads(line))
        hrows.append(h)
        mrows.extend(ms)
    write_tables(hrows, mrows, out)


def converted(directory: Path, fmt: str, tmp: Path) -> Path:
    """The CSV pair in ``directory`` as a Parquet pair (text columns) or an xlsx workbook."""
    out = tmp / f"caseload.{fmt}"
    w = TableWriter(out, fmt)  # type: ignore[arg-type]
    w.write("households", string_table(directory / "households.csv"))
    w.write("members", string_table(directory / "members.csv"))
    w.close()
    return out


def outputs(out: Path) -> tuple[bytes, bytes]:
    return out.read_bytes(), sibling(out, "members").read_bytes()


# ------------------------------------------------------------------------------ row conservation


def test_every_line_of_a_mixed_jsonl_caseload_is_in_the_results_or_the_errors(tmp_path: Path) -> None:
    """Good lines and every kind of bad line: each household is in exactly one of results and errors."""
    out = tmp_path / "r.csv"
    batch(CASELOAD / "mixed.jsonl", "-o", out, "--summary-json", tmp_path / "s.json")
    lines = [n for n, text in enumerate((CASELOAD / "mixed.jsonl").read_text("utf-8").splitlines(), 1)
             if text.strip()]
    ids_by_line = {}
    for n, text in enumerate((CASELOAD / "mixed.jsonl").read_text("utf-8").splitlines(), 1):
        with contextlib.suppress(json.JSONDecodeError):
            ids_by_line[n] = json.loads(text)["id"]
    results = read_csv(out)
    errs = errors(tmp_path / "r.errors.jsonl")
    error_lines = {e["row"] for e in errs}
    result_lines = [n for n in lines if n not in error_lines]
    assert [r["household_id"] for r in results] == [ids_by_line[n] for n in result_lines]
    assert len(results) + len(error_lines) == len(lines) == 31
    s = summary(tmp_path / "s.json")
    assert (s["households_in"], s["households_out"], s["households_with_errors"]) == (31, 18, 13)
    assert s["balanced"] is True
    by_household = {(e["household"], e["field"]): e for e in errs}
    assert by_household["B-division", "division"]["message"].startswith("a 6-digit GB/T 2260 division code")
    assert by_household["B-unknown-division", "division"]["message"].startswith(
        "not a division aidcalc knows: neither in the national GB/T 2260 table")
    assert by_household["B-field", "colour"]["message"].startswith("unknown field")
    assert by_household["B-money", "incomes.wage"] | {"message": ""} == {
        "row": 7, "table": "households", "household": "B-money", "member": "p1", "field": "incomes.wage",
        "value": "1200.005", "message": ""}
    assert "at most two decimals" in by_household["B-money", "incomes.wage"]["message"]
    assert by_household["B-date", "birth_date"]["value"] == "2021-02-30"
    assert by_household["B-member-id", "id"]["message"] == "member id 'p1' appears more than once; member ids must be unique"
    assert (by_household["B-member-id", "id"]["member"], by_household["B-member-id", "id"]["value"]) == ("p1", "p1")
    assert by_household["B-income", "incomes.salary"]["message"].startswith("unknown income type")
    assert by_household["?", "(line)"]["row"] == 11
    assert by_household["?", "(line)"]["message"].startswith("not valid JSON")
    assert by_household["B-grade", "disability.grade"]["value"] == 5
    assert {e["member"] for e in errs if e["household"] == "B-two"} == {"p1", "p2"}
    assert by_household["T-02", "id"]["row"] == 32  # the first T-02 (line 2) is computed, the repeat is not


def test_every_row_of_a_mixed_csv_caseload_is_in_the_results_or_the_errors(tmp_path: Path) -> None:
    """The CSV pair, with a member row whose household does not exist: rows conserved, stray row reported."""
    out = tmp_path / "r.csv"
    result = batch(CASELOAD / "mixed", "-o", out, "--chunk-size", "4", "--summary-json", tmp_path / "s.json")
    households = read_csv(CASELOAD / "mixed" / "households.csv")
    results = read_csv(out)
    errs = errors(tmp_path / "r.errors.jsonl")
    error_rows = {e["row"] for e in errs if e["table"] == "households"}
    out_rows = [n for n in range(1, len(households) + 1) if n not in error_rows]
    assert [r["household_id"] for r in results] == [households[n - 1]["household_id"] for n in out_rows]
    assert len(results) + len(error_rows) == len(households) == 30
    s = summary(tmp_path / "s.json")
    assert (s["households_in"], s["households_out"], s["households_with_errors"]) == (30, 17, 13)
    assert s["member_rows_without_household"] == 1
    assert "in = out + errors: 30 = 17 + 13 ✓" in result.output
    stray = [e for e in errs if e["table"] == "members"]
    assert stray == [{"row": 16, "table": "members", "household": "GHOST", "member": "g1", "field": "household_id",
                      "value": "GHOST", "message": "no household with this household_id in the households table"}]
    money = next(e for e in errs if e["household"] == "B-money")
    assert (money["member_row"], money["column"], money["value"]) == (10, "income_wage", "1200.005")
    salary = next(e for e in errs if e["household"] == "B-income")
    assert (salary["column"], salary["member_row"]) == ("income_salary", 14)
    # a household id on two rows: neither is computed (their member rows cannot be told apart)
    assert sorted(e["row"] for e in errs if e["household"] == "T-02") == [2, 30]


def test_bad_rows_in_every_chunk_never_stop_the_run(tmp_path: Path) -> None:
    """With one household per chunk and two processes, the same rows are computed and the same errors written."""
    batch(CASELOAD / "mixed", "-o", tmp_path / "a.csv")
    batch(CASELOAD / "mixed", "-o", tmp_path / "b.csv", "--chunk-size", "1", "--jobs", "2")
    assert outputs(tmp_path / "a.csv") == outputs(tmp_path / "b.csv")
    assert (tmp_path / "a.errors.jsonl").read_bytes() == (tmp_path / "b.errors.jsonl").read_bytes()


# ------------------------------------------------------------------------------- formats agree


@pytest.mark.parametrize("fmt", ["csv", "parquet", "xlsx", "jsonl"])
def test_csv_parquet_xlsx_and_jsonl_inputs_give_identical_results(tmp_path: Path, fmt: str) -> None:
    """The good caseload as JSON lines, a CSV pair, a Parquet pair or an xlsx workbook gives the same bytes out."""
    batch(CASELOAD / "good.jsonl", "-o", tmp_path / "ref.csv")
    source = {"csv": CASELOAD / "good", "jsonl": CASELOAD / "good.jsonl"}.get(fmt) or converted(
        CASELOAD / "good", fmt, tmp_path)
    batch(source, "-o", tmp_path / "got.csv", "--chunk-size", "5")
    assert outputs(tmp_path / "got.csv") == outputs(tmp_path / "ref.csv")
    assert (tmp_path / "got.errors.jsonl").read_text() == ""
    assert len(read_csv(tmp_path / "got.csv")) == 18


def test_on_sets_the_date_of_every_household_in_every_format(tmp_path: Path) -> None:
    """--on overrides each household's own date (and today's, for those without one) alike in JSON and CSV."""
    batch(CASELOAD / "good.jsonl", "-o", tmp_path / "j.csv", "--on", "2021-09-01")
    batch(CASELOAD / "good", "-o", tmp_path / "c.csv", "--on", "2021-09-01")
    assert outputs(tmp_path / "j.csv") == outputs(tmp_path / "c.csv")
    assert {r["on"] for r in read_csv(tmp_path / "j.csv")} == {"2021-09-01"}


def test_households_the_fast_path_hands_to_the_model_come_out_the_same(tmp_path: Path) -> None:
    """Cells only the Household model accepts (amounts of 15–17 digits with leading zeros, Yes, +0, a birth in
    1885) give the JSON results."""
    batch(CASELOAD / "tricky.jsonl", "-o", tmp_path / "ref.csv")
    jsonl_to_tables(CASELOAD / "tricky.jsonl", tmp_path / "tricky.csv")
    batch(tmp_path / "tricky.csv", "-o", tmp_path / "got.csv")
    assert outputs(tmp_path / "got.csv") == outputs(tmp_path / "ref.csv")
    assert len(read_csv(tmp_path / "got.csv")) == 4


def test_column_checks_pass_plain_cells_and_leave_the_rest_to_the_model(tmp_path: Path) -> None:
    """The good CSV passes the column checks whole; tricky cells (0000000000000300, Yes, +0, 1885) go to the model."""
    import numpy as np

    jsonl_to_tables(CASELOAD / "tricky.jsonl", tmp_path / "tricky.csv")
    # K-3 and K-4 hold forms both read alike (grade "02", flag "f", "650.5", one parent given)
    for households, members, good in (
        (CASELOAD / "good" / "households.csv", CASELOAD / "good" / "members.csv", [True] * 18),
        (tmp_path / "tricky.csv", tmp_path / "tricky.members.csv", [False, False, True, True]),
    ):
        h = normalise(string_table(households), HOUSEHOLD_COLUMNS)
        m = normalise(string_table(members), MEMBER_COLUMNS)
        ids = h.column("household_id").to_pylist()
        position = np.array([ids.index(x) for x in m.column("household_id").to_pylist()], dtype=np.int64)
        assert check(h, m, position).good.tolist() == good


@pytest.mark.parametrize("cut", [1, 2, 7])
def test_columns_read_in_pieces_are_checked_as_when_read_whole(tmp_path: Path, cut: int) -> None:
    """A chunk whose columns come in several pieces (rows from several batches) gets the very same checks:
    text cells (good, bad and tricky ones) and typed Parquet cells (decimals, dates, dictionaries)."""
    import numpy as np

    from aidcalc.caseload._table import Table as _Table

    jsonl_to_tables(CASELOAD / "tricky.jsonl", tmp_path / "tricky.csv")
    pairs = [(string_table(h), string_table(m)) for h, m in (
        (CASELOAD / "mixed" / "households.csv", CASELOAD / "mixed" / "members.csv"),
        (CASELOAD / "good" / "households.csv", CASELOAD / "good" / "members.csv"),
        (tmp_path / "tricky.csv", tmp_path / "tricky.members.csv"))]
    typed = _sample(tmp_path, 40, "typed.parquet")  # as the batch reader reads it: enums and divisions as dictionaries
    pairs.append((_Table(typed, "parquet", "households").read_all(),
                  _Table(sibling(typed, "members"), "parquet", "members").read_all()))
    for h_raw, m_raw in pairs:
        ids = h_raw.column("household_id").to_pylist()
        known = [x in ids for x in m_raw.column("household_id").to_pylist()]
        position = np.array([ids.index(x) for x in m_raw.column("household_id").to_pylist() if x in ids],
                            dtype=np.int64)
        order = np.argsort(position, kind="stable")
        members = m_raw.filter(pa.array(known)).take(pa.array(order))
        whole = [normalise(t.combine_chunks(), spec) for t, spec in ((h_raw, HOUSEHOLD_COLUMNS),
                                                                     (members, MEMBER_COLUMNS))]
        pieces = [normalise(pa.concat_tables([t.slice(k, cut) for k in range(0, t.num_rows, cut)]), spec)
                  for t, spec in ((h_raw, HOUSEHOLD_COLUMNS), (members, MEMBER_COLUMNS))]
        assert pieces[1].column("member_id").num_chunks == -(-members.num_rows // cut)
        a = check(*whole, position[order])
        b = check(*pieces, position[order])
        assert a.good.tolist() == b.good.tolist()
        for x, y in ((a.households, b.households), (a.members, b.members)):
            assert x.keys() == y.keys()
            for name in x:
                for field in ("values", "present", "ok"):
                    assert getattr(x[name], field).tolist() == getattr(y[name], field).tolist(), (name, field)


def test_members_in_any_order_give_the_same_results(tmp_path: Path) -> None:
    """A members table not grouped in the households' order is matched by household id all the same."""
    batch(CASELOAD / "good", "-o", tmp_path / "ref.csv")
    rows = (CASELOAD / "good" / "members.csv").read_text("utf-8").splitlines(keepends=True)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "households.csv").write_bytes((CASELOAD / "good" / "households.csv").read_bytes())
    (tmp_path / "in" / "members.csv").write_text(rows[0] + "".join(reversed(rows[1:])), "utf-8")
    batch(tmp_path / "in", "-o", tmp_path / "got.csv", "--chunk-size", "3")
    ref_members = sorted(read_csv(sibling(tmp_path / "ref.csv", "members")), key=lambda r: (r["household_id"],
                                                                                             r["member_id"]))
    got_members = sorted(read_csv(sibling(tmp_path / "got.csv", "members")), key=lambda r: (r["household_id"],
                                                                                             r["member_id"]))
    assert (tmp_path / "got.csv").read_bytes() == (tmp_path / "ref.csv").read_bytes()
    assert got_members == ref_members


def _sample(tmp_path: Path, n: int, name: str = "s.csv") -> Path:
    out = tmp_path / name
    got = CliRunner().invoke(main, ["sample", "--n", str(n), "--division", "990100", "--on", "2021-08-01", "-o",
                                    str(out), "--seed", "3", "--standards", str(STANDARDS)])
    assert got.exit_code == 0, got.output
    return out


@pytest.mark.parametrize("breach", ["none", "household_late", "member_late", "stray_late", "missing_late"])
def test_streaming_gives_what_reading_the_ids_whole_gives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          breach: str) -> None:
    """Sorted tables are streamed; a breach of the order found chunks later starts the run again from the
    whole id columns, and the results are those of the whole-column reading alone."""
    from aidcalc.caseload import inputs, run

    sample = _sample(tmp_path, 900)
    households, members = read_csv(sample), read_csv(sibling(sample, "members"))
    if breach == "household_late":  # the last household sorts first
        old = households[-1]["household_id"]
        households[-1]["household_id"] = "A-late"
        for m in members:
            m["household_id"] = "A-late" if m["household_id"] == old else m["household_id"]
    elif breach == "member_late":  # one member of an early household comes at the end
        members.append(members.pop(1))
    elif breach == "stray_late":  # a member row whose household is not in the table
        members.insert(len(members) - 2, {**members[-3], "household_id": "S3-0000850x", "member_id": "x"})
    elif breach == "missing_late":  # a late household without members
        gone = households[-5]["household_id"]
        members = [m for m in members if m["household_id"] != gone]
    write_tables(households, members, tmp_path / "c.csv")
    streamed: list[bool] = []
    real = inputs.streamed_tasks

    def spy(source: Any, chunk: int, ahead: bool = True) -> Any:
        total, tasks = real(source, chunk, ahead)

        def counted() -> Any:
            try:
                yield from tasks
                streamed.append(True)
            except Unstreamable:
                streamed.append(False)
                raise
        return total, counted()

    monkeypatch.setattr(run, "streamed_tasks", spy)
    got = batch(tmp_path / "c.csv", "-o", tmp_path / "got.csv", "--chunk-size", "100")
    assert streamed == [breach == "none"]

    def refuse(source: Any, chunk: int, ahead: bool = True) -> Any:
        raise Unstreamable("the reference reads the ids whole")

    monkeypatch.setattr(run, "streamed_tasks", refuse)
    ref = batch(tmp_path / "c.csv", "-o", tmp_path / "ref.csv", "--chunk-size", "100")
    assert outputs(tmp_path / "got.csv") == outputs(tmp_path / "ref.csv")
    assert (tmp_path / "got.errors.jsonl").read_bytes() == (tmp_path / "ref.errors.jsonl").read_bytes()
    assert got.output == ref.output.replace("ref.errors", "got.errors")
    assert len(read_csv(tmp_path / "got.csv")) == 900 - (breach == "missing_late")
    # the same tables as Parquet with two workers, each reading its own rows (or, at a breach, not)
    (tmp_path / "pair").mkdir()
    write_tables(households, members, tmp_path / "pair" / "households.csv")
    (tmp_path / "pair" / "households.members.csv").rename(tmp_path / "pair" / "members.csv")
    parquet = converted(tmp_path / "pair", "parquet", tmp_path)
    monkeypatch.setattr(run, "streamed_tasks", real)
    batch(parquet, "-o", tmp_path / "jobs.csv", "--chunk-size", "100", "--jobs", "2")
    assert outputs(tmp_path / "jobs.csv") == outputs(tmp_path / "ref.csv")
    assert (tmp_path / "jobs.errors.jsonl").read_bytes() == (tmp_path / "ref.errors.jsonl").read_bytes()


def test_parquet_and_xlsx_results_hold_the_csv_values(tmp_path: Path) -> None:
    """Parquet results hold the CSV's columns, amounts as decimal(18, 2); xlsx has a households and a members sheet."""
    import openpyxl

    batch(CASELOAD / "good", "-o", tmp_path / "r.csv")
    # the three share the errors file r.errors.jsonl: replacing it is asked for
    batch(CASELOAD / "good", "-o", tmp_path / "r.parquet", "--force")
    batch(CASELOAD / "good", "-o", tmp_path / "r.xlsx", "--force")
    ref = read_csv(tmp_path / "r.csv")
    parquet = pq.read_table(tmp_path / "r.parquet")
    assert parquet.column_names == list(ref[0])
    assert parquet.schema.field("total").type == pa.decimal128(18, 2)
    for row, csv_row in zip(parquet.to_pylist(), ref, strict=True):
        assert {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in row.items()} == csv_row
    members = pq.read_table(sibling(tmp_path / "r.parquet", "members"))
    assert members.schema.field("total").type == pa.decimal128(18, 2)
    assert [f.name for f in (*parquet.schema, *members.schema) if f.nullable] == []  # no result cell is empty
    # minimum and maximum kept where a reader can skip row groups by them, not for statuses, areas, member ids
    for path, table in ((tmp_path / "r.parquet", parquet), (sibling(tmp_path / "r.parquet", "members"), members)):
        group = pq.ParquetFile(path).metadata.row_group(0)
        without = [table.column_names[i] for i in range(group.num_columns) if not group.column(i).is_stats_set]
        assert without == (["area", *(f"{b}_status" for b in BENEFITS)] if table is parquet else ["member_id"])
    assert pq.ParquetFile(tmp_path / "r.parquet").metadata.num_row_groups == 1
    assert pq.ParquetFile(tmp_path / "r.parquet").metadata.row_group(0).column(0).statistics.min == \
        min(parquet.column("household_id").to_pylist())
    assert members.to_pylist()[0]["total"] == Decimal(read_csv(sibling(tmp_path / "r.csv", "members"))[0]["total"])
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    assert book.sheetnames == ["households", "members"]
    sheet = book["households"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("户编号", "行政区划", "测算日期", "城乡", "合计（元/月）", "低保金状态", "低保金（元/月）")
    assert len(rows[0]) == len(ref[0])
    # amounts are numbers (exactly the CSV's yuan) shown as #,##0.00; statuses, areas and flags are words
    assert [Decimal(str(r[4])) for r in rows[1:]] == [Decimal(r["total"]) for r in ref]
    assert {sheet.cell(k + 2, 5).number_format for k in range(len(ref))} == {"#,##0.00"}
    assert [r[5] for r in rows[1:]] == [{"eligible": "享受", "ineligible": "不享受", "undetermined": "待定"}[
        r["dibao_status"]] for r in ref]
    assert {r[3] for r in rows[1:]} <= {"城市", "农村"} and {r[-1] for r in rows[1:]} <= {"是", "否"}
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", f"A1:R{len(ref) + 1}")
    assert sheet.column_dimensions["A"].width >= 8
    members = read_csv(sibling(tmp_path / "r.csv", "members"))
    assert len(list(book["members"].iter_rows())) == len(members) + 1
    book.close()


def test_results_agree_with_the_full_explanation_of_each_household(tmp_path: Path) -> None:
    """With --explain, each row's statuses, amounts, flags and member amounts are those of its Result JSON."""
    batch(CASELOAD / "mixed", "-o", tmp_path / "r.csv", "--explain")
    batch(CASELOAD / "mixed", "-o", tmp_path / "plain.csv")
    rows = read_csv(tmp_path / "r.csv")
    members = read_csv(sibling(tmp_path / "r.csv", "members"))
    assert len(rows) == 17
    for row in rows:
        result = json.loads(row["explanation"])
        assert row["total"] == result["total"]
        for b in result["benefits"]:
            assert (row[f"{b['code']}_status"], row[f"{b['code']}_amount"]) == (b["status"], b["amount"]), row
        for flag in ("low_income", "taper", "single_person"):
            assert row[flag] == str(result["flags"][flag]).lower()
        for m in result["members"]:
            got = next(x for x in members if x["household_id"] == row["household_id"] and x["member_id"] == m["id"])
            shown = {code: got[f"{code}_amount"] for code in BENEFITS if got[f"{code}_amount"] != "0.00"}
            assert shown == m["amounts"]
    plain = read_csv(tmp_path / "plain.csv")
    assert [{k: v for k, v in r.items() if k != "explanation"} for r in rows] == plain


def test_results_match_calculate_for_a_bundled_division(tmp_path: Path) -> None:
    """A household of 天河区 on 2021-08-01 gets in the batch what Engine.calculate gives it."""
    batch(CASELOAD / "good.jsonl", "-o", tmp_path / "r.csv")
    row = next(r for r in read_csv(tmp_path / "r.csv") if r["household_id"] == "GZ-0001")
    raw = next(json.loads(x) for x in (CASELOAD / "good.jsonl").read_text("utf-8").splitlines() if "GZ-0001" in x)
    result = Engine([STANDARDS]).calculate(raw).to_dict()
    assert (row["division"], row["on"], row["total"]) == ("440106", "2021-08-01", result["total"])
    assert [row[f"{b['code']}_amount"] for b in result["benefits"]] == [b["amount"] for b in result["benefits"]]


# --------------------------------------------------------------------------------- parallel, summary


def test_two_jobs_give_the_same_bytes_as_one(tmp_path: Path) -> None:
    """--jobs 2 and several compute threads write the same results and members as one thread, in input order."""
    runner = CliRunner()
    sample = tmp_path / "s.parquet"
    got = runner.invoke(main, ["sample", "--n", "3000", "--division", "990100", "--on", "2021-08-01", "-o",
                               str(sample), "--seed", "7", "--standards", str(STANDARDS)])
    assert got.exit_code == 0, got.output
    for fmt in ("parquet", "csv"):  # the second format replaces the first's errors files (--force)
        batch(sample, "-o", tmp_path / f"one.{fmt}", "--chunk-size", "700", "--threads", "1", "--force")
        batch(sample, "-o", tmp_path / f"two.{fmt}", "--chunk-size", "700", "--jobs", "2", "--force")
        batch(sample, "-o", tmp_path / f"threads.{fmt}", "--chunk-size", "700", "--threads", "3", "--force")
        assert outputs(tmp_path / f"one.{fmt}") == outputs(tmp_path / f"two.{fmt}")
        assert outputs(tmp_path / f"one.{fmt}") == outputs(tmp_path / f"threads.{fmt}")
    batch(sample, "-o", tmp_path / "explained1.csv", "--chunk-size", "700", "--threads", "1", "--explain")
    batch(sample, "-o", tmp_path / "explained3.csv", "--chunk-size", "700", "--threads", "3", "--explain")
    assert outputs(tmp_path / "explained1.csv") == outputs(tmp_path / "explained3.csv")
    assert len(read_csv(tmp_path / "one.csv")) == 3000


def test_summary_counts_are_exact(tmp_path: Path) -> None:
    """The summary's counts and monthly totals are those of the rows written and of Engine.calculate, to the 分."""
    out = tmp_path / "r.csv"
    result = batch(CASELOAD / "mixed.jsonl", "-o", out, "--summary-json", tmp_path / "s.json")
    rows = read_csv(out)
    s = summary(tmp_path / "s.json")

    def fen(text: str) -> int:
        whole, cents = text.split(".")
        return int(whole) * 100 + int(cents)

    for code in BENEFITS:
        eligible = [r for r in rows if r[f"{code}_status"] == "eligible"]
        assert s["benefits"][code]["eligible"] == len(eligible)
        assert s["benefits"][code]["undetermined"] == sum(r[f"{code}_status"] == "undetermined" for r in rows)
        assert fen(s["benefits"][code]["per_month"]) == sum(fen(r[f"{code}_amount"]) for r in eligible)
    assert fen(s["total_per_month"]) == sum(fen(r["total"]) for r in rows)
    # the same households one by one through the engine's public API
    good = [json.loads(x) for x in (CASELOAD / "good.jsonl").read_text("utf-8").splitlines()]
    results = Engine([STANDARDS]).calculate_many(good)
    for code in BENEFITS:
        paid = [r.benefit(code) for r in results if r.benefit(code).status == "eligible"]
        assert s["benefits"][code]["eligible"] == len(paid)
        assert fen(s["benefits"][code]["per_month"]) == sum(b.amount.fen for b in paid)
    total = sum(r.total.fen for r in results)
    assert fen(s["total_per_month"]) == total
    assert f"{total // 100:,}.{total % 100:02d}" in result.output


# ---------------------------------------------------------------------------------------- sample


def test_sample_is_reproducible_from_its_seed(tmp_path: Path) -> None:
    """The same seed writes the same bytes; another seed another caseload; every household is valid."""
    runner = CliRunner()

    def sample(name: str, seed: int, *extra: str) -> Path:
        out = tmp_path / name
        got = runner.invoke(main, ["sample", "--n", "400", "--division", "990100", "--on", "2021-08-01", "-o",
                                   str(out), "--seed", str(seed), "--standards", str(STANDARDS), *extra])
        assert got.exit_code == 0, got.output
        return out

    assert sample("a.jsonl", 3).read_bytes() == sample("b.jsonl", 3).read_bytes()
    assert sample("c.jsonl", 4).read_bytes() != (tmp_path / "a.jsonl").read_bytes()
    assert outputs(sample("a.csv", 3)) == outputs(sample("b.csv", 3))
    households = [json.loads(x) for x in (tmp_path / "a.jsonl").read_text("utf-8").splitlines()]
    assert len(households) == 400 and len({h["id"] for h in households}) == 400
    for h in households:
        Household.model_validate(h)
    members = [m for h in households for m in h["members"]]
    parents = [m["parents"] for m in members if "parents" in m]
    assert any(p["father"] in ("deceased", "missing") and p["mother"] in ("deceased", "missing") for p in parents)
    assert any(p["father"] not in ("present", "deceased", "missing") for p in parents)
    assert any(len(h["members"]) == 1 and h["members"][0].get("supporter") == "none"
               and h["members"][0]["birth_date"] < "1961" for h in households)
    assert any("disability" in m for m in members)
    batch(tmp_path / "a.csv", "-o", tmp_path / "r.csv")
    batch(tmp_path / "a.jsonl", "-o", tmp_path / "rj.csv")
    assert (tmp_path / "r.errors.jsonl").read_text() == ""
    assert outputs(tmp_path / "r.csv") == outputs(tmp_path / "rj.csv")


@pytest.mark.parametrize(("division", "on", "area", "seed"), [
    ("990100", "2021-08-01", "mixed", 3), ("990100", "2021-08-01", "rural", 5), ("990100", "2021-08-01", "urban", 1)])
def test_sample_tables_built_by_column_are_the_tables_of_the_sample_households(
        division: str, on: str, area: str, seed: int) -> None:
    """`aidcalc sample` to a table format builds the tables by column: cell for cell what the contract-shape
    households of the same seed flatten to."""
    import datetime as dt

    from aidcalc.caseload.sample import _typed_table, sample_households, sample_tables
    from aidcalc.standards.library import Library

    library = Library.load([STANDARDS])
    day = dt.date.fromisoformat(on)
    rows: list[dict[str, object]] = []
    member_rows: list[dict[str, object]] = []
    for h in sample_households(2_500, division=division, on=day, library=library, seed=seed, area=area):
        row, members = flatten_household(h)
        rows.append(row)
        member_rows.extend(members)
    blocks = list(sample_tables(2_500, division=division, on=day, library=library, seed=seed, area=area))
    assert len(blocks) == 1 + 2_500 // 20_000
    assert pa.concat_tables([b[0] for b in blocks]).equals(_typed_table(rows, HOUSEHOLD_COLUMNS))
    assert pa.concat_tables([b[1] for b in blocks]).equals(_typed_table(member_rows, MEMBER_COLUMNS))


def test_sample_parquet_row_groups_hold_whole_chunks_of_households_and_their_members(tmp_path: Path) -> None:
    """Parquet samples are written in row groups of the batch's chunk of households, the members table's
    row group k holding exactly the members of households row group k, money as decimal64; the tables are
    those of the blocks."""
    import datetime as dt

    import pyarrow.compute as pc

    from aidcalc.caseload.run import DEFAULT_CHUNK
    from aidcalc.caseload.sample import sample_tables, write_sample_tables
    from aidcalc.standards.library import Library

    (hh, mem), = sample_tables(250, division="990100", on=dt.date(2021, 8, 1), library=Library.load([STANDARDS]),
                               seed=4)
    cut = pc.index(mem.column("household_id"), hh.column("household_id")[40]).as_py()
    blocks = [(hh.slice(0, 40), mem.slice(0, cut)), (hh.slice(40), mem.slice(cut))]  # 40 and 210 households
    out = tmp_path / "s.parquet"
    assert write_sample_tables(blocks, out, row_group=100) == 250
    hf, mf = pq.ParquetFile(out), pq.ParquetFile(tmp_path / "s.members.parquet")
    assert [hf.metadata.row_group(g).num_rows for g in range(hf.num_row_groups)] == [100, 100, 50]
    assert mf.num_row_groups == 3
    for g in range(3):
        ids = hf.read_row_group(g).column("household_id").to_pylist()
        assert sorted(set(mf.read_row_group(g).column("household_id").to_pylist())) == ids
    assert hf.read().equals(hh) and mf.read().equals(mem)
    # money as decimal64: read back in place, 8 bytes a cell
    assert hf.schema_arrow.field("assets_financial").type == pa.decimal64(15, 2)
    assert mf.schema_arrow.field("income_wage").type == pa.decimal64(15, 2)
    assert write_sample_tables(blocks, tmp_path / "d.parquet") == 250  # the default: the batch's chunk
    assert pq.ParquetFile(tmp_path / "d.parquet").num_row_groups == 1 and DEFAULT_CHUNK > 250


def test_the_batch_commands_defaults_are_the_runs_own() -> None:
    """``--chunk-size`` and ``--threads`` default to what a run (and ``sample``'s row groups) take by default."""
    from aidcalc.caseload.run import DEFAULT_CHUNK, DEFAULT_THREADS

    defaults = {p.name: p.default for p in caseload_cli.batch.params}
    assert (defaults["chunk_size"], defaults["threads"]) == (DEFAULT_CHUNK, DEFAULT_THREADS)


def test_sample_ids_sort_as_their_numbers_at_any_size() -> None:
    from aidcalc.testing.synthetic import sample_id

    for n in (5, 9_999_999, 10_000_000, 123_456_789):
        ids = [sample_id(3, k, n) for k in sorted({1, 2, min(9, n), min(10, n), n - 1, n})]
        assert ids == sorted(ids) and len(set(ids)) == len(ids)
    assert sample_id(3, 10_000_000, 10_000_000) == "S3-10000000"
    assert sample_id(3, 1, 10) == "S3-0000001"


def test_sample_without_a_standard_in_force_exits_2(tmp_path: Path) -> None:
    """With no 低保 standard for the division on the date, sample names what is missing, exits 2, writes nothing."""
    out = tmp_path / "s.jsonl"
    got = CliRunner().invoke(main, ["sample", "--n", "5", "--division", "990100", "--on", "2020-08-01", "-o",
                                    str(out), "--standards", str(STANDARDS)])
    assert got.exit_code == 2
    assert "no value in force for dibao.standard" in got.output and "990100" in got.output
    assert not out.exists()


# --------------------------------------------------------------------------------- CLI and layout


def test_unreadable_caseloads_exit_2_with_one_message(tmp_path: Path) -> None:
    """A caseload without its members table, or of an unknown format, exits 2 naming the file; no traceback."""
    only = tmp_path / "h.csv"
    only.write_bytes((CASELOAD / "good" / "households.csv").read_bytes())
    got = batch(only, "-o", tmp_path / "r.csv", ok=False)
    assert got.exit_code == 2 and "no members table" in got.output and "Traceback" not in got.output
    weird = tmp_path / "h.txt"
    weird.write_text("x")
    got = batch(weird, "-o", tmp_path / "r.csv", ok=False)
    assert got.exit_code == 2 and "unknown caseload format" in got.output


def test_the_column_documentation_lists_every_field_of_the_household_contract() -> None:
    """Every column the tables read is documented, and every field of the models has a column."""
    doc = columns_doc()
    for c in (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS):
        assert c.name in doc, c.name
    paths = {c.path for c in (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS)}

    def fields(model: Any, prefix: tuple[str, ...]) -> Sequence[tuple[str, ...]]:
        return [(*prefix, f) for f in model.model_fields]

    wanted = [p for p in fields(Household, ()) if p != ("members",) and p[0] not in ("assets", "history")]
    wanted += fields(Assets, ("assets",)) + fields(History, ("history",)) + fields(Disability, ("disability",))
    wanted += fields(Parents, ("parents",))
    wanted += [p for p in fields(Member, ()) if p[0] not in ("incomes", "disability", "parents")]
    assert [p for p in wanted if p not in paths] == []
    got = CliRunner().invoke(main, ["batch", "--columns"])
    assert got.exit_code == 0 and "assets_financial" in got.output


def test_test_command_runs_case_files_and_exits_1_on_a_difference(tmp_path: Path) -> None:
    """aidcalc test passes a right case file and prints each difference of a wrong one, exiting 1."""
    case = """
name = "测试市单身老人，无收入，应得低保金700.00元"
on = "2021-08-01"
standards = ["{standards}"]
[household]
division = "990100"
area = "urban"
assets = {{ financial = "0", vehicles = 0, homes = 1 }}
[[household.members]]
id = "p1"
birth_date = "1980-01-01"
[expected]
total = "{total}"
[expected.benefits.dibao]
status = "eligible"
amount = "{total}"
"""
    (tmp_path / "right.toml").write_text(case.format(standards=STANDARDS.as_posix(), total="700.00"), "utf-8")
    (tmp_path / "wrong.toml").write_text(case.format(standards=STANDARDS.as_posix(), total="701.00"), "utf-8")
    runner = CliRunner()
    got = runner.invoke(caseload_cli.test, [str(tmp_path / "right.toml")])
    assert got.exit_code == 0, got.output
    assert "1 passed, 0 failed" in got.output
    got = runner.invoke(caseload_cli.test, [str(tmp_path)])
    assert got.exit_code == 1
    assert "dibao.amount: expected 701.00, got 700.00" in got.output
    assert "1 passed, 1 failed" in got.output


def test_batches_read_ahead_pass_errors_on_and_stop_with_their_reader() -> None:
    import threading

    from aidcalc.caseload._readahead import Ahead

    def failing() -> Any:
        yield 1
        raise OSError("disk gone")

    got = []
    with pytest.raises(OSError, match="disk gone"):
        for x in Ahead(failing()):
            got.append(x)
    assert got == [1]
    reader = iter(Ahead(iter(range(1000))))
    assert next(reader) == 0
    reader.close()  # the consumer stops: the thread ends
    assert not [t for t in threading.enumerate() if t.name == "aidcalc-reader"]


def test_a_read_ahead_stays_within_its_depth_and_the_depth_can_change() -> None:
    import time

    from aidcalc.caseload._readahead import Ahead

    made: list[int] = []

    def items() -> Any:
        for k in range(100):
            made.append(k)
            yield k

    def settled(n: int) -> None:
        for _ in range(200):
            if len(made) >= n:
                time.sleep(0.02)
                break
            time.sleep(0.01)

    ahead = Ahead(items(), depth=3)
    settled(4)
    assert len(made) == 4  # three waiting, the fourth made and held until there is room
    reader = iter(ahead)
    assert next(reader) == 0
    ahead.set_depth(1)
    assert [next(reader) for _ in range(3)] == [1, 2, 3]
    settled(6)
    assert len(made) in (5, 6)  # one waiting (at most one more made)
    assert list(reader) == list(range(4, 100))


def test_a_caseload_read_started_early_is_taken_over_by_the_streamed_reader(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """``readahead.start`` decodes a Parquet pair's first row groups before the reader exists; the streamed
    reader takes them over (the same tasks as without), once; a read with other settings is let go."""
    from aidcalc.caseload import _readahead as readahead
    from aidcalc.caseload import _table
    from aidcalc.caseload._table import Table as _Table
    from aidcalc.caseload.inputs import open_input, streamed_tasks

    source = open_input(_sample(tmp_path, 7, "s.parquet"))

    def tasks() -> list[tuple[list[str], list[str]]]:
        return [(t.households.column("household_id").to_pylist(), t.members.column("member_id").to_pylist())
                for t in streamed_tasks(source, 2)[1]]

    plain = tasks()
    taken: list[object] = []
    monkeypatch.setattr(_table, "take", lambda *a: taken.append(readahead.take(*a)) or taken[-1])
    readahead.start(source.households, None, 2)
    assert set(readahead._STARTED) == {source.households.resolve(), source.members.resolve()}
    assert tasks() == plain and not readahead._STARTED
    assert len(taken) == 2 and all(isinstance(t, readahead.Ahead) for t in taken)
    hh = _Table(source.households, "parquet", "households")
    assert hh._dictionaries() == ["division", "area"]
    readahead.start(source.households, None, 2)
    assert readahead.take(source.households, ["area"]) is None  # other settings: let go
    assert readahead.take(source.households, hh._dictionaries()) is None  # and gone
    readahead.let_go()
    assert not readahead._STARTED


def test_the_columns_read_as_dictionaries_are_the_enum_columns_and_the_division() -> None:
    from aidcalc.caseload._readahead import DICTIONARY_COLUMNS, ENUM_COLUMNS, FEW_VALUES

    enums = {c.name for c in (*HOUSEHOLD_COLUMNS, *MEMBER_COLUMNS) if c.kind == "enum"}
    assert enums == ENUM_COLUMNS and enums | FEW_VALUES == DICTIONARY_COLUMNS


def test_the_conservation_proof_catches_every_kind_of_loss() -> None:
    """A household lost, written twice, written and in the errors, or foreign to the chunk stops the run."""
    import numpy as np

    from aidcalc.caseload.run import ChunkResult, _prove
    from aidcalc.errors import ConservationError

    def chunk(rows: list[int], out: list[int] | None, err: list[int]) -> ChunkResult:
        written = pa.table({"_row": pa.array(out, pa.int64())}) if out is not None else None
        return ChunkResult(0, np.array(rows, dtype=np.int64), written, None, [], set(err), [])

    _prove(chunk([1, 2, 3], [1, 3], [2]))
    _prove(chunk([4, 5], None, [4, 5]))
    for bad in (chunk([1, 2, 3], [1, 3], []), chunk([1, 2, 3], [1, 2, 3], [2]), chunk([1, 2, 3], [1, 1, 3], [2]),
                chunk([1, 2], [1, 2, 5], [])):
        with pytest.raises(ConservationError):
            _prove(bad)


@pytest.mark.parametrize("chunk", [1, 2, 3, 5, 10, 20])
def test_streaming_where_members_end_exactly_at_a_chunk_boundary(tmp_path: Path, chunk: int) -> None:
    """One member per household: every chunk's members end where a read batch ends."""
    from aidcalc.caseload.inputs import open_input, streamed_tasks

    ids = [f"H{i:04d}" for i in range(10)]
    pq.write_table(pa.table({"household_id": ids, "division": ["990100"] * 10, "area": ["urban"] * 10}),
                   tmp_path / "c.parquet")
    pq.write_table(pa.table({"household_id": ids, "member_id": ["1"] * 10, "birth_date": ["1950-01-01"] * 10}),
                   tmp_path / "c.members.parquet")
    _, tasks = streamed_tasks(open_input(tmp_path / "c.parquet"), chunk)
    got = list(tasks)
    assert [t.households.num_rows for t in got] == [t.members.num_rows for t in got]
    assert sum(t.households.num_rows for t in got) == 10
    assert all((t.member_household == list(range(t.households.num_rows))).all() for t in got)



@pytest.mark.parametrize(("order", "stored"), [  # an integer column holds no word: no "a word last" there
    ("by number", "parquet integers"), ("swapped", "parquet integers"),
    ("by number", "csv digits"), ("swapped", "csv digits"), ("a word last", "csv digits")])
def test_numeric_ids_stream_in_the_order_of_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    order: str, stored: str) -> None:
    """Household ids that are whole numbers — stored as integers in Parquet, or written with digits in a
    CSV — sorted by number (1, 2, …, 10, …, 120: not increasing as text), are streamed; out of numeric
    order, or with a later id that is no number, they are read by whole id columns; the results are those of
    the whole-column reading either way."""
    from aidcalc.caseload import inputs, run

    sample = _sample(tmp_path, 120)
    number = {h["household_id"]: int(h["household_id"].rsplit("-", 1)[1]) for h in read_csv(sample)}
    assert sorted(number.values()) == list(range(1, 121))
    households, members = string_table(sample), string_table(sibling(sample, "members"))
    if order == "swapped":  # households 9 and 10 change places: increasing as text, not as numbers
        households = households.take([*range(8), 9, 8, *range(10, 120)])

    def numbered(t: Any) -> Any:
        values = [number[i] for i in t.column("household_id").to_pylist()]
        ids = pa.array(values, pa.int64()) if stored == "parquet integers" else \
            pa.array(["late" if order == "a word last" and v == 120 else str(v) for v in values])
        return t.set_column(t.column_names.index("household_id"), "household_id", ids)

    source = tmp_path / ("c.parquet" if stored == "parquet integers" else "c.csv")
    for table, path in ((numbered(households), source), (numbered(members), sibling(source, "members"))):
        if stored == "parquet integers":
            pq.write_table(table, path)
        else:
            pacsv.write_csv(table, path)
    _, tasks = inputs.streamed_tasks(inputs.open_input(source), 25)
    if order == "by number":
        assert sum(t.households.num_rows for t in tasks) == 120
    else:
        with pytest.raises(Unstreamable, match="not in strictly increasing order" if order == "swapped"
                           else "household ids not all whole numbers"):
            list(tasks)
    batch(source, "-o", tmp_path / "got.csv", "--chunk-size", "25")

    def refuse(source: Any, chunk: int, ahead: bool = True) -> Any:
        raise Unstreamable("the reference reads the ids whole")

    monkeypatch.setattr(run, "streamed_tasks", refuse)
    batch(source, "-o", tmp_path / "ref.csv", "--chunk-size", "25")
    assert outputs(tmp_path / "got.csv") == outputs(tmp_path / "ref.csv")
    got = read_csv(tmp_path / "got.csv")
    assert [r["household_id"] for r in got][8:11] == (["10", "9", "11"] if order == "swapped" else ["9", "10", "11"])
    assert len(got) == 120 and got[-1]["household_id"] == ("late" if order == "a word last" else "120")


def test_batch_and_diff_exempt_what_they_loaded_from_the_collector(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Both commands freeze the objects loaded before the run (once, after the standards are loaded); the
    function freezes every object allocated so far."""
    from aidcalc.caseload import _memory as memory

    calls: list[int] = []
    monkeypatch.setattr(memory, "freeze_loaded_objects", lambda: calls.append(1))
    batch(CASELOAD / "good", "-o", tmp_path / "r.csv")
    got = CliRunner().invoke(main, ["diff", str(CASELOAD / "good"), "--from", "2021-08-01", "--to", "2022-01-01"])
    assert got.exit_code == 0, got.output
    assert calls == [1, 1]
    out = subprocess.run([sys.executable, "-c", "import gc\nfrom aidcalc.caseload._memory import freeze_loaded_objects\n"
                          "freeze_loaded_objects()\nprint(gc.get_freeze_count())"], capture_output=True, text=True,
                         check=True)
    assert int(out.stdout) > 1_000


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_caseload_with_no_good_household_writes_the_same_columns(tmp_path: Path, suffix: str) -> None:
    """Every household refused: the result tables have no row, and the very columns (and Parquet types) of a
    run that computed households — ``empty_results`` restates the layout ``compute`` builds."""
    batch(CASELOAD / "good", "-o", tmp_path / f"good{suffix}")
    (tmp_path / "bad").mkdir()
    households = read_csv(CASELOAD / "good" / "households.csv")
    write_tables([{**h, "division": "not a code"} for h in households],
                 read_csv(CASELOAD / "good" / "members.csv"), tmp_path / "bad" / "households.csv")
    sibling(tmp_path / "bad" / "households.csv", "members").rename(tmp_path / "bad" / "members.csv")
    batch(tmp_path / "bad", "-o", tmp_path / f"bad{suffix}", "--summary-json", tmp_path / "s.json")
    summary = json.loads((tmp_path / "s.json").read_text("utf-8"))
    assert (summary["households_out"], summary["households_with_errors"]) == (0, len(households))
    for name in ("", "members"):
        good = tmp_path / f"good{suffix}" if not name else sibling(tmp_path / f"good{suffix}", name)
        bad = tmp_path / f"bad{suffix}" if not name else sibling(tmp_path / f"bad{suffix}", name)
        if suffix == ".parquet":
            assert pq.read_table(bad).num_rows == 0
            assert pq.read_schema(bad).remove_metadata() == pq.read_schema(good).remove_metadata()
        else:
            assert bad.read_text("utf-8").splitlines() == good.read_text("utf-8").splitlines()[:1]
