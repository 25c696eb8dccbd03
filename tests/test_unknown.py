"""Unknown is never zero: a standard value not in force makes what depends on it undetermined, never 0."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import FIXTURE_STANDARDS, households

import aidcalc
from aidcalc import Engine
from aidcalc.standards.catalogue import CATALOGUE
from aidcalc.standards.library import Library

BASE = Library.load([FIXTURE_STANDARDS])
ENGINE = Engine(BASE)
#: the values whose absence leaves a rule without a figure (optional ones have a meaning when absent)
REQUIRED = sorted(name for name, spec in CATALOGUE.items() if spec.required)

#: the parameters each benefit's status and amount may depend on, directly or through another benefit
_DIBAO = ("dibao.", "people.", "tekun.elderly_age", "tekun.minor_age_limit", "orphan.age_limit")
USES: dict[str, tuple[str, ...]] = {
    "dibao": _DIBAO,
    "tekun": ("tekun.", "people.", "dibao.standard", "orphan.age_limit"),
    "disability_living": (*_DIBAO, "disability.living.", "orphan."),
    "disability_care": ("disability.care.", "tekun.elderly_age", "tekun.minor_age_limit", "people.",
                        "dibao.standard", "orphan.age_limit"),
    "orphan": (*_DIBAO, "orphan.", "tekun.", "disability.living."),
}


def without(library: Library, removed: set[str]) -> Library:
    """The same notices with the values of ``removed`` taken out of every one of them."""
    files = [dataclasses.replace(f, values={k: v for k, v in f.values.items() if k not in removed})
             for f in library.files]
    return Library.from_layers([files], library.divisions)


def uses(code: str, removed: set[str]) -> bool:
    return any(name.startswith(prefix) for name in removed for prefix in USES[code])


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(households(), min_size=1, max_size=6), st.sets(st.sampled_from(REQUIRED), min_size=1, max_size=4))
def test_removing_standard_values_never_makes_an_eligible_benefit_ineligible(
    hs: list[dict[str, Any]], removed: set[str]
) -> None:
    """Removing required values never turns eligible into ineligible, and leaves benefits that don't use them alone."""
    for i, h in enumerate(hs):
        h["id"] = f"H{i}"
    full = ENGINE.calculate_many(hs)
    less = Engine(without(BASE, removed)).calculate_many(hs)
    for a, b in zip(full, less, strict=True):
        for x, y in zip(a.benefits, b.benefits, strict=True):
            if x.status == "eligible":
                assert y.status != "ineligible", (x.code, removed, [r.text for r in y.reasons])
            if not uses(x.code, removed):
                assert (x.status, x.amount.fen) == (y.status, y.amount.fen), (x.code, removed)
            if y.status == "undetermined" and x.status != "undetermined" and uses(x.code, removed):
                assert y.missing, (x.code, removed)


def _path() -> Path:
    return Path(__file__)


ELDER = {"id": "E1", "division": "150602", "area": "urban", "on": "2021-06-01",
         "members": [{"id": "p1", "relation": "self", "birth_date": "1950-01-01", "supporter": "none",
                      "self_care": "partial"}]}


def test_tekun_without_a_dibao_standard_is_undetermined_not_ineligible() -> None:
    """鄂尔多斯 before 2021-12-15: no 低保标准 in force, so 特困's income test is pending and named, in each language."""
    zh = aidcalc.calculate(ELDER).benefit("tekun")
    assert (zh.status, zh.amount.fen) == ("undetermined", 0)
    assert zh.missing == ["standard:dibao.standard.urban", "standard:tekun.basic.urban", "standard:tekun.care.partial"]
    assert zh.reasons[0].text == "东胜区（150602）在 2021-06-01 没有施行中的城市低保标准（2021-12-15 起施行下一标准）"
    en = aidcalc.calculate(ELDER, lang="en").benefit("tekun")
    assert en.reasons[0].text == ("no urban dibao standard in force in 150602 东胜区 on 2021-06-01 "
                                  "(next takes effect: 2021-12-15)")


def test_tekun_with_its_own_standards_but_no_dibao_standard_shows_what_it_would_pay(tmp_path: Path) -> None:
    """A user table with 特困 basic and care standards but no 低保 standard: undetermined, basic + care shown."""
    d = tmp_path / "990300-nodibao"
    d.mkdir()
    (tmp_path / "divisions.toml").write_text('[990300]\nname = "无低保市"\nen = "No-dibao city"\n', "utf-8")
    (d / "2022-01-01-tekun.toml").write_text(
        '[notice]\ntitle = "测试"\nissuer = "测试"\neffective = 2022-01-01\nsource = "test"\n\n'
        '[tekun]\nbasic.urban = { amount = "1000", ref = "一", status = "published" }\n'
        'care.partial = { amount = "200", ref = "二", status = "published" }\n', "utf-8")
    h = {**ELDER, "division": "990300", "on": "2022-03-01"}
    for lang, text in (("zh", "无低保市（990300）在 2022-03-01 没有施行中的城市低保标准（本地及上级行政区均无此项标准）"),
                       ("en", "no urban dibao standard in force in 990300 No-dibao city on 2022-03-01 "
                              "(no notice for this parameter in this division or its ancestors)")):
        r = aidcalc.calculate(h, standards=[tmp_path], lang=lang)
        tekun = r.benefit("tekun")
        assert (tekun.status, tekun.amount.fen) == ("undetermined", 1200_00)
        assert tekun.missing == ["standard:dibao.standard.urban"]
        assert [x.text for x in tekun.reasons] == [text]
        assert [(x.code, x.amount.fen) for x in tekun.lines] == [("tekun.basic", 1000_00), ("tekun.care", 200_00)]
        assert r.total.fen == 0
