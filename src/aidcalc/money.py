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


# ---------------------------------------------------------------------------------------- Money
# The Python API's amount type (results, lines, member amounts). Kept apart from the parsing above.


class Money:
    """An exact amount of money in yuan (元), held as a whole number of 分 — the Python API's amount type.

    ``Money(138400)`` is 1,384.00 yuan: it prints as ``1384.00``, compares equal to ``Decimal("1384.00")``
    and to ``1384`` (numbers it meets are yuan, as with :class:`~decimal.Decimal`), orders and hashes like
    that Decimal, and ``.fen`` gives back the integer 分 (``138400``). ``Money.from_yuan("1384.00")`` parses
    a yuan amount. Adding or subtracting two amounts, or multiplying one by a whole number, gives a Money;
    nothing rounds and no float is involved (``float`` and true division are refused).
    ``format(m, ",.2f")`` formats the yuan as a Decimal would (``"1,384.00"``).
    """

    __slots__ = ("fen",)
    fen: int

    def __init__(self, fen: int | Money = 0) -> None:
        if isinstance(fen, Money):
            fen = fen.fen
        elif type(fen) is not int:
            if isinstance(fen, bool) or not isinstance(fen, int):
                raise TypeError(f"Money takes a whole number of 分 (int), not {type(fen).__name__}; "
                                "use Money.from_yuan() for a yuan amount")
            fen = int(fen)  # numpy integers and other int subclasses
        object.__setattr__(self, "fen", fen)

    @classmethod
    def from_yuan(cls, value: object) -> Money:
        """A yuan amount (``"1384.00"``, ``1384``, ``Decimal("1384.5")``) with at most two decimals."""
        return cls(parse_yuan(value))

    @property
    def yuan(self) -> Decimal:
        """The amount in yuan as a Decimal with two decimals: ``Decimal("1384.00")``."""
        return Decimal(self.fen).scaleb(-2)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Money is immutable")

    def __str__(self) -> str:
        return yuan(self.fen)

    def __repr__(self) -> str:
        return f"Money('{yuan(self.fen)}')"

    def __format__(self, spec: str) -> str:
        return yuan(self.fen) if not spec else format(self.yuan, spec)

    def __bool__(self) -> bool:
        return self.fen != 0

    def __hash__(self) -> int:
        return hash(Fraction(self.fen, 100))  # as Decimal and Fraction hash the same number

    def __reduce__(self) -> tuple[type[Money], tuple[int]]:
        return (Money, (self.fen,))

    # comparisons: with Money exactly; with int, Decimal and Fraction as yuan
    def _other(self, other: object) -> Fraction | None:
        if isinstance(other, Money):
            return Fraction(other.fen)
        if isinstance(other, int) and not isinstance(other, bool):
            return Fraction(other * 100)
        if isinstance(other, Decimal) and other.is_finite():
            return Fraction(other) * 100
        if isinstance(other, Fraction):
            return other * 100
        return None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self.fen == other.fen
        o = self._other(other)
        return NotImplemented if o is None else self.fen == o

    def __lt__(self, other: object) -> bool:
        o = self._other(other)
        return NotImplemented if o is None else self.fen < o

    def __le__(self, other: object) -> bool:
        o = self._other(other)
        return NotImplemented if o is None else self.fen <= o

    def __gt__(self, other: object) -> bool:
        o = self._other(other)
        return NotImplemented if o is None else self.fen > o

    def __ge__(self, other: object) -> bool:
        o = self._other(other)
        return NotImplemented if o is None else self.fen >= o

    # arithmetic that stays exact in 分
    def _fen_of(self, other: object) -> int | None:
        o = self._other(other)
        if o is None:
            return None
        if o.denominator != 1:
            raise MoneyFormatError(f"{other!r} yuan is not a whole number of 分", value=other)
        return int(o)

    def __add__(self, other: object) -> Money:
        o = self._fen_of(other)
        return NotImplemented if o is None else Money(self.fen + o)

    __radd__ = __add__

    def __sub__(self, other: object) -> Money:
        o = self._fen_of(other)
        return NotImplemented if o is None else Money(self.fen - o)

    def __rsub__(self, other: object) -> Money:
        o = self._fen_of(other)
        return NotImplemented if o is None else Money(o - self.fen)

    def __mul__(self, other: object) -> Money:
        if isinstance(other, int) and not isinstance(other, bool):
            return Money(self.fen * other)
        return NotImplemented

    __rmul__ = __mul__

    def __neg__(self) -> Money:
        return Money(-self.fen)

    def __pos__(self) -> Money:
        return self

    def __abs__(self) -> Money:
        return Money(abs(self.fen))


def as_fen(amount: int | Money) -> int:
    """The whole number of 分 of an amount given as 分 (int) or as :class:`Money`."""
    return amount.fen if isinstance(amount, Money) else int(amount)
