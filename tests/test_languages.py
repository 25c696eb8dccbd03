"""One language per statement: every example and every case file, rendered in 中文 and in English, shows
no English word in the Chinese statement and no Chinese in the English one; and every entry of the message
catalogue is complete in both languages.

What is checked is everything people read: the JSON fields shown to people (labels, working, step values,
reasons, notes, warnings, the division's name, a derived standard's working) and the whole text statement
(headings, statuses, missing facts, citations, warnings, the closing sentence), plus the printable HTML
告知书 of every example. Allowed in either language: the household's and members' ids, the members'
names, numbers and the fingerprint. Allowed in English only: names of divisions, the titles, document
numbers and articles of notices (quotes), and the standards files' own English notes (``note_en``, which
may quote a notice or name its issuer). A Chinese statement gets no such allowance for citations: a notice's
title and article must be its own (Chinese) words.
"""

from __future__ import annotations

import html
import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from _helpers import shown_fields

import aidcalc
from aidcalc import Engine, Result
from aidcalc.explain.render import render
from aidcalc.household import load_household_file
from aidcalc.messages import CATALOGUE, LANGS
from aidcalc.standards.library import Library
from aidcalc.testing.cases import find_case_files, load_cases

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(p for p in [*(ROOT / "examples").glob("*.json"), *(ROOT / "examples").glob("*.toml")]
                  if not p.name.endswith(".expected.json"))
CASES = [c for f in find_case_files([ROOT / "tests" / "cases"]) for c in load_cases(f)]
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
CJK = re.compile(r"[\u3400-\u9fff]")
#: full-width punctuation (。，、（）《》：；…): Chinese typography, out of place in an English template
FULL_WIDTH = re.compile(r"[\u3000-\u303f\uff00-\uffef]")
BAD = {"zh": LATIN_WORD, "en": CJK}
#: fields of a result's JSON that people read (codes, statuses, ids and amounts are not words)
SHOWN = frozenset({"label", "working", "value", "text", "notes", "warnings", "division_name"})


def _households() -> list[tuple[str, dict[str, Any], tuple[Path, ...], Any, bool]]:
    out = [(p.stem, dict(load_household_file(p).model_dump(mode="json", exclude_none=True)), (), None, True)
           for p in EXAMPLES]
    out += [(c.name, dict(c.household), tuple(c.standards), c.on, False) for c in CASES]
    return out


HOUSEHOLDS = _households()
ENGINES: dict[tuple[Path, ...], Engine] = {}


def engine_for(standards: tuple[Path, ...]) -> Engine:
    got = ENGINES.get(standards)
    if got is None:
        got = ENGINES[standards] = Engine(list(standards) or None)
    return got


def page_text(page: str) -> str:
    """The words of an HTML page (no style sheet, no tags)."""
    page = re.sub(r"<style>.*?</style>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def english_notes(library: Library) -> set[str]:
    """The standards files' English notes: data written in English, which may name a notice or its issuer."""
    out: set[str] = set()
    for f in library.files:
        out.add(f.notice.note_en or "")
        out |= {v.model.note_en or "" for v in f.values.values()}
    return out - {""}


def allowed(r: Result, library: Library, lang: str) -> list[str]:
    """The strings that may be in either script: ids, names, the fingerprint; in English also quotes and
    names of divisions and notices, and the data's English notes. Longest first, so that none is cut."""
    out = {r.household_id, *r.fingerprint.values()}
    for m in r.members:
        out.add(str(m["id"]))
        out.add(r.member_name(str(m["id"])))
    if lang == "en":
        for b in r.benefits:
            for x in [*b.lines, *b.steps, *b.reasons]:
                for c in x.citations:
                    out |= {c.title, c.document_number or "", c.article, c.division_name}
        for code in library.chain(r.division):
            out |= {library.division_name(code, "zh"), library.division_name(code, "en")}
        out |= english_notes(library)
    return sorted(out - {""}, key=len, reverse=True)


def offending(texts: list[str], r: Result, library: Library, lang: str) -> list[str]:
    """The lines of ``texts`` with a word in the other script once the allowed strings are taken out."""
    keep = allowed(r, library, lang)
    found = []
    for text in texts:
        for line in text.splitlines():
            rest = line
            for s in keep:
                rest = rest.replace(s, " ")
            if BAD[lang].search(rest):
                found.append(line.strip())
    return found


@pytest.mark.parametrize(("name", "household", "standards", "on", "example"), HOUSEHOLDS,
                         ids=[h[0] for h in HOUSEHOLDS])
def test_each_statement_is_in_one_language(name: str, household: dict[str, Any], standards: tuple[Path, ...],
                                           on: Any, example: bool) -> None:
    """No English word in a zh statement, no Chinese in an en statement (outside names, titles and quotes):
    the JSON fields people read, the text statement and, for the examples, the printable 告知书; and no
    literal backtick or "live(s)" in an English one."""
    engine = engine_for(standards)
    for lang in LANGS:
        r = engine.calculate(household, on=on, lang=lang)
        assert r.lang == lang
        texts = [*shown_fields(r.to_dict(), SHOWN), render(r, "text", width=5000)]
        if example:
            texts.append(page_text(render(r, "html")))
        found = offending(texts, r, engine.library, lang)
        assert found == [], (lang, found)
        if lang == "en":  # no Markdown left in the words, no "live(s)"-style alternatives
            assert not [t for t in texts if "`" in t or re.search(r"\w\(s\)", t)]


def test_the_check_finds_the_other_script() -> None:
    """The check itself: an English annotation in a Chinese statement's citation, and Chinese in an English
    statement's own words, are found; ids, names and quotes are not."""
    _, household, standards, on, _ = HOUSEHOLDS[0]
    engine = engine_for(standards)
    zh = engine.calculate(household, on=on, lang="zh")
    en = engine.calculate(household, on=on, lang="en")
    assert offending(["《某通知》 第一条 (one amount for all grades)"], zh, engine.library, "zh") != []
    assert offending(["no member holds 残疾证"], en, engine.library, "en") != []
    assert offending([f"{zh.household_id} {zh.fingerprint['standards']}"], zh, engine.library, "zh") == []
    citation = next(c for b in en.benefits for x in [*b.lines, *b.steps, *b.reasons] for c in x.citations)
    assert offending([f"see 《{citation.title}》 {citation.article}"], en, engine.library, "en") == []


def test_every_message_is_complete_in_both_languages() -> None:
    """Every catalogue entry has a 中文 and an English text; the 中文 has no English word and the English no
    Chinese character nor full-width punctuation (placeholders aside)."""
    for module in pkgutil.walk_packages(aidcalc.__path__, "aidcalc."):  # every module registers its messages
        importlib.import_module(module.name)
    placeholder = re.compile(r"\{[^{}]*\}")
    incomplete = [key for key, m in CATALOGUE.items() if not m.zh.strip() or not m.en.strip()]
    english = [(key, m.zh) for key, m in CATALOGUE.items() if LATIN_WORD.search(placeholder.sub(" ", m.zh))]
    chinese = [(key, m.en) for key, m in CATALOGUE.items()
               if CJK.search(placeholder.sub(" ", m.en)) or FULL_WIDTH.search(placeholder.sub(" ", m.en))]
    assert (incomplete, english, chinese) == ([], [], [])
    assert len(CATALOGUE) > 100


FIXTURES = ROOT / "tests" / "fixtures" / "standards"
ELDER = {"id": "L-1", "division": "990100", "area": "urban", "on": "2021-08-01",
         "members": [{"id": "p1", "relation": "self", "birth_date": "1940-01-01", "self_care": "full",
                      "supporter": "none"}]}


def _standards_with(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the test city's fixture standards with one text replaced."""
    out = tmp_path / "standards"
    (out / "990100-testcity").mkdir(parents=True)
    (out / "divisions.toml").write_text((FIXTURES / "divisions.toml").read_text("utf-8"), "utf-8")
    src = (FIXTURES / "990100-testcity" / "2021-01-01-fixture.toml").read_text("utf-8")
    assert old in src
    (out / "990100-testcity" / "2021-01-01-fixture.toml").write_text(src.replace(old, new), "utf-8")
    return out


def test_each_statement_shows_the_note_in_its_language() -> None:
    """A standard that is not published is warned about with its note in the statement's language (``note``
    in 中文, ``note_en`` in English), and a derived standard is worked out in that language."""
    engine = engine_for((FIXTURES,))
    zh = engine.calculate(ELDER, lang="zh")
    en = engine.calculate(ELDER, lang="en")
    assert "城市特困人员基本生活标准 910.00（测试市）：推算。测试用规则" in zh.warnings
    assert "urban tekun basic living standard 910.00 (Test city): derived from a published rule. fixture rule" \
        in en.warnings
    works = {c.working for b in en.benefits for x in [*b.lines, *b.steps] for c in x.citations if c.working}
    assert "1.3 × urban dibao standard 700.00 = 910.00" in works
    assert "1.3 × 城市低保标准 700.00 = 910.00" in {
        c.working for b in zh.benefits for x in [*b.lines, *b.steps] for c in x.citations if c.working}


def test_a_note_in_chinese_only_is_not_shown_in_english(tmp_path: Path) -> None:
    """A standards file that gives its note in 中文 only: the English statement says so instead of showing
    Chinese."""
    standards = _standards_with(tmp_path, 'note = "测试用规则", note_en = "fixture rule" }', 'note = "测试用规则" }')
    en = Engine([standards]).calculate(ELDER, lang="en")
    assert "urban tekun basic living standard 910.00 (Test city): derived from a published rule. (The standards " \
           "file gives this note in Chinese only.)" in en.warnings
    assert not [w for w in en.warnings if CJK.search(w)]


def test_lint_warns_on_english_in_the_chinese_fields(tmp_path: Path) -> None:
    """`aidcalc standards lint` warns when a ref, title, issuer or note holds English prose (codes and web
    addresses aside), naming the file and the key."""
    from aidcalc.standards.lint import lint

    standards = _standards_with(tmp_path, 'care.full = { amount = "100", ref = "九"',
                                'care.full = { amount = "100", ref = "九 (one amount for all grades)"')
    report = lint([standards])
    found = [p for p in report.warnings if p.kind == "language"]
    assert [(p.parameter, Path(p.path).name) for p in found] == [("tekun.care.full.ref", "2021-01-01-fixture.toml")]
    assert "'one'" in found[0].message and "note_en" in found[0].message
    assert [p for p in lint([FIXTURES]).warnings if p.kind == "language"] == []
