"""The synthetic caseload generator: reproducible, varied, and in step with the household contract."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import aidcalc
from aidcalc.engine.frame import Frame
from aidcalc.household import parse_household
from aidcalc.testing.synthetic import frame_to_households, synthetic_frame, synthetic_households

FIXTURES = Path(__file__).parent / "fixtures" / "standards"
DIVISION = "990100"  # 测试市, fictional
ON = "2021-08-01"
AMOUNTS = ("dibao.amount", "tekun.amount", "disability_living.amount", "disability_care.amount", "orphan.amount")


@pytest.fixture(scope="module")
def engine() -> aidcalc.Engine:
    return aidcalc.Engine([FIXTURES])


def _frame_fields_equal(a: Frame, b: Frame) -> list[str]:
    differ = []
    for name in Frame.__dataclass_fields__:
        if name == "extra":
            continue
        x, y = getattr(a, name), getattr(b, name)
        if isinstance(x, np.ndarray):
            same = x.dtype == y.dtype and np.array_equal(x, y)
        elif isinstance(x, dict):
            same = x.keys() == y.keys() and all(x[k].dtype == y[k].dtype and np.array_equal(x[k], y[k]) for k in x)
        else:
            same = x == y
        if not same:
            differ.append(name)
    return differ


def test_round_trip_through_household_dicts_rebuilds_the_same_frame() -> None:
    """Frame.from_households over frame_to_households(frame) gives back every array of the synthetic Frame."""
    frame = synthetic_frame(200, division=DIVISION, on=ON, seed=11)
    rebuilt = Frame.from_households([parse_household(h) for h in frame_to_households(frame)])
    assert _frame_fields_equal(frame, rebuilt) == []


def test_synthetic_frame_and_dicts_give_the_same_amounts_household_by_household(engine: aidcalc.Engine) -> None:
    """Every benefit amount of the synthetic Frame equals the amount computed from the equivalent dicts."""
    frame = synthetic_frame(200, division=DIVISION, on=ON, seed=5)
    dicts = synthetic_households(200, division=DIVISION, on=ON, seed=5)
    from_dicts = Frame.from_households([parse_household(h) for h in dicts])
    t1, t2 = engine.run(frame), engine.run(from_dicts)
    for name in AMOUNTS:
        assert np.array_equal(t1[name], t2[name]), name
    for name, value in t1.items():
        other = t2[name]
        if isinstance(value, dict):
            for k in value:
                assert np.array_equal(value[k], other[k]), f"{name}.{k}"
        else:
            assert np.array_equal(np.asarray(value), np.asarray(other)), name


def test_calculate_on_a_synthetic_dict_matches_the_frame_row(engine: aidcalc.Engine) -> None:
    """calculate() on one synthetic household reports the amounts the batch Trace holds for that row."""
    frame = synthetic_frame(40, division=DIVISION, on=ON, seed=8)
    trace = engine.run(frame)
    for i, h in enumerate(frame_to_households(frame)):
        got = {b.code: b.amount.fen for b in engine.calculate(h).benefits}
        for name in AMOUNTS:
            code = name.split(".")[0]
            if got[code]:
                assert got[code] == int(trace[name][i]), (i, name)


def test_same_seed_same_frame_and_different_seed_different_frame() -> None:
    """The generator is reproducible from its seed."""
    a = synthetic_frame(500, division=DIVISION, on=ON, seed=1)
    b = synthetic_frame(500, division=DIVISION, on=ON, seed=1)
    c = synthetic_frame(500, division=DIVISION, on=ON, seed=2)
    assert _frame_fields_equal(a, b) == []
    assert _frame_fields_equal(a, c) != []


def test_caseload_is_varied(engine: aidcalc.Engine) -> None:
    """Sizes 1–6, every disability grade, orphans and de-facto children, and each benefit paid somewhere."""
    frame = synthetic_frame(20_000, division=DIVISION, on=ON, seed=3)
    sizes = np.diff(frame.start)
    assert set(np.unique(sizes).tolist()) == {1, 2, 3, 4, 5, 6}
    assert set(np.unique(frame.disability_grade).tolist()) == {0, 1, 2, 3, 4}
    assert frame.age.min() >= 0
    assert (frame.self_care >= 0).any() and (frame.supporter >= 0).any()
    assert frame.rural.any() and (~frame.rural).any()
    assert frame.assets_known.any() and (~frame.assets_known).any()
    assert (frame.exceeded_month >= 0).any()
    trace = engine.run(frame)
    assert trace["orphan.is_orphan"].any() and trace["orphan.is_de_facto"].any()
    for name in AMOUNTS:
        assert (trace[name] > 0).any(), name
    for flag in ("dibao.below", "dibao.low_income", "dibao.any_single", "dibao.taper_window"):
        assert np.asarray(trace[flag]).any(), flag


def test_scale_sets_the_money_and_nothing_else() -> None:
    """Doubling scale_fen doubles (to the 分) every income and leaves the people unchanged."""
    a = synthetic_frame(300, division=DIVISION, on=ON, seed=4, scale_fen=100_000)
    b = synthetic_frame(300, division=DIVISION, on=ON, seed=4, scale_fen=200_000)
    assert np.array_equal(a.age, b.age) and np.array_equal(a.disability_grade, b.disability_grade)
    for kind in a.incomes:
        assert np.all(np.abs(b.incomes[kind] - 2 * a.incomes[kind]) <= 1)


def test_dicts_are_valid_contract_households() -> None:
    """Every synthetic dict validates against the household schema and names its division and date."""
    dicts: list[dict[str, Any]] = synthetic_households(50, division=DIVISION, on=ON, seed=6, area_mix=0.5)
    for h in dicts:
        parsed = parse_household(h)
        assert parsed.division == DIVISION and parsed.on is not None and parsed.on.isoformat() == ON
        assert 1 <= len(parsed.members) <= 6


def test_bad_arguments_are_refused() -> None:
    """A negative size or an area share outside 0–1 is an error."""
    with pytest.raises(ValueError):
        synthetic_frame(-1, division=DIVISION, on=ON)
    with pytest.raises(ValueError):
        synthetic_frame(10, division=DIVISION, on=ON, area_mix=1.5)
