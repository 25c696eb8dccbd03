"""The diff's HTML report in a real browser (headless Chromium), in 中文 and in English: no chart label is clipped, at
screen width or at the width of a printed A4 page, the page prints, and it shows the undetermined households apart.

The report itself holds no script; the test measures a copy of it with a small script added, whose findings
Chromium's ``--dump-dom`` prints. Chromium is found on the PATH (``chromium``, ``chromium-browser``,
``google-chrome``); the CI installs it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from aidcalc.caseload import open_input
from aidcalc.reports.diff import Side, diff_caseload
from aidcalc.reports.diff_html import html_report
from aidcalc.standards.library import Library
from aidcalc.testing.synthetic import synthetic_households

HERE = Path(__file__).parent
TESTCITY = HERE / "fixtures" / "standards"
TESTCITY_RAISE = HERE / "fixtures" / "diff" / "testcity-raise"

#: every SVG text's box against its SVG's box and the page's width, in CSS pixels, written into the page
MEASURE = """
<script>
window.addEventListener('load', () => {
  const page = document.documentElement.clientWidth;
  const found = {svgs: 0, texts: 0, clipped: [], wider: []};
  for (const svg of document.querySelectorAll('svg')) {
    found.svgs += 1;
    const box = svg.getBoundingClientRect();
    if (box.right > page + 0.5) found.wider.push([svg.getAttribute('aria-label'), box.right, page]);
    for (const t of svg.querySelectorAll('text')) {
      found.texts += 1;
      const r = t.getBoundingClientRect();
      if (r.left < box.left - 0.5 || r.right > box.right + 0.5 || r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5)
        found.clipped.push([t.textContent, r.left - box.left, box.right - r.right, r.top - box.top, box.bottom - r.bottom]);
    }
  }
  const out = document.createElement('pre');
  out.id = 'measured';
  out.textContent = JSON.stringify(found);
  document.body.appendChild(out);
});
</script>
"""


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    raise AssertionError("headless Chromium is needed for this test (apt-get install chromium; .ci/run installs it)")


def run_chromium(*args: str, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
                          capture_output=True, text=True, timeout=timeout, check=True)


@pytest.fixture(scope="module", params=["zh", "en"])
def report(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    """The diff report of 1,500 synthetic households of 测试市 across its fictional raise: gainers, losers and
    undetermined households; in each language."""
    lang: str = request.param
    out = tmp_path_factory.mktemp(f"browser-{lang}")
    households = synthetic_households(1500, division="990100", on="2021-08-01", seed=5, scale_fen=70000)
    caseload = out / "c.jsonl"
    caseload.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in households), "utf-8")
    lib = Library.load([TESTCITY, TESTCITY_RAISE], use_env=False)
    diff = diff_caseload(open_input(caseload), Side("2021-07-02", lib, dt.date(2021, 7, 2)),
                         Side("2021-08-01", lib, dt.date(2021, 8, 1)))
    assert diff.summary.losers > 0 and diff.summary.undetermined > 0
    path = out / "diff.html"
    path.write_text(html_report(diff, lang), "utf-8")
    (out / "undetermined.txt").write_text(str(diff.summary.undetermined), "utf-8")
    return path


def measured(report: Path, width: int) -> dict[str, Any]:
    page = report.with_name(f"measured-{width}.html")
    page.write_text(report.read_text("utf-8").replace("</body>", MEASURE + "</body>"), "utf-8")
    dom = run_chromium(f"--window-size={width},1000", "--virtual-time-budget=5000", "--dump-dom", page.as_uri()).stdout
    found = re.search(r'<pre id="measured">(.*?)</pre>', dom, re.S)
    assert found is not None, dom[-2000:]
    data: dict[str, Any] = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    return data


@pytest.mark.parametrize("width", [1280, 700])
def test_no_chart_label_is_clipped_on_screen_or_on_a_printed_page(report: Path, width: int) -> None:
    """At a screen's width and at an A4 page's (about 700 CSS px inside its margins), every SVG text lies inside
    its chart and no chart is wider than the page."""
    found = measured(report, width)
    assert found["svgs"] == 4 and found["texts"] > 60
    assert found["clipped"] == []
    assert found["wider"] == []


# printing takes about 20 s: the 中文 page only (the English page's words are checked by test_diff_languages.py)
@pytest.mark.parametrize("report", ["zh"], indirect=True)
def test_the_report_prints_and_shows_the_undetermined_households(report: Path) -> None:
    """Printed to PDF the report has pages; its text names the undetermined households with their count."""
    pdf = report.with_name("diff.pdf")
    run_chromium(f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report.as_uri())
    assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 10_000
    png = report.with_name("diff.png")
    run_chromium("--window-size=1280,2200", f"--screenshot={png}", report.as_uri())
    assert png.stat().st_size > 10_000
    pdftotext = shutil.which("pdftotext")
    assert pdftotext, "pdftotext is needed for this test (apt-get install poppler-utils)"
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    count = int(report.with_name("undetermined.txt").read_text("utf-8"))
    assert f"待定的家庭（{count:,}）" in text
    assert text.count("\f") > 1  # pages
