"""残疾人两项补贴: declared quantities and reasons, the grades each subsidy counts as a division sets them,
and the citations of the tests that failed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

import aidcalc
from aidcalc.benefits import disability
from aidcalc.engine.params import Params
from aidcalc.engine.trace import DECLARED, Trace
from aidcalc.testing.synthetic import synthetic_frame

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "standards"
PREFIXES = ("disability_living", "disability_care", "disability.")


def _ours() -> list[str]:
    return sorted(name for name in DECLARED if name.startswith(PREFIXES))


def _member(mid: str, relation: str, born: str, **extra: Any) -> dict[str, Any]:
    return {"id": mid, "relation": relation, "birth_date": born, **extra}


def _household(*members: dict[str, Any], pension: str = "500.00") -> dict[str, Any]:
    head = _member("p1", "self", "1975-03-01", incomes={"pension": pension})
    return {"id": "T", "division": "990100", "area": "urban", "on": "2021-08-01",
            "assets": {"financial": "0.00", "vehicles": 0, "homes": 1}, "members": [head, *members]}


def _notice(tmp_path: Path, body: str) -> list[Path]:
    """The fixture city's standards with a later fictional notice of ``body`` layered over them."""
    d = tmp_path / "990100-testcity"
    d.mkdir()
    (d / "2021-06-01-grades.toml").write_text(
        '[notice]\ntitle = "测试市残疾等级口径（测试用，虚构）"\nissuer = "aidcalc test suite"\n'
        'effective = 2021-06-01\nsource = "tests — fictional"\n\n' + body, "utf-8")
    return [FIXTURE, tmp_path]


def _lines(r: aidcalc.Result, code: str) -> dict[str, str]:
    return {str(ln.member): str(ln.amount) for ln in r.benefit(code).lines}


def _reasons(r: aidcalc.Result, code: str) -> dict[str | None, str]:
    return {x.member: x.code for x in r.benefit(code).reasons}


@pytest.mark.parametrize(("division", "on", "standards"), [
    ("990100", "2021-08-01", [FIXTURE]), ("440106", "2021-08-01", None), ("150602", "2021-01-01", None),
    ("370102", "2022-06-01", None),
])
def test_the_steps_on_a_fresh_trace_set_every_declared_quantity_as_the_engine_does(
        division: str, on: str, standards: list[Path] | None) -> None:
    """On a fresh Trace holding only the other benefits' values, the 两项补贴 steps set every declared 两项补贴
    quantity (the lazily worked-out reasons too), shaped as its entity says and equal to the whole engine's."""
    frame = synthetic_frame(400, division=division, on=on, seed=3)
    engine = aidcalc.Engine(standards)
    full: Trace = engine.run(frame)
    t = Trace(frame=frame, params=Params(engine.library, frame))
    for name in [*full, *full.pending]:
        if not name.startswith(PREFIXES):  # the other benefits' values as the engine computed them
            t[name] = full[name]
    disability.living(frame, t)
    disability.care(frame, t)
    disability.living_final(frame, t)
    for name in _ours():
        q = DECLARED[name]
        # status and shown are set by benefits.outcome after every benefit: read from the whole run
        value = np.asarray(full[name] if name.endswith((".status", ".shown")) else t[name])
        np.testing.assert_array_equal(value, np.asarray(full[name]), err_msg=name)
        size = frame.m if q.entity == "person" else frame.n
        assert value.shape in ((), (size,)), name
        if q.unit == "code":
            assert value.min(initial=0) >= 0 and value.max(initial=0) < len(q.codes), name
        if q.unit == "fen":
            assert value.dtype == np.int64, name
    t.check()  # every name the steps wrote or deferred is declared
    t["disability_living.no_such"] = np.zeros(frame.m)
    with pytest.raises(KeyError, match=r"no quantity 'disability_living\.no_such' is declared"):
        t.check()


def test_refusals_of_the_care_subsidy_cite_the_care_article() -> None:
    """A care subsidy refused for grade or for no long-term care cites 国发〔2015〕52号's care article, an
    exclusion the 衔接 article — never the living subsidy's article (in both languages)."""
    h = _household(
        _member("p2", "sibling", "1983-01-01", disability={"category": "hearing", "grade": 3}),
        _member("p3", "sibling", "1985-01-01", disability={"category": "physical", "grade": 2},
                needs_long_term_care=False),
        _member("p4", "sibling", "1986-01-01", disability={"category": "physical", "grade": 1}, work_injury_care=True),
        pension="9000.00")
    for lang in ("zh", "en"):
        r = aidcalc.calculate(h, standards=[FIXTURE], lang=lang)
        care = r.benefit("disability_care")
        got = {x.member: (x.code, [c.article for c in x.citations]) for x in care.reasons}
        assert got["p2"][0] == "grade" and disability.CITE_CARE.article in got["p2"][1]
        assert got["p3"] == ("no_long_term_care", [disability.CITE_CARE.article])
        assert got["p4"] == ("excluded", [disability.CITE_LINK.article])
        assert all(disability.CITE_LIVING.article not in articles for _, articles in got.values())


def test_line_working_names_the_certificate_in_the_statement_language() -> None:
    """The line's working is its declared template: the category and grade in words, then the amount."""
    h = _household(_member("p2", "spouse", "1977-05-01", disability={"category": "mental", "grade": 2}))
    zh = aidcalc.calculate(h, standards=[FIXTURE], lang="zh").benefit("disability_care").lines[0]
    en = aidcalc.calculate(h, standards=[FIXTURE], lang="en").benefit("disability_care").lines[0]
    assert (zh.label, zh.working) == ("重度残疾人护理补贴", "精神二级：250.00")
    assert (en.label, en.working) == ("care subsidy", "mental, grade 2: 250.00")


def test_living_subsidy_higher_tier_grades_as_the_division_sets_them(tmp_path: Path) -> None:
    """With the higher amount for 一级 only, but for 智力、精神 down to 三级, a 二级 physical member gets the
    other amount (150.00) and a 三级 mental member the higher one (200.00), each citing the notice."""
    h = _household(_member("p2", "spouse", "1977-05-01", disability={"category": "physical", "grade": 2}),
                   _member("p3", "child", "2001-02-01", disability={"category": "mental", "grade": 3}))
    assert _lines(aidcalc.calculate(h, standards=[FIXTURE]), "disability_living") == {"p2": "200.00", "p3": "150.00"}
    standards = _notice(tmp_path, '[disability.living]\n'
                        'severe_max_grade = { value = 1, ref = "一", status = "published" }\n'
                        'severe_max_grade_intellectual_mental = { value = 3, ref = "二", status = "published" }\n')
    r = aidcalc.calculate(h, standards=standards)
    assert _lines(r, "disability_living") == {"p2": "150.00", "p3": "200.00"}
    assert r.benefit("disability_living").amount == aidcalc.Money(35000)
    for line in r.benefit("disability_living").lines:
        assert "测试市残疾等级口径（测试用，虚构）" in {c.title for c in line.citations}


def test_care_subsidy_grades_as_the_division_sets_them(tmp_path: Path) -> None:
    """Care for 一级 only, and the extension to 三级 智力、精神 only: the 二级 member and the 四级 mental
    member are refused for grade (citing the notice), the 一级 and the 三级 intellectual members are paid."""
    h = _household(_member("p2", "sibling", "1980-01-01", disability={"category": "physical", "grade": 1}),
                   _member("p3", "sibling", "1981-01-01", disability={"category": "physical", "grade": 2}),
                   _member("p4", "sibling", "1982-01-01", disability={"category": "intellectual", "grade": 3}),
                   _member("p5", "sibling", "1983-01-01", disability={"category": "mental", "grade": 4}),
                   pension="9000.00")
    before = aidcalc.calculate(h, standards=[FIXTURE])
    assert _lines(before, "disability_care") == {"p2": "300.00", "p3": "250.00", "p4": "100.00", "p5": "100.00"}
    standards = _notice(tmp_path, '[disability.care]\n'
                        'max_grade = { value = 1, ref = "三", status = "published" }\n'
                        'extended_max_grade = { value = 3, ref = "四", status = "published" }\n')
    r = aidcalc.calculate(h, standards=standards)
    assert _lines(r, "disability_care") == {"p2": "300.00", "p4": "100.00"}
    assert r.benefit("disability_care").amount == aidcalc.Money(40000)
    assert _reasons(r, "disability_care") == {"p3": "grade", "p5": "grade"}
    grade = next(x for x in r.benefit("disability_care").reasons if x.member == "p3")
    assert {"三", "四"} <= {c.article for c in grade.citations if c.title.startswith("测试市残疾等级口径")}


def test_dibao_severe_disability_grades_as_the_division_sets_them(tmp_path: Path) -> None:
    """低保 第八条's 重度残疾 for 分类施保 (30 % of 700.00 = 210.00): with 一级 only, but 智力、精神 down to
    四级, a 二级 physical member gets no supplement and a 四级 mental member gets 210.00."""
    h = _household(_member("p2", "spouse", "1977-05-01", disability={"category": "physical", "grade": 2}),
                   _member("p3", "child", "2001-02-01", disability={"category": "mental", "grade": 4}))
    classified = {ln.member: str(ln.amount) for ln in aidcalc.calculate(h, standards=[FIXTURE]).benefit("dibao").lines
                  if ln.code == "dibao.classified"}
    assert classified == {"p2": "210.00"}
    standards = _notice(tmp_path, '[dibao]\n'
                        'severe_disability.max_grade = { value = 1, ref = "五", status = "published" }\n'
                        'severe_disability.max_grade_intellectual_mental = { value = 4, ref = "六", '
                        'status = "published" }\n')
    r = aidcalc.calculate(h, standards=standards)
    classified = {ln.member: str(ln.amount) for ln in r.benefit("dibao").lines if ln.code == "dibao.classified"}
    assert classified == {"p3": "210.00"}
    # 700.00 × 3 − 500.00 = 1,600.00, + 210.00
    assert r.benefit("dibao").amount == aidcalc.Money(181000)


def test_a_living_standard_missing_for_two_members_is_named_once() -> None:
    """Two members needing the same unknown standard: ``missing`` names it once, with one reason."""
    h = {"id": "O", "division": "150602", "area": "urban", "on": "2021-01-01",
         "assets": {"financial": "0.00", "vehicles": 0, "homes": 1},
         "members": [_member("p1", "self", "1975-03-01", disability={"category": "physical", "grade": 3}),
                     _member("p2", "spouse", "1977-05-01", disability={"category": "visual", "grade": 4})]}
    b = aidcalc.calculate(h).benefit("disability_living")
    assert b.status == "undetermined"
    assert b.missing.count("standard:disability.living.other") == 1
    assert [x.code for x in b.reasons].count("standard_missing") == 1


def test_a_grade_set_apart_is_paid_its_own_amount(tmp_path: Path) -> None:
    """A notice setting 二级's own 生活补贴 (180.00): 二级 members get it, citing that notice; 一级 keeps the
    higher tier (200.00) and 三级 the other (150.00)."""
    h = _household(_member("p2", "spouse", "1977-05-01", disability={"category": "physical", "grade": 2}),
                   _member("p3", "child", "2001-02-01", disability={"category": "visual", "grade": 1}),
                   _member("p4", "child", "2003-02-01", disability={"category": "hearing", "grade": 3}))
    standards = _notice(tmp_path, '[disability.living]\n'
                        'grade2 = { amount = "180", per = "month", ref = "七", status = "published" }\n')
    for lang in ("zh", "en"):
        r = aidcalc.calculate(h, standards=standards, lang=lang)
        assert _lines(r, "disability_living") == {"p2": "180.00", "p3": "200.00", "p4": "150.00"}
        lines = {ln.member: ln for ln in r.benefit("disability_living").lines}
        assert lines["p2"].citations[0].article == "七"
        assert lines["p3"].citations[0].article == "十"
        assert lines["p2"].working == ("肢体二级：180.00" if lang == "zh" else "physical, grade 2: 180.00")
