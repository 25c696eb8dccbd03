"""Notes of the standards files in both languages: ``note`` (中文, what a Chinese statement and
``aidcalc standards show`` print) and ``note_en`` (English); lint warns on a note in one language only."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from aidcalc.cli import main
from aidcalc.standards._prose import latin_prose
from aidcalc.standards.library import Library
from aidcalc.standards.lint import lint

FIXTURES = Path(__file__).parent / "fixtures" / "standards"
FIXTURE = FIXTURES / "990100-testcity" / "2021-01-01-fixture.toml"


def _notes(lib: Library) -> list[tuple[str, str, str | None, str | None]]:
    """(file, key, note, note_en) for the notice and every value of every loaded file."""
    out = []
    for f in lib.files:
        out.append((f.path, "notice.note", f.notice.note, f.notice.note_en))
        out += [(f.path, f"{name}.note", v.model.note, v.model.note_en) for name, v in f.values.items()]
    return out


def test_every_bundled_note_is_in_both_languages() -> None:
    """Each note of the bundled tables, of a notice or of a value, is given in 中文 and in English, and the
    中文 note has no English prose."""
    notes = [n for n in _notes(Library.load(use_env=False)) if n[2] or n[3]]
    assert [(path, key) for path, key, zh, en in notes if not (zh and en)] == []
    assert [(path, key, latin_prose(zh or "")) for path, key, zh, _ in notes if latin_prose(zh or "")] == []
    assert len(notes) > 250


def _figures(text: str) -> set[str]:
    """Amounts, years and other numbers of three digits or more, outside web addresses and research tags."""
    text = re.sub(r"https?://\S+|\[[A-Z]+-[0-9A-Za-z-]+\]", " ", text.replace("22 920", "22920"))
    return set(re.findall(r"\d{3,}", text))


def test_a_translated_note_keeps_its_figures() -> None:
    """The 中文 note keeps every amount, year and number of the English one (a date may be written 2026年1月1日)."""
    lost = [(path, key, sorted(_figures(en) - _figures(zh)))
            for path, key, zh, en in _notes(Library.load(use_env=False)) if zh and en and _figures(en) - _figures(zh)]
    assert lost == []


def _copy(tmp_path: Path, text: str) -> Path:
    out = tmp_path / "standards"
    (out / "990100-testcity").mkdir(parents=True)
    (out / "divisions.toml").write_text((FIXTURES / "divisions.toml").read_text("utf-8"), "utf-8")
    (out / "990100-testcity" / FIXTURE.name).write_text(text, "utf-8")
    return out


def _language_warnings(standards: Path) -> list[tuple[str, str]]:
    return [(p.parameter, p.message.split(": ", 1)[1]) for p in lint([standards]).warnings if p.kind == "language"]


def test_lint_warns_on_a_note_in_english_only(tmp_path: Path) -> None:
    """A notice note given only as ``note_en``: a Chinese statement would show none, so lint warns, naming the key."""
    src = FIXTURE.read_text("utf-8")
    text = src.replace("[notice]\n", '[notice]\nnote_en = "effective date from the report"\n', 1)
    assert text != src
    assert _language_warnings(_copy(tmp_path, text)) == [
        ("notice.note", "notice.note is given only in English (note_en): a Chinese statement shows no note; add the "
                        "note in 中文"),
    ]


def test_lint_warns_on_a_chinese_note_without_english_in_a_bilingual_file(tmp_path: Path) -> None:
    """In a file that gives English notes, a value whose note is in 中文 only is warned about; a file whose notes
    are all in 中文 only is not (the English statement says the note is in Chinese)."""
    src = FIXTURE.read_text("utf-8")
    one = src.replace('ref = "八", status = "derived", note = "测试用规则", note_en = "fixture rule" }',
                      'ref = "八", status = "derived", note = "测试用规则" }', 1)
    assert one != src
    assert _language_warnings(_copy(tmp_path / "a", one)) == [
        ("tekun.basic.urban.note", "tekun.basic.urban.note is given only in 中文, and this file gives English notes "
                                   "(note_en) elsewhere: add its note_en"),
    ]
    chinese_only = src.replace(', note_en = "fixture rule"', "")
    assert "note_en" not in chinese_only
    assert _language_warnings(_copy(tmp_path / "b", chinese_only)) == []
    assert _language_warnings(FIXTURES) == []


def _show(*args: str) -> str:
    result = CliRunner().invoke(main, ["standards", "show", *args], env={"AIDCALC_STANDARDS": "", "COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_show_prints_the_chinese_notes() -> None:
    """`standards show` prints a published value's 中文 note (鄂尔多斯 2022 care: an average) and, once per notice,
    each notice's 中文 note; the JSON gives the notice's note in both languages."""
    out = _show("150602", "--on", "2022-06-01")
    assert "公布的是平均标准，各旗区可能不同。" in out
    assert "通知说明 notes on the notices" in out
    assert "2022-01-01起执行（标准追溯至1月1日提高，并补发差额）。" in out
    assert out.count("废止民发〔2012〕220号。") == 1
    assert "banners may differ" not in out and "arrears paid" not in out

    import json
    data = json.loads(_show("150602", "--on", "2022-06-01", "--format", "json"))
    care = next(p for p in data["parameters"] if p["name"] == "tekun.care.none")
    assert (care["note"], care["note_en"]) == ("公布的是平均标准，各旗区可能不同。",
                                               "A 平均标准 (average) as published; banners may differ.")
    assert care["notice"]["note"].startswith("2022-01-01起执行")
    assert care["notice"]["note_en"].startswith("执行 2022-01-01 (the standards were raised back to 1 January")


def test_list_json_gives_each_notice_note_in_both_languages() -> None:
    """`standards list --format json` gives each notice's note in 中文 and in English."""
    import json
    result = CliRunner().invoke(main, ["standards", "list", "--format", "json"], env={"AIDCALC_STANDARDS": ""})
    assert result.exit_code == 0, result.output
    notices = [n for d in json.loads(result.stdout)["divisions"] for n in d["notices"]]
    national = next(n for n in notices if n["path"].endswith("2021-07-01-dibao-shenhe-queren.toml"))
    assert national["note"] == "废止民发〔2012〕220号。国家层面未规定低保标准金额、财产限额和就业成本扣减，均由地方规定。"
    assert national["note_en"].startswith("Repeals 民发〔2012〕220号.")
    assert [n["path"] for n in notices if bool(n["note"]) != bool(n["note_en"])] == []
