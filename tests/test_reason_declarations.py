"""Reasons are declared beside the rules and recorded by them: a standard not in force, members listed together
(特困 not assessed, 低保 pending on 特困), and the wording modules only render them."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from test_unknown import BASE, without

from aidcalc import Engine
from aidcalc.benefits import tekun
from aidcalc.benefits.dibao import reasons as dibao_reasons
from aidcalc.benefits.dibao import taper
from aidcalc.engine.trace import REASONS, derived, quantity, reason
from aidcalc.explain._words import ratio_words

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "standards"


def _household(*members: dict[str, Any], assets: bool = False) -> dict[str, Any]:
    h: dict[str, Any] = {"id": "H", "division": "990100", "area": "urban", "on": "2021-08-01", "members": list(members)}
    if assets:
        h["assets"] = {"financial": "0.00", "homes": 1, "vehicles": 0}
    return h


def _reasons(result: Any, code: str) -> tuple[str, list[str], list[tuple[str, str, str | None]]]:
    b = next(b for b in result.benefits if b.code == code)
    return b.status, b.missing, [(r.code, r.text, r.member) for r in b.reasons]


ELDERLY = {"id": "a", "relation": "self", "birth_date": "1940-01-01", "supporter": "none", "self_care": "full"}
ADULT = {"id": "b", "relation": "spouse", "birth_date": "1980-01-01"}


def test_age_rules_not_in_force_are_declared_reasons_in_the_statements_language() -> None:
    """特困 without its elderly age and the age of adulthood: undetermined, each standard named once as a
    declared reason (code ``standard_missing``), with the division and its name, the label, the date and
    where the nearest values are; 低保, whose member categories rest on the age of adulthood, names it too."""
    engine = Engine(without(BASE, {"tekun.elderly_age", "people.adult_age"}))
    never_zh, never_en = "（本地及上级行政区均无此项标准）", " (no notice for this parameter in this division or its ancestors)"
    zh = engine.calculate(_household(ELDERLY, ADULT), lang="zh")
    assert _reasons(zh, "tekun") == ("undetermined", ["standard:tekun.elderly_age", "standard:people.adult_age"], [
        ("standard_missing", f"测试市（990100）在 2021-08-01 没有施行中的特困人员老年人年龄{never_zh}", None),
        ("standard_missing", f"测试市（990100）在 2021-08-01 没有施行中的成年年龄{never_zh}", None)])
    assert _reasons(zh, "dibao")[1:] == (["assets", "standard:people.adult_age"], [
        ("assets_missing", "本地规定了家庭财产条件，但未提供家庭财产情况（金融资产、机动车辆、住房）", None),
        ("standard_missing", f"测试市（990100）在 2021-08-01 没有施行中的成年年龄{never_zh}", None)])
    en = engine.calculate(_household(ELDERLY, ADULT), lang="en")
    assert _reasons(en, "tekun")[2] == [
        ("standard_missing", f"no tekun: elderly from age in force in 990100 Test city on 2021-08-01{never_en}", None),
        ("standard_missing", f"no adult from age in force in 990100 Test city on 2021-08-01{never_en}", None)]
    assert _reasons(en, "dibao")[2][1] == (
        "standard_missing", f"no adult from age in force in 990100 Test city on 2021-08-01{never_en}", None)
    # declared beside the rules, each naming its parameter
    assert REASONS["tekun", "elderly_age_missing"].missing == "standard:tekun.elderly_age"
    assert REASONS["dibao", "adult_age_missing"].code == "standard_missing"
    assert tekun.ELDERLY_AGE_KNOWN.reasons == (tekun.ELDERLY_AGE_MISSING, None)
    assert dibao_reasons.ADULT_AGE_UNKNOWN.reasons == (None, dibao_reasons.ADULT_AGE_MISSING)


def test_members_pending_on_tekun_are_listed_in_one_reason_recorded_by_the_rule() -> None:
    """Two members whose 特困 is pending (自理能力 not given): 低保 is pending on them, one reason naming both,
    each named as missing; two not assessed for 特困 (living with family) are one reason too."""
    a = {"id": "a", "relation": "self", "birth_date": "1940-01-01", "supporter": "none"}
    b = {"id": "b", "relation": "spouse", "birth_date": "1941-01-01", "supporter": "none"}
    engine = Engine([FIXTURES])
    for lang, text in (("zh", "a、b 是否计入低保取决于特困认定（是否有具备履行能力的义务人）"),
                       ("en", "whether these members count for dibao depends on the tekun decision (whether someone "
                              "can support them): a, b")):
        status, missing, reasons = _reasons(engine.calculate(_household(a, b, assets=True), lang=lang), "dibao")
        assert status == "undetermined"
        assert missing == ["members.a.supporter", "members.b.supporter"]
        assert reasons[-1] == ("tekun_pending", text, None)
    unassessed = [{k: v for k, v in m.items() if k != "supporter"} for m in (a, b)] + [dict(ADULT, id="c")]
    zh = engine.calculate(_household(*unassessed, assets=True), lang="zh")
    assert _reasons(zh, "tekun")[2] == [("not_assessed", "a、b 与家人共同生活，未说明是否有法定赡养、抚养、扶养义务人及其履行能力，"
                                         "未作特困认定（需认定的请提供义务人情况）", None)]
    en = engine.calculate(_household(*unassessed, assets=True), lang="en")
    assert _reasons(en, "tekun")[2][0][1].endswith("(give the supporter situation to assess it): a, b")
    assert dibao_reasons.TEKUN_PENDING_REASON.lists_members and tekun.REFUSED_NOT_ASSESSED.lists_members


def test_the_wording_modules_name_no_standard_themselves() -> None:
    """低保, 特困 and 孤儿's wording renders declared reasons only: no missing standard chosen from rule flags,
    no list of members built by hand."""
    for module in ("_dibao", "_tekun", "_orphan"):
        source = (ROOT / "src" / "aidcalc" / "explain" / f"{module}.py").read_text("utf-8")
        for written in ("v.missing(", "missing_unless_in_force", "area_std(\"dibao.standard\")", "Reason(",
                        "members=", "unassessed"):
            assert written not in source, (module, written)


def test_a_reason_quantity_declares_one_reason_per_value() -> None:
    kind = reason("test.declarations", "one", "一", "one")
    with pytest.raises(ValueError, match="one reason"):
        quantity("test.declarations.flag", "person", "flag", "标记", "flag", reasons=(None,))
    with pytest.raises(ValueError, match="one reason"):
        quantity("test.declarations.count", "person", "count", "数", "count", reasons=(None, kind))
    q = quantity("test.declarations.code", "person", "code", "代码", "code", reasons=(None, kind))
    assert q.codes == ("", "one")
    derived(q)(lambda t: None)
    with pytest.raises(ValueError, match="derived twice"):
        derived(q)(lambda t: None)


def test_ratios_are_declared_quantities_shown_as_their_declaration_says() -> None:
    """The 渐退 share (a percentage) and the 低保边缘 multiplier are declared ratio quantities, held exactly as
    a pair of integers and shown the same in 中文 and English; the wording passes no ratio itself."""
    assert (taper.TAPER_SHARE.unit, taper.TAPER_SHARE.ratio) == ("ratio", "percent")
    assert (dibao_reasons.EDGE_MULTIPLIER.unit, dibao_reasons.EDGE_MULTIPLIER.ratio) == ("ratio", "multiplier")
    assert [ratio_words(Fraction(*r), "percent") for r in ((1, 1), (4, 5), (1, 8), (1, 3))] == [
        "100%", "80%", "12.5%", "1/3"]
    assert [ratio_words(Fraction(*r), "multiplier") for r in ((3, 2), (2, 1), (4, 5), (5, 3))] == [
        "1.5", "2", "0.8", "5/3"]
    assert "{dibao.taper_share}" in taper.TAPER.working.zh  # type: ignore[union-attr]
    assert "{dibao.edge_multiplier}" in dibao_reasons.EDGE_BY_MULTIPLIER_NOTE.en
    source = (ROOT / "src" / "aidcalc" / "explain" / "_dibao.py").read_text("utf-8")
    for written in ("ratio_text", "share=share", "multiplier=", "params.flag", "dibao.classified.stacking",
                    "dibao.disregarded."):
        assert written not in source, written


def test_a_taper_month_and_a_low_income_household_read_their_ratios() -> None:
    """测试市 (fixture schedule 1, 1, 0.8, …): the third month pays 80 % of the last amount; 广州 2021 (1.5 × the
    standard): a household above the standard and below 1.5 × it is told the multiplier, in both languages."""
    taper_household = {"id": "T", "division": "990100", "area": "urban", "on": "2021-10-01",
                       "assets": {"financial": "0.00", "homes": 1, "vehicles": 0},
                       "history": {"income_exceeded_since": "2021-08-01", "last_dibao_amount": "600.00"},
                       "members": [{"id": "p1", "relation": "self", "birth_date": "1975-01-01",
                                    "incomes": {"wage": "2000.00"}}]}
    for lang in ("zh", "en"):
        b = next(b for b in Engine([FIXTURES]).calculate(taper_household, lang=lang).benefits if b.code == "dibao")
        assert [(ln.code, ln.working) for ln in b.lines] == [("dibao.taper", "600.00 × 80% = 480.00")]
    edge = {"id": "E", "division": "440106", "area": "urban", "on": "2021-08-01",
            "assets": {"financial": "0.00", "homes": 1, "vehicles": 0},
            "members": [{"id": "p1", "relation": "self", "birth_date": "1975-01-01", "incomes": {"pension": "1300.00"}}]}
    notes = {lang: next(b for b in Engine().calculate(edge, lang=lang).benefits if b.code == "dibao").notes
             for lang in ("zh", "en")}
    assert "家庭月收入低于 1.5 倍低保标准，属低保边缘家庭。" in notes["zh"]
    assert "Income is below 1.5 × the standard: a low-income (dibao edge) household." in notes["en"]
