"""Bounds on what a standards file may write: money amounts and ratios, checked with a message naming the key,
the value found and what is allowed.

- A money amount is what :func:`aidcalc.money.parse_yuan` reads, at most ``MONEY_MAX_FEN`` a month (a yearly
  amount at most twelve times that); above ``MONEY_SANITY_FEN`` a month the lint warns.
- A ratio is a decimal (``"1.5"``), a percentage (``"30%"``) or a fraction (``"1/3"``) with a bounded number of
  digits, within the range the catalogue gives the parameter; never a boolean. Nothing a file can write makes
  the integer arithmetic of the rules overflow.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from fractions import Fraction

from aidcalc.errors import MoneyFormatError, StandardFileError
from aidcalc.money import MAX_RATIO_TERM, MAX_RATIO_VALUE, parse_ratio, parse_yuan
from aidcalc.standards.catalogue import (
    FRACTION_MAX_DIGITS,
    MONEY_MAX_FEN,
    RATIO_MAX_DECIMALS,
    RATIO_MAX_INT_DIGITS,
)

DIGITS_RULE = (
    f"at most {RATIO_MAX_DECIMALS} decimals and {RATIO_MAX_INT_DIGITS} digits before the point "
    f"(or a fraction of at most {FRACTION_MAX_DIGITS} digits on each side of /), and in lowest terms a "
    f"numerator and a denominator of at most {MAX_RATIO_TERM:,}"
)


def range_text(low: Fraction | None, high: Fraction | None, low_open: bool) -> str:
    """``(0, 1]``, ``[1, 3]``: the interval a ratio must lie in, as a notice reader writes it."""
    def num(x: Fraction) -> str:
        return str(x.numerator) if x.denominator == 1 else format(float(x), "g")

    lo = "" if low is None else f"{'(' if low_open else '['}{num(low)}"
    hi = "" if high is None else f"{num(high)}]"
    if low is None and high is None:
        return "≥ 0"
    if low is None:
        return f"at most {hi[:-1]}"
    if high is None:
        return f"{'more than' if low_open else 'at least'} {num(low)}"
    return f"{lo}, {hi}"


def shown(value: object) -> str:
    """A value as found in the file (TOML spelling for booleans)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)


def _digits_ok(value: object) -> bool:
    if isinstance(value, int):
        return bool(abs(value) < 10**RATIO_MAX_INT_DIGITS)
    text = repr(value) if isinstance(value, float) else str(value).strip()
    if "/" in text:
        return all(len(part.strip().lstrip("+-")) <= FRACTION_MAX_DIGITS for part in text.split("/", 1))
    decimals = RATIO_MAX_DECIMALS
    if text.endswith("%"):
        text, decimals = text[:-1], RATIO_MAX_DECIMALS - 2
    try:
        d = Decimal(text)
    except InvalidOperation:
        return False
    exponent = d.as_tuple().exponent
    if not isinstance(exponent, int):
        return False
    return -exponent <= decimals and (d == 0 or d.adjusted() < RATIO_MAX_INT_DIGITS)


def check_ratio(
    value: object,
    where: str,
    low: Fraction | None,
    high: Fraction | None,
    low_open: bool,
    *,
    path: str,
    param: str | None = None,
    what: str = "a ratio",
    money_hint: bool = False,
) -> Fraction:
    """The ratio ``value`` as written at key ``where``, or a StandardFileError saying what is allowed."""
    key = param or where
    allowed = f"{what} in {range_text(low, high, low_open)}"

    def fail(reason: str) -> StandardFileError:
        return StandardFileError(f"key {where!r}: {reason}; found {shown(value)}", path=path, key=key)

    if isinstance(value, bool):
        raise fail(f"{allowed}, not a boolean")
    if not isinstance(value, str | int | float):
        raise fail(f"{allowed}, written as \"0.3\", \"30%\" or \"1/3\"")
    # the digits first: a ratio written with 20 decimals is refused before any arithmetic is done on it
    if (isinstance(value, str) and len(value) > 40) or not _digits_ok(value):
        try:
            parse_ratio(value)
        except ValueError as exc:
            raise StandardFileError(f"key {where!r}: {exc}", path=path, key=key) from None
        raise fail(f"{allowed}, written with {DIGITS_RULE}")
    try:
        r = parse_ratio(value)
    except ValueError as exc:
        raise StandardFileError(f"key {where!r}: {exc}", path=path, key=key) from None
    if r.numerator > MAX_RATIO_TERM or r.denominator > MAX_RATIO_TERM:
        raise fail(f"{allowed}, written with {DIGITS_RULE}")
    if high is None or high > MAX_RATIO_VALUE:
        high = Fraction(MAX_RATIO_VALUE)
    below = low is not None and (r <= low if low_open else r < low)
    if below or (high is not None and r > high) or r < 0:
        hint = ""
        if money_hint and r > 1:
            hint = f" — an amount of money is written {{ amount = \"{value}\", per = \"month\" }}"
        raise StandardFileError(f"key {where!r}: {allowed}; found {shown(value)}{hint}", path=path, key=key)
    return r


def check_amount(value: object, where: str, key: str, path: str, *, per: str = "month") -> int:
    """A yuan amount (0 or more, at most two decimals, within the standards' maximum — twelve times it for a
    yearly amount) in 分, or a StandardFileError naming the key and the value found."""
    try:
        return parse_yuan(value, most=MONEY_MAX_FEN * (12 if per == "year" else 1))
    except MoneyFormatError as exc:
        raise StandardFileError(f"key {where!r}: {exc}; found {shown(value)}", path=path, key=key) from None
