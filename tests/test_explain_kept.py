"""What the explanation keeps between statements (citations, warnings, the standards' fingerprint, money
texts) and its hand-written constructors give the same results as working everything out afresh."""

from __future__ import annotations

import dataclasses
import inspect

import numpy as np
import pytest

import aidcalc
from aidcalc.explain._words import money
from aidcalc.explain.result import Line, Reason, Step
from aidcalc.money import Money, yuan_grouped
from aidcalc.testing.synthetic import synthetic_households


@pytest.mark.parametrize("cls", [Line, Step, Reason])
def test_hand_written_constructors_take_the_dataclass_fields(cls: type) -> None:
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for p, f in zip(params, fields, strict=True):
        default = inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default
        assert p.default == default, f.name


def test_hand_written_constructors_make_frozen_equal_values() -> None:
    line = Line("dibao.gap", "差额", 12345, "w", member="p1")
    assert line.amount == Money(12345) and type(line.amount) is Money and line.member == "p1"
    assert line == Line("dibao.gap", "差额", Money(12345), "w", (), "p1")
    assert Step("a", "b", "c") == Step("a", "b", "c", "", ())
    assert Reason("a", "t").to_dict() == {"code": "a", "text": "t", "citations": []}
    for obj, name in ((line, "label"), (Step("a", "b", "c"), "value"), (Reason("a", "t"), "text")):
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(obj, name, "x")


def test_money_text_is_yuan_grouped() -> None:
    for fen in (0, 5, 99, 100, 123456, 99999999, 10**12 + 1):
        assert money(fen) == yuan_grouped(fen)
        assert money(np.int64(fen)) == yuan_grouped(fen)
        assert money(fen) == yuan_grouped(fen)  # kept


def test_statements_are_the_same_whichever_household_comes_first() -> None:
    """Citations, warnings and fingerprints are kept per (division, date) and language: statements worked out in
    one order with one Engine, in the other order with another, one by one and in a batch, are the same."""
    households = synthetic_households(24, division="440106", on="2021-08-01", seed=11)
    first, second = aidcalc.Engine(), aidcalc.Engine()
    for lang in ("zh", "en"):
        forward = [first.calculate(h, lang=lang).to_dict() for h in households]
        backward = [second.calculate(h, lang=lang).to_dict() for h in reversed(households)][::-1]
        batch = [r.to_dict() for r in first.calculate_many(households, lang=lang)]
        assert forward == backward == batch
