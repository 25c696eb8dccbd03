"""特困 and 孤儿/事实无人抚养 as declared steps: every quantity declared and set, the care standard
and allowance applied and the reasons recorded by the rules, and the school levels as parameters."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from aidcalc.benefits import orphan, run, tekun
from aidcalc.engine.core import Engine
from aidcalc.engine.frame import Frame
from aidcalc.engine.params import Params
from aidcalc.engine.trace import DECLARED, Trace
from aidcalc.standards.library import Library
from aidcalc.testing.synthetic import synthetic_frame, synthetic_households

FIXTURES = Path(__file__).parent / "fixtures" / "standards"
MODULES = (tekun, orphan)


def _mixed_frame() -> Frame:
    """Households of three divisions and dates in one Frame (several groups), with orphans and 特困."""
    households: list[dict[str, Any]] = []
    for division, on in (("440106", "2021-08-01"), ("150602", "2021-06-01"), ("370102", "2022-06-01")):
        for k, h in enumerate(synthetic_households(120, division=division, on=on, seed=5)):
            h["id"] = f"{division}-{k}"
            households.append(h)
    return Frame.from_households([_household(h) for h in households])


def _household(h: dict[str, Any]) -> Any:
    from aidcalc.household import Household

    return Household.model_validate(h)


@pytest.mark.parametrize("frame", [
    pytest.param(lambda: synthetic_frame(4000, division="440106", on="2021-08-01", seed=3), id="one-group"),
    pytest.param(_mixed_frame, id="several-groups"),
])
def test_the_steps_on_a_fresh_trace_set_every_declared_quantity_as_the_engine_does(frame: Any) -> None:
    """On a fresh Trace holding only the other benefits' values, 孤儿 status, 特困 and the orphan amounts run,
    every quantity they declare reads, and each equals what the whole engine computed."""
    f = frame()
    library = Library.load()
    full = run(f, library)
    # the other benefits' values as the engine computed them (their declarations are theirs)
    t = Trace(frame=f, params=Params(library, f))
    for name in list(full) + list(full.pending):
        if not name.startswith(("tekun.", "orphan.")):
            t[name] = full[name]
    orphan.status(f, t)
    tekun.compute(f, t)
    orphan.amounts(f, t)
    for module in MODULES:
        for q in module.DECLARED:
            if q.name.endswith((".status", ".shown")):  # set by benefits.outcome, read from the whole run
                got = full[q]
            else:
                got = t[q]
                np.testing.assert_array_equal(np.asarray(got), np.asarray(full[q.name]), err_msg=q.name)
            size = f.m if q.entity == "person" else f.n
            assert np.ndim(got) == 0 or np.shape(got) == (size,), q.name
    t.check()  # every name the two benefits wrote or deferred on the fresh Trace is declared
    assert {q.name for q in tekun.DECLARED} | {q.name for q in orphan.DECLARED} == {
        n for n in DECLARED if n.startswith(("tekun.", "orphan."))}


def _one(members: list[dict[str, Any]], division: str = "990100", on: str = "2021-08-01",
         area: str = "urban") -> dict[str, Any]:
    return {"id": "T-1", "division": division, "area": area, "on": on,
            "assets": {"financial": "0.00", "vehicles": 0, "homes": 1}, "members": members}


def _benefit(result: Any, code: str) -> Any:
    return next(b for b in result.benefits if b.code == code)


def test_the_care_standard_applied_is_the_rules() -> None:
    """The rule records which 照料护理标准 it applied: 分散 where the division sets a 分散 figure (全护理 500.00),
    the figure for both otherwise, the most favourable level when 自理能力 is not given; the statement words it."""
    engine = Engine([FIXTURES])
    people = [
        {"id": "a", "relation": "self", "birth_date": "1940-01-01", "supporter": "none", "self_care": "none"},
        {"id": "b", "relation": "self", "birth_date": "1940-01-01", "supporter": "none", "self_care": "none",
         "care_setting": "centralized"},
        {"id": "c", "relation": "self", "birth_date": "1940-01-01", "supporter": "none", "self_care": "partial"},
        {"id": "d", "relation": "self", "birth_date": "1940-01-01", "supporter": "none"},
    ]
    want = {
        "a": ("tekun.care.dispersed.none", "完全丧失（全护理），分散供养：500.00", "fully dependent, at home: 500.00"),
        "b": ("tekun.care.none", "完全丧失（全护理），集中供养：600.00", "fully dependent, in an institution: 600.00"),
        "c": ("tekun.care.partial", "部分丧失（半护理），分散供养：300.00", "partly dependent, at home: 300.00"),
        "d": ("tekun.care.dispersed.none", "完全丧失（全护理），分散供养：500.00", "fully dependent, at home: 500.00"),
    }
    for person in people:
        for lang, column in (("zh", 1), ("en", 2)):
            b = _benefit(engine.calculate(_one([person]), lang=lang), "tekun")
            care = next(line for line in b.lines if line.code == "tekun.care")
            assert care.working == want[person["id"]][column]
            assert care.citations[0].article == "九"
        t = engine.run(Frame.from_households([_household(_one([person]))]))
        assert tekun.CARE_APPLIED[int(t[tekun.CARE_CODE][0])][0] == want[person["id"]][0]
    # 自理能力 not given: the favourable amount is shown, the benefit is pending on the fact
    b = _benefit(engine.calculate(_one([people[3]])), "tekun")
    assert (b.status, str(b.amount), b.missing) == ("undetermined", "1410.00", ["members.d.self_care"])


def test_a_supporter_able_is_the_reason_even_without_a_dibao_standard() -> None:
    """东胜区 before 2021-12-15 has no 低保标准: an elderly person whose supporter can support them is refused
    for the supporter (第八条), not for an income "not below 0.00"; one with no supporter is pending on the
    missing standard."""
    person = {"id": "p1", "relation": "self", "birth_date": "1940-01-01", "supporter": "able", "self_care": "full"}
    for lang, text in (("zh", "有法定义务人且具有履行能力"), ("en", "someone can support this person")):
        b = _benefit(Engine().calculate(_one([person], "150602", "2021-06-01"), lang=lang), "tekun")
        assert b.status == "ineligible"
        assert [(r.code, r.text, r.member) for r in b.reasons] == [("supporter_able", text, "p1")]
        assert [c.article for c in b.reasons[0].citations] == ["第八条"]
    b = _benefit(Engine().calculate(_one([dict(person, supporter="none")], "150602", "2021-06-01")), "tekun")
    assert b.status == "undetermined"
    assert "standard:dibao.standard.urban" in b.missing
    assert all(r.code == "standard_missing" for r in b.reasons)


def test_income_reason_names_the_standard_it_was_compared_with() -> None:
    person = {"id": "p1", "relation": "self", "birth_date": "1940-01-01", "supporter": "none",
              "incomes": {"pension": "800.00"}}
    for lang, text in (("zh", "本人月收入 800.00 不低于低保标准 700.00"),
                       ("en", "own income 800.00 is not below the dibao standard 700.00")):
        b = _benefit(Engine([FIXTURES]).calculate(_one([person]), lang=lang), "tekun")
        assert [(r.code, r.text) for r in b.reasons] == [("income", text)]
        assert [c.article for c in b.reasons[0].citations] == ["一", "第六条"]


def test_orphan_reasons_and_allowances_are_the_rules() -> None:
    """The allowance applied (集中/散居, 事实无人抚养 topped up) and the refusals (over the age limit; already
    paid at least the allowance) come from the rule's codes."""
    engine = Engine([FIXTURES])
    h = _one([
        {"id": "g1", "relation": "grandparent", "birth_date": "1956-01-01", "incomes": {"pension": "2500.00"}},
        {"id": "c1", "relation": "grandchild", "birth_date": "2012-01-01",
         "parents": {"father": "deceased", "mother": "missing"}, "care_setting": "centralized"},
        {"id": "c2", "relation": "grandchild", "birth_date": "2002-01-01",
         "parents": {"father": "deceased", "mother": "deceased"}},
    ])
    b = _benefit(engine.calculate(h), "orphan")
    assert [(x.code, x.label, str(x.amount), x.working, x.member) for x in b.lines] == [
        ("orphan.orphan", "机构养育孤儿基本生活费", "2000.00", "2,000.00", "c1")]
    assert [(r.code, r.member) for r in b.reasons] == [("age", "c2")]
    t = engine.run(Frame.from_households([_household(h)]))
    assert t[orphan.ALLOWANCE].tolist() == [0, orphan.ORPHAN_CENTRALIZED, 0]
    assert t[orphan.REFUSED].tolist() == [0, 0, orphan.REFUSALS.index(orphan.REFUSED_AGE)]


# ------------------------------------------------------------------------ school levels as parameters

NOTICE = """
[notice]
title = "测试市在校延续学段（测试用，虚构）"
issuer = "aidcalc test suite"
effective = 2021-08-01
source = "tests — fictional"

[tekun]
school_levels = {{ value = {tekun}, ref = "一", status = "published" }}

[orphan]
school_levels = {{ value = {orphan}, ref = "二", status = "published" }}
"""


def _levels(tmp_path: Path, tekun_levels: list[str], orphan_levels: list[str]) -> Engine:
    d = tmp_path / "990100-testcity"
    d.mkdir(parents=True)
    (d / "2021-08-01-school.toml").write_text(NOTICE.format(tekun=tekun_levels, orphan=orphan_levels).replace("'", '"'),
                                              "utf-8")
    return Engine([FIXTURES, tmp_path])


TEKUN_18 = {"id": "p1", "relation": "self", "birth_date": "2003-03-01", "student": "vocational",
            "tekun_recipient": True, "supporter": "none", "self_care": "full"}
DE_FACTO_23 = {"id": "c1", "relation": "grandchild", "birth_date": "1998-01-01", "student": "postgraduate",
               "parents": {"father": "imprisoned", "mother": "out_of_contact"}}
DE_FACTO_19 = {"id": "c2", "relation": "grandchild", "birth_date": "2002-05-01", "student": "undergraduate",
               "parents": {"father": "imprisoned", "mother": "out_of_contact"}}
GRANDPARENT = {"id": "g1", "relation": "grandparent", "birth_date": "1956-01-01", "incomes": {"pension": "2500.00"}}


def test_national_school_levels_by_default() -> None:
    """第二十四条 by default: 中等职业学校 keeps an 18-year-old 特困 recipient; orphans: to 本科, not 研究生."""
    engine = Engine([FIXTURES])
    assert str(_benefit(engine.calculate(_one([TEKUN_18])), "tekun").amount) == "1010.00"
    b = _benefit(engine.calculate(_one([GRANDPARENT, DE_FACTO_19, DE_FACTO_23])), "orphan")
    assert [(x.member, str(x.amount)) for x in b.lines] == [("c2", "1500.00")]
    assert [(r.code, r.member) for r in b.reasons] == [("age", "c1")]


def test_a_division_sets_the_school_levels(tmp_path: Path) -> None:
    """A division that keeps 特困 minors only in compulsory education, and pays orphans through postgraduate
    study but not in 本科: the 18-year-old in 中职 leaves 特困 (and gets 低保 alone), the 23-year-old
    postgraduate is paid, the 19-year-old undergraduate is not; the same households in one batch with an
    earlier date (the national levels) keep the old answers."""
    engine = _levels(tmp_path, ["compulsory"], ["compulsory", "high_school", "vocational", "postgraduate"])
    r = engine.calculate(_one([TEKUN_18]))
    assert (_benefit(r, "tekun").status, _benefit(r, "dibao").status, str(r.total)) == ("ineligible", "eligible", "700.00")
    b = _benefit(engine.calculate(_one([GRANDPARENT, DE_FACTO_19, DE_FACTO_23])), "orphan")
    assert [(x.member, str(x.amount)) for x in b.lines] == [("c1", "1500.00")]
    assert [(r.code, r.member) for r in b.reasons] == [("age", "c2")]
    # several groups in one Frame: each household reads the levels in force on its own date
    before = dict(_one([TEKUN_18], on="2021-07-15"), id="T-0")
    after = dict(_one([TEKUN_18]), id="T-1")
    kids_before = dict(_one([GRANDPARENT, DE_FACTO_19, DE_FACTO_23], on="2021-07-15"), id="K-0")
    results = engine.calculate_many([before, after, kids_before])
    assert [str(_benefit(x, "tekun").amount) for x in results[:2]] == ["1010.00", "0.00"]
    assert [x.member for x in _benefit(results[2], "orphan").lines] == ["c2"]
    assert engine.library.resolve("990100", dt.date(2021, 8, 1), "tekun.school_levels").value == ("compulsory",)
