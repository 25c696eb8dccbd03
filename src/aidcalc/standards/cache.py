"""A cache of parsed notice files, so that a command does not parse the same TOML again at every start.

Parsing the 127 bundled notices (the TOML, then the schema and catalogue checks) is ≈ 45 ms of every
``aidcalc`` command; reading them back from the cache is ≈ 10 ms. A cached file is used only when it is
the very file read now: the same path, the same SHA-256 of its bytes, parsed by the same aidcalc code (a
fingerprint of every module of the package and of the Python and pydantic versions). Anything else — a
changed, new or broken file, other code — is parsed as if there were no cache, so a cache can make a
start faster but never change what is loaded, nor hide an error (a broken file raises, cached or not).

Where: ``$AIDCALC_CACHE_DIR``, else ``$XDG_CACHE_HOME/aidcalc``, else ``~/.cache/aidcalc``; an empty
``AIDCALC_CACHE_DIR`` turns the cache off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

from aidcalc.standards.schema import NoticeFile

CACHE_ENV = "AIDCALC_CACHE_DIR"

#: (shown path, SHA-256 of the bytes) → the file as parsed
Parsed = dict[tuple[str, str], NoticeFile]


def cache_dir() -> Path | None:
    """Where parsed notices are kept, or None when the cache is off."""
    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "aidcalc"


@cache
def code_fingerprint() -> str:
    """A digest of the code that parses notices: every module of the package, Python's and pydantic's versions."""
    import pydantic

    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}|{pickle.HIGHEST_PROTOCOL}".encode())
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _file(root: Path) -> Path | None:
    where = cache_dir()
    if where is None:
        return None
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return where / "standards" / f"{name}.pickle"


def _read(path: Path) -> Parsed:
    try:
        with path.open("rb") as f:
            fingerprint, parsed = pickle.load(f)
    except Exception:  # no cache yet, or one that cannot be read: parse as without one
        return {}
    return parsed if fingerprint == code_fingerprint() and isinstance(parsed, dict) else {}


def _write(path: Path, parsed: Parsed) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump((code_fingerprint(), parsed), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or not at all, also with several commands starting at once
    except OSError:
        return


def parsed_files(root: Path, paths: Sequence[Path], parse: Callable[[Path], NoticeFile]) -> list[NoticeFile]:
    """``parse`` of each of ``paths`` (notices under ``root``), taken from the cache where the file is the
    one cached; the cache is rewritten when a file had to be parsed."""
    where = _file(root)
    if where is None:
        return [parse(p) for p in paths]
    cached = _read(where)
    out: list[NoticeFile] = []
    fresh: Parsed = {}
    for p in paths:
        key = (str(p.relative_to(root.parent)), hashlib.sha256(p.read_bytes()).hexdigest())
        got = cached.get(key)
        if got is None:
            got = parse(p)
        fresh[key] = got
        out.append(got)
    if fresh.keys() != cached.keys():
        _write(where, fresh)
    return out
