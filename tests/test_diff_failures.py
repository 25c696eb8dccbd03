"""aidcalc diff when the engine raises on a household: the household is found (its chunk cut in halves, as
``aidcalc batch`` does) and goes to the errors with what was raised; every other household is compared; every
household read is compared or in the errors; a run that stops leaves the reports of an earlier run as they were.

The 济南 caseload of ``test_diff.py`` (7 households, +844.00 a month from 2022-01-01 to 2022-06-01): JN-U3, the
特困 person whose basic living and care rise 1,741.00 → 1,916.00 (+175.00), is made to raise in the 特困 rule on
B's date only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner, Result

from aidcalc.benefits import tekun
from aidcalc.caseload import write_sample
from aidcalc.caseload._bisect import prove_conserved
from aidcalc.cli import main
from aidcalc.engine.frame import Frame
from aidcalc.errors import ConservationError

HERE = Path(__file__).parent
JINAN = HERE / "fixtures" / "diff" / "jinan-370102.jsonl"
JINAN_DATES = ("--from", "2022-01-01", "--to", "2022-06-01")
FAILING = "JN-U3"
MESSAGE = ("this household cannot be computed on B (2022-06-01) (OverflowError: Python int too large to convert to "
           "C long); check its amounts, counts and dates")


def aidcalc(*args: object, code: int = 0) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, result.output + repr(result.exception)
    return result


def raise_on(monkeypatch: pytest.MonkeyPatch, exc: BaseException, household: str = FAILING,
             on: str = "2022-06-01") -> None:
    """The 特困 rule raises ``exc`` whenever the Frame it computes holds ``household`` on the date ``on``."""
    real = tekun.compute

    def compute(f: Frame, t: Any) -> None:
        if household in list(f.ids) and any(d.isoformat() == on for _, d in f.groups):
            raise exc
        real(f, t)

    monkeypatch.setattr(tekun, "compute", compute)


def caseload(tmp_path: Path, suffix: str) -> Path:
    if suffix == ".jsonl":
        return JINAN
    path = tmp_path / f"c{suffix}"
    write_sample([json.loads(x) for x in JINAN.read_text("utf-8").splitlines()], path)
    return path


@pytest.mark.parametrize("suffix", [".jsonl", ".parquet"])
def test_a_household_the_engine_cannot_compute_on_b_goes_to_the_errors(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str) -> None:
    """JN-U3 raises on B: it is an errors record naming it and what was raised (the same record batch writes), on
    stderr and in the errors file and the JSON report; the six others are compared as without it."""
    raise_on(monkeypatch, OverflowError("Python int too large to convert to C long"))
    source = caseload(tmp_path, suffix)
    result = aidcalc("diff", source, *JINAN_DATES, "--chunk-size", "4", "--format", "json",
                     "--errors", tmp_path / "e.jsonl", "-o", tmp_path / "r.json")
    record = {"row": 4, "table": "households", "household": FAILING, "member": None, "field": "(household)",
              "value": None, "message": MESSAGE}
    errors = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text("utf-8").splitlines()]
    assert errors == [record]
    assert result.stderr == f"aidcalc: row 4 (households) household {FAILING}: (household): {MESSAGE}\n"
    s = json.loads(result.stdout)
    assert (s["households"], s["households_with_errors"], s["problems"]) == (6, 1, 1)
    assert (s["gainers"], s["losers"], s["unchanged"], s["listed"]) == (4, 0, 2, 5)
    assert s["budget"]["monthly"] == {"old": "2923.00", "new": "3592.00", "change": "669.00"}
    assert s["budget"]["by_benefit"]["tekun"]["change"] == "160.00"
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert report["problems"] == [record]
    assert [h["id"] for h in report["households"]] == ["JN-U1", "JN-R1", "JN-U2", "JN-U4", "JN-U5"]


def test_every_household_failing_is_every_household_in_the_errors(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """When the rule raises on A for every household, all seven are errors records, in row order, and nothing is
    compared: the summary says so and the run still ends (exit 0)."""
    real = tekun.compute

    def compute(f: Frame, t: Any) -> None:
        if any(d.isoformat() == "2022-01-01" for _, d in f.groups):
            raise ZeroDivisionError("division by zero")
        real(f, t)

    monkeypatch.setattr(tekun, "compute", compute)
    result = aidcalc("diff", JINAN, *JINAN_DATES, "--format", "json", "--errors", tmp_path / "e.jsonl")
    errors = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text("utf-8").splitlines()]
    assert [(e["row"], e["household"]) for e in errors] == [
        (1, "JN-U1"), (2, "JN-R1"), (3, "JN-U2"), (4, "JN-U3"), (5, "JN-U4"), (6, "JN-R2"), (7, "JN-U5")]
    assert {e["message"] for e in errors} == {"this household cannot be computed on A (2022-01-01) (ZeroDivisionError: "
                                              "division by zero); check its amounts, counts and dates"}
    s = json.loads(result.stdout)
    assert (s["households"], s["households_with_errors"], s["listed"], s["changed_standards"]) == (0, 7, 0, 0)
    assert result.stderr.splitlines()[6] == ("aidcalc: row 7 (households) household JN-U5: (household): this "
                                             "household cannot be computed on A (2022-01-01) (ZeroDivisionError: "
                                             "division by zero); check its amounts, counts and dates")
    assert len(result.stderr.splitlines()) == 7


def test_an_interrupted_diff_leaves_the_earlier_reports_as_they_were(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C during the comparison (a KeyboardInterrupt is no household's failure): exit 1, every report and
    the errors file of the earlier run unchanged, and no temporary file left beside them."""
    outputs = [tmp_path / "r.html", tmp_path / "r.xlsx", tmp_path / "r.json", tmp_path / "e.jsonl"]
    for k, path in enumerate(outputs):
        path.write_bytes(f"earlier run {k}".encode())
    raise_on(monkeypatch, KeyboardInterrupt())
    args = [a for path in outputs[:3] for a in ("-o", path)]
    result = aidcalc("diff", JINAN, *JINAN_DATES, *args, "--errors", outputs[3], "--force", code=1)
    assert result.stderr == "\nAborted!\n"
    assert [p.read_bytes() for p in outputs] == [f"earlier run {k}".encode() for k in range(4)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.jsonl", "r.html", "r.json", "r.xlsx"]


def test_a_household_neither_compared_nor_in_the_errors_stops_the_run() -> None:
    """The proof each chunk passes: its rows are exactly the rows compared and the rows in the errors, each once."""
    rows = np.array([1, 2, 3], dtype=np.int64)
    prove_conserved(0, rows, np.array([1, 3], dtype=np.int64), {2})
    with pytest.raises(ConservationError, match=r"^chunk 5: households lost or duplicated between results and errors$"):
        prove_conserved(5, rows, np.array([1, 3], dtype=np.int64), set())
    with pytest.raises(ConservationError):
        prove_conserved(5, rows, np.array([1, 2, 3], dtype=np.int64), {2})


def test_a_household_that_cannot_be_computed_under_draft_standards_names_side_b(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between two sets of standards on one date the record names the side, without a date: JN-U3 raises under
    the draft (B) only, and the draft's other households are compared (JN-U1 and JN-U4 lose 10.00 and 5.00)."""
    from aidcalc.standards.library import Library

    bundled = Library.load().digest
    real = tekun.compute

    def compute(f: Frame, t: Any) -> None:
        if FAILING in list(f.ids) and t.params.library.digest != bundled:
            raise IndexError("index 3 is out of bounds for axis 0 with size 3")
        real(f, t)

    monkeypatch.setattr(tekun, "compute", compute)
    draft = HERE / "fixtures" / "diff" / "draft-lower"
    result = aidcalc("diff", JINAN, "--to-standards", draft, "--on", "2022-06-01", "--format", "json",
                     "--errors", tmp_path / "e.jsonl")
    (error,) = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text("utf-8").splitlines()]
    assert (error["household"], error["message"]) == (FAILING, (
        "this household cannot be computed on B (IndexError: index 3 is out of bounds for axis 0 with size 3); "
        "check its amounts, counts and dates"))
    s = json.loads(result.stdout)
    assert (s["households"], s["households_with_errors"], s["losers"]) == (6, 1, 2)
    assert s["budget"]["monthly"]["change"] == "-15.00"
