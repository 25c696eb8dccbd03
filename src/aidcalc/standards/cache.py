"""A cache of parsed notice files, so that a command does not parse the same TOML again at every start.

Parsing the 127 bundled notices (the TOML, then the schema and catalogue checks) is ≈ 45 ms of every
``aidcalc`` command; reading them back from the cache is ≈ 10 ms. A cached file is used only when it is
the very file read now: the same path, the same SHA-256 of its bytes, parsed by the same aidcalc code (a
fingerprint of every module of the package and of the Python and pydantic versions). Anything else — a
changed, new or broken file, other code — is parsed as if there were no cache, so a cache can make a
start faster but never change what is loaded, nor hide an error (a broken file raises, cached or not).

**The cache holds data, never code.** It is one JSON document per standards directory: each notice's
``[notice]`` table and values as plain JSON (strings, numbers, lists, objects), read back with
``json.loads``. Every value is checked against the type its model declares (text, number, flag, one of
the allowed words, a date, a list, a nested table) before the model is built from it with
``model_construct``; pydantic's own validation would first build every model's validator, ≈ 40 ms of a
start that the cache is there to save, and the values were validated when their file was parsed. Nothing
in the document is executed or names a class to build: a file planted in the cache directory — a pickle,
or JSON written to look like a cache — is ignored when it is not such a document (and the files are
parsed), or, if it is, stands for the notices of the directory it names: whoever can write the cache
directory can change values as whoever can write the standards directory can, and nothing more. (Earlier
versions kept a pickle, which ``pickle.load`` would have run; no pickle is ever opened now.)

Where: ``$AIDCALC_CACHE_DIR``, else ``$XDG_CACHE_HOME/aidcalc``, else ``~/.cache/aidcalc``; an empty
``AIDCALC_CACHE_DIR`` turns the cache off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import sys
import tempfile
import types
import typing
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel

from aidcalc.standards.catalogue import CATALOGUE
from aidcalc.standards.schema import MODEL_OF_KIND, Notice, NoticeFile, ValueDef

CACHE_ENV = "AIDCALC_CACHE_DIR"
#: the layout of the cache's JSON document (a change makes older caches unused)
FORMAT = 1

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
    h = hashlib.sha256(f"{sys.version}|{pydantic.VERSION}|json-{FORMAT}".encode())
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def _file(root: Path) -> Path | None:
    where = cache_dir()
    if where is None:
        return None
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:24]
    return where / "standards" / f"{name}.json"


def _encode(f: NoticeFile) -> dict[str, Any]:
    """A parsed notice as plain JSON data: its fields, its notice table and each value's table as dumped."""
    return {
        "path": f.path, "division": f.division, "division_slug": f.division_slug, "digest": f.digest,
        "notice": f.notice.model_dump(mode="json", by_alias=True),
        "values": {name: v.model.model_dump(mode="json", by_alias=True)
                   for name, v in f.values.items()},
    }


def _decode(data: dict[str, Any]) -> NoticeFile:
    """A cached notice, each value checked against its model's declared type (raises when one is not)."""
    path = data["path"]
    values = {}
    for name, table in data["values"].items():
        spec = CATALOGUE[name]
        values[name] = ValueDef(spec=spec, model=_rebuild(MODEL_OF_KIND[spec.kind], table), path=path)
    out = NoticeFile(path=path, division=data["division"], division_slug=data["division_slug"],
                     notice=_rebuild(Notice, data["notice"]), values=values, digest=data["digest"])
    if not all(isinstance(getattr(out, k), str) for k in ("path", "division", "division_slug", "digest")):
        raise TypeError("a cached notice's path, division, slug and digest are text")
    return out


_M = TypeVar("_M", bound=BaseModel)
Check = Callable[[Any], Any]


def _rebuild(cls: type[_M], data: object) -> _M:
    """``cls`` built from a JSON object whose every field has the type ``cls`` declares; TypeError otherwise."""
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: an object")
    plan = _plan(cls)
    fields: dict[str, Any] = {}
    for key, value in data.items():
        got = plan.get(key)
        if got is None:
            raise TypeError(f"{cls.__name__}: no field {key!r}")
        name, check = got
        fields[name] = check(value)
    return cls.model_construct(_fields_set=set(fields), **fields)


@cache
def _plan(cls: type[BaseModel]) -> dict[str, tuple[str, Check]]:
    """Per JSON key of ``cls`` (a field's alias or name): the field and the check of its declared type."""
    return {(f.alias or name): (name, _checker(f.annotation)) for name, f in cls.model_fields.items()}


_SCALARS = (str, bool, int, float, type(None))


def _checker(annotation: Any) -> Check:
    """A function that returns a JSON value as the type ``annotation`` declares, or raises TypeError."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _checker(args[0])
    if origin in (typing.Union, types.UnionType):
        if all(a in _SCALARS for a in args):  # e.g. str | int | float | None: the JSON type is the Python type
            return _exactly(*args)
        options = [_checker(a) for a in args if a is not type(None)]
        nullable = type(None) in args

        def union(v: Any) -> Any:
            if v is None and nullable:
                return None
            for option in options:
                with contextlib.suppress(TypeError):
                    return option(v)
            raise TypeError(f"{v!r:.40} is none of {annotation}")
        return union
    if origin is Literal:
        allowed = frozenset(args)

        def literal(v: Any) -> Any:
            if type(v) is str and v in allowed:
                return v
            raise TypeError(f"{v!r:.40} is not one of {sorted(allowed)}")
        return literal
    if origin is list:
        item = _checker(args[0])

        def items(v: Any) -> Any:
            if type(v) is list:
                return [item(x) for x in v]
            raise TypeError(f"{v!r:.40} is not a list")
        return items
    if annotation is dt.date:
        def date(v: Any) -> Any:
            if type(v) is str:
                with contextlib.suppress(ValueError):
                    return dt.date.fromisoformat(v)
            raise TypeError(f"{v!r:.40} is not a date")
        return date
    if annotation in _SCALARS:
        return _exactly(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        model = annotation
        return lambda v: _rebuild(model, v)
    raise TypeError(f"the cache does not hold values of type {annotation}")


def _exactly(*kinds: Any) -> Check:
    allowed = frozenset(kinds)

    def scalar(v: Any) -> Any:
        if type(v) in allowed:
            return v
        raise TypeError(f"{v!r:.40} is not {' or '.join(k.__name__ for k in kinds)}")
    return scalar


def _read(path: Path) -> Parsed:
    try:
        document = json.loads(path.read_bytes())
        if document.get("code") != code_fingerprint():
            return {}
        parsed: Parsed = {}
        for entry in document["files"]:
            f = _decode(entry)
            parsed[(f.path, f.digest)] = f
        return parsed
    except Exception:  # no cache yet, or one that cannot be read or does not validate: parse as without one
        return {}


def _write(path: Path, parsed: Parsed) -> None:
    document = {"format": FORMAT, "code": code_fingerprint(), "files": [_encode(f) for f in parsed.values()]}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode())
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
        try:
            key = (str(p.relative_to(root.parent)), hashlib.sha256(p.read_bytes()).hexdigest())
        except OSError:  # a file that cannot be read: parsing it says so
            key = (str(p), "")
        got = cached.get(key)
        if got is None:
            got = parse(p)
        fresh[key] = got
        out.append(got)
    if fresh.keys() != cached.keys():
        _write(where, fresh)
    return out
