"""Batch and diff outputs: never over an input, never over an existing file without --force, written whole
or not at all (a killed run leaves the previous outputs), and the same bytes for the same run."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from aidcalc.caseload._readahead import sibling
from aidcalc.cli import main

HERE = Path(__file__).parent
STANDARDS = HERE / "fixtures" / "standards"
CASELOAD = HERE / "fixtures" / "caseload"


def run(*args: object) -> tuple[int, str]:
    got = CliRunner().invoke(main, [*map(str, args), "--standards", str(STANDARDS)])
    return got.exit_code, got.output


def tables(tmp_path: Path, suffix: str) -> Path:
    """The good fixture caseload as a households table (and its members beside it) in ``suffix``."""
    out = tmp_path / f"caseload{suffix}"
    code, text = run("sample", "--n", "30", "--division", "990100", "--on", "2021-08-01", "-o", out, "--seed", "3")
    assert code == 0, text
    return out


def snapshot(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir()) if p.is_file()}


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".xlsx", ".jsonl"])
def test_no_output_may_be_an_input_of_the_run(tmp_path: Path, suffix: str) -> None:
    """-o, its members sibling, --errors and --summary-json naming an input file are refused, and every input
    keeps its bytes, whatever the path looks like (relative, through a link)."""
    src = tables(tmp_path, suffix)
    before = snapshot(tmp_path)
    inputs = [src] + ([sibling(src, "members")] if suffix in (".csv", ".parquet") else [])
    link = tmp_path / "sub"
    link.symlink_to(tmp_path, target_is_directory=True)
    attempts: list[list[object]] = []
    for target in inputs:
        attempts.append(["-o", target, "--force"] if target.suffix != ".jsonl" else [])
        attempts.append(["-o", tmp_path / "r.csv", "--errors", link / target.name, "--force"])
        attempts.append(["-o", tmp_path / "r.csv", "--summary-json", target, "--force"])
    refused = 0
    for args in (a for a in attempts if a):
        code, text = run("batch", src, *args)
        if "would overwrite an input" in text:
            refused += 1
        assert code == 2, text
        assert "Traceback" not in text
    assert refused >= len(inputs) * 3 - (1 if suffix == ".jsonl" else 0)
    assert snapshot(tmp_path) == before


def test_the_members_sibling_of_the_output_is_refused_when_it_is_an_input(tmp_path: Path) -> None:
    """-o OUT.parquet whose OUT.members.parquet is the caseload's members table is refused by name."""
    src = tables(tmp_path, ".parquet")
    other = tmp_path / "households.parquet"
    shutil.copy(src, other)
    before = snapshot(tmp_path)
    code, text = run("batch", other, "--members", sibling(src, "members"), "-o", src.with_name("caseload.x.parquet"))
    assert code == 0, text  # a different members name: fine
    code, text = run("batch", other, "--members", sibling(src, "members"), "-o", src, "--force")
    assert code == 2 and "would overwrite an input" in text
    members_out = tmp_path / "out.parquet"
    shutil.copy(sibling(src, "members"), sibling(members_out, "members"))
    snap = snapshot(tmp_path)
    code, text = run("batch", other, "--members", sibling(members_out, "members"), "-o", members_out, "--force")
    assert code == 2, text
    assert text == (f"aidcalc: {sibling(members_out, 'members')}: the members file would overwrite an input of this "
                    f"run ({sibling(members_out, 'members')}); choose another name\n")
    assert snapshot(tmp_path) == snap
    assert before.items() <= snapshot(tmp_path).items()


@pytest.mark.parametrize("which", ["results", "members", "errors", "summary"])
def test_an_existing_output_is_replaced_only_with_force(tmp_path: Path, which: str) -> None:
    """Each output kind that exists stops the run (exit 2, naming it) unless --force; nothing is written then."""
    out = tmp_path / "r.parquet"
    existing = {"results": out, "members": sibling(out, "members"), "errors": tmp_path / "e.jsonl",
                "summary": tmp_path / "s.json"}[which]
    existing.write_bytes(b"keep me")
    args = [CASELOAD / "good", "-o", out, "--errors", tmp_path / "e.jsonl", "--summary-json", tmp_path / "s.json"]
    code, text = run("batch", *args)
    assert code == 2
    assert text.startswith(f"aidcalc: {existing}: the ") and text.endswith(" exists; pass --force to replace it\n")
    assert [p.name for p in tmp_path.iterdir()] == [existing.name]
    assert existing.read_bytes() == b"keep me"
    code, text = run("batch", *args, "--force")
    assert code == 0, text
    assert existing.read_bytes() != b"keep me"


def test_two_outputs_of_one_run_may_not_be_one_file(tmp_path: Path) -> None:
    """--errors or --summary-json naming the results (or each other) is refused before anything is written."""
    out = tmp_path / "r.csv"
    for args in (["--errors", out], ["--summary-json", out], ["--errors", sibling(out, "members")],
                 ["--errors", tmp_path / "e", "--summary-json", tmp_path / "e"]):
        code, text = run("batch", CASELOAD / "good", "-o", out, *args)
        assert code == 2 and "is also another output of this run" in text, text
        assert list(tmp_path.iterdir()) == []


def test_diff_reports_are_refused_over_an_input_or_an_existing_file(tmp_path: Path) -> None:
    """diff -o and --errors: an input is never replaced; an existing file only with --force."""
    (tmp_path / "sub").mkdir()
    src = tables(tmp_path, ".parquet")
    book = tables(tmp_path, ".xlsx")
    before = snapshot(tmp_path)
    dates = ["--from", "2021-08-01", "--to", "2022-08-01"]
    for args in ([book, "-o", book], [src, "--errors", sibling(src, "members")], [src, "--errors", src],
                 [book, "-o", tmp_path / "sub" / ".." / book.name]):
        code, text = run("diff", *args, *dates, "--force")
        assert code == 2 and "would overwrite an input" in text, text
    # the caseload's members table through a relative path
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        code, text = run("diff", src.name, *dates, "--errors", sibling(src, "members").name, "--force")
    finally:
        os.chdir(cwd)
    assert code == 2 and "would overwrite an input" in text
    assert snapshot(tmp_path) == before
    report = tmp_path / "d.json"
    report.write_text("old")
    code, text = run("diff", src, *dates, "-o", report, "-o", tmp_path / "d.xlsx")
    assert code == 2 and text == f"aidcalc: {report}: the report exists; pass --force to replace it\n"
    assert report.read_text() == "old" and not (tmp_path / "d.xlsx").exists()
    code, text = run("diff", src, *dates, "-o", report, "-o", tmp_path / "d.xlsx", "--force")
    assert code == 0, text
    assert json.loads(report.read_text())["summary"]


def test_the_summary_names_each_output_with_its_checksum(tmp_path: Path) -> None:
    """--summary-json is written last and holds the sha256 of the results, members and errors as written."""
    out = tmp_path / "r.csv"
    code, text = run("batch", CASELOAD / "mixed", "-o", out, "--summary-json", tmp_path / "s.json")
    assert code == 0, text
    s = json.loads((tmp_path / "s.json").read_text("utf-8"))
    assert s["balanced"] and s["households_in"] == s["households_out"] + s["households_with_errors"]
    assert s["fingerprint"]["engine"].startswith("aidcalc ") and s["fingerprint"]["standards"].startswith("sha256:")
    files = [out, sibling(out, "members"), sibling(out, "errors", ".jsonl")]
    assert s["outputs"] == {str(p): "sha256:" + hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*(p.name for p in files), "s.json"])


def test_xlsx_outputs_are_the_same_bytes_at_every_run(tmp_path: Path) -> None:
    """Two runs a few seconds apart write byte-identical workbooks, batch's and diff's (no clock in the zip or
    the workbook's properties)."""
    src = tables(tmp_path, ".parquet")
    got: dict[str, list[bytes]] = {"batch": [], "diff": []}
    for k in range(2):
        for command in got:
            out = tmp_path / f"{command}{k}.xlsx"
            args = ["-o", out] if command == "batch" else ["--from", "2021-08-01", "--to", "2022-08-01", "-o", out]
            code, text = run(command, src, *args, "--force")
            assert code == 0, text
            got[command].append(out.read_bytes())
        if k == 0:
            time.sleep(2.1)  # zip times count in steps of two seconds
    assert got["batch"][0] == got["batch"][1] and got["diff"][0] == got["diff"][1]


# ------------------------------------------------------------------------------------------- killed runs


def _aidcalc(*args: object) -> list[str]:
    return [sys.executable, "-c", "from aidcalc.cli import main; main()", *map(str, args), "--standards",
            str(STANDARDS)]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}


def _kill_when_writing(cmd: list[str], out: Path, feed: Path | None = None, lines: list[bytes] | None = None
                       ) -> None:
    """Start ``cmd``; SIGKILL it once the temporary file of ``out`` holds bytes (the run is midway)."""
    child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=_env())
    writer = None
    try:
        if feed is not None and lines is not None:  # half the caseload through a pipe; the rest never comes
            writer = feed.open("wb")
            writer.write(b"".join(lines[: len(lines) // 2]))
            writer.flush()
        tmp = out.with_name(f".{out.name}.aidcalc-{child.pid}.tmp")
        deadline = time.monotonic() + 60
        while not (tmp.exists() and tmp.stat().st_size > 0):
            assert child.poll() is None, child.stderr.read().decode() if child.stderr else ""
            assert time.monotonic() < deadline, "the run never started writing"
            time.sleep(0.005)
        assert child.poll() is None, "the run ended before it could be killed"
        child.send_signal(signal.SIGKILL)
        assert child.wait() == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        if writer is not None:
            with contextlib.suppress(BrokenPipeError):
                writer.close()


def test_a_run_killed_midway_leaves_the_previous_outputs_byte_identical(tmp_path: Path) -> None:
    """SIGKILL while a batch writes (JSON lines arriving through a pipe, half of them sent): the results,
    members, errors and summary of the previous run keep their bytes, and no other file takes a final name."""
    lines = (CASELOAD / "mixed.jsonl").read_bytes().splitlines(keepends=True) * 40
    src = tmp_path / "caseload.jsonl"
    src.write_bytes(b"".join(lines))
    out = tmp_path / "out" / "r.parquet"
    out.parent.mkdir()
    args = [src, "-o", out, "--summary-json", out.with_name("s.json"), "--chunk-size", "7", "--threads", "1"]
    subprocess.run(_aidcalc("batch", *args), check=True, capture_output=True, env=_env())
    before = snapshot(out.parent)
    assert sorted(before) == ["r.errors.jsonl", "r.members.parquet", "r.parquet", "s.json"]
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    _kill_when_writing(_aidcalc("batch", fifo, *args[1:], "--force"), out, fifo, lines)
    after = snapshot(out.parent)
    assert {k: v for k, v in after.items() if not k.startswith(".")} == before
    leftovers = [k for k in after if k.startswith(".")]
    assert leftovers and all(k.endswith(".tmp") for k in leftovers)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_a_first_run_killed_midway_leaves_no_file_under_a_final_name(tmp_path: Path, suffix: str) -> None:
    """SIGKILL of a batch over a caseload that takes about a second, once it is writing: no results, members,
    errors or summary file exists under its final name (only the temporary ones)."""
    src = tmp_path / f"caseload{suffix}"
    code, text = run("sample", "--n", "20000", "--division", "990100", "--on", "2021-08-01", "-o", src, "--seed", "5")
    assert code == 0, text
    out = tmp_path / "out" / f"r{suffix}"
    out.parent.mkdir()
    _kill_when_writing(_aidcalc("batch", src, "-o", out, "--summary-json", out.with_name("s.json"),
                                "--chunk-size", "500", "--threads", "1"), out)
    assert all(p.name.startswith(".") and p.name.endswith(".tmp") for p in out.parent.iterdir())


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".parquet", ".xlsx"])
def test_sample_replaces_an_existing_file_only_with_force(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"s{suffix}"
    code, _ = run("sample", "--n", "3", "--division", "990100", "--on", "2021-08-01", "-o", out)
    assert code == 0
    before = out.read_bytes()
    code, text = run("sample", "--n", "4", "--division", "990100", "--on", "2021-08-01", "-o", out, "--seed", "9")
    assert code == 2
    assert text == f"aidcalc: {out}: the sample file exists; pass --force to replace it\n"
    assert out.read_bytes() == before
    code, _ = run("sample", "--n", "4", "--division", "990100", "--on", "2021-08-01", "-o", out, "--seed", "9",
                  "--force")
    assert code == 0
    assert out.read_bytes() != before
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [out.name] + ([sibling(out, "members").name] if suffix in (".csv", ".parquet") else []))


def test_a_killed_runs_temporary_file_is_removed_by_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    dead = tmp_path / ".r.csv.aidcalc-999999999.tmp"  # no such process
    dead.write_text("partial", encoding="utf-8")
    mine = tmp_path / f".r.csv.aidcalc-{os.getppid()}.tmp"  # a running process's: left alone
    mine.write_text("partial", encoding="utf-8")
    code, _ = run("sample", "--n", "3", "--division", "990100", "--on", "2021-08-01", "-o", out)
    assert code == 0
    assert not dead.exists()
    assert mine.exists()


def test_an_xlsx_output_too_long_for_a_sheet_is_refused_and_nothing_is_written(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aidcalc.reports import xlsx

    caseload = tables(tmp_path, ".csv")
    monkeypatch.setattr(xlsx, "XLSX_MAX_ROWS", 11)  # a header and 10 rows: the 30 households do not fit
    before = snapshot(tmp_path)
    out = tmp_path / "r.xlsx"
    code, text = run("batch", caseload, "-o", out)
    assert code == 2
    assert text == (f"aidcalc: {out}: sheet 'households' would need more than the 10 rows an xlsx sheet holds under "
                    "its header; write .parquet or .csv\n")
    assert snapshot(tmp_path) == before
