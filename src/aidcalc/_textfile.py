"""Reading a text file a person wrote (a household, a standards notice) without letting its bytes crash us.

- :func:`read_text`: the file's bytes as UTF-8 text, a leading byte-order mark dropped (Windows editors
  write one); bytes that are not UTF-8 are a :class:`TextFileError` saying where, and which encoding the
  file looks like when it is recognisably another (UTF-16, GB18030).
- :func:`link_problem`: a directory of files (standards) may hold symbolic links; one is followed only
  when it leads inside the directory, never out of it, into a loop or to nothing.
- :func:`check_nesting`: JSON and TOML parsers recurse once per nested array or table, so a file nested
  thousands deep ends in ``RecursionError`` inside the parser. The text's brackets are counted first
  (strings and comments left out), and a file nested deeper than allowed is a :class:`NestingError`
  before any parser sees it; :func:`check_depth` does the same for a value already parsed (a TOML
  dotted key ``a.b.c…`` nests without a bracket).
"""

from __future__ import annotations

import codecs
import functools
import re
from pathlib import Path

from aidcalc.errors import NestingError, TextFileError

#: how deeply a household or standards file may nest arrays and tables (the deepest either needs is 5)
MAX_NESTING = 32

#: strings and comments, whose brackets are not structure: TOML's four string forms and comments; JSON's
#: strings are TOML's basic strings
_TOML_SKIP = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*')
_JSON_SKIP = re.compile(r'"(?:[^"\\]|\\.)*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def decode_utf8(data: bytes) -> str:
    """``data`` as UTF-8 text, without a leading byte-order mark; else a TextFileError saying where."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise TextFileError(
            f"not UTF-8 text: byte 0x{data[exc.start]:02x} on line {line} (offset {exc.start}) is not UTF-8"
            f"{_looks_like(data)}; the file must be saved as UTF-8"
        ) from None


def _looks_like(data: bytes) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "; the file looks like UTF-16"
    try:
        data.decode("gb18030")
    except UnicodeDecodeError:
        return ""
    return "; the file looks like GB18030 (GBK), as Excel and Windows save Chinese text"


def read_text(path: Path) -> str:
    """A file's text, UTF-8 (with or without a byte-order mark); a TextFileError when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TextFileError(f"cannot be read: {exc.strerror or exc}") from None
    return decode_utf8(data)


def check_nesting(text: str, limit: int = MAX_NESTING, *, toml: bool) -> None:
    """Raise NestingError when ``text`` (JSON, or TOML with ``toml``) opens more than ``limit`` arrays or
    tables inside one another; strings and comments do not count."""
    bare = (_TOML_SKIP if toml else _JSON_SKIP).sub("", text)
    if toml and _dotted(limit).search(bare):  # a.b.c… nests too, and Python's TOML parser is quadratic in it
        raise NestingError(f"arrays or tables nested more than {limit} deep; at most {limit} allowed", limit=limit)
    depth = 0
    for m in _BRACKETS.finditer(bare):
        if m.group() in "[{":
            depth += 1
            if depth > limit:
                raise NestingError(f"arrays or tables nested more than {limit} deep; at most {limit} allowed", limit=limit)
        else:
            depth = max(depth - 1, 0)


@functools.cache
def _dotted(limit: int) -> re.Pattern[str]:
    """A key of more than ``limit`` dotted parts (``a.b.c…``, quoted parts already removed), on one line."""
    return re.compile(r"(?:\.[^.\n=\[\]{},]*)" + f"{{{limit},}}")


def check_depth(value: object, limit: int = MAX_NESTING) -> None:
    """Raise NestingError when a parsed value nests dicts and lists more than ``limit`` deep (iteratively:
    no recursion, whatever the depth)."""
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list | tuple):
            children = list(item)
        else:
            continue
        if depth + 1 > limit:
            raise NestingError(f"arrays or tables nested more than {limit} deep; at most {limit} allowed", limit=limit)
        stack.extend((child, depth + 1) for child in children)


def link_problem(link: Path, inside: Path) -> str | None:
    """Why the symbolic link ``link`` found in the directory ``inside`` (resolved) may not be followed — it
    leads outside the directory, into a loop, or to nothing — or None when it leads to a place inside."""
    try:
        target = link.resolve(strict=True)
    except FileNotFoundError:
        return "a symbolic link to something that does not exist"
    except (RuntimeError, OSError):  # Python raises RuntimeError for a loop, the system ELOOP
        return "a symbolic link that loops (it leads back to itself); not followed"
    if not target.is_relative_to(inside):
        return (f"a symbolic link to {target}, outside the directory {inside}; links are followed only to "
                "files inside it")
    return None
