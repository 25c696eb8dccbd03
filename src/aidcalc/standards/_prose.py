"""Which texts of a notice file are in 中文: ``title``, ``issuer``, ``ref`` and ``note`` (the notice's own
words, and the note a Chinese statement shows). English prose there belongs in ``note_en``.

A Latin word of three letters or more counts as prose; a web address, a file path and a parameter name
(``constraints.tekun_basic_min_ratio``) are codes, not prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from aidcalc.standards.schema import NoticeFile

_CODES = re.compile(r"https?://\S+|[A-Za-z0-9_.-]*/[A-Za-z0-9_./-]*|\b[a-z_0-9]+(?:\.[a-z_0-9]+)+\b")
_WORD = re.compile(r"[A-Za-z]{3,}")


def latin_prose(text: str) -> str | None:
    """The first Latin word of ``text`` outside codes, or ``None`` when there is none."""
    found = _WORD.search(_CODES.sub(" ", text))
    return found.group(0) if found else None


def english_in_chinese_fields(files: Sequence[NoticeFile]) -> Iterator[tuple[NoticeFile, str, str]]:
    """(file, key, word) for each Chinese field of ``files`` that holds English prose: ``notice.title``,
    ``notice.issuer``, ``notice.note`` and each value's ``ref`` and ``note``."""
    for f in files:
        for key, text in (("notice.title", f.notice.title), ("notice.issuer", f.notice.issuer),
                          ("notice.note", f.notice.note or "")):
            word = latin_prose(text)
            if word:
                yield f, key, word
        for name, vdef in f.values.items():
            m = vdef.model
            for field, text in (("ref", m.ref), ("note", m.note or "")):
                word = latin_prose(text)
                if word:
                    yield f, f"{name}.{field}", word
