"""How a statement writes an amount of money and a ratio (the explanation's words for numbers)."""

from __future__ import annotations

import functools
from decimal import Decimal
from fractions import Fraction

from aidcalc.engine.trace import RatioShow
from aidcalc.money import yuan_grouped

#: an amount of 分 as a statement shows it (``1,120.00``): the same few amounts recur from one statement to
#: the next, and grouping the thousands costs several times a lookup
money = functools.lru_cache(maxsize=4096)(yuan_grouped)


#: denominators a notice writes as decimals (1.5, 80%); any other ratio is written as a fraction (1/3)
_DECIMAL_DENOMINATORS = frozenset((1, 2, 4, 5, 8, 10, 20, 25, 50, 100, 1000))


def ratio_words(r: Fraction, show: RatioShow) -> str:
    """A ratio as its declaration says to show it: ``percent`` (80%, 100%, 12.5%) or ``multiplier`` (1.5, 0.8);
    a ratio with no short decimal as a fraction (1/3). The same in 中文 and English."""
    if r.denominator not in _DECIMAL_DENOMINATORS:
        return f"{r.numerator}/{r.denominator}"
    d = Decimal(r.numerator) / Decimal(r.denominator)
    if show == "percent":
        return f"{format((d * 100).normalize(), 'f')}%"
    return format(d.normalize(), "f")
