"""A standards directory cannot reach outside itself, loop, or crash a parser by nesting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aidcalc.cli import main
from aidcalc.errors import StandardFileError
from aidcalc.standards.library import Library

FIXTURE = Path(__file__).parent / "fixtures" / "standards"
NOTICE = "2021-01-01-fixture.toml"
HOUSEHOLD = {"id": "H1", "division": "990100", "area": "urban", "on": "2021-08-01",
             "members": [{"id": "p1", "birth_date": "1980-01-01"}]}
HEAD = '[notice]\ntitle = "t"\nissuer = "i"\neffective = 2022-01-01\nsource = "s"\n'


@pytest.fixture
def std(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("AIDCALC_CACHE_DIR", "")
    root = tmp_path / "std"
    shutil.copytree(FIXTURE, root)
    return root


def load(root: Path) -> Library:
    return Library.load([root], bundled=False, use_env=False)


def refused(root: Path) -> str:
    """The one-line message ``load``, ``check`` and ``lint`` all give (no traceback); ``load``'s text."""
    with pytest.raises(StandardFileError) as info:
        load(root)
    household = root.parent / "h.json"
    household.write_text(json.dumps(HOUSEHOLD), "utf-8")
    runner = CliRunner()
    check = runner.invoke(main, ["check", str(household), "--standards", str(root)])
    lint = runner.invoke(main, ["standards", "lint", str(root)])
    assert check.exit_code == 2 and f"aidcalc: {info.value}" in check.output, check.output
    assert lint.exit_code == 1 and str(info.value) in lint.output, lint.output
    for got in (check, lint):
        assert got.exception is None or isinstance(got.exception, SystemExit), got.exception
    return str(info.value)


def test_a_file_linked_from_outside_is_refused_naming_the_link(std: Path, tmp_path: Path) -> None:
    """A notice that is a symbolic link to a file outside the directory is not read: the link is named."""
    outside = tmp_path / "elsewhere" / NOTICE
    outside.parent.mkdir()
    link = std / "990100-testcity" / NOTICE
    shutil.move(link, outside)
    link.symlink_to(outside)
    assert refused(std) == (f"{link}: a symbolic link to {outside}, outside the directory {std.resolve()}; links "
                            "are followed only to files inside it")


def test_a_folder_linked_from_outside_is_refused(std: Path, tmp_path: Path) -> None:
    """A division folder that is a link to a folder elsewhere is refused the same way."""
    elsewhere = tmp_path / "elsewhere"
    shutil.move(std / "990100-testcity", elsewhere)
    (std / "990100-testcity").symlink_to(elsewhere, target_is_directory=True)
    assert refused(std).startswith(f"{std / '990100-testcity'}: a symbolic link to {elsewhere}, outside the directory")


def test_divisions_toml_linked_from_outside_is_refused(std: Path, tmp_path: Path) -> None:
    outside = tmp_path / "divisions.toml"
    shutil.move(std / "divisions.toml", outside)
    (std / "divisions.toml").symlink_to(outside)
    with pytest.raises(StandardFileError, match="outside the directory"):
        load(std)


def test_a_link_that_stays_inside_is_followed(std: Path) -> None:
    """A link to another place inside the directory is read like the file it leads to (here: a division folder
    kept under another name)."""
    expected = load(std).files
    (std / "990100-testcity").rename(std / "_shared")
    (std / "990100-testcity").symlink_to(std / "_shared", target_is_directory=True)
    assert load(std).files == expected


@pytest.mark.parametrize("kind", ["loop", "self", "nothing"])
def test_a_link_that_loops_or_leads_nowhere_is_a_clear_error(std: Path, kind: str) -> None:
    """A link loop (two links to each other, a link to itself) or a dangling link: one message, no OSError."""
    folder = std / "990100-testcity"
    if kind == "loop":
        (folder / "2030-01-01-a.toml").symlink_to(folder / "2030-01-01-b.toml")
        (folder / "2030-01-01-b.toml").symlink_to(folder / "2030-01-01-a.toml")
        expected = f"{folder / '2030-01-01-a.toml'}: a symbolic link that loops (it leads back to itself); not followed"
    elif kind == "self":
        (std / "990200-x").symlink_to(std / "990200-x")
        expected = f"{std / '990200-x'}: a symbolic link that loops (it leads back to itself); not followed"
    else:
        (folder / "2030-01-01-a.toml").symlink_to(folder / "gone.toml")
        expected = f"{folder / '2030-01-01-a.toml'}: a symbolic link to something that does not exist"
    assert refused(std) == expected


@pytest.mark.parametrize("body", [
    "x = " + "[" * 50_000 + "]" * 50_000,
    "x = " + "{ a = " * 5_000 + "1" + " }" * 5_000,
    ".".join(["a"] * 50_000) + " = 1",
    "[" + ".".join(["a"] * 50_000) + "]\nb = 1",
    '"a".' * 50_000 + "b = 1",
], ids=["arrays", "inline-tables", "dotted-key", "table-header", "quoted-dotted-key"])
def test_a_notice_nested_fifty_thousand_deep_is_a_clear_error(std: Path, body: str) -> None:
    """Arrays, inline tables, dotted keys or a table header nested 50,000 deep: lint and check both say so."""
    path = std / "990100-testcity" / "2022-01-01-deep.toml"
    path.write_text(HEAD + body + "\n", "utf-8")
    assert refused(std) == (f"{std.name}/990100-testcity/2022-01-01-deep.toml: arrays or tables nested more than 32 "
                            "deep; at most 32 allowed")


def test_a_notice_that_is_not_utf8_names_the_byte(std: Path) -> None:
    path = std / "990100-testcity" / "2022-01-01-latin.toml"
    path.write_bytes((HEAD + 'x = "é"\n').replace("title = \"t\"", "title = \"é\"").encode("latin-1"))
    assert refused(std) == (f"{std.name}/990100-testcity/2022-01-01-latin.toml: not UTF-8 text: byte 0xe9 on line 2 "
                            "(offset 18) is not UTF-8; the file must be saved as UTF-8")


def test_a_notice_with_a_byte_order_mark_loads(std: Path) -> None:
    """A notice saved with a UTF-8 byte-order mark reads as without one."""
    expected = load(std).files
    path = std / "990100-testcity" / NOTICE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    got = load(std).files
    assert [f.values for f in got] == [f.values for f in expected]


def test_a_deep_divisions_toml_is_a_clear_error(std: Path) -> None:
    (std / "divisions.toml").write_text("x = " + "[" * 50_000 + "]" * 50_000 + "\n", "utf-8")
    with pytest.raises(StandardFileError, match="nested more than 32 deep"):
        load(std)


def test_a_notice_that_cannot_be_read_is_a_clear_error(std: Path) -> None:
    """A folder named like a notice (it cannot be read as a file): a message naming it, not an OSError."""
    (std / "990100-testcity" / "2022-01-01-folder.toml").mkdir()
    assert refused(std) == f"{std.name}/990100-testcity/2022-01-01-folder.toml: cannot be read: Is a directory"
