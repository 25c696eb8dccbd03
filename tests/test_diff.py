"""aidcalc diff: a caseload under two dates or two sets of standards — amounts, causes, budget, reports.

The 济南 (370102 历下区) figures the hand computations use are those of the bundled tables:
on 2022-01-01 the 2021 figures (in force from 2021-12-31), on 2022-06-01 the 2022 notice (from
2022-03-29) — 城市低保 904 → 995, 农村低保 676 → 770, 城市特困 1356 → 1492, 照料 全自理 231 → 255,
半自理 385 → 424 (``aidcalc standards show 370102 --on …``; checked by the first test).

The caseload ``fixtures/diff/jinan-370102.jsonl`` (every birthday falls after 1 June, so no age moves):

=====  =====  ==========================================  ==================  ==================
id     area   members, monthly income                      2022-01-01          2022-06-01
=====  =====  ==========================================  ==================  ==================
JN-U1  urban  2; wage 1000                                 低保 904×2−1000=808  995×2−1000=990
JN-R1  rural  3; wage 900 + other 600                      低保 676×3−1500=528  770×3−1500=810
JN-U2  urban  1, aged 71, no supporter, 全自理              特困 1356+231=1587    1492+255=1747
JN-U3  urban  1, aged 79, supporter unable, 半自理,          特困 1356+385=1741    1492+424=1916
              basic pension 150 (disregarded)
JN-U4  urban  1; wage 950                                  边缘 (950<1.5×904)   低保 995−950=45
JN-R2  rural  2; wages 5000                                nothing             nothing
JN-U5  urban  1; wage 1400                                 nothing (≥1356)     边缘 (1400<1492.5)
=====  =====  ==========================================  ==================  ==================

低保 1,336.00 → 1,845.00 (+509.00); 特困 3,328.00 → 3,663.00 (+335.00); in all +844.00 a month,
+10,128.00 a year; 5 gainers, no loser, 2 unchanged totals (JN-U5 only enters 低保边缘).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from click.testing import CliRunner, Result

from aidcalc.benefits import run
from aidcalc.caseload import open_input, write_sample
from aidcalc.cli import main
from aidcalc.engine.frame import Frame
from aidcalc.explain.explanation import explain
from aidcalc.explain.result import Result as Explained
from aidcalc.household import parse_household
from aidcalc.reports.diff import PERSON_LINES, Diff, Side, diff_caseload, line_columns
from aidcalc.standards.library import Library, Resolved
from aidcalc.testing.synthetic import synthetic_households
from aidcalc.vocab import BENEFIT_LABEL_ZH, BENEFITS

HERE = Path(__file__).parent
FIXTURES = HERE / "fixtures" / "diff"
JINAN = FIXTURES / "jinan-370102.jsonl"
DRAFT_LOWER = FIXTURES / "draft-lower"
TESTCITY = HERE / "fixtures" / "standards"
TESTCITY_RAISE = FIXTURES / "testcity-raise"
JINAN_DATES = ("--from", "2022-01-01", "--to", "2022-06-01")


def aidcalc(*args: object, code: int = 0) -> Result:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == code, result.output + repr(result.exception)
    return result


def jinan_json(*extra: object) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(aidcalc("diff", JINAN, *JINAN_DATES, "--format", "json", *extra).stdout)
    return out


@pytest.fixture(scope="module")
def jinan_reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Jinan diff with its three reports, written once."""
    out = tmp_path_factory.mktemp("jinan")
    aidcalc("diff", JINAN, *JINAN_DATES, "-o", out / "r.html", "-o", out / "r.xlsx", "-o", out / "r.json")
    return out


# --------------------------------------------------------------------------------- 济南 2022


def test_the_jinan_figures_the_hand_computations_use_are_the_bundled_ones() -> None:
    """On 2022-01-01 and 2022-06-01, 370102 resolves to the 2021 and 2022 figures the module docstring uses."""
    lib = Library.load(use_env=False)
    expected = {
        "dibao.standard.urban": (90400, 99500),
        "dibao.standard.rural": (67600, 77000),
        "tekun.basic.urban": (135600, 149200),
        "tekun.care.full": (23100, 25500),
        "tekun.care.partial": (38500, 42400),
    }
    for name, (old, new) in expected.items():
        a = lib.resolve("370102", dt.date(2022, 1, 1), name)
        b = lib.resolve("370102", dt.date(2022, 6, 1), name)
        assert (a.value, b.value) == (old, new), name
        assert a.notice is not None and a.notice.effective == dt.date(2021, 12, 31)
        assert b.notice is not None and b.notice.effective == dt.date(2022, 3, 29)


def test_jinan_2022_counts_and_budget_are_exact() -> None:
    """7 households: 5 gain, none loses, 2 keep their total; +844.00 a month, +10,128.00 a year."""
    s = jinan_json()
    assert (s["households"], s["households_with_errors"]) == (7, 0)
    assert (s["gainers"], s["losers"], s["unchanged"], s["listed"]) == (5, 0, 2, 6)
    assert s["budget"]["monthly"] == {"old": "4664.00", "new": "5508.00", "change": "844.00"}
    assert s["budget"]["annual"] == {"old": "55968.00", "new": "66096.00", "change": "10128.00"}
    by_benefit = {c: (v["old"], v["new"], v["change"], v["annual_change"]) for c, v in s["budget"]["by_benefit"].items()}
    assert by_benefit == {
        "dibao": ("1336.00", "1845.00", "509.00", "6108.00"),
        "tekun": ("3328.00", "3663.00", "335.00", "4020.00"),
        "disability_living": ("0.00", "0.00", "0.00", "0.00"),
        "disability_care": ("0.00", "0.00", "0.00", "0.00"),
        "orphan": ("0.00", "0.00", "0.00", "0.00"),
    }
    assert s["by_division"] == [{"division": "370102", "name": "历下区", "households": 7, "gainers": 5, "losers": 0,
                                 "undetermined": 0, "old": "4664.00", "new": "5508.00", "change": "844.00",
                                 "annual_change": "10128.00", "undetermined_old": "0.00", "undetermined_new": "0.00"}]
    assert s["undetermined"] == 0
    assert s["budget"]["undetermined"] == {"old": "0.00", "new": "0.00", "old_up_to": "0.00", "new_up_to": "0.00"}
    flags = {f: (v["before"], v["after"], v["entering"], v["leaving"]) for f, v in s["flags"].items()}
    assert flags == {"dibao": (2, 3, 1, 0), "low_income": (1, 1, 1, 1), "tekun": (2, 2, 0, 0), "taper": (0, 0, 0, 0)}


def test_jinan_2022_each_household_with_its_cause(jinan_reports: Path) -> None:
    """Every listed household has the hand-computed old and new totals, and its cause names the standards and lines."""
    report = json.loads((jinan_reports / "r.json").read_text("utf-8"))
    got = {h["id"]: (h["old"]["total"], h["new"]["total"], h["delta"]) for h in report["households"]}
    assert got == {
        "JN-U1": ("808.00", "990.00", "182.00"),
        "JN-R1": ("528.00", "810.00", "282.00"),
        "JN-U2": ("1587.00", "1747.00", "160.00"),
        "JN-U3": ("1741.00", "1916.00", "175.00"),
        "JN-U4": ("0.00", "45.00", "45.00"),
        "JN-U5": ("0.00", "0.00", "0.00"),
    }
    h = {x["id"]: x for x in report["households"]}
    standards = report["changed_standards"]
    assert [x["index"] for x in standards] == list(range(len(standards)))
    u2 = h["JN-U2"]["cause"]
    assert [(standards[j]["name"], standards[j]["old"]["text"], standards[j]["new"]["text"])
            for j in u2["standards"]] == [
        ("dibao.standard.urban", "904.00 元/月", "995.00 元/月"),
        ("tekun.basic.urban", "1356.00 元/月", "1492.00 元/月"),
        ("tekun.care.full", "231.00 元/月", "255.00 元/月"),
    ]
    assert [(x["code"], x["member"], x["old"], x["new"]) for x in u2["lines"]] == [
        ("tekun.basic", "p1", "1356.00", "1492.00"), ("tekun.care", "p1", "231.00", "255.00")]
    r1 = h["JN-R1"]["cause"]
    assert [standards[j]["name"] for j in r1["standards"]] == ["dibao.standard.rural"]
    assert [(x["code"], x["member"], x["old"], x["new"]) for x in r1["lines"]] == [
        ("dibao.gap", None, "528.00", "810.00")]
    u4 = h["JN-U4"]
    assert u4["old"]["benefits"]["dibao"] == {"status": "ineligible", "amount": "0.00"}
    assert u4["new"]["benefits"]["dibao"] == {"status": "eligible", "amount": "45.00"}
    assert u4["cause"]["statuses"] == [{"benefit": "dibao", "old": "ineligible", "new": "eligible"}]
    assert u4["cause"]["flags"] == [{"flag": "dibao", "change": "entering"}, {"flag": "low_income", "change": "leaving"}]
    assert [(x["code"], x["old"], x["new"]) for x in u4["cause"]["lines"]] == [("dibao.gap", None, "45.00")]
    assert h["JN-U5"]["cause"]["flags"] == [{"flag": "low_income", "change": "entering"}]
    assert all(not x["cause"]["ages"] for x in report["households"])


def test_the_text_summary_is_a_table_of_the_same_figures() -> None:
    """The default stdout names every benefit with its monthly and annual change, and the 低保 households entering."""
    out = aidcalc("diff", JINAN, *JINAN_DATES).stdout
    assert "+844.00" in out and "+10,128.00" in out and "+509.00" in out and "+335.00" in out
    for code in BENEFITS:
        assert code in out
    assert "城市低保标准" in out and "904.00 元/月" in out and "995.00 元/月" in out


# ------------------------------------------------------------------------------ --fail-on-loss


def test_fail_on_loss_catches_a_draft_that_lowers_the_urban_standard() -> None:
    """The fictional draft (城市低保 995 → 990 from 2022-06-01) makes JN-U1 lose 10.00 and JN-U4 5.00: exit 1."""
    result = aidcalc("diff", JINAN, "--to-standards", DRAFT_LOWER, "--on", "2022-06-01", "--fail-on-loss", code=1)
    losses = [line for line in result.stdout.splitlines() if line.startswith("减少 ")]
    assert [line.split("  ")[:3] for line in losses] == [
        ["减少 JN-U1", "990.00 → 980.00", "(-10.00)"],
        ["减少 JN-U4", "45.00 → 40.00", "(-5.00)"],
    ]
    assert all("城市低保标准 995.00 元/月 → 990.00 元/月" in line for line in losses)
    assert result.stderr == "aidcalc: 2 户将减少（--fail-on-loss）\n"
    english = aidcalc("diff", JINAN, "--to-standards", DRAFT_LOWER, "--on", "2022-06-01", "--fail-on-loss",
                      "--lang", "en", code=1)
    losses = [line for line in english.stdout.splitlines() if line.startswith("LOSS ")]
    assert [line.split("  ")[:3] for line in losses] == [
        ["LOSS JN-U1", "990.00 → 980.00", "(-10.00)"],
        ["LOSS JN-U4", "45.00 → 40.00", "(-5.00)"],
    ]
    assert losses[0].endswith("  urban dibao standard 995.00 yuan a month → 990.00 yuan a month [1]; "
                              "standard × members − income 990.00 → 980.00")
    assert english.stderr == "aidcalc: 2 households would receive less (--fail-on-loss)\n"


def test_fail_on_loss_as_json_lists_the_losers_with_their_cause() -> None:
    """With --format json the losers are in the output: id, old, new, delta and the cause."""
    result = aidcalc("diff", JINAN, "--to-standards", DRAFT_LOWER, "--on", "2022-06-01", "--fail-on-loss",
                     "--format", "json", code=1)
    data = json.loads(result.stdout)
    assert data["losers"] == 2
    assert [(x["id"], x["old"], x["new"], x["delta"]) for x in data["loser_households"]] == [
        ("JN-U1", "990.00", "980.00", "-10.00"), ("JN-U4", "45.00", "40.00", "-5.00")]
    assert all(x["cause"].startswith("城市低保标准 995.00 元/月 → 990.00 元/月 [1]") for x in data["loser_households"])
    assert "按标补差 990.00 → 980.00" in data["loser_households"][0]["cause"]
    assert data["notices"][0].startswith("370100 济南市 2022-06-01 《（虚构测试草案 FICTIONAL TEST DRAFT）")
    assert data["budget"]["monthly"]["change"] == "-15.00"


def test_losses_exit_0_without_fail_on_loss_and_no_loss_exits_0_with_it() -> None:
    """Only --fail-on-loss turns a loss into exit 1; a diff with only gains passes it."""
    aidcalc("diff", JINAN, "--to-standards", DRAFT_LOWER, "--on", "2022-06-01")
    out = aidcalc("diff", JINAN, *JINAN_DATES, "--fail-on-loss").stdout
    assert "\n无户减少\n" in out
    assert "\nno household receives less\n" in aidcalc("diff", JINAN, *JINAN_DATES, "--fail-on-loss", "--lang", "en").stdout


# ------------------------------------------------------------------------------- undetermined

DRAFT_ASSETS = FIXTURES / "draft-assets"
#: JN-U1, and a household like it whose second member has a grade-1 physical disability: on 2022-01-01 济南 has
#: no 两项补贴 standard in force (undetermined), on 2022-06-01 it pays 182.00 and 167.00
DISABLED = {"id": "JN-D1", "division": "370102", "area": "urban", "members": [
    {"id": "p1", "relation": "self", "birth_date": "1980-08-15", "incomes": {"wage": "1000.00"}, "employed": True},
    {"id": "p2", "relation": "spouse", "birth_date": "1982-09-01", "disability": {"category": "physical", "grade": 1},
     "self_care": "partial"}]}


def test_a_benefit_without_a_standard_on_a_is_not_new_spending(tmp_path: Path) -> None:
    """JN-D1's 两项补贴 are undetermined on 2022-01-01 (no standard): the household is undetermined, not a gainer;
    the budget change is its 低保 and JN-U1's (+182.00 each), the 349.00 of 两项补贴 stand apart."""
    caseload = tmp_path / "c.jsonl"
    caseload.write_text(JINAN.read_text("utf-8").splitlines()[0] + "\n" + json.dumps(DISABLED) + "\n", "utf-8")
    aidcalc("diff", caseload, *JINAN_DATES, "-o", tmp_path / "r.json", "-o", tmp_path / "r.xlsx")
    report = json.loads((tmp_path / "r.json").read_text("utf-8"))
    s = report["summary"]
    assert (s["gainers"], s["losers"], s["unchanged"], s["undetermined"]) == (1, 0, 0, 1)
    rows = list(openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)["家庭"].iter_rows(values_only=True))
    assert [(r[1], r[4], r[7]) for r in rows[1:]] == [("JN-U1", "增加", 182), ("JN-D1", "待定", 182)]
    assert rows[2][rows[0].index("待定项目")] == (
        "困难残疾人生活补贴 A 待定（金额未知） → B 享受 182.00；重度残疾人护理补贴 A 待定（金额未知） → B 享受 167.00")
    assert s["budget"]["monthly"] == {"old": "1616.00", "new": "1980.00", "change": "364.00"}
    assert s["budget"]["undetermined"] == {"old": "0.00", "new": "349.00", "old_up_to": "0.00", "new_up_to": "349.00"}
    assert s["budget"]["by_benefit"]["disability_living"] == {
        "label": "困难残疾人生活补贴", "old": "0.00", "new": "0.00", "change": "0.00", "annual_change": "0.00",
        "undetermined": {"households": 1, "old": "0.00", "new": "182.00", "old_up_to": "0.00", "new_up_to": "182.00"}}
    assert s["by_division"][0]["undetermined"] == 1 and s["by_division"][0]["change"] == "364.00"
    d1 = {h["id"]: h for h in report["households"]}["JN-D1"]
    assert (d1["category"], d1["delta"], d1["undetermined"]) == ("undetermined", "182.00",
                                                                 ["disability_living", "disability_care"])
    assert d1["delta_by_benefit"] == {"dibao": "182.00", "tekun": "0.00", "disability_living": None,
                                      "disability_care": None, "orphan": "0.00"}
    assert d1["old"]["benefits"]["disability_care"] == {"status": "undetermined", "amount": "0.00"}
    assert (d1["old"]["total"], d1["new"]["total"]) == ("808.00", "1339.00")


def test_a_benefit_that_becomes_undetermined_is_not_a_loss() -> None:
    """A draft with asset limits makes the 低保 of the three 低保 households (no assets given) undetermined: no loser,
    no budget change; --fail-on-loss lists them apart and passes, --fail-on-undetermined fails."""
    args = ("diff", JINAN, "--to-standards", DRAFT_ASSETS, "--on", "2022-06-01")
    result = aidcalc(*args, "--fail-on-loss")
    assert "\n无户减少\n" in result.stdout
    undetermined = [line for line in result.stdout.splitlines() if line.startswith("待定 ")]
    assert [line.split("  ")[:2] for line in undetermined] == [
        ["待定 JN-U1", "低保 A 享受 990.00 → B 待定（至多 990.00）"],
        ["待定 JN-R1", "低保 A 享受 810.00 → B 待定（至多 810.00）"],
        ["待定 JN-U4", "低保 A 享受 45.00 → B 待定（至多 45.00）"]]
    assert "人均金融资产上限（月低保标准的倍数） 无值 → 24 [1]" in undetermined[0]
    assert "\n[1] 370100 济南市 2022-06-01 《（虚构测试草案 FICTIONAL TEST DRAFT）" in result.stdout
    assert "\n3 户在 A 或 B 有待定的待遇（缺少某项事实或标准）：" in result.stdout
    assert result.stderr == "aidcalc: 3 户在 A 或 B 有待定的待遇\n"
    english = aidcalc(*args, "--fail-on-loss", "--lang", "en")
    undetermined = [line for line in english.stdout.splitlines() if line.startswith("UNDETERMINED ")]
    assert undetermined[0] == (
        "UNDETERMINED JN-U1  dibao A eligible 990.00 → B undetermined (at most 990.00)  per-capita financial assets "
        "limit (months of the standard) none in force → 24 [1]; homes at most none in force → 1 [1]; motor vehicles "
        "at most none in force → 0 [1]; dibao eligible → undetermined")
    assert "\n[1] 370100 Jinan, in force from 2022-06-01: “（虚构测试草案 FICTIONAL TEST DRAFT）" in english.stdout
    assert "\n3 households have a benefit undetermined on A or on B (a fact or a standard is missing): " in english.stdout
    assert english.stderr == "aidcalc: 3 households have a benefit undetermined on A or on B\n"
    data = json.loads(aidcalc(*args, "--fail-on-loss", "--format", "json").stdout)
    assert (data["gainers"], data["losers"], data["unchanged"], data["undetermined"]) == (0, 0, 4, 3)
    assert data["budget"]["monthly"]["change"] == "0.00"
    assert data["budget"]["undetermined"] == {"old": "1845.00", "new": "0.00", "old_up_to": "1845.00",
                                              "new_up_to": "1845.00"}
    assert data["loser_households"] == []
    # 低保 undetermined on B is not 低保 left: no household enters or leaves a flag that is unknown on a side
    assert {f: (v["before"], v["after"], v["entering"], v["leaving"]) for f, v in data["flags"].items()} == {
        "dibao": (3, 0, 0, 0), "low_income": (1, 0, 0, 0), "tekun": (2, 2, 0, 0), "taper": (0, 0, 0, 0)}
    assert [(x["id"], x["old"], x["new"], x["delta"], x["undetermined"]) for x in data["undetermined_households"]] == [
        ("JN-U1", "990.00", "0.00", "0.00", ["dibao"]), ("JN-R1", "810.00", "0.00", "0.00", ["dibao"]),
        ("JN-U4", "45.00", "0.00", "0.00", ["dibao"])]
    failed = aidcalc(*args, "--fail-on-undetermined", code=1)
    assert failed.stderr == "aidcalc: 3 户在 A 或 B 有待定的待遇（--fail-on-undetermined）\n"


def test_undetermined_on_both_sides_at_the_same_amount_is_settled() -> None:
    """A benefit undetermined on both sides at the same stated amount pays the same whatever the facts: settled."""
    from aidcalc.reports.diff import undetermined_comparisons

    status_a = np.array([[2, 2, 2, 1, 0]], dtype=np.int8)
    status_b = np.array([[2, 2, 1, 2, 0]], dtype=np.int8)
    stated_a = np.array([[500, 500, 500, 500, 0]], dtype=np.int64)
    stated_b = np.array([[500, 400, 500, 500, 0]], dtype=np.int64)
    assert undetermined_comparisons(status_a, status_b, stated_a, stated_b).tolist() == [
        [False, True, True, True, False]]


def test_a_household_that_loses_whatever_the_missing_facts_is_a_loser() -> None:
    """Bounds: 特困 1,741.00 lost for sure and a 生活补贴 unknown on A (no standard) → 182.00 on B loses at least
    1,559.00 whatever A's amount was: a loser; 低保 990.00 → undetermined up to 990.00 may lose it all or nothing."""
    from aidcalc.reports.diff import change_bounds, undetermined_comparisons

    status_a = np.array([[0, 1, 2, 0, 0], [1, 0, 0, 0, 0]], dtype=np.int8)
    status_b = np.array([[0, 0, 1, 0, 0], [2, 0, 0, 0, 0]], dtype=np.int8)
    stated_a = np.array([[0, 174100, 0, 0, 0], [99000, 0, 0, 0, 0]], dtype=np.int64)
    stated_b = np.array([[0, 0, 18200, 0, 0], [99000, 0, 0, 0, 0]], dtype=np.int64)
    open_ = undetermined_comparisons(status_a, status_b, stated_a, stated_b)
    lower, upper = change_bounds(status_a, status_b, stated_a, stated_b, open_)
    assert upper.tolist() == [18200 - 174100, 0]
    assert lower[0] < -(1 << 58) and lower[1] == -99000


# ------------------------------------------------------------------------------------- reports


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_the_html_report_parses_names_every_benefit_and_needs_no_network(jinan_reports: Path) -> None:
    """The HTML parses, names every benefit, holds three inline SVG charts and no script, link or URL."""
    raw = (jinan_reports / "r.html").read_text("utf-8")
    page = _Page()
    page.feed(raw)
    page.close()
    text = "".join(page.text)
    for code in BENEFITS:
        assert code in text and BENEFIT_LABEL_ZH[code] in text
    assert page.tags.count("svg") == 3
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    assert not [v for k, v in page.attrs if k in ("href", "src")]
    assert "http" not in raw and "url(" not in raw
    assert "+844.00" in text and "JN-U4" in text


def test_the_html_report_shows_undetermined_households_apart(tmp_path: Path) -> None:
    """The undetermined household has its own count, sentence, table and benefit rows; the notices are listed once
    and cited by number."""
    caseload = tmp_path / "c.jsonl"
    caseload.write_text(JINAN.read_text("utf-8").splitlines()[0] + "\n" + json.dumps(DISABLED) + "\n", "utf-8")
    aidcalc("diff", caseload, *JINAN_DATES, "-o", tmp_path / "r.html")
    page = _Page()
    page.feed((tmp_path / "r.html").read_text("utf-8"))
    text = "".join(page.text)
    assert "1 户在 A 或 B 有待定的待遇（缺少某项事实或标准）" in text
    assert "待定的家庭（1）" in text
    assert "困难残疾人生活补贴 A 待定（金额未知） → B 享受 182.00" in text
    assert text.count("《济南市民政局 济南市财政局关于提高困难群众救助保障标准的通知》") == 1
    assert "城市低保标准 904.00 元/月 → 995.00 元/月 [1]" in text


def test_histogram_bins_come_from_the_data() -> None:
    """Unchanged households are a bar of their own; each side is binned from its own changes in round widths, the
    few largest in an open-ended bin, and no household is lost."""
    from aidcalc.reports.diff_html import change_bins

    rng = np.random.default_rng(3)
    gains = rng.integers(100, 90000, 5000)
    losses = -rng.integers(1, 400, 60)
    deltas = np.concatenate([gains, losses, [2_000_000]]).astype(np.int64)
    bins = change_bins(deltas, 11280)
    assert sum(b.count for b in bins) == deltas.shape[0] + 11280
    zero = [b for b in bins if b.zero]
    assert len(zero) == 1 and zero[0].count == 11280
    negative = [b for b in bins if b.negative]
    assert sum(b.count for b in negative) == 60 and 2 <= len(negative) <= 12
    positive = [b for b in bins if not b.zero and not b.negative]
    assert positive[-1].hi is None and positive[-1].count >= 1 and len(positive) <= 13
    widths = {b.hi - b.lo for b in positive[:-1] if b.hi is not None and b.lo is not None}
    assert len(widths) == 1 and str(widths.pop()).lstrip("125").strip("0") == ""
    assert [b.label() for b in bins][len(negative)] == "0"


def test_the_html_report_escapes_every_text(tmp_path: Path) -> None:
    """A household id full of markup comes out as text, never as markup."""
    line = JINAN.read_text("utf-8").splitlines()[0].replace('"JN-U1"', '"<script>x&y</script>"')
    caseload = tmp_path / "c.jsonl"
    caseload.write_text(line + "\n", "utf-8")
    aidcalc("diff", caseload, *JINAN_DATES, "-o", tmp_path / "r.html")
    raw = (tmp_path / "r.html").read_text("utf-8")
    assert "<script>" not in raw and "&lt;script&gt;x&amp;y&lt;/script&gt;" in raw


def test_the_xlsx_report_has_its_sheets_in_chinese_with_money_as_numbers(jinan_reports: Path) -> None:
    """summary, households, standards and notices: Chinese headers frozen above filters, amounts as numbers in
    #,##0.00 that add up to the summary's change."""
    book = openpyxl.load_workbook(jinan_reports / "r.xlsx")
    assert book.sheetnames == ["汇总", "家庭", "标准变化", "文件"]
    sheet = book["家庭"]
    rows = list(sheet.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert header[:8] == ("行号", "户编号", "行政区划", "城乡", "类别", "A 合计", "B 合计", "变化（已确定部分）")
    assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", f"A1:{openpyxl.utils.get_column_letter(len(header))}7")
    assert all(sheet.column_dimensions[openpyxl.utils.get_column_letter(j + 1)].width >= 6 for j in range(len(header)))
    assert [r[header.index("户编号")] for r in body] == ["JN-U1", "JN-R1", "JN-U2", "JN-U3", "JN-U4", "JN-U5"]
    assert [r[header.index("类别")] for r in body] == ["增加"] * 5 + ["不变"]
    change = header.index("变化（已确定部分）")
    assert [r[change] for r in body] == [182, 282, 160, 175, 45, 0]
    assert {sheet.cell(k + 2, change + 1).number_format for k in range(6)} == {"#,##0.00"}
    assert sum(Decimal(str(r[change])) for r in body) == Decimal("844.00")
    assert body[0][header.index("低保 A")] == 808 and body[0][header.index("低保 B")] == 990
    assert body[4][header.index("状态变化")] == "低保 不享受 → 享受"
    assert body[4][header.index("身份变化")] == "进入低保；退出低保边缘"
    cause = header.index("原因（[n]：文件编号，见“文件”表）")
    assert body[0][cause] == "城市低保标准 904.00 元/月 → 995.00 元/月 [1]；按标补差 808.00 → 990.00"
    notices = [r for r in book["文件"].iter_rows(values_only=True)][1:]
    assert notices[0] == (1, "370100 济南市 2022-03-29 《济南市民政局 济南市财政局关于提高困难群众救助保障标准的通知》")
    standards = list(book["标准变化"].iter_rows(values_only=True))
    names = [r[standards[0].index("参数")] for r in standards[1:]]
    assert names[:2] == ["dibao.standard.urban", "dibao.standard.rural"]
    assert [r[standards[0].index("文件编号")] for r in standards[1:3]] == [1, 1]
    summary = {r[0]: r[1:] for r in book["汇总"].iter_rows(values_only=True) if r and r[0]}
    total = summary["合计（A、B 均已确定的待遇）"]
    assert (total[3], total[4]) == (844, 10128)
    dibao = next(row for row in book["汇总"].iter_rows() if row[0].value == "dibao")  # the budget's first row
    assert [(c.value, c.number_format) for c in dibao[2:6]] == [
        (1336, "#,##0.00"), (1845, "#,##0.00"), (509, "#,##0.00"), (6108, "#,##0.00")]
    book.close()


def test_the_xlsx_report_in_english(tmp_path: Path) -> None:
    """--lang en: the headers and words of the workbook are English."""
    aidcalc("diff", JINAN, *JINAN_DATES, "--lang", "en", "-o", tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx", read_only=True)
    rows = list(book["households"].iter_rows(values_only=True))
    assert rows[0][:8] == ("row", "household", "division", "area", "category", "A total", "B total",
                           "change (settled part)")
    assert rows[5][rows[0].index("statuses")] == "dibao ineligible → eligible"
    assert rows[1][4] == "gainer"
    book.close()


def test_the_json_report_totals_are_the_sums_of_the_household_deltas(jinan_reports: Path) -> None:
    """The JSON parses; its monthly change, in all and per benefit, is the sum of the per-household deltas."""
    report = json.loads((jinan_reports / "r.json").read_text("utf-8"))
    households = report["households"]
    budget = report["summary"]["budget"]
    assert Decimal(budget["monthly"]["change"]) == sum(Decimal(h["delta"]) for h in households) == Decimal("844.00")
    assert Decimal(budget["annual"]["change"]) == 12 * Decimal(budget["monthly"]["change"])
    for code in BENEFITS:
        assert Decimal(budget["by_benefit"][code]["change"]) == sum(
            Decimal(h["delta_by_benefit"][code]) for h in households)
    assert len(report["changed_standards"]) == report["summary"]["changed_standards"] == 11


# --------------------------------------------------------------------------------- the engine


def _lines_of(r: Explained) -> dict[tuple[str, str | None], int]:
    return {(line.code, line.member): line.amount.fen for b in r.benefits for line in b.lines}


@pytest.fixture(scope="module")
def testcity(tmp_path_factory: pytest.TempPathFactory) -> tuple[Diff, list[dict[str, Any]], Library]:
    """1,500 synthetic households of the fictional 测试市 before and after the fictional 2021-07-15 raise."""
    households = synthetic_households(1500, division="990100", on="2021-08-01", seed=5, scale_fen=70000)
    path = tmp_path_factory.mktemp("testcity") / "c.jsonl"
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in households), "utf-8")
    lib = Library.load([TESTCITY, TESTCITY_RAISE], use_env=False)
    a, b = Side("2021-07-02", lib, dt.date(2021, 7, 2)), Side("2021-08-01", lib, dt.date(2021, 8, 1))
    return diff_caseload(open_input(path), a, b), households, lib


def test_line_columns_are_the_lines_explain_renders() -> None:
    """For every household of a synthetic caseload, line_columns gives exactly explain()'s lines and amounts."""
    lib = Library.load([TESTCITY, TESTCITY_RAISE], use_env=False)
    households = [parse_household(h) for h in synthetic_households(800, division="990100", on="2021-08-01", seed=9,
                                                                   scale_fen=70000)]
    t = run(Frame.from_households(households), lib)
    f = t.frame
    columns = line_columns(t)
    seen: set[str] = set()
    for i in range(f.n):
        mine = {}
        for code, (shown, amount) in columns.items():
            if code in PERSON_LINES:
                for p in range(int(f.start[i]), int(f.start[i + 1])):
                    if shown[p]:
                        mine[(code, f.person_ids[p])] = int(amount[p])
            elif shown[i]:
                mine[(code, None)] = int(amount[i])
        assert mine == _lines_of(explain(t, i)), f.ids[i]
        seen.update(code for code, _ in mine)
    assert seen == set(columns)  # every kind of line occurs


def test_the_cause_lines_are_the_explanation_lines_that_moved(
    testcity: tuple[Diff, list[dict[str, Any]], Library],
) -> None:
    """For every listed household, the diff's totals and moved lines are what explain() shows on each date."""
    diff, households, lib = testcity
    parsed = [parse_household(h) for h in households]
    ta = run(Frame.from_households(parsed, on=dt.date(2021, 7, 2)), lib)
    tb = run(Frame.from_households(parsed, on=dt.date(2021, 8, 1)), lib)
    assert diff.summary.households == 1500 and len(diff) == diff.summary.listed > 0
    assert diff.summary.gainers > 0 and diff.summary.losers > 0
    listed = set()
    for k in range(len(diff)):
        i = int(diff.rows[k]) - 1
        listed.add(i)
        ra, rb = explain(ta, i), explain(tb, i)
        assert diff.ids[k] == ra.household_id
        assert (int(diff.total_a[k]), int(diff.total_b[k])) == (ra.total.fen, rb.total.fen)
        la, lb = _lines_of(ra), _lines_of(rb)
        moved = {key: (la.get(key, -1), lb.get(key, -1)) for key in la.keys() | lb.keys() if la.get(key) != lb.get(key)}
        assert {(c, m): (o, n) for c, m, o, n in diff.lines(k)} == moved, diff.ids[k]
        members_a = {m["id"]: m["age"] for m in ra.members}
        assert {m: (o, n) for m, o, n in diff.ages(k)} == {
            m["id"]: (members_a[m["id"]], m["age"]) for m in rb.members if m["age"] != members_a[m["id"]]}
    for i in set(range(1500)) - listed:
        assert explain(ta, i).total == explain(tb, i).total
    assert diff.summary.change == int(diff.delta.sum())
    settled = ~diff.undetermined
    assert np.array_equal(diff.delta[settled], (diff.total_b - diff.total_a)[settled])
    s = diff.summary
    assert s.gainers + s.losers + s.unchanged + s.undetermined == s.households
    assert s.undetermined == int(diff.undetermined.sum()) > 0


def test_the_same_caseload_as_csv_parquet_or_xlsx_gives_the_same_diff(tmp_path: Path) -> None:
    """The caseload readers of aidcalc batch are used: every table format gives the JSON-lines summary."""
    expected = jinan_json()
    households = [json.loads(x) for x in JINAN.read_text("utf-8").splitlines()]
    for suffix in (".csv", ".parquet", ".xlsx"):
        path = tmp_path / f"c{suffix}"
        write_sample(households, path)
        got = json.loads(aidcalc("diff", path, *JINAN_DATES, "--format", "json").stdout)
        assert got == expected, suffix
    # streamed (ids sorted) or read whole (ids in another order): the same comparison
    ids = [h["id"] for h in households]
    assert ids != sorted(ids)
    ordered = tmp_path / "sorted.parquet"
    write_sample(sorted(households, key=lambda h: h["id"]), ordered)
    got = json.loads(aidcalc("diff", ordered, *JINAN_DATES, "--format", "json").stdout)
    assert got["budget"] == expected["budget"] and got["households"] == expected["households"]


def test_bad_households_are_reported_and_not_compared(tmp_path: Path) -> None:
    """A household with a problem is counted and named on stderr; the others are compared."""
    caseload = tmp_path / "c.jsonl"
    bad = {"id": "BAD", "division": "370102", "area": "suburb", "members": [{"id": "p1", "birth_date": "1980-01-01"}]}
    caseload.write_text(JINAN.read_text("utf-8") + json.dumps(bad) + "\n", "utf-8")
    result = aidcalc("diff", caseload, *JINAN_DATES, "--format", "json", "--errors", tmp_path / "e.jsonl")
    data = json.loads(result.stdout)
    assert (data["households"], data["households_with_errors"], data["budget"]["monthly"]["change"]) == (7, 1, "844.00")
    assert "row 8" in result.stderr and "household BAD" in result.stderr and "area" in result.stderr
    errors = [json.loads(x) for x in (tmp_path / "e.jsonl").read_text("utf-8").splitlines()]
    assert [(e["row"], e["household"], e["field"]) for e in errors] == [(8, "BAD", "area")]


@pytest.mark.parametrize("args", [
    ("--from", "2022-01-01"),
    ("--from", "2022-01-01", "--to", "2022-06-01", "--to-standards", str(DRAFT_LOWER)),
    ("--from", "2022-01-01", "--to", "2022-06-01", "--on", "2022-03-01"),
    ("--from-standards", str(DRAFT_LOWER)),
    ("--from", "2022-01-01", "--to", "2022-06-01", "-o", "report.pdf"),
    (),
])
def test_options_that_do_not_make_two_sides_exit_2(args: tuple[str, ...]) -> None:
    """Missing or conflicting sides, and an unknown report suffix, are usage errors (exit 2)."""
    result = aidcalc("diff", JINAN, *args, code=2)
    assert "Error" in result.output


def test_standards_diff_on_each_households_own_date(tmp_path: Path) -> None:
    """Without --on a standards diff computes each household on its own date: only those on/after 2022-06-01 move."""
    lines = JINAN.read_text("utf-8").splitlines()
    caseload = tmp_path / "c.jsonl"
    dated = []
    for k, line in enumerate(lines):
        h = json.loads(line)
        h["on"] = "2022-06-01" if k % 2 == 0 else "2022-05-01"
        dated.append(json.dumps(h, ensure_ascii=False))
    caseload.write_text("\n".join(dated) + "\n", "utf-8")
    data = json.loads(aidcalc("diff", caseload, "--to-standards", DRAFT_LOWER, "--format", "json").stdout)
    # JN-U1 (line 1, on 2022-06-01) loses 10.00; JN-U4 (line 5, 2022-06-01) loses 5.00
    assert (data["losers"], data["budget"]["monthly"]["change"]) == (2, "-15.00")
    data = json.loads(aidcalc("diff", caseload, "--to-standards", DRAFT_LOWER, "--on", "2022-05-31",
                              "--format", "json").stdout)
    assert (data["losers"], data["budget"]["monthly"]["change"]) == (0, "0.00")


def test_resolved_standards_in_the_report_carry_their_notice(jinan_reports: Path) -> None:
    """Each changed standard gives both values with the notice, effective date and status behind it."""
    report = json.loads((jinan_reports / "r.json").read_text("utf-8"))
    first = report["changed_standards"][0]
    assert (first["name"], first["households"]) == ("dibao.standard.urban", 5)
    assert (first["old"]["value"], first["old"]["effective"], first["old"]["status"]) == (
        "904.00", "2021-12-31", "from-later-notice")
    assert (first["new"]["value"], first["new"]["effective"], first["new"]["status"]) == (
        "995.00", "2022-03-29", "published")
    missing = {x["name"]: x for x in report["changed_standards"]}["disability.care.grade1"]
    assert missing["old"]["value"] is None and missing["new"]["value"] == "167.00"
    assert isinstance(Library.load(use_env=False).resolve("370102", dt.date(2022, 6, 1), "disability.care.grade1"),
                      Resolved)


def _jinan_notice(layer: Path, file: str, body: str) -> None:
    """A fictional 济南 notice of 2022-06-01 holding ``body``, written as ``file`` in the layer folder ``layer``."""
    folder = layer / "370100-jinan"
    folder.mkdir(parents=True)
    (folder / file).write_text('[notice]\ntitle = "测试"\nissuer = "测试"\neffective = 2022-06-01\n'
                               'source = "https://example.invalid"\n\n' + body, encoding="utf-8")


def test_a_living_subsidy_tier_is_named_for_the_grades_the_division_pays_it_to(tmp_path: Path) -> None:
    """Which 生活补贴 tier a changed value concerns follows the division's ``disability.living.severe_max_grade``
    on either side: where grade 2 gets the other amount, a change of ``disability.living.other`` is a cause for
    a household with a grade-2 member; with the national default (grades 1–2 the higher amount) it is not."""
    from aidcalc.reports._diff_causes import HouseholdKey, changed_standards

    _jinan_notice(tmp_path / "layer", "2022-06-01.toml",
                  '[disability.living]\nsevere_max_grade = { value = 1, ref = "第二条", status = "published" }\n')
    bundled = Library.load()
    layered = Library.load([str(tmp_path / "layer")])
    a, b = Side("A", bundled, dt.date(2022, 6, 1)), Side("B", layered, dt.date(2022, 6, 1))
    on = dt.date(2022, 6, 1)
    grade2 = HouseholdKey(pair=0, rural=False, moved=frozenset({"disability_living"}), self_care=frozenset(),
                          grades=frozenset({2}))
    (change,) = [c for c in changed_standards(a, b, "370100", on, on) if c.name == "disability.living.severe_max_grade"]
    assert change.severe_grades == (1, 2)
    other = dataclasses.replace(change, name="disability.living.other")
    severe = dataclasses.replace(change, name="disability.living.severe")
    assert other.applies(grade2) and severe.applies(grade2)
    national = dataclasses.replace(other, severe_grades=(2, 2))
    assert not national.applies(grade2)
    own = [dataclasses.replace(change, name=f"disability.living.grade{g}") for g in (1, 2, 3, 4)]
    assert [c.applies(grade2) for c in own] == [False, True, False, False]


def test_a_care_subsidy_amount_is_a_cause_for_the_grades_the_division_pays_it_to(tmp_path: Path) -> None:
    """Which grades a changed 护理补贴 amount concerns follows the division's ``disability.care.max_grade`` and
    ``disability.care.extended_max_grade`` on either side: with the national defaults (grades 1–2, the extension
    grades 3–4) each amount is its own grades'; where only grade 1 gets it on both sides, the grade-2 amount is
    no one's cause, and an extension to grade 3 only leaves grade 4 out."""
    from aidcalc.reports._diff_causes import HouseholdKey, changed_standards

    _jinan_notice(tmp_path / "layer", "2022-06-01.toml",
                  '[disability.care]\nmax_grade = { value = 1, ref = "第二条", status = "published" }\n'
                  'extended_max_grade = { value = 3, ref = "第二条", status = "published" }\n')
    on = dt.date(2022, 6, 1)

    def key(*grades: int) -> HouseholdKey:
        return HouseholdKey(pair=0, rural=False, moved=frozenset({"disability_care"}), self_care=frozenset(),
                            grades=frozenset(grades))

    layered = Library.load([str(tmp_path / "layer")])
    bundled = changed_standards(Side("A", Library.load(), on), Side("B", layered, on), "370100", on, on)
    (change,) = [c for c in bundled if c.name == "disability.care.max_grade"]
    assert change.care_grades == (2, 4)  # the national defaults on A
    _jinan_notice(tmp_path / "draft", "2022-06-01-b.toml",
                  '[disability.care]\ngrade2 = { amount = "200", per = "month", ref = "第二条", status = "published" }\n')
    drafted = Library.load([str(tmp_path / "layer"), str(tmp_path / "draft")])
    (local,) = changed_standards(Side("A", layered, on), Side("B", drafted, on), "370100", on, on)
    assert (local.name, local.care_grades, local.applies(key(2))) == ("disability.care.grade2", (1, 3), False)

    amounts = ("disability.care.grade1", "disability.care.grade2", "disability.care.grade3_4_intellectual_mental")
    for name, national, where_set in zip(amounts, ([1], [2], [3, 4]), ([1], [], [3]), strict=True):
        for grades, c in ((national, change), (where_set, local)):
            c = dataclasses.replace(c, name=name)
            assert [g for g in (1, 2, 3, 4) if c.applies(key(g))] == grades, (name, c.care_grades)
