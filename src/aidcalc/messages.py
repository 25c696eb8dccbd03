"""The message catalogue: every sentence and label people read, in 中文 and English, under one key each.

A message is a key with one template per language; both templates take the same named fields. Code
never writes a user-facing sentence itself: it registers a message once (at import, beside the rule or
the screen that uses it) and later names the key and hands over the values. The declarations of
:mod:`aidcalc.engine.trace` register their labels, workings and reasons here too, so that this one table
holds every text a statement can show, and a test checks each entry in both languages.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, Lang] = ("zh", "en")


@dataclass(frozen=True)
class Message:
    """One entry: its key, and its template in each language."""

    key: str
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def fields(self) -> frozenset[str]:
        """The named fields of the templates (the same in both languages: checked when registered)."""
        return _fields(self.zh)


#: every message, by key
CATALOGUE: dict[str, Message] = {}


def _fields(template: str) -> frozenset[str]:
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)


def register(key: str, zh: str, en: str) -> Message:
    """Add a message; a key registered twice with other texts, or templates whose fields differ between the
    languages, is a programming error raised at import."""
    msg = Message(key, zh, en)
    old = CATALOGUE.get(key)
    if old is not None and old != msg:
        raise ValueError(f"message {key!r} registered twice with different texts")
    if _fields(zh) != _fields(en):
        raise ValueError(f"message {key!r}: the zh and en templates take different fields "
                         f"({sorted(_fields(zh))} / {sorted(_fields(en))})")
    CATALOGUE[key] = msg
    return msg


def register_all(entries: Mapping[str, tuple[str, str]]) -> None:
    """Register several messages given as ``key → (中文, English)``."""
    for key, (zh, en) in entries.items():
        register(key, zh, en)


def message(key: str, lang: str, /, **fields: object) -> str:
    """The message ``key`` in ``lang`` (``zh`` or ``en``), filled with ``fields``."""
    return CATALOGUE[key].text(lang).format(**fields)


__all__ = ["CATALOGUE", "LANGS", "Lang", "Message", "message", "register", "register_all"]
