"""The declarations and the Trace (aidcalc.engine.trace) and the message catalogue (aidcalc.messages)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from aidcalc.engine.trace import DECLARED, Trace, fill, quantity, template_fields
from aidcalc.messages import CATALOGUE, message, register
from aidcalc.testing.synthetic import synthetic_frame


def test_a_quantity_is_declared_once_and_registers_its_texts() -> None:
    q = quantity("test.trace.gap", "household", "fen", "测试差额", "test gap",
                 working=("{dibao.standard} × {dibao.size}", "{dibao.standard} × {dibao.size}"))
    try:
        assert DECLARED["test.trace.gap"] is q
        assert message("quantity.test.trace.gap", "zh") == "测试差额"
        assert message("quantity.test.trace.gap", "en") == "test gap"
        assert template_fields(q.working.zh if q.working else "") == ["dibao.standard", "dibao.size"]
        with pytest.raises(ValueError, match="declared twice"):
            quantity("test.trace.gap", "household", "fen", "测试差额", "test gap")
    finally:
        del DECLARED["test.trace.gap"]
        del CATALOGUE["quantity.test.trace.gap"], CATALOGUE["working.test.trace.gap"]


def test_messages_take_the_same_fields_in_both_languages() -> None:
    with pytest.raises(ValueError, match="different fields"):
        register("test.mismatch", "{a} 与 {b}", "{a} and {c}")
    assert "test.mismatch" not in CATALOGUE


def test_fill_takes_dotted_names() -> None:
    values = {"dibao.standard": "800.00", "dibao.size": "2"}
    assert fill("{dibao.standard} × {dibao.size}", values.__getitem__) == "800.00 × 2"


def test_the_trace_refuses_an_undeclared_name() -> None:
    """Reading an undeclared name is a KeyError naming it; so is a run that wrote or deferred one (checked
    when the rules are done, writes being plain dict stores)."""
    from aidcalc.engine.params import Params
    from aidcalc.standards.library import Library

    frame = synthetic_frame(3, division="440300", on="2024-07-01", seed=1)
    t = Trace(frame=frame, params=Params(Library.load(), frame))
    with pytest.raises(KeyError, match=r"no quantity 'dibao\.no_such_thing' is declared"):
        t["dibao.no_such_thing"]
    t.check()
    t["dibao.gap"] = np.zeros(3, dtype=np.int64)
    t.check()
    t["dibao.no_such_thing"] = np.zeros(3)
    with pytest.raises(KeyError, match=r"no quantity 'dibao\.no_such_thing' is declared"):
        t.check()
    t = Trace(frame=frame, params=Params(Library.load(), frame))
    t.later("dibao.not_declared_either", lambda tr: np.zeros(3))
    with pytest.raises(KeyError, match=r"no quantity 'dibao\.not_declared_either' is declared"):
        t.check()


def test_a_run_that_writes_an_undeclared_name_fails_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    from aidcalc import benefits
    from aidcalc.standards.library import Library

    frame = synthetic_frame(3, division="440300", on="2024-07-01", seed=1)
    outcome = benefits.outcome

    def misspelt(f: Any, t: Trace) -> None:
        outcome(f, t)
        t["dibao.amuont"] = t["dibao.amount"]

    monkeypatch.setattr(benefits, "outcome", misspelt)
    with pytest.raises(KeyError, match=r"no quantity 'dibao\.amuont' is declared"):
        benefits.run(frame, Library.load())


def test_every_template_names_declared_quantities() -> None:
    """Each working and reason of every benefit refers to declared quantities (a field with a dot is a
    quantity's name; plain fields such as ``{share}`` are given by the wording that fills it)."""
    import aidcalc.benefits  # noqa: F401  (the benefits declare their quantities at import)
    from aidcalc.engine.trace import REASONS

    templates = [(q.name, q.working) for q in DECLARED.values() if q.working is not None]
    templates += [(f"{k.benefit}.{k.key}", k.message) for k in REASONS.values()]
    assert len(templates) > 20
    for name, msg in templates:
        for lang in ("zh", "en"):
            for field in template_fields(msg.text(lang)):
                assert "." not in field or field in DECLARED, (name, lang, field)
