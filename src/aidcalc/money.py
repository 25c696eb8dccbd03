"""Exact money: integer 分 inside, yuan strings at the edges, declared rounding.

Amounts are ``int`` numbers of 分 (fen); ratios are :class:`fractions.Fraction`. ``float`` never
touches money. Rounding happens only where a rule or a standard declares a unit (分/角/元) and a mode
(half-up, up, down); the explanation shows it.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Literal

from aidcalc.errors import MoneyFormatError

RoundUnit = Literal["fen", "jiao", "yuan"]
RoundMode = Literal["half-up", "up", "down"]

UNIT_FEN: dict[str, int] = {"fen": 1, "jiao": 10, "yuan": 100}
UNIT_LABEL_ZH = {"fen": "分", "jiao": "角", "yuan": "元"}
MODE_LABEL_ZH = {"half-up": "四舍五入", "up": "向上取整", "down": "向下取整"}


#: the common form, read without Decimal: digits, then at most two decimals
_PLAIN_YUAN = re.compile(r"([0-9]{1,15})(?:\.([0-9]{1,2}))?")


def parse_yuan(value: object) -> int:
    """Parse a yuan amount (string, int or float with at most two decimals) into 分.

    More than two decimals is an error, never silently rounded.
    """
    if isinstance(value, bool):
        raise MoneyFormatError("a yuan amount, not a boolean", value=value)
    if isinstance(value, int):
        return value * 100
    if isinstance(value, str) and (plain := _PLAIN_YUAN.fullmatch(value)):
        whole, cents = plain.groups()
        return int(whole) * 100 + (int(cents) * (10 if len(cents) == 1 else 1) if cents else 0)
    if isinstance(value, float):
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
    elif isinstance(value, str | Decimal):
        text = str(value).strip().replace(",", "")
    else:
        raise MoneyFormatError(f"a yuan amount as a string or number, not {type(value).__name__}", value=value)
    try:
        d = Decimal(text)
    except InvalidOperation as exc:
        raise MoneyFormatError("a yuan amount such as \"1120.00\"", value=value) from exc
    if not d.is_finite():
        raise MoneyFormatError("a finite yuan amount", value=value)
    fen = d * 100
    if fen != fen.to_integral_value():
        raise MoneyFormatError("a yuan amount with at most two decimals", value=value)
    return int(fen)


def yuan(fen: int) -> str:
    """Format 分 as a plain yuan string with two decimals: ``112000`` → ``"1120.00"``."""
    sign = "-" if fen < 0 else ""
    q, r = divmod(abs(int(fen)), 100)
    return f"{sign}{q}.{r:02d}"


def yuan_grouped(fen: int) -> str:
    """Format 分 for reading: ``112000`` → ``"1,120.00"``."""
    sign = "-" if fen < 0 else ""
    q, r = divmod(abs(int(fen)), 100)
    return f"{sign}{q:,}.{r:02d}"


def parse_ratio(value: object) -> Fraction:
    """Parse an exact ratio ("1.5", "0.3", "1/3", 1.6) into a Fraction."""
    if isinstance(value, bool):
        raise MoneyFormatError("a ratio, not a boolean", value=value)
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                num, den = text.split("/", 1)
                return Fraction(int(num), int(den))
            if text.endswith("%"):
                return Fraction(Decimal(text[:-1])) / 100
            return Fraction(Decimal(text))
        except (ValueError, InvalidOperation, ZeroDivisionError) as exc:
            raise MoneyFormatError(f"a ratio such as \"1.5\", \"30%\" or \"1/3\", not {value!r}", value=value) from exc
    raise MoneyFormatError(f"a ratio such as \"1.5\", not {type(value).__name__}", value=value)


def ratio_text(r: Fraction) -> str:
    """Show a ratio the way a notice writes it: 1.6, 30 %, 1/3."""
    if r.denominator in (1, 2, 4, 5, 8, 10, 20, 25, 50, 100, 1000):
        d = Decimal(r.numerator) / Decimal(r.denominator)
        if r < 1:
            return f"{format((d * 100).normalize(), 'f')}%"
        return format(d.normalize(), "f")
    return f"{r.numerator}/{r.denominator}"


def round_fraction(x: Fraction, unit: str = "fen", mode: str = "half-up") -> int:
    """Round an exact amount of 分 to a whole number of ``unit``, returned in 分."""
    step = UNIT_FEN[unit]
    q = x / step
    n, d = q.numerator, q.denominator
    if mode == "down":
        k = n // d
    elif mode == "up":
        k = -((-n) // d)
    elif mode == "half-up":
        # half away from zero
        k = (2 * abs(n) + d) // (2 * d)
        k = k if n >= 0 else -k
    else:
        raise ValueError(f"rounding mode {mode!r}; allowed: half-up, up, down")
    return int(k * step)
