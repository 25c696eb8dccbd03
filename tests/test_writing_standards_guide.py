"""docs/writing-standards.md works as written: in an empty directory, every file it shows is written, every
command it shows is run in order, and every output it shows is printed — the figures it states included."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import aidcalc

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "docs" / "writing-standards.md").read_text("utf-8")
BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", flags=re.S | re.M)


def _steps() -> list[tuple[str, str, str]]:
    """The marked blocks in order: (kind, argument, body) for ``file=PATH``, ``run`` and ``output`` blocks."""
    steps = []
    for _lang, info, body in BLOCK.findall(GUIDE):
        info = info.strip()
        if info.startswith("file="):
            steps.append(("file", info.removeprefix("file="), body))
        elif info in ("run", "output"):
            steps.append((info, "", body))
    return steps


def _env(tmp_path: Path) -> dict[str, str]:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "aidcalc").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m aidcalc "$@"\n', "utf-8")
    (bin_dir / "aidcalc").chmod(0o755)
    src = str(Path(aidcalc.__file__).resolve().parent.parent)
    env = {k: v for k, v in os.environ.items() if k != "AIDCALC_STANDARDS"}
    return {**env, "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
            "PYTHONPATH": os.pathsep.join(p for p in (src, os.environ.get("PYTHONPATH")) if p),
            "AIDCALC_CACHE_DIR": str(tmp_path / "cache"), "COLUMNS": "200"}


def test_the_guide_marks_files_commands_and_outputs() -> None:
    """The guide shows its city's notice, case files, the commands of each step and what they print."""
    kinds = [k for k, _, _ in _steps()]
    assert kinds.count("file") == 5 and kinds.count("run") >= 9 and kinds.count("output") >= 8
    names = [arg for k, arg, _ in _steps() if k == "file"]
    assert names == ["my-standards/370500-dongying/2024-03-04.toml", "cases/dongying-2024.toml",
                     "my-standards/610327-longxian/2022-05-11.toml", "cases/longxian-2022.toml",
                     "cases/longxian-2022-disability.toml"]


def test_the_walk_through_runs_as_written(tmp_path: Path) -> None:
    """From an empty directory: each file written, each command exits 0 (or its ``# exits N``), and each line
    of an output block appears in what the command before it printed."""
    work = tmp_path / "work"
    work.mkdir()
    env = _env(tmp_path)
    printed = ""
    ran = 0
    for kind, arg, body in _steps():
        if kind == "file":
            path = work / arg
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, "utf-8")
        elif kind == "run":
            for line in body.splitlines():
                command, _, comment = line.partition("  #")
                if not command.strip() or command.lstrip().startswith("#"):
                    continue
                expected = re.search(r"exits (\d+)", comment)
                out = subprocess.run(["bash", "-c", command], cwd=work, env=env, capture_output=True, text=True)
                printed = out.stdout + out.stderr
                assert out.returncode == (int(expected.group(1)) if expected else 0), f"{command}\n{printed[-2000:]}"
                ran += 1
        else:
            for want in body.splitlines():
                if want.strip():
                    assert want.strip() in printed, f"{want!r} not printed:\n{printed[-3000:]}"
    assert ran >= 12


@pytest.mark.parametrize(("figure", "parameter", "fen"), [
    ("1,613", "tekun.basic.urban", 161300),
    ("1395元", "tekun.basic.rural", 139500),
    ("770.42", "tekun.care.none", 77042),
    ("2,150", "orphan.de_facto", 215000),
])
def test_the_figures_the_guide_states_are_the_ones_computed(
    tmp_path: Path, figure: str, parameter: str, fen: int
) -> None:
    """Each figure the guide states for 东营 is the value its file gives through the library."""
    import datetime as dt

    from aidcalc.standards.library import Library
    from aidcalc.standards.schema import parse_notice_file

    assert figure in GUIDE
    body = next(b for k, a, b in _steps() if k == "file" and a.startswith("my-standards/370500"))
    folder = tmp_path / "370500-dongying"
    folder.mkdir()
    (folder / "2024-03-04.toml").write_text(body, "utf-8")
    parse_notice_file(folder / "2024-03-04.toml", root=tmp_path)
    lib = Library.load([tmp_path], use_env=False)
    assert lib.resolve("370502", dt.date(2024, 6, 1), parameter).money == fen
