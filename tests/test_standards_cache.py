"""The cache of parsed notices: used only for the very files cached, never hiding a change or an error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from aidcalc.errors import StandardFileError
from aidcalc.standards import cache as cache_module
from aidcalc.standards import library
from aidcalc.standards.cache import CACHE_ENV
from aidcalc.standards.library import Library, bundled_dir

HERE = Path(__file__).parent
STANDARDS = HERE / "fixtures" / "standards"


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from their TOML (not taken from the cache), in order."""
    seen: list[str] = []
    real = library.parse_notice_file

    def spy(path: Path, *, root: Path | None = None) -> object:
        seen.append(path.name)
        return real(path, root=root)

    monkeypatch.setattr(library, "parse_notice_file", spy)
    return seen


def _standards(tmp_path: Path) -> Path:
    root = tmp_path / "standards"
    shutil.copytree(STANDARDS, root)
    return root


def test_a_second_load_takes_every_file_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       parses: list[str]) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    first = Library.load(bundled=False, use_env=False, extra=[_standards(tmp_path)])
    parsed_first = len(parses)
    second = Library.load(bundled=False, use_env=False, extra=[tmp_path / "standards"])
    assert parsed_first == len(first.files) > 0
    assert len(parses) == parsed_first  # nothing parsed the second time
    assert second.files == first.files
    assert len(list((tmp_path / "cache" / "standards").glob("*.pickle"))) == 1


def test_the_bundled_standards_from_the_cache_equal_the_parsed_ones(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, "")
    parsed = Library.load(use_env=False).files
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    Library.load(use_env=False)
    assert Library.load(use_env=False).files == parsed
    assert len(parsed) == len(list(library.iter_notice_paths(bundled_dir())))


def test_a_changed_file_is_parsed_again_and_the_others_come_from_the_cache(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parses: list[str]) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    root = _standards(tmp_path)
    before = Library.load(bundled=False, use_env=False, extra=[root])
    changed = next(p for p in library.iter_notice_paths(root) if 'title = "' in p.read_text("utf-8"))
    text = changed.read_text("utf-8")
    changed.write_text(text.replace('title = "', 'title = "（修订）', 1), "utf-8")
    parses.clear()
    after = Library.load(bundled=False, use_env=False, extra=[root])
    assert parses == [changed.name]
    [old] = [f for f in before.files if f.path.endswith(changed.name)]
    [new] = [f for f in after.files if f.path.endswith(changed.name)]
    assert new.notice.title == "（修订）" + old.notice.title
    assert new.digest != old.digest


def test_a_broken_file_raises_though_its_earlier_content_is_cached(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    root = _standards(tmp_path)
    Library.load(bundled=False, use_env=False, extra=[root])
    broken = next(iter(library.iter_notice_paths(root)))
    broken.write_text(broken.read_text("utf-8") + "\n[[[ not toml\n", "utf-8")
    with pytest.raises(StandardFileError, match="not valid TOML"):
        Library.load(bundled=False, use_env=False, extra=[root])


def test_other_code_does_not_use_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           parses: list[str]) -> None:
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    root = _standards(tmp_path)
    Library.load(bundled=False, use_env=False, extra=[root])
    parses.clear()
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version of aidcalc")
    Library.load(bundled=False, use_env=False, extra=[root])
    assert len(parses) == len(list(library.iter_notice_paths(root)))


@pytest.mark.parametrize("where", ["off", "not a directory"])
def test_without_a_usable_cache_the_files_are_parsed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     parses: list[str], where: str) -> None:
    if where == "off":
        monkeypatch.setenv(CACHE_ENV, "")
    else:
        (tmp_path / "cache").write_text("a file where the cache directory would be", "utf-8")
        monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    root = _standards(tmp_path)
    for _ in range(2):
        Library.load(bundled=False, use_env=False, extra=[root])
    assert len(parses) == 2 * len(list(library.iter_notice_paths(root)))
    assert where == "off" or (tmp_path / "cache").is_file()
