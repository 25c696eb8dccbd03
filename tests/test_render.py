"""Rendering a Result as text, JSON, Markdown and HTML (fixture standards, fictional city 990100)."""

from __future__ import annotations

import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

import aidcalc
from aidcalc.cli import main
from aidcalc.explain.render import render
from aidcalc.explain.result import Result

FIXTURES = Path(__file__).parent / "fixtures" / "standards"
GAP = "700.00 × 3 − 790.00 = 1,310.00"
ANSI = re.compile(r"\x1b\[")

HOUSEHOLD: dict[str, Any] = {
    "id": "T-0001",
    "division": "990100",
    "area": "urban",
    "on": "2021-08-01",
    "assets": {"financial": "0.00", "vehicles": 0, "homes": 1},
    "members": [
        {"id": "p1", "relation": "self", "birth_date": "1980-03-02", "incomes": {"wage": "1000.00"},
         "employed": True},
        {"id": "p2", "relation": "spouse", "birth_date": "1982-05-11",
         "disability": {"category": "physical", "grade": 2}},
        {"id": "p3", "relation": "child", "birth_date": "2012-09-01", "student": "compulsory"},
    ],
}


@pytest.fixture(autouse=True)
def _no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep text plain even under `pytest -s` on a terminal."""
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture(scope="module")
def engine() -> aidcalc.Engine:
    """One engine over the fixture standards for the whole module."""
    return aidcalc.Engine([str(FIXTURES)])


@pytest.fixture(scope="module")
def zh(engine: aidcalc.Engine) -> Result:
    """The three-member household, in Chinese."""
    return engine.calculate(HOUSEHOLD, lang="zh")


@pytest.fixture(scope="module")
def en(engine: aidcalc.Engine) -> Result:
    """The three-member household, in English."""
    return engine.calculate(HOUSEHOLD, lang="en")


class Checker(HTMLParser):
    """Collects tags and text, and fails on anything html.parser reports as broken."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.text: list[str] = []
        self.tags: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        if tag not in {"meta", "br", "link", "img", "hr"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_dibao_gap_working_in_every_readable_format(zh: Result) -> None:
    """The 低保 gap line's working appears verbatim in text, Markdown and HTML."""
    assert zh.benefit("dibao").status == "eligible"
    for fmt in ("text", "markdown", "html"):
        assert GAP in render(zh, fmt), fmt


def test_text_is_plain_and_itemized(zh: Result) -> None:
    """Text from tests has no ANSI codes and shows heading, total, statuses, lines, steps, 依据, fingerprint."""
    text = render(zh, "text")
    assert not ANSI.search(text)
    for part in ("T-0001", "测试市（990100）", "2021-08-01", "城市", "本月合计：2,040.00 元",
                 "最低生活保障金  享受  1,590.00 元", "特困人员救助供养金  不享受", "计算依据", "原因",
                 "家庭月收入：p1 1,000.00 − 就业成本扣减 210.00 = 790.00", "共同生活家庭成员：3（p1、p2、p3）",
                 "依据", "《测试市社会救助标准（测试用，虚构）》 一；测试市；2021-01-01 起施行",
                 "《社会救助暂行办法》国务院令第649号 第十二条第二款", "指纹", zh.fingerprint["standards"]):
        assert part in text, part
    assert re.search(r"分类施保 \[\d+\]\[\d+\]\s+p2\s+重度残疾 700\.00 × 30% = 210\.00\s+210\.00", text)
    assert all(cell_len(line) <= 100 for line in text.splitlines())


def test_text_amounts_are_right_aligned(zh: Result) -> None:
    """Line amounts of one benefit end in the same terminal column (CJK counted as two cells)."""
    rows = [line for line in render(zh, "text").splitlines() if "= 210.00" in line or GAP in line
            or "= 70.00" in line]
    assert len(rows) == 3
    assert len({cell_len(row) for row in rows}) == 1


def test_text_follows_stdout_when_color_is_not_given(zh: Result, monkeypatch: pytest.MonkeyPatch) -> None:
    """Colour is off when stdout is not a terminal, and on only when asked for or on a terminal."""
    monkeypatch.setattr("sys.stdout", io.StringIO())
    assert not ANSI.search(render(zh, "text"))
    assert ANSI.search(render(zh, "text", color=True))


def test_english_labels(en: Result) -> None:
    """lang=en gives English headings and statuses: eligible, ineligible."""
    text = render(en, "text")
    assert "Minimum living allowance (dibao)  eligible  1,590.00 yuan" in text
    assert "ineligible" in text and "Total this month: 2,040.00 yuan" in text
    for fmt in ("markdown", "html"):
        out = render(en, fmt)
        assert "eligible" in out and "Social assistance entitlement statement" in out
        assert GAP in out
    assert '<html lang="en">' in render(en, "html")


def test_markdown_statement(zh: Result) -> None:
    """Markdown is a 告知书: title, a 项目|成员|计算|金额 table, a numbered 依据 list and the closing sentence."""
    out = render(zh, "markdown")
    assert out.startswith("# 社会救助待遇测算告知书\n")
    assert "| 项目 | 成员 | 计算 | 金额（元） |" in out
    assert f"| {GAP} | 1,310.00 |" in out
    assert "\n1. 《测试市社会救助标准（测试用，虚构）》 一；测试市；2021-01-01 起施行\n" in out
    assert "最终认定以民政部门审核确认为准" in out
    assert "## 指纹" in out and zh.fingerprint["input"] in out


def test_html_is_a_standalone_escaped_document(zh: Result) -> None:
    """HTML parses with balanced tags, has no external resources and contains every benefit label."""
    out = render(zh, "html")
    assert out.startswith("<!DOCTYPE html>\n<html lang=\"zh-CN\">")
    checker = Checker()
    checker.feed(out)
    checker.close()
    assert checker.stack == []
    assert {"style", "table", "ol"} <= checker.tags and not {"script", "link", "img"} & checker.tags
    assert "http" not in out
    text = "".join(checker.text)
    for b in zh.benefits:
        assert html.escape(b.label) in out and b.label in text
    assert "A4" in out


def test_html_and_markdown_escape_untrusted_text(engine: aidcalc.Engine) -> None:
    """A member id with markup characters is escaped, never emitted as markup."""
    hh = {**HOUSEHOLD, "members": [{**m, "id": m["id"] + "<b>&|"} for m in HOUSEHOLD["members"]]}
    result = engine.calculate(hh)
    out = render(result, "html")
    assert "<b>" not in out and "p2&lt;b&gt;&amp;|" in out
    Checker().feed(out)
    assert "p2\\<b\\>\\&\\|" in render(result, "markdown")


def test_json_round_trips(zh: Result) -> None:
    """fmt=json is Result.to_json() and parses back to Result.to_dict()."""
    out = render(zh, "json")
    assert out == zh.to_json()
    assert json.loads(out) == json.loads(json.dumps(zh.to_dict(), ensure_ascii=False))
    assert json.loads(out)["benefits"][0]["lines"][0]["working"] == GAP


def test_undetermined_shows_missing_facts(engine: aidcalc.Engine) -> None:
    """Without assets 低保 is 待定, its amount is not in the total, and 需补充 names the assets."""
    result = engine.calculate({k: v for k, v in HOUSEHOLD.items() if k != "assets"})
    text = render(result, "text")
    assert "最低生活保障金  待定  1,590.00 元（待补充材料核实后确定，不计入合计）" in text
    assert "需补充" in text and "家庭财产情况（金融资产、机动车辆、住房）" in text
    assert "本月合计：250.00 元" in text


def test_warnings_and_derived_citations(engine: aidcalc.Engine) -> None:
    """A 特困 person's derived basic standard shows its working in 依据 and a 提示."""
    hh = {"id": "T-0002", "division": "990100", "area": "urban", "on": "2021-08-01",
          "assets": {"financial": "0.00", "vehicles": 0, "homes": 1},
          "members": [{"id": "e1", "relation": "self", "birth_date": "1940-03-02", "supporter": "none",
                       "self_care": "none"}]}
    result = engine.calculate(hh)
    assert result.warnings
    for fmt in ("text", "markdown", "html"):
        out = render(result, fmt)
        assert "推算" in out and "910.00" in out
        assert html.escape(result.warnings[0]) in out if fmt == "html" else result.warnings[0] in out


def test_unknown_format_is_an_error(zh: Result) -> None:
    """An unknown format raises ValueError naming the allowed ones."""
    with pytest.raises(ValueError, match="markdown"):
        render(zh, "pdf")


def test_cli_check_markdown(tmp_path: Path) -> None:
    """`aidcalc check FILE --format markdown --standards tests/fixtures/standards` exits 0 with the statement."""
    path = tmp_path / "household.json"
    path.write_text(json.dumps(HOUSEHOLD), encoding="utf-8")
    runner = CliRunner()
    got = runner.invoke(main, ["check", str(path), "--format", "markdown", "--standards", str(FIXTURES)])
    assert got.exit_code == 0, got.output
    assert got.output.startswith("# 社会救助待遇测算告知书") and GAP in got.output
    text = runner.invoke(main, ["check", str(path), "--standards", str(FIXTURES), "--lang", "en"])
    assert text.exit_code == 0, text.output
    assert GAP in text.output and not ANSI.search(text.output)
