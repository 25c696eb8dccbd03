"""Exact money: integer 分 inside, yuan strings at the edges, declared rounding, every amount bounded.

Amounts are ``int`` numbers of 分 (fen); ratios are :class:`fractions.Fraction`. ``float`` never
touches money. Rounding happens only where a rule or a standard declares a unit (分/角/元/10 元) and a mode
(half-up, up, down); the explanation shows it.

**What a money value may be.** One parser, :func:`parse_yuan`, reads every amount — households,
caseload tables (their fast paths apply the same rule: :func:`fen_in_range`) and standards:

- a string of ASCII digits with at most two decimals after a point: ``"1120"``, ``"1120.5"``,
  ``"1120.50"`` (:data:`YUAN_PATTERN`). Nothing else: no sign, no exponent (``"1e3"``), no thousands
  separator (``"12,000.00"``), no leading or trailing point (``".5"``, ``"5."``), no spaces
  (``" 12 "``), no full-width or other non-ASCII digits (``"１２"``);
- a number: an integer, or a float that is exactly a whole number of 分 (``fen / 100 == x`` for
  ``fen = round(x * 100)``: ``0.1`` and ``2400.5`` are, ``0.125`` and ``1e-05`` are not), or a
  ``Decimal`` with at most two decimals. Never a boolean, never NaN or an infinity;
- never negative, and never above the field's maximum. Beyond it the parser raises
  :class:`MoneyRangeError` (the caller names the field): the maxima are far above any real amount and
  far below where the rules' integer arithmetic could overflow.

**The maxima and why they are safe.** int64 holds up to 2**63 − 1 ≈ 9.22e18 分. Write n = 64 members
(:data:`MAX_MEMBERS`), k = 17 incomes per member (:data:`INCOME_KINDS`), I = :data:`MAX_MONTHLY_FEN`
(10**10), S = :data:`MAX_STANDARD_FEN` (10**8, also the most any rule on standards may compute),
R = :data:`MAX_RATIO_TERM` (10**5: a standards ratio's numerator and denominator in lowest terms) and
V = :data:`MAX_RATIO_VALUE` (100: a standards ratio's value); the standards loader holds ratios and
rule results to R, V and S. The largest integers the rules form are then:

- 低保边缘, ``income × md < mn × threshold``: a household's income (n·k·I = 1.09e13) × R = 1.09e18;
  ``mn × threshold`` = R × n·S = 6.4e14;
- ``mul_ratio`` (``2 × amount × num``): of earned income (wage + business, 2·I) 4e15; of a standard
  2e13; of the last 低保 amount (a 渐退 share) 2e15; of a household's payment for the first 渐退 month —
  at most n·V·S for the minimum payment plus 7·n·V·S for 分类施保, 5.2e12 — 1.04e18;
- the asset limit, months (≤ 1,200) × S × n = 7.7e12; financial assets are compared, never multiplied
  (:data:`MAX_ASSETS_FEN`, 1e14).

Every one is at least eight times below int64's limit; a household's monthly payment is at most
:data:`MAX_PAYMENT_FEN` (5.12e12 分), so a sum over a million households (the batch sums per chunk) stays inside int64 too.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from aidcalc._yuan import _RATIO_LONGEST, _RATIO_TEXT, _TOO_PRECISE, _YUAN_TEXT, _quick_yuan
from aidcalc.errors import MoneyFormatError, MoneyRangeError
from aidcalc.messages import message, register_all

RoundUnit = Literal["fen", "jiao", "yuan", "ten-yuan"]
RoundMode = Literal["half-up", "up", "down"]

UNIT_FEN: dict[str, int] = {"fen": 1, "jiao": 10, "yuan": 100, "ten-yuan": 1000}
register_all({
    "label.round_unit.fen": ("分", "fen"), "label.round_unit.jiao": ("角", "jiao"),
    "label.round_unit.yuan": ("元", "yuan"), "label.round_unit.ten-yuan": ("十元", "ten yuan"),
    "label.round_mode.half-up": ("四舍五入", "rounded half up"), "label.round_mode.up": ("向上取整", "rounded up"),
    "label.round_mode.down": ("向下取整", "rounded down"),
    "rounding": ("{mode}到{unit}", "{mode} to the {unit}"),
})
UNIT_LABEL_ZH = {u: message(f"label.round_unit.{u}", "zh") for u in UNIT_FEN}
MODE_LABEL_ZH = {m: message(f"label.round_mode.{m}", "zh") for m in ("half-up", "up", "down")}


def rounding_text(mode: str, unit: str, lang: str) -> str:
    """A declared rounding in words: ``向上取整到元`` / ``rounded up to the yuan``."""
    return message("rounding", lang, mode=message(f"label.round_mode.{mode}", lang),
                   unit=message(f"label.round_unit.{unit}", lang))

#: the most members a household may have (the Household model's bound; the arithmetic above relies on it)
MAX_MEMBERS = 64
#: how many kinds of income a member may have (``aidcalc.vocab.INCOME_TYPES``)
INCOME_KINDS = 17
#: a monthly amount of a household: each income of each member, the last 低保 amount — 100,000,000.00 元
MAX_MONTHLY_FEN = 10**10
#: a household's financial assets (deposits, securities, insurance value) — 1,000,000,000,000.00 元
MAX_ASSETS_FEN = 10**14
#: any amount a standards file sets (a literal ``amount``, a band, a term of a rule) and any amount a rule
#: on standards computes — 1,000,000.00 元
MAX_STANDARD_FEN = 10**8
#: the numerator and the denominator of a standards ratio, in lowest terms, are at most this
MAX_RATIO_TERM = 10**5
#: a standards ratio (a share, a multiplier) is at most this
MAX_RATIO_VALUE = 100
#: the most one benefit of one household can pay in a month (the bound worked out above: 8 × n × V × S)
MAX_PAYMENT_FEN = 8 * MAX_MEMBERS * MAX_RATIO_VALUE * MAX_STANDARD_FEN

#: the text form of a money string, as a regular expression (also the JSON Schema's ``pattern``)
YUAN_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"

#: what the format error says is allowed
YUAN_FORM = ('yuan as ASCII digits with at most two decimals, such as "1120.00", or a number '
             '(no sign, exponent, thousands separator, spaces or full-width digits)')
#: what it says of an amount written with more than two decimals
TWO_DECIMALS = "a yuan amount with at most two decimals"


def most_text(most: int) -> str:
    """What a range error says is allowed: ``from 0 to 100,000,000.00 yuan (…)``."""
    return f"from 0 to {yuan_grouped(most)} yuan (the largest amount this field accepts)"


def _beyond(most: int, value: object) -> MoneyRangeError:
    return MoneyRangeError(most_text(most), most=most, value=value)


def fen_in_range(fen: int, most: int) -> bool:
    """Whether an amount of 分 is one a field with maximum ``most`` accepts: 0 to ``most``."""
    return 0 <= fen <= most


def yuan_pattern(most: int) -> str:
    """A regular expression of the money strings from 0 to ``most`` 分 (a whole number of yuan, a power of
    ten): the JSON Schema's ``pattern`` of a field, the text rule and the range in one."""
    whole = most // 100
    digits = len(str(whole)) - 1
    if whole != 10**digits or most % 100:
        raise ValueError(f"a money maximum is a power of ten of yuan; got {most} 分")
    return rf"^0*([0-9]{{1,{digits}}}(\.[0-9]{{1,2}})?|{whole}(\.00?)?)$"


def parse_yuan(value: object, *, most: int = MAX_MONTHLY_FEN) -> int:
    """Parse a yuan amount into 分: a string of ASCII digits with at most two decimals, an integer, a float
    that is a whole number of 分, or a Decimal with at most two decimals (the module's rules); 0 to ``most``.

    More than two decimals is an error, never silently rounded; beyond ``most`` (or negative) raises
    :class:`MoneyRangeError`; any other form :class:`MoneyFormatError`.
    """
    if type(value) is str and (fen := _quick_yuan(value, most)) is not None:
        return fen  # the usual form (``2400.00``), read without the pattern
    if isinstance(value, bool):
        raise MoneyFormatError(f"{YUAN_FORM}; not a boolean", value=value)
    if isinstance(value, str):
        plain = _YUAN_TEXT.fullmatch(value)
        if plain is None:
            raise MoneyFormatError(TWO_DECIMALS if _TOO_PRECISE.fullmatch(value) else YUAN_FORM, value=value)
        whole, cents = plain.groups()
        whole = whole.lstrip("0")
        if len(whole) > len(str(most)):  # far beyond: do not build a huge int
            raise _beyond(most, value)
        fen = int(whole or "0") * 100 + (int(cents) * (10 if len(cents) == 1 else 1) if cents else 0)
    elif isinstance(value, float):
        if not math.isfinite(value):
            raise MoneyFormatError(f"{YUAN_FORM}; not {value!r}", value=value)
        if value < 0 or value > most / 100 + 1:
            raise _beyond(most, value)
        fen = round(value * 100)
        if fen / 100 != value:
            raise MoneyFormatError(TWO_DECIMALS, value=value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise MoneyFormatError(f"{YUAN_FORM}; not {value}", value=value)
        if value < 0 or value > Decimal(most) / 100:
            raise _beyond(most, value)
        scaled = value * 100
        if scaled != scaled.to_integral_value():
            raise MoneyFormatError(TWO_DECIMALS, value=value)
        fen = int(scaled)
    elif isinstance(value, numbers.Integral):
        whole_yuan = int(value)
        if whole_yuan < 0 or whole_yuan > most // 100 + 1:
            raise _beyond(most, value)
        fen = whole_yuan * 100
    else:
        raise MoneyFormatError(f"{YUAN_FORM}; not {type(value).__name__}", value=value)
    if not fen_in_range(fen, most):
        raise _beyond(most, value)
    return fen


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


def yuan_signed(fen: int) -> str:
    """A change of 分 for reading, with its sign: ``12000`` → ``"+120.00"``, ``-5`` → ``"-0.05"``, 0 → ``"0.00"``."""
    return ("+" if fen > 0 else "") + yuan_grouped(fen)


def parse_ratio(value: object) -> Fraction:
    """Parse an exact ratio ("1.5", "0.3", "30%", "1/3", 1.6) into a Fraction.

    ASCII digits only, no exponent, at most 40 characters; a float must be finite. How large a ratio a
    standard may set is the standards loader's rule (:data:`MAX_RATIO_TERM`, :data:`MAX_RATIO_VALUE`).
    """
    if isinstance(value, bool):
        raise MoneyFormatError("a ratio, not a boolean", value=value)
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise MoneyFormatError(f"a finite ratio, not {value!r}", value=value)
        return Fraction(Decimal(repr(value)))
    if isinstance(value, str):
        text = value.strip()
        if len(text) > _RATIO_LONGEST or not _RATIO_TEXT.fullmatch(text):
            raise MoneyFormatError(f"a ratio such as \"1.5\", \"30%\" or \"1/3\", not {value[:_RATIO_LONGEST]!r}",
                                   value=value)
        if "/" in text:
            num, den = text.split("/", 1)
            if int(den) == 0:
                raise MoneyFormatError(f"a ratio such as \"1.5\", \"30%\" or \"1/3\", not {value!r} (a zero "
                                       "denominator)", value=value)
            return Fraction(int(num), int(den))
        if text.endswith("%"):
            return Fraction(Decimal(text[:-1])) / 100
        return Fraction(Decimal(text))
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
        if type(fen) is int:
            _set_fen(self, fen)
            return
        if isinstance(fen, Money):
            fen = fen.fen
        else:
            if isinstance(fen, bool) or not isinstance(fen, int):
                raise TypeError(f"Money takes a whole number of 分 (int), not {type(fen).__name__}; "
                                "use Money.from_yuan() for a yuan amount")
            fen = int(fen)  # numpy integers and other int subclasses
        _set_fen(self, fen)

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
        if type(other) is Money:
            return Money(self.fen + other.fen)
        if other == 0 and type(other) is int:  # sum()'s start
            return self
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


#: the ``fen`` slot's own setter (Money.__setattr__ refuses every assignment after construction)
_set_fen: Callable[[Money, int], None] = vars(Money)["fen"].__set__
