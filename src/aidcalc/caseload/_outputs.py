"""Output files written whole or not at all: temporary files beside their targets, renamed at the end.

A run writes every output under a temporary name in the target's own directory (so that the rename
stays on one file system and is atomic) and renames them into place only once the run has completed;
the summary, which names each output with its sha256, is renamed last. A run that stops — an error,
Ctrl-C, SIGKILL — leaves the files that were there before untouched and nothing under the final names:
at most a temporary file ``.NAME.aidcalc-PID.tmp`` beside it, which the next run to the same target
deletes (when no process of that id is running).

Before anything is written, the targets are checked: none may be one of the run's input files (compared
as the same file, through links and relative paths), no two outputs may be the same file, and an
existing file is replaced only when asked (``force``). ``-`` stands for standard output: it is neither
checked nor renamed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Iterable
from pathlib import Path

from aidcalc.errors import OutputRefused

#: the name that stands for standard output
STDOUT = Path("-")


def _same(a: Path, b: Path) -> bool:
    """Whether two paths name one file (the same inode when both exist, else the same resolved path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def temporary(final: Path) -> Path:
    """The temporary name ``final`` is written under (hidden, in its directory, with this process's id)."""
    return final.with_name(f".{final.name}.aidcalc-{os.getpid()}.tmp")


def final_name(path: Path) -> Path:
    """The final name of a temporary file (:func:`temporary`); any other path as it is."""
    name = path.name
    if name.startswith(".") and name.endswith(".tmp") and ".aidcalc-" in name:
        return path.with_name(name[1:name.rindex(".aidcalc-")])
    return path


def remove_stale_temporaries(final: Path) -> list[Path]:
    """Delete the temporary files of ``final`` left by runs that were killed (no process of their id is
    running any more); return them."""
    removed = []
    for tmp in final.parent.glob(f".{final.name}.aidcalc-*.tmp"):
        pid = tmp.name.removeprefix(f".{final.name}.aidcalc-").removesuffix(".tmp")
        if not pid.isdigit() or int(pid) == os.getpid() or _running(int(pid)):
            continue
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
            removed.append(tmp)
    return removed


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def sha256(path: Path) -> str:
    """``sha256:`` and the hex digest of a file's bytes."""
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return "sha256:" + h.hexdigest()


class Outputs:
    """The outputs of one run, checked first, written under temporary names, renamed into place at the end.

    ``add`` each target (in the order they are to be renamed; add the summary last) and write to the path
    it returns; ``commit`` renames them all; ``discard`` removes the temporary files. Used as a context
    manager, a block that raises discards.
    """

    def __init__(self, inputs: Iterable[Path], *, force: bool = False) -> None:
        self.inputs = [p for p in inputs if p != STDOUT]  # standard input is no file to protect
        self.force = force
        self.targets: list[tuple[Path, Path]] = []  # (final, temporary)

    def check(self, final: Path, what: str = "output") -> None:
        """Refuse ``final`` when it is an input, another output, an existing file (without ``force``), a
        directory, or in a directory that does not exist."""
        if final == STDOUT:
            return
        for source in self.inputs:
            if _same(final, source):
                raise OutputRefused(f"the {what} would overwrite an input of this run ({source}); "
                                    "choose another name", path=final)
        for other, _ in self.targets:
            if _same(final, other):
                raise OutputRefused(f"the {what} is also another output of this run; give each its own name",
                                    path=final)
        if not final.parent.is_dir():
            raise OutputRefused(f"the {what}'s directory does not exist", path=final)
        if final.is_dir():
            raise OutputRefused(f"the {what} is a directory", path=final)
        if (final.exists() or final.is_symlink()) and not self.force:
            raise OutputRefused(f"the {what} exists; pass --force to replace it", path=final)

    def add(self, final: Path, what: str = "output") -> Path:
        """Check ``final`` and return the temporary path to write it under (``-``: itself)."""
        self.check(final, what)
        if final == STDOUT:
            return final
        remove_stale_temporaries(final)
        tmp = temporary(final)
        self.targets.append((final, tmp))
        return tmp

    def written(self) -> dict[str, str]:
        """Each output written so far (final name → sha256 of its temporary file's bytes)."""
        return {str(final): sha256(tmp) for final, tmp in self.targets if tmp.exists()}

    def commit(self) -> None:
        """Rename every temporary file into place, in the order the outputs were added."""
        for final, tmp in self.targets:
            if tmp.exists():
                os.replace(tmp, final)
            else:  # the run wrote no such file: an older one must not pass for this run's
                with contextlib.suppress(FileNotFoundError):
                    final.unlink()
        self.targets = []

    def discard(self) -> None:
        """Remove the temporary files (the final names are left as they were)."""
        for _, tmp in self.targets:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        self.targets = []

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, kind: object, *_: object) -> None:
        if kind is not None:
            self.discard()


__all__ = ["STDOUT", "Outputs", "final_name", "remove_stale_temporaries", "sha256", "temporary"]
