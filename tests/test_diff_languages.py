"""One language per diff: ``aidcalc diff --lang zh`` writes its summary, its HTML, xlsx and JSON reports, each
household's cause and its own lines in 中文 with no English word, and ``--lang en`` in English with no Chinese
character — outside ids, codes, names and quotes.

Allowed in either language: household and member ids, codes (benefits, flags, lines, parameters, divisions,
categories), the standards directories and digests the sides name, the program's name and its options, and the
titles and articles of notices (quotes of the data: the fixtures' fictional notices say "FICTIONAL" in them).
Allowed in English only: the names of divisions (in 中文 where the division table has no English one), and the
文号 of notices. Everything else must be in the report's language: the words come from the message catalogue
(``report.*``, the labels of benefits, lines and parameters, the values of standards), never from code.

Two diffs cover every text: 测试市's fictional raise over 300 synthetic households and one that cannot be read
(gainers, losers, undetermined households, ages, 分类施保 shares, derived standards, a value not in force, an
input problem), and 济南's caseload under the bundled tables against a fictional draft (standards, not dates,
as the sides).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import openpyxl
import pytest
from _helpers import shown_fields
from click.testing import CliRunner

from aidcalc.cli import main
from aidcalc.explain.lines import LINE_CODES
from aidcalc.messages import CATALOGUE
from aidcalc.reports._diff_columns import CATEGORIES, FLAGS
from aidcalc.standards.catalogue import CATALOGUE as PARAMETERS
from aidcalc.standards.library import Library
from aidcalc.testing.synthetic import synthetic_households
from aidcalc.vocab import BENEFITS

HERE = Path(__file__).parent
TESTCITY = HERE / "fixtures" / "standards"
TESTCITY_RAISE = HERE / "fixtures" / "diff" / "testcity-raise"
JINAN = HERE / "fixtures" / "diff" / "jinan-370102.jsonl"
DRAFT_LOWER = HERE / "fixtures" / "diff" / "draft-lower"
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
BAD = {"zh": LATIN_WORD, "en": CJK}
#: the keys of the JSON reports whose strings people read
SHOWN = frozenset({"label", "text", "message", "division_name", "name", "cause", "change", "notices",
                   "status_label", "default"})
#: the program and its options
PROGRAM = ("aidcalc", "--fail-on-loss", "--fail-on-undetermined")
#: the codes of a flag's change in the JSON report
FLAG_CHANGES = ("entering", "leaving")


def run(*args: object, code: int | None = None) -> tuple[str, str]:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert code is None or result.exit_code == code, result.output + repr(result.exception)
    return result.stdout, result.stderr


def page_text(page: str) -> list[str]:
    """The words of an HTML page, one text node a line (no style sheet, no tags, attributes left out)."""
    import html

    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return [html.unescape(t) for t in re.split(r"<[^>]+>", page) if t.strip()]


def workbook_text(path: Path) -> list[str]:
    """Every sheet's name and every text cell of an xlsx report, as openpyxl reads them."""
    book = openpyxl.load_workbook(path, read_only=True)
    out = list(book.sheetnames)
    for sheet in book.worksheets:
        out += [v for row in sheet.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    book.close()
    return out


def allowed(reports: Path, libraries: list[Library], lang: str) -> list[str]:
    """The strings either script may hold (longest first, so that none is cut)."""
    report = json.loads((reports / "r.json").read_text("utf-8"))
    out = {*BENEFITS, *FLAGS, *LINE_CODES, *PARAMETERS, *CATEGORIES, *PROGRAM, *FLAG_CHANGES}
    for side in (report["summary"]["from"], report["summary"]["to"]):
        out |= {side["standards_digest"], *side["standards"]}
    out |= {p["household"] for p in report["problems"]}
    for h in report["households"]:
        out.add(h["id"])
        out |= {x["member"] for x in [*h["cause"]["lines"], *h["cause"]["ages"]] if x["member"]}
    for change in report["changed_standards"]:
        for side in (change["old"], change["new"]):
            out |= {side.get("title") or "", side.get("article") or ""}
            if lang == "en":
                out.add(side.get("document_number") or "")
    if lang == "en":
        for lib in libraries:
            for code in lib.known_divisions():
                out |= {lib.division_name(code, "zh"), lib.division_name(code, "en")}
    return sorted(out - {""}, key=len, reverse=True)


def offending(texts: list[str], keep: list[str], lang: str) -> list[str]:
    """The lines of ``texts`` with a word in the other script once the allowed strings are taken out."""
    found = []
    for text in texts:
        for line in text.splitlines():
            rest = line
            for s in keep:
                rest = rest.replace(s, " ")
            if BAD[lang].search(rest):
                found.append(line.strip())
    return found


def everything(tmp_path: Path, lang: str, args: list[object]) -> list[str]:
    """Every text ``aidcalc diff`` writes for ``args`` in ``lang``: the summary listing losers and undetermined
    households, its lines on standard error, the JSON summary with their causes, and the three reports.

    Left out: the input problems (the lines ``aidcalc: row N …`` on standard error and the JSON report's
    ``problems``), which are the records of batch's errors file, in English in both languages."""
    reports = tmp_path / lang
    reports.mkdir()
    outputs = [a for name in ("r.html", "r.xlsx", "r.json") for a in ("-o", reports / name)]
    stdout, stderr = run("diff", *args, "--lang", lang, "--fail-on-loss", "--fail-on-undetermined", *outputs)
    listed, _ = run("diff", *args, "--lang", lang, "--fail-on-loss", "--fail-on-undetermined", "--format", "json")
    texts = [stdout, *(line for line in stderr.splitlines() if not line.startswith("aidcalc: row ")),
             *shown_fields(json.loads(listed), SHOWN)]
    report = json.loads((reports / "r.json").read_text("utf-8"))
    assert {p["table"] for p in report.pop("problems")} <= {"households", "members"}
    texts += shown_fields(report, SHOWN)
    texts += page_text((reports / "r.html").read_text("utf-8"))
    texts += workbook_text(reports / "r.xlsx")
    return texts


@pytest.fixture(scope="module")
def testcity_caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 synthetic households of 测试市 and one whose area cannot be read."""
    path = tmp_path_factory.mktemp("testcity") / "c.jsonl"
    households = synthetic_households(300, division="990100", on="2021-08-01", seed=5, scale_fen=70000)
    bad = {"id": "BAD-1", "division": "990100", "area": "suburb", "members": [{"id": "p1", "birth_date": "1980-01-01"}]}
    path.write_text("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in [*households, bad]), "utf-8")
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_diff_between_two_dates_is_in_one_language(tmp_path: Path, testcity_caseload: Path, lang: str) -> None:
    """测试市 across its raise: the summary, the lists, the reports and every cause in ``lang`` only."""
    args: list[object] = [testcity_caseload, "--standards", TESTCITY, "--standards", TESTCITY_RAISE,
                          "--from", "2021-07-02", "--to", "2021-08-01"]
    texts = everything(tmp_path, lang, args)
    library = Library.load([TESTCITY, TESTCITY_RAISE])
    assert offending(texts, allowed(tmp_path / lang, [library], lang), lang) == []
    joined = "\n".join(texts)
    if lang == "zh":  # the texts the check read are the diff's: its losers, ages, derived values and notices
        assert "减少的家庭（3）" in joined and " 年龄 " in joined and "［1.3 × 城市低保标准 770.00 = 1,001.00］" in joined
        assert "990100 测试市 2021-07-15 《测试市提高社会救助标准的通知（测试用，虚构 FICTIONAL）》" in joined
    else:
        assert "households receiving less (3)" in joined and " age " in joined
        assert " (1.3 × urban dibao standard 770.00 = 1,001.00)" in joined
        assert "990100 Test city, in force from 2021-07-15: “测试市提高社会救助标准的通知（测试用，虚构 FICTIONAL）”" in joined


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_diff_between_two_sets_of_standards_is_in_one_language(tmp_path: Path, lang: str) -> None:
    """济南 under the bundled tables against a fictional draft: the sides are named in ``lang`` too."""
    texts = everything(tmp_path, lang, [JINAN, "--to-standards", DRAFT_LOWER, "--on", "2022-06-01"])
    library = Library.load([DRAFT_LOWER])
    assert offending(texts, allowed(tmp_path / lang, [library, Library.load()], lang), lang) == []
    heading = {"zh": f"救助标准调整影响测算：A = 内置标准 → B = 标准 {DRAFT_LOWER}",
               "en": f"aidcalc diff: A = bundled standards → B = standards {DRAFT_LOWER}"}[lang]
    assert heading in texts[0].splitlines()


def test_the_check_finds_the_other_script(tmp_path: Path) -> None:
    """The check itself: an English word in a Chinese report and a Chinese word in an English one are found; ids,
    codes and titles are not."""
    texts = everything(tmp_path, "zh", [JINAN, "--to-standards", DRAFT_LOWER, "--on", "2022-06-01"])
    keep = allowed(tmp_path / "zh", [], "zh")
    assert offending(texts, keep, "zh") == []
    assert offending(["JN-U1 dibao.standard.urban 城市低保标准 904.00 元/月"], keep, "zh") == []
    assert offending(["城市低保标准 995.00 元/月 → 990.00 元/月 (none in force)"], keep, "zh") != []
    assert offending(["urban dibao standard 城市"], keep, "en") != []


def test_every_word_of_the_diff_is_in_the_catalogue_in_both_languages() -> None:
    """The diff's words are catalogue entries (``report.*``, ``value.*``) with a 中文 and an English text."""
    import aidcalc.reports.diff_xlsx  # noqa: F401 - registers the sheet names

    keys = [k for k in CATALOGUE if k.startswith(("report.", "value."))]
    assert len(keys) > 140
    assert [k for k in keys if LATIN_WORD.search(re.sub(r"\{[^{}]*\}", " ", CATALOGUE[k].zh))] == []
    assert [k for k in keys if CJK.search(CATALOGUE[k].en)] == []
