"""The 告知书 printed by a real headless browser: pages as expected, nothing cut off, no heading left alone.

Chromium prints the html statement to A4 PDF (its own @page rules); poppler reads back the pages, the
text and where each word was drawn.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

import aidcalc
from aidcalc.cli import main
from aidcalc.explain.render import Statement
from aidcalc.explain.statement_html import context
from tests._browser import MM, missing_text, page_count, page_texts, print_pdf, render_pngs, words, words_outside

ROOT = Path(__file__).resolve().parent.parent
GZ = ROOT / "examples" / "guangzhou-2021-family.json"
#: the statement's @page margins are 12 mm left and right, 10 mm top and bottom: no word may reach into the
#: outer 11 mm at the sides, or (font boxes being taller than the ink) 6 mm at the top and bottom
MARGIN_MM, VERTICAL_MM = 11, 6


def statement(path: Path | dict[str, object], tmp: Path) -> tuple[str, aidcalc.Result]:
    """The html statement as ``aidcalc check --format html`` prints it, and its Result."""
    if isinstance(path, dict):
        file = tmp / "household.json"
        file.write_text(json.dumps(path, ensure_ascii=False), "utf-8")
        path = file
    got = CliRunner().invoke(main, ["check", str(path), "--format", "html"])
    assert got.exit_code == 0, got.output
    return got.output, aidcalc.calculate(aidcalc.load_household_file(path))


def expected_text(result: aidcalc.Result) -> list[str]:
    """Every piece of text the statement must show: headings, lines, sections, sources, rights, fingerprint."""
    ctx = context(Statement(result))
    out = [ctx["w"]["title"], ctx["total"], *(f"{k}{v}" for k, v in ctx["heading"]), *ctx["citations"],
           *ctx["warnings"], ctx["w"]["closing"], *(v for _, v in ctx["fingerprint"])]
    for b in ctx["benefits"]:
        out.append(f"{b['label']} · {b['status_word']} · {b['amount']}")
        for x in b["lines"]:
            out += [x["label"], x["working"], x["amount"]]
        for s in b["sections"]:
            # an ineligible benefit's reasons are printed small, under its heading, without a title
            out += [*([s["title"]] if b["status"] != "ineligible" else []), *s["entries"]]
    for m in ctx["members"]:
        out += [m["who"], *(f"{label} {amount}" for label, amount in m["amounts"])]
    out += ["《中华人民共和国行政复议法》", "《中华人民共和国行政诉讼法》", "申请人（签名）", "经办人（签名）", "民政部门盖章"]
    return out


def test_three_person_guangzhou_statement_prints_on_one_a4_page(tmp_path: Path) -> None:
    """The README's household (with names) prints on one A4 page with every text whole and inside the margins."""
    raw = json.loads(GZ.read_text("utf-8"))
    for m, name in zip(raw["members"], ("张建国", "李秀兰", "张小明"), strict=True):
        m["name"] = name
    html, result = statement(raw, tmp_path)
    pdf = print_pdf(html, tmp_path)
    assert page_count(pdf) == 1
    assert missing_text(pdf, expected_text(result)) == []
    assert words_outside(pdf, MARGIN_MM, VERTICAL_MM) == []
    found, sizes = words(pdf)
    assert all(abs(w - 595.28) < 1 and abs(h - 841.89) < 1 for w, h in sizes)  # A4
    # the chart is drawn (its labels are text of the page) and within the 低保 section's width
    chart = [w for w in found if w.text.startswith("低保停止")]
    assert chart and all(w.x_max < sizes[0][0] - 12 * MM + 1 for w in chart)
    assert render_pngs(pdf, tmp_path)  # pages as PNG, to look at when this fails


def _heading_lines(result: aidcalc.Result) -> list[str]:
    ctx = context(Statement(result))
    heads = [b["label"] for b in ctx["benefits"]]
    heads += [s["title"] for b in ctx["benefits"] for s in b["sections"] if b["status"] != "ineligible"]
    return heads + [ctx["w"]["basis"], ctx["w"]["warnings"], "权利告知与联系方式"]


def test_a_long_statement_breaks_pages_without_orphaned_headings(tmp_path: Path) -> None:
    """A statement longer than a page: every page but the last ends in body text, never in a heading, and no
    text is cut at a page edge."""
    html, result = statement(ROOT / "examples" / "ordos-2022-orphan.json", tmp_path)
    pdf = print_pdf(html, tmp_path)
    pages = page_texts(pdf)
    assert page_count(pdf) == len(pages) == 2  # 11 sources, three children's reasons and the seed-document warnings
    heads = _heading_lines(result)
    for page in pages[:-1]:
        last = [line.strip() for line in page.splitlines() if line.strip()][-1]
        assert not any(last.startswith(h) for h in heads), last
    assert missing_text(pdf, expected_text(result)) == []
    assert words_outside(pdf, MARGIN_MM, VERTICAL_MM) == []
    # a benefit's section never starts on one page and ends on the next: each heading's page holds its amount
    for b in result.benefits:
        on = [k for k, p in enumerate(pages) if re.sub(r"\s+", "", b.label) in re.sub(r"\s+", "", p)]
        assert on, b.label
