"""The cache of parsed notices: used only for the very files cached, never hiding a change or an error."""

from __future__ import annotations

import json
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
    assert [p.suffix for p in (tmp_path / "cache" / "standards").iterdir()] == [".json"]


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


class _Planted:
    """An object whose unpickling creates a file (what a planted pickle could do, in harmless form)."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path, str]]:
        return (Path.write_text, (self.marker, "code ran"))


def test_a_pickle_planted_in_the_cache_never_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                 parses: list[str]) -> None:
    """A pickle written where the cache is (under today's name and the old one) is never unpickled: the file
    its unpickling would create is never created, and the standards load, parsed from their TOML."""
    import pickle

    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    root = _standards(tmp_path)
    Library.load(bundled=False, use_env=False, extra=[root])
    [cached] = list((tmp_path / "cache" / "standards").iterdir())
    marker = tmp_path / "planted-code-ran"
    payload = pickle.dumps((cache_module.code_fingerprint(), _Planted(marker)))
    proof = tmp_path / "proof"
    pickle.loads(pickle.dumps(_Planted(proof)))  # such a payload does run when unpickled
    assert proof.read_text() == "code ran"
    cached.write_bytes(payload)
    cached.with_suffix(".pickle").write_bytes(payload)
    parses.clear()
    lib = Library.load(bundled=False, use_env=False, extra=[root])
    assert not marker.exists()
    assert len(parses) == len(lib.files) > 0  # the planted file was not taken for a cache: every file parsed
    assert json.loads(cached.read_bytes())["code"] == cache_module.code_fingerprint()  # and a cache rewritten


@pytest.mark.parametrize("planted", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"format": 1, "code": "CODE", "files": [{"path": 1}]}',
    b'{"format": 1, "code": "CODE", "files": [{"path": "p", "division": "990100", "division_slug": "x", '
    b'"digest": "d", "notice": {}, "values": {"dibao.standard.urban": {"amount": {"$class": "os.system"}}}}]}',
    b"\xff\xfe not json",
])
def test_a_cache_that_does_not_validate_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   parses: list[str], planted: bytes) -> None:
    """Deep JSON, wrong shapes, values that do not validate, bytes that are not text: the files are parsed."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    root = _standards(tmp_path)
    expected = Library.load(bundled=False, use_env=False, extra=[root]).files
    [cached] = list((tmp_path / "cache" / "standards").iterdir())
    cached.write_bytes(planted.replace(b"CODE", cache_module.code_fingerprint().encode()))
    parses.clear()
    assert Library.load(bundled=False, use_env=False, extra=[root]).files == expected
    assert len(parses) == len(expected)
