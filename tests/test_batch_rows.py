"""A batch never dies on a row: every problem a row can have is an errors record and the run goes on; a file
that cannot be read at all is one message, exit 2, and nothing under the final names.

Each test is one fault scenario an operator meets (the issue's list): the run must end with exit 0, the bad
household in the errors file (naming it), every other household computed — counted in the files written,
not in the summary."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from aidcalc.caseload._readahead import sibling
from aidcalc.cli import main

HERE = Path(__file__).parent
STANDARDS = HERE / "fixtures" / "standards"
N = 12


def run(*args: object) -> tuple[int, str]:
    got = CliRunner().invoke(main, [*map(str, args), "--standards", str(STANDARDS)])
    assert got.exception is None or isinstance(got.exception, SystemExit), repr(got.exception)
    return got.exit_code, got.output


def sample(tmp_path: Path, suffix: str, n: int = N) -> Path:
    out = tmp_path / f"s{suffix}"
    code, text = run("sample", "--n", n, "--division", "990100", "--on", "2021-08-01", "-o", out, "--seed", "4")
    assert code == 0, text
    return out


def result_ids(out: Path) -> list[str]:
    """The household ids in a results file, as written."""
    if out.suffix == ".parquet":
        return [str(v) for v in pq.read_table(out, columns=["household_id"]).column(0).to_pylist()]
    with out.open(encoding="utf-8", newline="") as f:
        return [r["household_id"] for r in csv.DictReader(f)]


def error_records(out: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in sibling(out, "errors", ".jsonl").read_text("utf-8").splitlines()]


def conserved(out: Path, n: int) -> list[dict[str, Any]]:
    """Every one of the ``n`` households is in the results or the errors file, and in only one; the errors."""
    ids = result_ids(out)
    errors = error_records(out)
    bad = {e["row"] for e in errors if e["table"] == "households"}
    assert len(ids) == len(set(ids)) and len(ids) + len(bad) == n
    return errors


def edit_csv(path: Path, row: int, column: str, value: str) -> None:
    """Set one cell of a CSV table (``row`` counts data rows from 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[row][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)


@pytest.mark.parametrize("value", ["1e30", "99999999999999999999.99", "-5", "12.345", "NaN", "inf"])
def test_a_csv_money_cell_out_of_any_form_is_one_households_error(tmp_path: Path, value: str) -> None:
    """A money cell that overflows, is not a number or has three decimals: that household is an errors record
    naming itself; the other households are computed."""
    src = sample(tmp_path, ".csv")
    edit_csv(sibling(src, "members"), 2, "income_wage", value)
    out = tmp_path / "r.csv"
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    errors = conserved(out, N)
    households = {e["household"] for e in errors}
    assert len(households) == 1 and households != {"?"}


def test_a_short_csv_row_is_its_households_error_and_the_rows_after_it_keep_their_numbers(tmp_path: Path) -> None:
    """A members row with 5 cells of 36: its household is an error saying so (not computed without that
    member); the rows after it are read with their own row numbers."""
    src = sample(tmp_path, ".csv")
    members = sibling(src, "members")
    lines = members.read_text("utf-8").splitlines(keepends=True)
    lines[3] = ",".join(lines[3].split(",")[:5]) + "\n"
    members.write_text("".join(lines), "utf-8")
    edit_csv(src, 7, "area", "suburban")  # a later row with a problem of its own: its row number is its own
    out = tmp_path / "r.csv"
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    errors = conserved(out, N)
    short = [e for e in errors if e["field"] == "(row)"]
    assert len(short) == 1 and short[0]["member_row"] == 3
    assert short[0]["message"].startswith("this row has 5 cells where the header has ")
    assert [e["row"] for e in errors if e["field"] == "area"] == [7]


def test_csv_bytes_that_are_not_utf8_name_the_encoding_to_try(tmp_path: Path) -> None:
    """GB18030 bytes in a UTF-8 run are that row's error, saying to pass --encoding gb18030; with it, the
    same file computes every household, the names read right."""
    src = sample(tmp_path, ".csv")
    members = sibling(src, "members")
    edit_csv(members, 1, "member_id", "张三")
    members.write_bytes(members.read_text("utf-8").encode("gb18030"))
    out = tmp_path / "r.csv"
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    (error,) = conserved(out, N)
    assert error["value"] == "\\xd5\\xc5\\xc8\\xfd" and error["column"] == "member_id" and error["member_row"] == 1
    assert error["message"] == ("not UTF-8 text; these bytes read as GB18030 (Excel saves CSV so in a Chinese "
                                "locale): pass --encoding gb18030")
    code, text = run("batch", src, "-o", out, "--encoding", "GB18030", "--force")
    assert code == 0, text
    assert conserved(out, N) == []
    with sibling(out, "members").open(encoding="utf-8") as f:
        assert "张三" in [r["member_id"] for r in csv.DictReader(f)]


def test_a_byte_order_mark_is_read_as_nothing(tmp_path: Path) -> None:
    """CSV tables saved with a UTF-8 byte-order mark (as Windows editors do) give the same results."""
    src = sample(tmp_path, ".csv")
    run("batch", src, "-o", tmp_path / "plain.csv")
    for path in (src, sibling(src, "members")):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    code, text = run("batch", src, "-o", tmp_path / "bom.csv")
    assert code == 0, text
    assert (tmp_path / "bom.csv").read_bytes() == (tmp_path / "plain.csv").read_bytes()


def test_a_header_in_another_encoding_or_utf16_stops_with_one_message(tmp_path: Path) -> None:
    """A CSV file whose header row is not UTF-8, or that is UTF-16 as a whole: exit 2, one line saying what to do."""
    src = sample(tmp_path, ".csv")
    members = sibling(src, "members")
    text = members.read_text("utf-8")
    members.write_bytes(text.replace("member_id", "成员", 1).encode("gb18030"))
    code, out = run("batch", src, "-o", tmp_path / "r.csv")
    assert code == 2 and out == (f"aidcalc: {members}: the header row: not UTF-8 text; these bytes read as GB18030 "
                                 "(Excel saves CSV so in a Chinese locale): pass --encoding gb18030\n")
    members.write_bytes(text.encode("utf-16"))
    code, out = run("batch", src, "-o", tmp_path / "r.csv")
    assert code == 2 and "is UTF-16 text" in out
    assert not (tmp_path / "r.csv").exists()
    code, out = run("batch", sample(tmp_path, ".parquet"), "-o", tmp_path / "r.csv", "--encoding", "gb18030")
    assert code == 2 and out.endswith("an encoding is for CSV tables; this caseload is parquet\n")


@pytest.mark.parametrize("cell", [10**17, -1, 2**62])
def test_a_parquet_integer_money_cell_beyond_any_amount_is_one_households_error(tmp_path: Path, cell: int) -> None:
    """An int64 money cell of 1e17 yuan (its 分 overflow int64) or below zero: that household's error only."""
    src = sample(tmp_path, ".parquet")
    members = sibling(src, "members")
    t = pq.read_table(members)
    wage = [int(v) if v is not None else None for v in t.column("income_wage").to_pylist()]
    wage[1] = cell
    k = t.schema.get_field_index("income_wage")
    pq.write_table(t.set_column(k, "income_wage", pa.array(wage, pa.int64())), members)
    out = tmp_path / "r.parquet"
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    assert len({e["household"] for e in conserved(out, N)}) == 1


def test_a_parquet_float_money_cell_of_1e30_is_one_households_error(tmp_path: Path) -> None:
    """A float assets cell of 1e30 yuan: that household's error; the others (exact floats) are computed."""
    src = sample(tmp_path, ".parquet")
    t = pq.read_table(src)
    cells: list[float | None] = [None] * t.num_rows
    cells[4] = 1e30
    cells[5] = 1234.5
    k = t.schema.get_field_index("assets_financial")
    pq.write_table(t.set_column(k, "assets_financial", pa.array(cells, pa.float64())), src)
    out = tmp_path / "r.parquet"
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    assert [e["row"] for e in conserved(out, N)] == [5]


def test_json_lines_that_are_not_utf8_not_objects_or_nested_deep_are_each_an_error(tmp_path: Path) -> None:
    """A line with a byte that is not UTF-8, a line nested 1,000 deep (as an array, as an id, as members), a line
    that is a number: each one error record for its line, and every other line computed."""
    src = sample(tmp_path, ".jsonl")
    lines = src.read_bytes().splitlines()
    lines[1] = lines[1].replace(b'"p1"', b'"p\xff1"')
    lines[2] = b"[" * 1000 + b"]" * 1000
    lines[3] = b'{"id": ' + b"[" * 1000 + b"]" * 1000 + b"}"
    lines[4] = b'{"id": "X", "members": ' + b'{"a": ' * 1000 + b"1" + b"}" * 1001
    lines[5] = b"42"
    lines[6] = b'{"id": "deep", "members": [' + b"[" * 900 + b"]" * 900 + b"]}"
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = tmp_path / "r.csv"
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    errors = conserved(out, N)
    by_row = {e["row"]: e for e in errors}
    assert sorted(by_row) == [2, 3, 4, 5, 6, 7]
    assert by_row[2]["message"] == ("not UTF-8 text: byte 0xff at character 102; JSON lines are UTF-8 (save the "
                                    "file as UTF-8)")
    assert by_row[2]["value"].count("\\xff") == 1
    for row in (3, 4, 5):
        assert by_row[row]["message"].startswith("nested too deep")
        assert len(by_row[row]["value"]) <= 201
    assert all(len(json.dumps(e)) < 2000 for e in errors)


def _previous_run(tmp_path: Path, src: Path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out" / "r.parquet"
    out.parent.mkdir()
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    return out, {p.name: p.read_bytes() for p in out.parent.iterdir()}


@pytest.mark.parametrize("damage", ["truncated", "not parquet", "a damaged page", "missing"])
def test_a_parquet_table_that_cannot_be_read_stops_with_one_message_and_keeps_the_previous_outputs(
        tmp_path: Path, damage: str) -> None:
    """A members Parquet file cut in half, not Parquet at all, with a page damaged mid-file, or missing: exit 2,
    one line naming the file, and the previous run's outputs are left byte for byte."""
    src = sample(tmp_path, ".parquet", 400)
    out, before = _previous_run(tmp_path, src)
    members = sibling(src, "members")
    data = bytearray(members.read_bytes())
    if damage == "truncated":
        members.write_bytes(bytes(data[: len(data) // 2]))
    elif damage == "not parquet":
        members.write_bytes(b"household_id,member_id\n")
    elif damage == "a damaged page":
        column = pq.ParquetFile(members).metadata.row_group(0).column(4)
        for k in range(column.data_page_offset, column.data_page_offset + 32):
            data[k] ^= 0x5A
        members.write_bytes(bytes(data))
    else:
        members.unlink()
    code, text = run("batch", src, "-o", out, "--force")
    assert code == 2
    assert text.startswith(f"aidcalc: {src if damage == 'missing' else members}: ") and text.count("\n") == 1
    assert "Traceback" not in text
    assert {p.name: p.read_bytes() for p in out.parent.iterdir()} == before


def test_a_truncated_workbook_stops_with_one_message(tmp_path: Path) -> None:
    """An xlsx caseload cut short: exit 2, one line naming it, no output file."""
    src = sample(tmp_path, ".xlsx")
    src.write_bytes(src.read_bytes()[:1000])
    code, text = run("batch", src, "-o", tmp_path / "r.csv")
    assert code == 2 and text.startswith(f"aidcalc: {src}: cannot be read as xlsx: ") and text.count("\n") == 1
    assert not (tmp_path / "r.csv").exists()


def test_diff_reads_a_malformed_csv_row_by_row_and_reports_its_rows(tmp_path: Path) -> None:
    """diff over a CSV caseload with a short row: the row's household is a problem, the rest are compared."""
    src = sample(tmp_path, ".csv")
    members = sibling(src, "members")
    lines = members.read_text("utf-8").splitlines(keepends=True)
    lines[2] = ",".join(lines[2].split(",")[:3]) + "\n"  # its household_id still there
    lines[4] = "x,y\n"  # no household of that id: a member row of no household, and short
    members.write_text("".join(lines), "utf-8")
    errors = tmp_path / "e.jsonl"
    code, text = run("diff", src, "--from", "2021-08-01", "--to", "2022-08-01", "--errors", errors, "--format", "json")
    assert code == 0, text
    short, stray = [json.loads(line) for line in errors.read_text("utf-8").splitlines()]
    assert short["field"] == "(row)" and short["member_row"] == 2 and short["table"] == "households"
    assert stray["field"] == "(row)" and stray["row"] == 4 and stray["table"] == "members"
    assert stray["message"].endswith("; and no household with this household_id in the households table")


def test_the_row_by_row_reader_reads_what_pyarrow_reads(tmp_path: Path) -> None:
    """On a well-formed file the row-by-row reader gives the same table as pyarrow's (cells, nulls, quotes,
    newlines inside quotes, blank lines)."""
    from aidcalc.caseload._csvtext import ROW_PROBLEM, lenient_batches

    path = tmp_path / "t.csv"
    path.write_text('a,b,c\n1,"x, y",\n\n"multi\nline",,3\n"",  ,"q""q"\n', "utf-8")
    names = ["a", "b", "c"]
    ours = pa.Table.from_batches(list(lenient_batches(path, names, "utf-8")))
    theirs = pacsv.read_csv(path, read_options=pacsv.ReadOptions(column_names=names, skip_rows=1),
                            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                                 strings_can_be_null=True,
                                                                 quoted_strings_can_be_null=True, null_values=[""]))
    assert ours.drop([ROW_PROBLEM]).equals(theirs)
    assert ours.column(ROW_PROBLEM).null_count == ours.num_rows


def test_a_household_the_rules_cannot_compute_is_found_and_reported(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the engine raises on one household's data, the chunk is split until that household is found:
    it is an errors record saying why; every other household of the chunk is computed, in order."""
    from aidcalc.caseload import results
    from aidcalc.caseload import run as run_module

    src = sample(tmp_path, ".parquet", 40)
    real = results.compute

    def compute(engine: Any, frame: Any, rows: Any, *args: Any) -> Any:
        if frame is not None and "S4-0000017" in list(frame.ids):
            raise OverflowError("Python int too large to convert to C long")
        return real(engine, frame, rows, *args)

    monkeypatch.setattr(run_module, "compute", compute)
    out = tmp_path / "r.parquet"
    code, text = run("batch", src, "-o", out, "--chunk-size", "16", "--threads", "1")
    assert code == 0, text
    (error,) = conserved(out, 40)
    assert error == {"row": 17, "table": "households", "household": "S4-0000017", "member": None,
                     "field": "(household)", "value": None,
                     "message": "this household cannot be computed (OverflowError: Python int too large to convert "
                                "to C long); check its amounts, counts and dates"}
    ids = result_ids(out)
    assert ids == sorted(ids) and len(ids) == 39


def test_copying_a_caseload_keeps_it_readable(tmp_path: Path) -> None:
    """(A guard for the scenarios above: an untouched sample computes every household.)"""
    src = sample(tmp_path, ".csv")
    shutil.copy(src, tmp_path / "c.csv")
    shutil.copy(sibling(src, "members"), tmp_path / "c.members.csv")
    code, text = run("batch", tmp_path / "c.csv", "-o", tmp_path / "r.csv")
    assert code == 0, text
    assert conserved(tmp_path / "r.csv", N) == []


def test_a_damaged_page_met_by_a_worker_process_is_the_same_one_message(tmp_path: Path) -> None:
    """With --jobs 2 the workers read their own rows: the damaged file's error reaches the command whole (the
    errors pickle with their keyword context) — exit 2, one line, no output."""
    import pickle

    from aidcalc.errors import CaseloadError

    src = sample(tmp_path, ".parquet", 400)
    members = sibling(src, "members")
    data = bytearray(members.read_bytes())
    column = pq.ParquetFile(members).metadata.row_group(0).column(4)
    for k in range(column.data_page_offset, column.data_page_offset + 32):
        data[k] ^= 0x5A
    members.write_bytes(bytes(data))
    code, text = run("batch", src, "-o", tmp_path / "r.parquet", "--jobs", "2", "--chunk-size", "100")
    assert code == 2 and text.startswith(f"aidcalc: {members}: cannot be read as parquet: ") and text.count("\n") == 1
    assert not (tmp_path / "r.parquet").exists()
    error = pickle.loads(pickle.dumps(CaseloadError("no such file", path="x.parquet")))
    assert (type(error), str(error), error.path) == (CaseloadError, "x.parquet: no such file", "x.parquet")


CONTROL = "text without control characters (U+0000 to U+001F, U+007F: tabs, line breaks and the like)"


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_an_id_with_a_control_character_is_a_row_error_and_the_xlsx_is_written(tmp_path: Path, suffix: str) -> None:
    """A member id with U+0001 (which no worksheet can hold) used to stop `batch -o x.xlsx` with openpyxl's
    IllegalCharacterError: it is an input problem of that household, the same through the model and the tables."""
    src = sample(tmp_path, suffix, n=3)
    if suffix == ".jsonl":
        rows = [json.loads(line) for line in src.read_text("utf-8").splitlines()]
        rows[1]["members"][0]["id"] = "p\x01x"
        src.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    else:
        members = sibling(src, "members", ".parquet")
        table = pq.read_table(members).to_pylist()
        table[0]["member_id"] = "p\x01x"
        pq.write_table(pa.Table.from_pylist(table), members)
    out = tmp_path / "out.xlsx"
    code, text = run("batch", src, "-o", out)
    assert code == 0, text
    errors = error_records(out)
    assert [(e["member"], e["field"], e["value"], e["message"]) for e in errors] == [("p\x01x", "id", "p\x01x", CONTROL)]
    from openpyxl import load_workbook

    book = load_workbook(out, read_only=True)
    written = [row[0] for row in book["households"].iter_rows(min_row=2, values_only=True)]
    assert len(written) == 2 and errors[0]["household"] not in written  # the two other households


def test_a_household_id_with_a_tab_names_what_is_allowed() -> None:
    from aidcalc.errors import InputError
    from aidcalc.household import parse_household

    with pytest.raises(InputError) as got:
        parse_household({"id": "H\t1", "division": "990100", "area": "urban",
                         "members": [{"id": "p1", "birth_date": "1970-01-01"}]})
    assert [(p.household, p.member, p.field, p.value, p.message) for p in got.value.problems] == [
        ("H\t1", None, "id", "H\t1", CONTROL)]
