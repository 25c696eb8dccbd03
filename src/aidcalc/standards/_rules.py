"""A standard's value worked out: a literal, or a rule (``ratio`` + ``of``, ``same_as``, ``max``, ``min``, ``sum`` of
terms, each optionally rounded) over the values in force — with how it was worked out, written once in 中文
and in English; and the value of a ``share`` parameter (:class:`Share`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from aidcalc.messages import message, register_all
from aidcalc.money import (
    MAX_STANDARD_FEN,
    parse_ratio,
    parse_yuan,
    ratio_text,
    round_fraction,
    rounding_text,
    yuan_grouped,
)
from aidcalc.standards.catalogue import parameter_label
from aidcalc.standards.schema import (
    BandsValue,
    BoolValue,
    ChoiceValue,
    IntValue,
    ListValue,
    MoneyValue,
    RatioValue,
    ScheduleValue,
    Term,
)

if TYPE_CHECKING:
    from aidcalc.standards.library import Resolved

register_all({
    "working.per_year": ("{amount} 元/年 ÷ 12 = {monthly}{rounding}", "{amount} yuan a year ÷ 12 = {monthly}{rounding}"),
    "working.same_as": ("同 {label} {amount}", "same as {label} {amount}"),
})


@dataclass(frozen=True)
class Share:
    """A value of a ``share`` parameter (分类施保): money (``fen``), or ``ratio`` × the household's own base
    (its 低保标准) rounded to ``unit`` by ``mode``."""

    fen: int | None = None
    ratio: Fraction | None = None
    unit: str = "fen"
    mode: str = "half-up"

    def of(self, base: int) -> int:
        """The amount in 分 for a household whose base is ``base`` 分."""
        if self.fen is not None:
            return self.fen
        assert self.ratio is not None
        return round_fraction(self.ratio * base, self.unit, self.mode)

    def __str__(self) -> str:
        if self.fen is not None:
            return yuan_grouped(self.fen)
        assert self.ratio is not None
        return self.text("zh")

    def text(self, lang: str) -> str:
        """The share as a statement shows it, in ``lang``: an amount, or a ratio with its rounding."""
        if self.fen is not None:
            return yuan_grouped(self.fen)
        assert self.ratio is not None
        rounding = "" if self.unit == "fen" and self.mode == "half-up" else \
            _paren(rounding_text(self.mode, self.unit, lang), lang)
        return f"{ratio_text(self.ratio)}{rounding}"


def plain_value(m: object) -> object:
    """The value of a parameter that is not money: a ratio, a whole number, a flag, a choice, a list, a monthly
    schedule of ratios, or amounts by age band (a month's, where the notice gives a year's)."""
    if isinstance(m, RatioValue):
        return parse_ratio(m.value)
    if isinstance(m, IntValue | BoolValue | ChoiceValue):
        return m.value
    if isinstance(m, ListValue):
        return tuple(m.value)
    if isinstance(m, ScheduleValue):
        return tuple(parse_ratio(v) for v in m.value)
    if isinstance(m, BandsValue):
        bands = sorted((b.age_from, parse_yuan(b.amount, most=MAX_STANDARD_FEN)) for b in m.bands)
        if m.per == "year":
            bands = [(a, round_fraction(Fraction(f, 12))) for a, f in bands]
        return tuple(bands)
    raise TypeError(type(m))  # pragma: no cover - the schema admits nothing else


def money(m: MoneyValue, get: Callable[[str], Resolved]) -> tuple[int, tuple[str, str], tuple[Resolved, ...]]:
    """The amount in 分 a month, how it was worked out (中文, English), and the values it used."""
    if m.amount is not None:
        fen = parse_yuan(m.amount, most=MAX_STANDARD_FEN)
        if m.per == "month":
            return fen, ("", ""), ()
        monthly = round_fraction(Fraction(fen, 12), m.round, m.mode)
        exact = Fraction(fen, 12)
        return monthly, _both(lambda lang: message(
            "working.per_year", lang, amount=yuan_grouped(fen), monthly=yuan_grouped(monthly),
            rounding="" if exact == monthly else _paren(rounding_text(m.mode, m.round, lang), lang))), ()
    if m.same_as is not None:
        x = get(m.same_as)
        return x.money, _both(lambda lang: message(
            "working.same_as", lang, label=parameter_label(x.name, lang), amount=yuan_grouped(x.money))), (x,)
    if m.of is not None:
        assert m.ratio is not None
        r = parse_ratio(m.ratio)
        x = get(m.of)
        exact = r * x.money
        v = round_fraction(exact, m.round, m.mode)

        def ratio(lang: str) -> str:
            text = (f"{ratio_text(r)} × {parameter_label(x.name, lang)} {yuan_grouped(x.money)} = "
                    f"{_show_exact(exact)}")
            return text + (_rounded(v, m.mode, m.round, lang) if exact != v else "")

        return v, _both(ratio), (x,)
    form, combine = (("max", max) if m.max is not None else ("min", min) if m.min is not None
                     else ("sum", sum))
    parts: list[tuple[Fraction, tuple[str, str]]] = []
    inputs: list[Resolved] = []
    for t in m.terms:
        exact, text, used = _term(t, get)
        parts.append((exact, text))
        inputs.extend(used)
    best = Fraction(combine(p[0] for p in parts))
    v = round_fraction(best, m.round, m.mode)

    def combined(lang: str) -> str:
        texts = [p[1][0 if lang == "zh" else 1] for p in parts]
        if form == "sum":
            text = " + ".join(f"({t})" if " = " in t else t for t in texts) + f" = {_show_exact(best)}"
        else:
            text = f"{form}(" + "; ".join(texts) + f") = {_show_exact(best)}"
        return text + (_rounded(v, m.mode, m.round, lang) if best != v else "")

    return v, _both(combined), tuple(inputs)


def _term(t: Term, get: Callable[[str], Resolved]) -> tuple[Fraction, tuple[str, str], list[Resolved]]:
    used: list[Resolved] = []
    if t.amount is not None:
        exact = Fraction(parse_yuan(t.amount, most=MAX_STANDARD_FEN), 12 if t.per == "year" else 1)
        text = _both(lambda lang: _show_exact(exact))
    else:
        assert t.of is not None
        r = parse_ratio(t.ratio) if t.ratio is not None else Fraction(1)
        x = get(t.of)
        used.append(x)
        exact = r * x.money
        text = _both(lambda lang: f"{ratio_text(r)} × {parameter_label(x.name, lang)} {yuan_grouped(x.money)} = "
                     f"{_show_exact(exact)}" if t.ratio is not None else
                     f"{parameter_label(x.name, lang)} {yuan_grouped(x.money)}")
    if t.round is not None and t.mode is not None:
        rounded = Fraction(round_fraction(exact, t.round, t.mode))
        if rounded != exact:
            mode, unit, before = t.mode, t.round, text
            text = (before[0] + _rounded(int(rounded), mode, unit, "zh"),
                    before[1] + _rounded(int(rounded), mode, unit, "en"))
        exact = rounded
    return exact, text, used


def _both(text: Callable[[str], str]) -> tuple[str, str]:
    """A working written once, in 中文 and in English."""
    return text("zh"), text("en")


def _paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _rounded(fen: int, mode: str, unit: str, lang: str) -> str:
    """`` → 1,234.00（向上取整到元）``: an exact amount rounded as the notice says."""
    return f" → {yuan_grouped(fen)}" + _paren(rounding_text(mode, unit, lang), lang)


def _show_exact(x: Fraction) -> str:
    """An exact amount of 分 in yuan, with up to 4 decimals where it is not a whole 分."""
    if x.denominator == 1:
        return yuan_grouped(int(x))
    q = round_fraction(x * 100, "fen", "half-up")  # hundredths of a 分
    whole = yuan_grouped(q // 100)
    frac = f"{q % 100:02d}".rstrip("0")
    approx = "" if Fraction(q, 100) == x else "…"
    return f"{whole}{frac}{approx}"
