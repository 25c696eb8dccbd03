"""Every command in the README runs as written: each line of its ``bash`` blocks and each ``python`` block,
in a temporary directory that sees the repository's ``examples/``, ``tests/``, ``src/``, ``benchmarks/``
and ``standards/``, with ``aidcalc`` the package under test run by this interpreter."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import aidcalc

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
SEEN = ("examples", "tests", "src", "benchmarks", "standards", "pyproject.toml")

#: commands the README shows that this test does not run, and why; :func:`_check_not_run` checks what they name
NOT_RUN = {
    "pip install": "installs the package; the suite runs against the installed one",
    "python -m pytest": "the test suite itself",
    "mypy": "type checking of src/ (run by .ci/run and before every integration)",
    "bash .ci/run": "builds a fresh virtual environment and runs all of the above",
}


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", README, flags=re.S | re.M)


def _commands() -> list[str]:
    lines = [line.strip() for block in _blocks("bash") for line in block.splitlines()]
    assert not any(line.endswith("\\") for line in lines), "one command a line: no continuation lines"
    return [line for line in lines if line and not line.startswith("#")]


def _check_not_run(segment: str) -> None:
    """What a command not run names exists: the extras pip installs, the tool, the script."""
    words = shlex.split(segment.split(" #")[0])
    if words[:2] == ["pip", "install"]:
        extras = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
        for target in words[2:]:
            if target.startswith("-"):
                continue
            name = re.fullmatch(r"\.(?:\[(\w+)\])?", target)
            assert name is not None, f"pip installs {target!r}: expected . or .[extra]"
            assert name.group(1) is None or name.group(1) in extras, f"no extra {name.group(1)!r} in pyproject.toml"
    elif words[0] == "bash":
        assert (ROOT / words[1]).is_file(), words[1]
    elif words[0] == "python":
        __import__(words[2])
    else:
        assert shutil.which(words[0]) or __import__(words[0]), words[0]


def _runnable(command: str) -> tuple[str | None, int]:
    """The part of ``command`` to run (its segments not in NOT_RUN, joined by &&) and its expected exit code."""
    code, _, comment = command.partition(" #")
    expected = re.search(r"exits (\d+)", comment)
    kept = []
    for segment in code.split(" && "):
        if any(segment.strip().startswith(prefix) for prefix in NOT_RUN):
            _check_not_run(segment.strip())
        else:
            kept.append(segment.strip())
    return (" && ".join(kept) or None), int(expected.group(1)) if expected else 0


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A temporary directory seeing the repository's inputs, and an environment whose ``aidcalc`` is this one."""
    work = tmp_path_factory.mktemp("readme")
    for name in SEEN:
        (work / name).symlink_to(ROOT / name)
    bin_dir = tmp_path_factory.mktemp("bin")
    (bin_dir / "aidcalc").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aidcalc "$@"\n', "utf-8")
    (bin_dir / "aidcalc").chmod(0o755)
    src = str(Path(aidcalc.__file__).resolve().parent.parent)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
           "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p),
           "AIDCALC_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))}
    return work, env


def test_every_bash_command_in_the_readme_runs_as_written(workdir: tuple[Path, dict[str, str]]) -> None:
    """Each command line of the README's bash blocks, run in order by bash, exits with 0 (or the code its
    trailing ``# exits N`` names)."""
    work, env = workdir
    commands = _commands()
    assert len(commands) >= 20
    failed = []
    for command in commands:
        runnable, expected = _runnable(command)
        if runnable is None:
            continue
        out = subprocess.run(["bash", "-c", runnable], cwd=work, env=env, capture_output=True, text=True)
        if out.returncode != expected:
            failed.append(f"{command}\n  exit {out.returncode} (expected {expected}): {out.stderr[-600:]}")
    assert failed == []
    assert (work / "statement.html").read_text("utf-8").lstrip().lower().startswith("<!doctype html>")
    assert len((work / "results.jsonl").read_text("utf-8").splitlines()) == 20
    for name in ("results.parquet", "results.members.parquet", "diff.html", "diff.xlsx", "diff.json"):
        assert (work / name).stat().st_size > 0, name


def test_every_python_block_in_the_readme_runs(workdir: tuple[Path, dict[str, str]]) -> None:
    """Each python block runs in a fresh interpreter and prints what it says it prints."""
    work, env = workdir
    blocks = _blocks("python")
    assert blocks
    for block in blocks:
        out = subprocess.run([sys.executable, "-c", block], cwd=work, env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[0].split()[1] == "eligible"


def test_the_readme_names_only_files_that_exist() -> None:
    """Every path under examples/, docs/, tests/ or benchmarks/ and every Markdown file the README names is
    in the repository, and it refers to no design document outside it."""
    named = set(re.findall(r"(?<![\w/.-])((?:examples|docs|tests|benchmarks)/[\w./-]*|[\w-]+\.md)\b", README))
    assert {"examples/jinan-2023-family.toml", "examples/draft-standards"} <= {n.rstrip("./") for n in named}
    for name in named:
        assert (ROOT / name.rstrip("./")).exists(), name
    assert "DESIGN" not in README


def test_the_draft_standards_example_is_a_marked_draft() -> None:
    """The draft directory is one notice copied from the bundled 济南 2022 notice, effective 2023-01-01, its
    changed figure marked as not published, with a note; every other value as in the original."""
    (path,) = (ROOT / "examples" / "draft-standards").rglob("*.toml")
    draft = tomllib.loads(path.read_text("utf-8"))
    original = tomllib.loads((ROOT / "standards" / "370100-jinan" / "2022-03-29-jiuzhu-baozhang-biaozhun-2022.toml")
                             .read_text("utf-8"))
    assert str(draft["notice"]["effective"]) == "2023-01-01"
    assert "草案" in draft["notice"]["title"] and "草案" in draft["notice"]["note"] and "DRAFT" in draft["notice"]["note_en"]
    changed = draft["dibao"]["standard"]["urban"]
    assert (changed["amount"], changed["status"]) == ("1045", "planning-document")
    assert "草案" in changed["note"] and "DRAFT" in changed["note_en"]
    assert original["dibao"]["standard"]["urban"]["amount"] == "995"
    for table in ("tekun",):
        for key, value in original[table].items():
            for sub, v in value.items():
                assert draft[table][key][sub]["amount"] == v["amount"], (table, key, sub)
