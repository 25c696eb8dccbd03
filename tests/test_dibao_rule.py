"""低保 as declared steps: every quantity the rule declares is set, has the shape its entity says, its
amounts hold to the 分, and the catalogue parameter of earned income types is read by the work deduction."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from aidcalc import Engine
from aidcalc.benefits import run
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import DECLARED, DERIVED, Trace
from aidcalc.household import parse_household
from aidcalc.standards.library import Library
from aidcalc.testing.cases import find_case_files, load_cases
from aidcalc.testing.synthetic import synthetic_frame

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "standards"
CASES = [c for f in find_case_files([ROOT / "tests" / "cases"]) for c in load_cases(f)]


def _frames() -> list[tuple[str, Library, Frame]]:
    bundled = Library.load()
    fixture = Library.load([FIXTURES])
    out = [(f"synthetic {d} {on}", bundled, synthetic_frame(400, division=d, on=on, seed=7))
           for d, on in (("440106", "2021-08-01"), ("370102", "2023-07-01"), ("150602", "2021-06-01"),
                         ("341702", "2024-07-01"))]
    out += [(f"synthetic 990100 {on}", fixture, synthetic_frame(1500, division="990100", on=on, seed=3))
            for on in ("2021-08-01", "2020-06-01")]
    libraries: dict[tuple[Path, ...], Library] = {(): bundled}
    for case in CASES:
        key = tuple(case.standards)
        library = libraries.get(key) or libraries.setdefault(key, Library.load(list(key)))
        out.append((case.name, library, Frame.from_households([parse_household(case.household)], on=case.on)))
    return out


def _dibao_names(t: Trace) -> set[str]:
    return {name for name in [*t, *t.pending, *DERIVED] if name.startswith("dibao.")}


def test_the_dibao_rule_sets_every_declared_quantity_and_its_amounts_hold_to_the_fen() -> None:
    """Over synthetic caseloads (bundled and fixture standards) and every case file: every declared 低保
    quantity can be read and has its entity's length (or is one 0-d value); 按标补差 is standard × members −
    income on the totals, to the 分, where the income is below (at least the minimum payment), and the
    members' shares add up to what the household receives."""
    declared = {name for name in DECLARED if name.startswith("dibao.")}
    per_category = {f"dibao.classified.{c}" for c in ("severe_disability", "serious_illness", "elderly", "minor",
                                                      "student", "single_parent_child")}
    seen: set[str] = set()
    for label, library, frame in _frames():
        t = run(frame, library)
        names = _dibao_names(t)
        # a category's supplement is recorded only where the division pays it
        assert declared - per_category <= names, (label, sorted(declared - per_category - names))
        for name in sorted(names):
            q = DECLARED[name]
            # a ratio is a pair of arrays (numerators, denominators), each like any other value
            for value in (t[q] if q.unit == "ratio" else (t[q],)):
                assert isinstance(value, np.ndarray | np.generic), (label, name)
                if np.ndim(value):
                    size = frame.m if q.entity == "person" else frame.n
                    assert np.shape(value)[0] == size, (label, name, np.shape(value), q.entity)
        # 社会救助暂行办法 第十二条: the difference worked out on the household's totals, not per head first
        size, income = t["dibao.size"], t["dibao.income"]
        threshold = np.broadcast_to(t["dibao.standard"] * size, (frame.n,))
        below = (size > 0) & (income < threshold)
        gap = np.where(below, threshold - income, 0)
        np.testing.assert_array_equal(t["dibao.gap"], gap, err_msg=label)
        np.testing.assert_array_equal(t["dibao.base_paid"], np.where(below, np.maximum(gap, t["dibao.floor_total"]), 0),
                                      err_msg=label)
        shares = frame.sum_by_household(t["dibao.member_share"])
        np.testing.assert_array_equal(shares, np.where(t["dibao.covered_count"] > 0, t["dibao.amount"], 0),
                                      err_msg=label)
        seen |= names
    assert per_category & seen, "some run records a category's supplement"


def _household(division: str, incomes: dict[str, str]) -> dict[str, Any]:
    return {"id": "EARN-1", "division": division, "area": "urban", "on": "2021-08-01", "members": [
        {"id": "p1", "relation": "self", "birth_date": "1975-03-02", "incomes": incomes, "employed": True},
        {"id": "p2", "relation": "spouse", "birth_date": "1976-05-11"},
    ]}


def test_earned_income_types_are_a_catalogue_parameter(tmp_path: Path) -> None:
    """``dibao.work_deduction.earned_incomes``: the national default deducts work costs from 工资性收入 and
    经营净收入; a division that lists only wages deducts nothing from business income, and one that lists
    pensions deducts from those."""
    # 测试市: standard 700.00, deduction 0.3 × standard = 210.00 from earnings
    business = _household("990100", {"business": "1000.00"})
    by_default = Engine([FIXTURES]).calculate(business).benefit("dibao")
    assert (by_default.amount, [s.working for s in by_default.steps if s.code == "dibao.work_deduction"]) == (
        610, ["p1"])
    div = tmp_path / "990100-testcity"
    div.mkdir()
    (div / "2021-06-01-earned.toml").write_text(
        '[notice]\ntitle = "测试市就业成本扣减（测试用，虚构）"\nissuer = "aidcalc test suite"\n'
        'effective = 2021-06-01\nsource = "tests — fictional"\n\n[dibao]\n'
        'work_deduction.earned_incomes = { value = ["wage", "pension"], ref = "一", status = "published" }\n',
        "utf-8")
    engine = Engine([FIXTURES, tmp_path])
    wages_only = engine.calculate(business).benefit("dibao")
    assert (wages_only.amount, [s.code for s in wages_only.steps if s.code == "dibao.work_deduction"]) == (400, [])
    pension = engine.calculate(_household("990100", {"pension": "1000.00"})).benefit("dibao")
    assert pension.amount == 610
    step = next(s for s in pension.steps if s.code == "dibao.work_deduction")
    assert step.value == "210.00"
    assert "测试市就业成本扣减（测试用，虚构）" in [c.title for c in step.citations]


def test_the_dibao_wording_decides_nothing() -> None:
    """The explanation of 低保 words what the rule recorded: no sentence literals, no filter on note texts."""
    source = (ROOT / "src" / "aidcalc" / "explain" / "_dibao.py").read_text("utf-8")
    assert "v.tr(" not in source and "tr = " not in source
    assert '"低保边缘" in' not in source and "in n for n" not in source
    rule = "\n".join(p.read_text("utf-8") for p in (ROOT / "src" / "aidcalc" / "benefits" / "dibao").glob("*.py"))
    assert "np.ndim" not in rule and ".ndim" not in rule
