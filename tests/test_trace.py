"""The declarations and the Trace (aidcalc.engine.trace) and the message catalogue (aidcalc.messages)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from aidcalc.engine.trace import DECLARED, REASON_FIELDS, REASONS, Trace, fill, quantity, template_fields
from aidcalc.explain.lines import LINES
from aidcalc.messages import CATALOGUE, message, register
from aidcalc.testing.synthetic import synthetic_frame
from aidcalc.vocab import BENEFITS


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


#: plain fields a benefit's wording fills itself besides declared quantities: a 特困 care level and setting,
#: the 低保 asset limits exceeded, a missing standard and the members listed in a reason
WORDING_FIELDS = {"level", "setting", "over"} | REASON_FIELDS
#: plain fields of a reason's missing entry: the member it is about, the household's area
MISSING_FIELDS = {"member", "area"}


def test_every_template_names_declared_quantities() -> None:
    """Every working template (the orphan top-up's too) and every reason of every benefit names declared
    quantities or a field its wording fills itself, in both languages; a reason's missing entry names
    declared quantities, the member or the area."""
    from aidcalc.benefits import orphan

    templates = [(q.name, q.working) for q in DECLARED.values() if q.working is not None]
    templates += [(f"{k.benefit}.{k.key}", k.message) for k in REASONS.values()]
    templates.append(("orphan.topup", orphan.TOPUP_WORKING))
    assert set(BENEFITS) <= {name.split(".")[0] for name, _ in templates}
    for name, msg in templates:
        for lang in ("zh", "en"):
            for field in template_fields(msg.text(lang)):
                assert field in DECLARED or field in WORDING_FIELDS, (name, lang, field)
    assert set(BENEFITS) <= {k.benefit for k in REASONS.values()}
    for kind in REASONS.values():
        for field in template_fields(kind.missing or ""):
            assert field in DECLARED or field in MISSING_FIELDS, (kind.benefit, kind.key, field)


def test_the_line_table_lists_the_declared_lines() -> None:
    """The statement's lines are exactly the quantities declared as lines, each labelled as declared, and
    every line but the per-member 分类施保 shows its working."""
    lines = {q.name: q for q in DECLARED.values() if q.role == "line"}
    assert {k.code for k in LINES} == set(lines)
    assert {k.benefit for k in LINES} == set(BENEFITS)
    assert {k.code for k in LINES if k.benefit == "dibao"} == {
        "dibao.gap", "dibao.minimum", "dibao.single_person", "dibao.classified", "dibao.taper"}
    for k in LINES:
        assert k.label_zh == lines[k.code].label.zh, k.code
    assert [name for name, q in lines.items() if q.working is None] == ["dibao.classified"]
