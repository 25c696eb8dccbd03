"""The text forms :mod:`aidcalc.money` reads: a yuan amount's pattern and its quick form, a ratio's pattern.

Private: :func:`aidcalc.money.parse_yuan` and :func:`aidcalc.money.parse_ratio` are the parsers and say
what is allowed; this module only holds how their text is matched.
"""

from __future__ import annotations

import re

#: a yuan amount as text: ASCII digits, at most two decimals (the groups: yuan, and the decimals if any)
_YUAN_TEXT = re.compile(r"([0-9]+)(?:\.([0-9]{1,2}))?")
#: an amount written with more than two decimals (its error says so)
_TOO_PRECISE = re.compile(r"[0-9]+\.[0-9]{3,}")

#: the longest text :func:`_quick_yuan` reads (longer ones go the pattern's way)
_QUICK_LONGEST = 20

#: a ratio as text: a decimal (``1.6``), a percentage (``30%``) or a fraction (``1/3``), ASCII digits, no exponent
_RATIO_TEXT = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)%?|[+-]?[0-9]+/[0-9]+")
#: the longest ratio text read (a longer one is no ratio a notice writes, and its digits are not worth reading)
_RATIO_LONGEST = 40


def _quick_yuan(text: str, most: int) -> int | None:
    """The 分 of ``text`` when it has the usual form ``[0-9]+\\.[0-9]{2}`` (ASCII digits, a point, exactly two
    decimals: ``2400.00``), at most 20 characters and at most ``most`` 分; otherwise None, and the caller reads
    it with the pattern (:data:`_YUAN_TEXT`), which gives the same 分 for this form or the error for any other.
    """
    if len(text) <= _QUICK_LONGEST and text[-3:-2] == "." and text.isascii() and text[:-3].isdigit() \
            and text[-2:].isdigit():
        fen = int(text[:-3]) * 100 + int(text[-2:])
        if fen <= most:
            return fen
    return None
