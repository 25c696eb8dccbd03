"""Which texts of a notice file are in 中文: ``title``, ``issuer``, ``ref`` and ``note`` (the notice's own
words, and the note a Chinese statement shows). English prose there belongs in ``note_en``.

A Latin word of three letters or more counts as prose; a web address, a file path and a parameter name
(``constraints.tekun_basic_min_ratio``) are codes, not prose.

Notes come in two languages: ``note`` (中文, what a Chinese statement shows) and ``note_en`` (English). A note
given only in English leaves a Chinese statement without it; a file that gives English notes gives every note
in both languages (a file with Chinese notes only is fine: an English statement says the note is in Chinese).
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


def one_language_notes(files: Sequence[NoticeFile]) -> Iterator[tuple[NoticeFile, str, str]]:
    """(file, key, missing field) for each note of ``files`` given in one language only: a ``note_en``
    without its ``note`` (always), and a ``note`` without its ``note_en`` in a file that has English notes."""
    for f in files:
        pairs = [("notice.note", f.notice.note, f.notice.note_en)]
        pairs += [(f"{name}.note", vdef.model.note, vdef.model.note_en) for name, vdef in f.values.items()]
        bilingual = any(en for _, _, en in pairs)
        for key, zh, en in pairs:
            if en and not zh:
                yield f, key, "note"
            elif zh and not en and bilingual:
                yield f, key, "note_en"
