"""Where notice files are: the standards bundled with the package, and the notice files of a standards
directory (a symbolic link followed only when it leads inside the directory)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from aidcalc._textfile import link_problem
from aidcalc.errors import StandardFileError


def bundled_dir() -> Path:
    """The standards shipped with the package (inside the wheel, or the repository's ``standards/``)."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_bundled_standards"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "standards"


def iter_notice_paths(root: Path) -> Iterable[Path]:
    """The notice files of a standards directory, ``root/<code>-<name>/*.toml``, in order.

    A symbolic link in it (a folder or a file) is followed only when it leads inside ``root``: one that
    leads outside, loops or leads to nothing is a StandardFileError naming it, never read.
    """
    if not root.is_dir():
        raise StandardFileError("not a standards directory", path=str(root))
    inside = root.resolve()
    folders = []
    for p in root.iterdir():
        if p.name.startswith((".", "_")):
            continue
        _followed(p, inside)
        if p.is_dir():
            folders.append(p)
    for folder in sorted(folders):
        for path in sorted(folder.glob("*.toml")):
            _followed(path, inside)
            yield path


def _followed(path: Path, inside: Path) -> None:
    """Raise StandardFileError when ``path`` is a symbolic link that may not be followed (see iter_notice_paths)."""
    if path.is_symlink():
        problem = link_problem(path, inside)
        if problem is not None:
            raise StandardFileError(problem, path=str(path))
