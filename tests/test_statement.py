"""The 告知书: templates an office edits, member names, rights and signatures, fitting the terminal width."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

import aidcalc
from aidcalc.cli import main
from aidcalc.explain.render import render
from aidcalc.explain.statement_html import TEMPLATES

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GZ = EXAMPLES / "guangzhou-2021-family.json"
ALL_EXAMPLES = sorted([*EXAMPLES.glob("*.toml"), *(p for p in EXAMPLES.glob("*.json") if ".expected" not in p.name)])


def named(path: Path = GZ, names: dict[str, str] | None = None) -> dict[str, Any]:
    """The example household with members' names."""
    raw = json.loads(path.read_text("utf-8"))
    names = names or {"p1": "张建国", "p2": "李秀兰", "p3": "张小明"}
    for m in raw["members"]:
        if m["id"] in names:
            m["name"] = names[m["id"]]
    return raw


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("path", ALL_EXAMPLES, ids=lambda p: p.name)
def test_text_statement_fits_80_columns(path: Path, lang: str) -> None:
    """At 80 columns no line of the text statement is wider than 80 cells (CJK two each); hashes stay whole."""
    result = aidcalc.calculate(aidcalc.load_household_file(path), lang=lang)
    text = render(result, "text", width=80)
    too_wide = [line for line in text.splitlines() if cell_len(line) > 80]
    assert too_wide == []
    for value in result.fingerprint.values():
        assert value in text


def test_text_statement_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no width given, the statement takes COLUMNS (the terminal's width), never a fixed 100."""
    result = aidcalc.calculate(aidcalc.load_household_file(GZ))
    for columns in (90, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        lines = render(result, "text").splitlines()
        assert max(cell_len(line) for line in lines) <= columns
    monkeypatch.setenv("COLUMNS", "120")
    wide = render(result, "text")
    assert max(cell_len(line) for line in wide.splitlines()) > 100  # the long reasons use the room
    monkeypatch.setenv("COLUMNS", "90")
    assert max(cell_len(line) for line in render(result, "text").splitlines()) > 80


def test_statement_names_members_where_the_household_gives_names() -> None:
    """Given names replace p1/p2/p3 in the html, text and markdown statements; JSON keeps ids and adds names."""
    result = aidcalc.calculate(named())
    for fmt in ("text", "markdown"):
        assert "李秀兰" in render(result, fmt, width=100), fmt  # p2's lines
    html = render(result, "html")
    assert "<td>p2</td>" not in html and all(f"<td>{n}</td>" in html for n in ("张建国", "李秀兰", "张小明"))
    d = result.to_dict()
    assert [(m["id"], m["name"]) for m in d["members"]] == [("p1", "张建国"), ("p2", "李秀兰"), ("p3", "张小明")]
    assert d["benefits"][2]["lines"][0]["member"] == "p2"


def test_html_statement_is_a_handout() -> None:
    """The html 告知书 has the office header, rights (行政复议 60 days, 行政诉讼 6 months), contact, places to
    sign, date and seal, and the fingerprint in a small footer — and loads nothing from the network."""
    result = aidcalc.calculate(aidcalc.load_household_file(GZ))
    html = render(result, "html")
    for part in ("民政局", "行政复议", "六十日", "《中华人民共和国行政复议法》", "行政诉讼", "六个月",
                 "《中华人民共和国行政诉讼法》", "咨询与联系", "申请人（签名）", "经办人（签名）", "盖章", "日期"):
        assert part in html, part
    footer = re.search(r'<footer class="fingerprint">(.*?)</footer>', html, re.S)
    assert footer and result.fingerprint["standards"] in footer.group(1) and result.fingerprint["input"] in footer.group(1)
    assert html.count(result.fingerprint["standards"]) == 1  # only in the footer
    assert not re.search(r"<(script|link|img|iframe)\b", html)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html)
    assert "break-inside: avoid" in html and "break-after: avoid" in html
    en = render(aidcalc.calculate(aidcalc.load_household_file(GZ), lang="en"), "html")
    for part in ("administrative reconsideration", "60 days", "administrative lawsuit", "6 months", "Caseworker"):
        assert part in en, part


def test_an_office_edits_copied_templates_without_touching_code(tmp_path: Path) -> None:
    """`aidcalc template statement DIR` copies the templates; --template DIR uses the edited ones, the
    bundled ones for files DIR does not hold."""
    runner = CliRunner()
    got = runner.invoke(main, ["template", "statement", str(tmp_path / "t")])
    assert got.exit_code == 0, got.output
    copied = sorted(p.name for p in (tmp_path / "t").iterdir())
    assert copied == sorted(p.name for p in TEMPLATES.iterdir() if p.is_file())
    office = tmp_path / "t" / "office.html"
    # the default texts come from the message catalogue (`w.…`); an office writes its own in their place
    office.write_text(office.read_text("utf-8").replace("{{ w.issuer }}", "广州市天河区民政局"), "utf-8")
    rights = tmp_path / "t" / "rights.html"
    rights.write_text(rights.read_text("utf-8").replace("<p>{{ w.contact }}</p>", "<p>电话：020-12345678</p>"), "utf-8")
    (tmp_path / "t" / "signatures.html").unlink()  # falls back to the bundled one
    out = runner.invoke(main, ["check", str(GZ), "--format", "html", "--template", str(tmp_path / "t")])
    assert out.exit_code == 0, out.output
    assert "广州市天河区民政局" in out.output and "（区/县）" not in out.output
    assert "电话：020-12345678" in out.output and "经办人（签名）" in out.output
    again = runner.invoke(main, ["template", "statement", str(tmp_path / "t")])
    assert again.exit_code == 0 and "广州市天河区民政局" in office.read_text("utf-8")  # edits are kept


def test_a_broken_template_is_a_clean_error(tmp_path: Path) -> None:
    """A template with a Jinja2 error exits 2 naming the file and line, never a traceback."""
    (tmp_path / "office.html").write_text("<header>\n{% if lang %}\n<h1>{{ w.title }}</h1>\n", "utf-8")
    got = CliRunner().invoke(main, ["check", str(GZ), "--format", "html", "--template", str(tmp_path)])
    assert got.exit_code == 2
    assert "office.html:" in got.output and "Traceback" not in got.output
    (tmp_path / "office.html").write_text("{{ w.no_such_word }}", "utf-8")
    got = CliRunner().invoke(main, ["check", str(GZ), "--format", "html", "--template", str(tmp_path)])
    assert got.exit_code == 2 and "no_such_word" in got.output


def test_values_in_templates_are_escaped() -> None:
    """A member name with markup is shown as text in the html statement, not as markup."""
    result = aidcalc.calculate(named(names={"p2": "<b>李</b>&"}))
    html = render(result, "html")
    assert "&lt;b&gt;李&lt;/b&gt;&amp;" in html and "<b>李</b>" not in html


def test_a_dibao_household_statement_carries_the_earnings_chart() -> None:
    """The html statement of a 低保 household has an inline SVG of its benefits against the wage; others don't."""
    runner = CliRunner()
    gz = runner.invoke(main, ["check", str(GZ), "--format", "html"])
    assert gz.exit_code == 0, gz.output
    svg = re.search(r"<svg\b.*?</svg>", gz.output, re.S)
    assert svg and "低保停止" in svg.group(0) and "现在" in svg.group(0)
    tekun = runner.invoke(main, ["check", str(EXAMPLES / "jinan-2022-tekun.json"), "--format", "html"])
    assert tekun.exit_code == 0 and "<svg" not in tekun.output
