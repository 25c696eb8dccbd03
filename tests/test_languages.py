"""One language per statement: what the engine writes (labels, working, reasons, notes) is 中文 in a zh
statement and English in an en one, for every example and every case file.

Quotes from notices (citations) and the standards' own notes (in warnings) are the data's text and are
not checked here; member ids, codes, numbers and division names may appear in either language.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from aidcalc import Engine, Result
from aidcalc.household import load_household_file
from aidcalc.testing.cases import find_case_files, load_cases

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in [*(ROOT / "examples").glob("*.json"), *(ROOT / "examples").glob("*.toml")]
                  if not p.name.endswith(".expected.json"))
CASES = [c for f in find_case_files([ROOT / "tests" / "cases"]) for c in load_cases(f)]
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")


def _households() -> list[tuple[str, dict[str, Any], tuple[Path, ...], Any]]:
    out: list[tuple[str, dict[str, Any], tuple[Path, ...], Any]] = [
        (p.stem, dict(load_household_file(p).model_dump(mode="json", exclude_none=True)), (), None)
        for p in EXAMPLES]
    out += [(c.name, dict(c.household), c.standards, c.on) for c in CASES]
    return out


HOUSEHOLDS = _households()
ENGINES: dict[tuple[Path, ...], Engine] = {}


def texts(r: Result) -> list[str]:
    """Everything the engine itself words in a result."""
    out: list[str] = []
    for b in r.benefits:
        out.append(b.label)
        out += [x.label for x in b.lines] + [x.working for x in b.lines]
        out += [x.label for x in b.steps] + [x.working for x in b.steps]
        out += [x.text for x in b.reasons] + list(b.notes)
    return out


def _strip(text: str, r: Result, names: list[str]) -> str:
    for m in r.members:
        text = text.replace(str(m["id"]), " ")
    for name in names:
        text = text.replace(name, " ")
    return text


@pytest.mark.parametrize(("name", "household", "standards", "on"), HOUSEHOLDS, ids=[h[0] for h in HOUSEHOLDS])
def test_each_statement_is_in_one_language(name: str, household: dict[str, Any], standards: tuple[Path, ...],
                                           on: Any) -> None:
    """No English word in a zh statement's own text, no Chinese in an en statement's own text."""
    engine = ENGINES.get(standards) or ENGINES.setdefault(standards, Engine(list(standards) or None))
    for lang, bad in (("zh", LATIN_WORD), ("en", CJK)):
        r = engine.calculate(household, on=on, lang=lang)
        division = engine.library.division(r.division)
        names = [n for n in (r.division_name, division.name if division else "") if n]
        found = [t for t in texts(r) if bad.search(_strip(t, r, names))]
        assert found == [], (lang, found)
