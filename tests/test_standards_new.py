"""`aidcalc standards new`: a new notice file from the one in force (carried over, for review) or a template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import aidcalc
from aidcalc.cli import main
from aidcalc.standards.lint import lint

HERE = Path(__file__).parent
FAMILY = {
    "id": "JN-1", "division": "370102", "area": "urban", "on": "2025-02-01",
    "members": [{"id": "p1", "relation": "self", "birth_date": "1970-01-01", "incomes": {"wage": "500.00"}}],
}


def new(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["standards", "new", *args])
    return result.exit_code, result.stderr


def test_from_the_notice_in_force_every_value_is_carried_over_for_review(tmp_path: Path) -> None:
    """The values in force are copied, each carried-over with its source; lint refuses the file until reviewed."""
    into = tmp_path / "std"
    code, err = new("370100", "--effective", "2025-01-01", "--into", str(into))
    assert code == 0, err
    path = into / "370100-jinan" / "2025-01-01.toml"
    assert err.startswith(f"wrote {path}: 14 values carried over from 3 notice(s)")
    text = path.read_text("utf-8")
    assert ('urban = { amount = "1114", ref = "城市低保标准由每人每月1045元提高到1114元", status = "carried-over", '
            'note = "沿用 standards/370100-jinan/2024-01-01-jiuzhu-baozhang-biaozhun-2024.toml（原状态：公布），'
            '待与新文件核对", note_en = "carried over from '
            'standards/370100-jinan/2024-01-01-jiuzhu-baozhang-biaozhun-2024.toml (status there: published); '
            'confirm against the new notice" }') in text
    report = lint([into])
    assert [str(p) for p in report.warnings if p.kind == "language"] == []  # the notes name files: codes
    unfinished = [str(p) for p in report.problems if p.kind == "unfinished"]
    assert len(unfinished) == 3 + 14  # title, 文号, source; every value
    assert unfinished[0] == (f"{path.relative_to(tmp_path)}: notice.title is still the placeholder "
                             "'待填写：通知标题（如《关于提高城乡低保标准的通知》）'; fill it in")

    # carried-over values are used (with a warning) until reviewed: a draft can be diffed and tried
    result = aidcalc.calculate(FAMILY, standards=[into])
    assert result.benefit("dibao").amount == aidcalc.calculate(FAMILY).benefit("dibao").amount
    assert result.warnings[0] == (
        "城市低保标准 1,114.00（济南市）：沿用上期文件，待核。沿用 "
        "standards/370100-jinan/2024-01-01-jiuzhu-baozhang-biaozhun-2024.toml（原状态：公布），待与新文件核对")
    english = aidcalc.calculate(FAMILY, standards=[into], lang="en")
    assert english.warnings[0] == (
        "urban dibao standard 1,114.00 (Jinan): carried over from the previous notice, not yet checked. carried over "
        "from standards/370100-jinan/2024-01-01-jiuzhu-baozhang-biaozhun-2024.toml (status there: published); "
        "confirm against the new notice")

    # the official fills in: new figure for the urban standard, the rest confirmed unchanged, notice fields
    filled = text.replace('amount = "1114", ref = "城市低保标准由每人每月1045元提高到1114元"',
                          'amount = "1180", ref = "一、城市低保标准提高到每人每月1180元"')
    filled = re.sub(r', note = "沿用[^"]*", note_en = "carried over[^"]*"', "", filled)
    filled = filled.replace('"carried-over"', '"published"')
    filled = (filled.replace("待填写：通知标题（如《关于提高城乡低保标准的通知》）", "关于提高2025年社会救助标准的通知")
              .replace("待填写：文号（如 X民发〔2025〕N号）", "测试〔2025〕1号")
              .replace("待填写：通知原文的网址或档案号", "档案 2025-1"))
    path.write_text(filled, "utf-8")
    assert [str(p) for p in lint([into]).problems] == []
    result = aidcalc.calculate(FAMILY, standards=[into])
    assert str(result.benefit("dibao").amount) == "680.00"  # 1,180.00 − 500.00


def test_refuses_to_overwrite(tmp_path: Path) -> None:
    """An existing file is never replaced."""
    into = tmp_path / "std"
    assert new("370100", "--effective", "2025-01-01", "--into", str(into))[0] == 0
    before = (into / "370100-jinan" / "2025-01-01.toml").read_bytes()
    code, err = new("370100", "--effective", "2025-01-01", "--into", str(into), "--template")
    assert code == 2
    assert err == (f"aidcalc: {into}/370100-jinan/2025-01-01.toml exists; aidcalc standards new never overwrites a "
                   "file (choose another --into, or move it)\n")
    assert (into / "370100-jinan" / "2025-01-01.toml").read_bytes() == before


def test_a_division_without_notices_gets_the_template_of_every_parameter(tmp_path: Path) -> None:
    """Every catalogue parameter is listed, commented; uncommented and filled in, the file passes lint."""
    from aidcalc.standards.catalogue import CATALOGUE

    into = tmp_path / "std"
    code, err = new("330106", "--effective", "2025-01-01", "--into", str(into))
    assert code == 0, err
    [path] = (into).glob("330106-*/2025-01-01.toml")
    text = path.read_text("utf-8")
    for name in CATALOGUE:
        table, _, key = name.rpartition(".")
        assert f"# [{table}]" in text and f"# {key} = " in text, name
    # fill in: the notice fields, and uncomment the 低保 standards with their figures
    text = (text.replace("待填写：通知标题（如《关于提高城乡低保标准的通知》）", "关于调整城乡低保标准的通知")
            .replace("待填写：文号（如 X民发〔2025〕N号）", "西民〔2025〕1号").replace("待填写：发文机关", "西湖区民政局")
            .replace("待填写：通知原文的网址或档案号", "档案 2025-2"))
    lines = text.splitlines()
    out = []
    for line in lines:
        if line == "# [dibao.standard]" or "# 城市低保标准 — " in line or "# 农村低保标准 — " in line:
            line = line[2:].replace('amount = ""', 'amount = "1300"').replace('ref = ""', 'ref = "一"')
        out.append(line)
    path.write_text("\n".join(out), "utf-8")
    report = lint([into])
    assert [str(p) for p in report.problems if p.kind in ("schema", "unfinished", "divisions")] == []
    lib = aidcalc.Library.load([into], use_env=False)
    assert lib.division_name("330106") == "西湖区"
    import datetime as dt
    assert lib.resolve("330106", dt.date(2025, 2, 1), "dibao.standard.rural").money == 130000


def test_from_a_given_file(tmp_path: Path) -> None:
    """--from carries another notice file's values over, naming it in each note."""
    into = tmp_path / "std"
    source = HERE.parent / "standards" / "440100-guangzhou" / "2024-07-22-dibao-biaozhun-2024.toml"
    code, err = new("440199", "--effective", "2025-07-01", "--into", str(into), "--from", str(source))
    assert code == 2  # 440199 is no division until a divisions.toml adds it
    assert "division '440199': not a division aidcalc knows" in err
    into.mkdir()
    (into / "divisions.toml").write_text('[440199]\nname = "新区"\nparent = "440100"\n', "utf-8")
    code, err = new("440199", "--effective", "2025-07-01", "--into", str(into), "--from", str(source))
    assert code == 0, err
    [path] = into.glob("440199-*/2025-07-01.toml")
    text = path.read_text("utf-8")
    assert f"carried over from {source}" in text
    assert text.count('status = "carried-over", note = "沿用 ') == text.count(" = { ") == 8


@pytest.mark.parametrize("bad", ["44010", "４４０１００"])
def test_a_malformed_division_is_refused(bad: str) -> None:
    """A code that is not six ASCII digits is a usage error."""
    code, err = new(bad, "--effective", "2025-01-01")
    assert code == 2
    assert err == f"aidcalc: division must be a 6-digit GB/T 2260 code such as 440106; received {bad!r}\n"
