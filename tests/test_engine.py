"""The Python API: ``calculate``, ``Engine``, languages, fingerprints and the public names."""

from __future__ import annotations

import ast
import copy
import importlib
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import aidcalc
from aidcalc import Engine, Library, Money, Result, calculate, parse_household

FIXTURE = Path(__file__).parent / "fixtures" / "standards"


def three_person() -> dict[str, Any]:
    """2021年8月测试市三口之家，一人就业月工资1,000元，另有13岁子女: 低保 1,310.00 + 70.00 = 1,380.00."""
    return {
        "id": "E1",
        "division": "990100",
        "area": "urban",
        "on": "2021-08-01",
        "assets": {"financial": "0.00", "vehicles": 0, "homes": 1},
        "members": [
            {"id": "p1", "relation": "self", "birth_date": "1975-03-01", "incomes": {"wage": "1000.00"},
             "employed": True},
            {"id": "p2", "relation": "spouse", "birth_date": "1977-05-01"},
            {"id": "p3", "relation": "child", "birth_date": "2008-05-01", "student": "compulsory"},
        ],
    }


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine([FIXTURE])


def test_calculate_takes_a_plain_dict() -> None:
    """``aidcalc.calculate`` computes a household given as a dict, with standards layered over the bundled ones."""
    r = calculate(three_person(), standards=[FIXTURE])
    assert isinstance(r, Result)
    # 700.00 × 3 − (1,000.00 − 210.00) = 1,310.00; 未成年 70.00
    assert (r.household_id, r.division, r.on, r.total) == ("E1", "990100", "2021-08-01", Money(138000))
    assert r.benefit("dibao").status == "eligible"
    assert r.to_dict()["total"] == "1380.00"


def test_calculate_accepts_a_validated_household() -> None:
    """A Household model gives the same result as the dict it came from."""
    h = parse_household(three_person())
    assert calculate(h, standards=[FIXTURE]).to_dict() == calculate(three_person(), standards=[FIXTURE]).to_dict()


def test_on_overrides_the_households_date(engine: Engine) -> None:
    """``on=`` takes precedence over the household's own date."""
    r = engine.calculate(three_person(), on="2021-09-15")
    assert r.on == "2021-09-15"


def test_engine_is_reused_without_reloading(engine: Engine) -> None:
    """One Engine computes many households with one loaded Library, giving the same answer each time."""
    library = engine.library
    first = engine.calculate(three_person()).to_json()
    for _ in range(3):
        assert engine.calculate(three_person()).to_json() == first
    assert engine.library is library
    assert isinstance(library, Library)


def test_engine_accepts_a_library(engine: Engine) -> None:
    """An Engine built on an already loaded Library shares it."""
    other = Engine(engine.library)
    assert other.library is engine.library
    assert other.calculate(three_person()).to_json() == engine.calculate(three_person()).to_json()


def test_calculate_does_not_change_its_input(engine: Engine) -> None:
    """The household dict passed in is left as it was."""
    h = three_person()
    before = copy.deepcopy(h)
    engine.calculate(h)
    assert h == before


def test_english_labels(engine: Engine) -> None:
    """``lang="en"`` gives English labels and the same amounts as Chinese."""
    zh = engine.calculate(three_person())
    en = engine.calculate(three_person(), lang="en")
    assert en.lang == "en"
    assert en.benefit("dibao").label == "Minimum living allowance (dibao)"
    assert zh.benefit("dibao").label == "最低生活保障金"
    assert [(b.code, b.status, b.amount) for b in en.benefits] == [(b.code, b.status, b.amount) for b in zh.benefits]
    labels = [line.label for b in en.benefits for line in b.lines] + [b.label for b in en.benefits]
    assert labels and all(not any("\u4e00" <= ch <= "\u9fff" for ch in text) for text in labels), labels


def test_fingerprint_is_stable_for_the_same_input(engine: Engine) -> None:
    """The same household gives the same fingerprint, from this engine, a fresh engine, or with keys reordered."""
    a = engine.calculate(three_person()).fingerprint
    b = Engine([FIXTURE]).calculate(three_person()).fingerprint
    reordered = dict(reversed(list(three_person().items())))
    c = engine.calculate(reordered).fingerprint
    assert a == b == c
    assert set(a) == {"engine", "standards", "input"}
    assert a["standards"].startswith("sha256:") and a["input"].startswith("sha256:")


def test_fingerprint_input_hash_sees_amounts_written_differently_as_one(engine: Engine) -> None:
    """1000, 1000.0, "1000", "1000.0" and "01000.00" are one input, so one input hash."""
    hashes = set()
    for wage in (1000, 1000.0, "1000", "1000.0", "01000.00"):
        h = three_person()
        h["members"][0]["incomes"] = {"wage": wage}
        hashes.add(engine.calculate(h).fingerprint["input"])
    assert len(hashes) == 1


def test_fingerprint_changes_with_the_input(engine: Engine) -> None:
    """A different income gives a different input hash but the same standards hash."""
    h = three_person()
    h["members"][0]["incomes"] = {"wage": "1000.01"}
    a, b = engine.calculate(three_person()).fingerprint, engine.calculate(h).fingerprint
    assert a["input"] != b["input"]
    assert a["standards"] == b["standards"]


def test_bad_input_raises_input_error(engine: Engine) -> None:
    """A bad household raises InputError, never anything else."""
    h = three_person()
    h["members"][0]["incomes"] = {"wage": "1000.001"}
    with pytest.raises(aidcalc.InputError):
        engine.calculate(h)


def test_calculate_many_keeps_order_and_ids(engine: Engine) -> None:
    """calculate_many returns one result per household, in order, each with its own id."""
    hs = []
    for i in range(5):
        h = three_person()
        h["id"] = f"E{i}"
        h["members"][0]["incomes"] = {"wage": f"{1000 + 100 * i}.00"}
        hs.append(h)
    results = engine.calculate_many(hs)
    assert [r.household_id for r in results] == [f"E{i}" for i in range(5)]
    # 低保 = 2,100.00 − (wage − 210.00) + 70.00, one hundred less per step
    assert [r.benefit("dibao").amount.fen for r in results] == [138000 - 10000 * i for i in range(5)]


def test_public_names_are_sorted_and_importable() -> None:
    """``aidcalc.__all__`` is sorted, has no duplicates, and every name in it exists."""
    names = list(aidcalc.__all__)
    assert names == sorted(names)
    assert len(names) == len(set(names))
    module = importlib.import_module("aidcalc")
    for name in names:
        assert getattr(module, name) is not None, name


_IMPORTS = """
import sys
import {module}
print(sorted(m for m in ("numpy", "pyarrow", "pydantic") if m in sys.modules))
"""


@pytest.mark.parametrize("module", ["aidcalc", "aidcalc.cli"])
def test_the_package_and_the_command_line_load_nothing_heavy_on_import(module: str) -> None:
    """Importing the package, or the command line before a command runs, loads none of numpy, pyarrow and
    pydantic (the public names load on first use): ``aidcalc batch`` starts decoding its input first."""
    out = subprocess.run([sys.executable, "-c", _IMPORTS.format(module=module)], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"


def _typed_imports(package: str) -> dict[str, str]:
    """The names a package's ``if TYPE_CHECKING:`` block imports for type checkers, and the module of each."""
    tree = ast.parse(Path(importlib.import_module(package).__file__ or "").read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING")
    return {a.asname or a.name: n.module or "" for n in block.body if isinstance(n, ast.ImportFrom) for a in n.names}


@pytest.mark.parametrize("package", ["aidcalc", "aidcalc.caseload", "aidcalc.engine", "aidcalc.explain",
                                     "aidcalc.reports", "aidcalc.standards", "aidcalc.testing"])
def test_every_public_name_is_loaded_from_its_module(package: str) -> None:
    """The names loaded on first use are exactly ``__all__`` and what type checkers are shown, each the object
    its module defines."""
    module = importlib.import_module(package)
    typed = _typed_imports(package)
    assert sorted(typed) == sorted(module.__all__)
    for name, source in typed.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name)
    assert set(module.__all__) <= set(dir(module))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        module.nope  # noqa: B018


def test_version_is_a_string() -> None:
    """The package states its version."""
    assert isinstance(aidcalc.__version__, str) and aidcalc.__version__
