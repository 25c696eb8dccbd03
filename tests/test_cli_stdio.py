"""The command line's small conveniences: ``-`` for standard input and output, ``python -m aidcalc``, ``-V``."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

import aidcalc
from aidcalc.cli import main

HERE = Path(__file__).parent
ROOT = HERE.parent
STANDARDS = HERE / "fixtures" / "standards"
CASELOAD = HERE / "fixtures" / "caseload"
EXAMPLE = ROOT / "examples" / "guangzhou-2021-family.json"


def test_dash_v_prints_the_version() -> None:
    """``aidcalc -V`` and ``--version`` print the package's version and exit 0."""
    for flag in ("-V", "--version"):
        got = CliRunner().invoke(main, [flag])
        assert got.exit_code == 0
        assert got.output == f"aidcalc, version {aidcalc.__version__}\n"


def test_python_dash_m_aidcalc_is_the_command_line() -> None:
    """``python -m aidcalc`` runs the same command line, under the name aidcalc."""
    out = subprocess.run([sys.executable, "-m", "aidcalc", "-V"], capture_output=True, text=True, check=True)
    assert out.stdout == f"aidcalc, version {aidcalc.__version__}\n"
    out = subprocess.run([sys.executable, "-m", "aidcalc", "--help"], capture_output=True, text=True, check=True)
    assert out.stdout.startswith("Usage: aidcalc [OPTIONS] COMMAND [ARGS]...")


def test_check_dash_reads_the_household_from_standard_input() -> None:
    """``check -`` computes the household given as JSON on standard input, exactly as from its file."""
    from_file = CliRunner().invoke(main, ["check", str(EXAMPLE), "--format", "json"])
    from_stdin = CliRunner().invoke(main, ["check", "-", "--format", "json"], input=EXAMPLE.read_bytes())
    assert from_stdin.exit_code == 0, from_stdin.output
    assert json.loads(from_stdin.stdout) == json.loads(from_file.stdout)
    assert json.loads(from_stdin.stdout)["total"] == json.loads(EXAMPLE.with_suffix(".expected.json")
                                                                 .read_text("utf-8"))["total"]


def test_check_dash_names_standard_input_in_a_problem() -> None:
    """Text on standard input that is not JSON is one problem naming <stdin>, and exit code 2."""
    got = CliRunner().invoke(main, ["check", "-"], input="{not json")
    assert got.exit_code == 2
    assert got.stderr.startswith("<stdin>: household <stdin>, field '(file)': received '<stdin>'; not valid JSON: ")


def test_batch_dash_dash_o_dash_is_json_lines_in_and_out(tmp_path: Path) -> None:
    """``batch - -o -``: households as JSON lines on standard input, one result line per good household on
    standard output (the amounts of the CSV results, members nested), errors and summary on standard error."""
    source = CASELOAD / "mixed.jsonl"
    to_file = CliRunner().invoke(main, ["batch", str(source), "-o", str(tmp_path / "r.csv"), "--standards",
                                        str(STANDARDS)])
    assert to_file.exit_code == 0, to_file.output
    got = CliRunner().invoke(main, ["batch", "-", "-o", "-", "--standards", str(STANDARDS)],
                             input=source.read_bytes())
    assert got.exit_code == 0, got.stderr
    lines = [json.loads(line) for line in got.stdout.splitlines()]
    with (tmp_path / "r.csv").open(encoding="utf-8", newline="") as f:
        households = list(csv.DictReader(f))
    with (tmp_path / "r.members.csv").open(encoding="utf-8", newline="") as f:
        members = list(csv.DictReader(f))
    assert [{k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in line.items() if k != "members"}
            for line in lines] == [{k: v.lower() if v in ("True", "False") else v for k, v in h.items()}
                                   for h in households]
    assert [{"household_id": line["household_id"], **{k: str(v) for k, v in m.items()}}
            for line in lines for m in line["members"]] == members
    assert lines[0]["household_id"] == "T-01" and lines[0]["dibao_amount"] == "1380.00"
    errors = [json.loads(line) for line in got.stderr.splitlines() if line.startswith("{")]
    assert errors == [json.loads(line) for line in (tmp_path / "r.errors.jsonl").read_text("utf-8").splitlines()]
    assert "in = out + errors: 31 = 18 + 13 ✓" in got.stderr
    assert "(14 problems in standard error)" in got.stderr


def test_batch_dash_o_dash_with_an_errors_file(tmp_path: Path) -> None:
    """With ``--errors FILE`` the problems go to that file and standard error holds only the summary."""
    got = CliRunner().invoke(main, ["batch", str(CASELOAD / "mixed.jsonl"), "-o", "-", "--errors",
                                    str(tmp_path / "e.jsonl"), "--standards", str(STANDARDS)])
    assert got.exit_code == 0, got.stderr
    assert len(got.stdout.splitlines()) == 18
    assert len((tmp_path / "e.jsonl").read_text("utf-8").splitlines()) == 14
    assert not any(line.startswith("{") for line in got.stderr.splitlines())
