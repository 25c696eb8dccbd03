"""A hand-written numpy kernel of the engine's 低保 rule, for the "≤ 3× the kernel" benchmark.

It computes exactly what ``aidcalc.benefits.dibao.compute`` computes for ``dibao.amount``,
``dibao.eligible`` and ``dibao.undetermined`` — 共同生活家庭成员, counted income with the disregards in
force, the 就业成本扣减, 标准 × 人数 − 家庭月收入 on totals (``np.add.reduceat``), assets, the minimum
payment, 分类施保, 低保边缘 and 单人户, 渐退 — but the way one would write it by hand for one division
and date: the standards are read once as Python scalars, branches that the standards switch off are
not computed, and nothing is kept for an explanation.

Like ``dibao.compute`` it takes who is 特困 (and whose 特困 is pending a fact) and who is an orphan as
given (the engine computes those first); the benchmark passes the engine's own ``tekun.person``,
``tekun.undetermined`` and ``orphan.is_orphan``. The benchmark fails (exit 1) when the kernel and the
engine disagree on a single household: the "≤ 3×" figure compares one rule written twice.
Every figure comes from the standards through the Library; none is written here.

``tuned=False`` is the plain kernel (``np.add.reduceat``, ``np.where(mask, x, 0)``, fancy indexing);
``tuned=True`` writes the same lines with the three numpy idioms the engine uses (prefix sums read at
the household boundaries, ``x * mask``, ``take``), for a stricter comparison.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import Frame
from aidcalc.money import UNIT_FEN
from aidcalc.standards.library import Library, Resolved, Share
from aidcalc.vocab import INCOME_TYPES, MEMBER_CATEGORIES, PARENT_SITUATIONS, STUDENT_LEVELS

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]

_DECEASED = PARENT_SITUATIONS.index("deceased")
_PRESENT = PARENT_SITUATIONS.index("present")
_NON_COMPULSORY = [STUDENT_LEVELS.index(s) for s in ("high_school", "vocational", "undergraduate", "postgraduate")]


@dataclass(frozen=True)
class DibaoScalars:
    """The standards the 低保 rule reads, for one division and date, as plain Python values."""

    urban: int | None
    rural: int | None
    disregarded: frozenset[str]
    fixed: int | None
    wage_ratio: Fraction | None
    standard_ratio: Fraction | None
    cap_ratio: Fraction | None
    financial_months: int | None
    max_homes: int | None
    max_vehicles: int | None
    floor_per_person: int | None
    floor_ratio: Fraction | None
    classified: dict[str, Share]
    classified_elderly_age: int | None
    stack: bool
    multiplier: Fraction
    #: the 低保边缘 line per head as money, by area, where a notice sets it and it is preferred to the multiplier
    line_urban: int | None
    line_rural: int | None
    single_categories: frozenset[str]
    schedule: tuple[Fraction, ...]
    excluded_orphans: bool
    elderly_age: int
    adult_age: int


def scalars(library: Library, division: str, on: dt.date) -> DibaoScalars:
    """Read the 低保 standards in force once."""

    def get(name: str) -> Any:
        r = library.try_resolve(division, on, name)
        return r.value if isinstance(r, Resolved) else None

    chain = list(library.chain(division))

    def line(area: str) -> int | None:
        """The money line when in force and set more locally than the multiplier (or by the same division in a
        notice no older), as the engine chooses."""
        ln = library.try_resolve(division, on, f"dibao.low_income_line.{area}")
        mu = library.try_resolve(division, on, "dibao.low_income_multiplier")
        if not isinstance(ln, Resolved):
            return None
        if isinstance(mu, Resolved):
            here, there = chain.index(ln.division), chain.index(mu.division)
            if here > there or (here == there and not (ln.notice is not None and mu.notice is not None
                                                       and ln.notice.effective >= mu.notice.effective)):
                return None
        return int(ln.value)

    return DibaoScalars(
        urban=get("dibao.standard.urban"),
        rural=get("dibao.standard.rural"),
        disregarded=frozenset(k for k in INCOME_TYPES if get(f"dibao.disregarded.{k}")),
        fixed=get("dibao.work_deduction.fixed"),
        wage_ratio=get("dibao.work_deduction.wage_ratio"),
        standard_ratio=get("dibao.work_deduction.standard_ratio"),
        cap_ratio=get("dibao.work_deduction.cap_standard_ratio"),
        financial_months=get("dibao.assets.financial_months"),
        max_homes=get("dibao.assets.max_homes"),
        max_vehicles=get("dibao.assets.max_vehicles"),
        floor_per_person=get("dibao.minimum_payment.per_person"),
        floor_ratio=get("dibao.minimum_payment.standard_ratio"),
        classified={c: get(f"dibao.classified.{c}") for c in MEMBER_CATEGORIES if get(f"dibao.classified.{c}")},
        classified_elderly_age=get("dibao.classified.elderly_age"),
        stack=get("dibao.classified.stacking") == "stack",
        multiplier=get("dibao.low_income_multiplier") or Fraction(0),
        line_urban=line("urban"),
        line_rural=line("rural"),
        single_categories=frozenset(get("dibao.single_person.categories") or ()),
        schedule=tuple(get("dibao.taper.schedule") or ()),
        excluded_orphans=bool(get("orphan.excluded_from_dibao")),
        elderly_age=get("people.elderly_age") or 0,
        adult_age=get("people.adult_age") or 0,
    )


def _share(x: Any, s: Share) -> Any:
    """A 分类施保 amount: the share's money, or its ratio × ``x`` rounded to its unit by its mode."""
    if s.fen is not None:
        return np.int64(s.fen)
    assert s.ratio is not None
    num, den, step = s.ratio.numerator, s.ratio.denominator, UNIT_FEN[s.unit]
    prod, unit = x * num, den * step
    if s.mode == "up":
        return -((-prod) // unit) * step
    if s.mode == "down":
        return prod // unit * step
    return (2 * prod + unit) // (2 * unit) * step


def _half_up(x: I64, r: Fraction) -> I64:
    """``x × r`` rounded half-up to the 分 (the engine's ``mul_ratio``)."""
    num, den = r.numerator, r.denominator
    return (2 * (x * num) + den) // (2 * den)


def dibao_kernel(
    f: Frame, s: DibaoScalars, tekun_person: B, tekun_undetermined: B, is_orphan: B, *, tuned: bool = False
) -> tuple[I64, B, B]:
    """``dibao.amount``, ``dibao.eligible`` and ``dibao.undetermined`` for a one-group Frame."""
    starts = f.start[:-1]
    hh = f.hh.astype(np.intp) if tuned else f.hh

    def per_household(x: Any) -> I64:
        if not tuned:
            out: I64 = np.add.reduceat(x, starts, dtype=np.int64)
            return out
        prefix = np.empty(f.m + 1, dtype=np.int64)
        prefix[0] = 0
        np.cumsum(x, dtype=np.int64, out=prefix[1:])
        at = prefix.take(f.start)
        return at[1:] - at[:-1]

    def only(mask: Any, x: Any) -> Any:
        return x * mask if tuned else np.where(mask, x, 0)

    def persons(x: Any) -> Any:
        return x.take(hh) if tuned else x[hh]

    rural = f.rural
    std_ok_u, std_ok_r = s.urban is not None, s.rural is not None
    su, sr = s.urban or 0, s.rural or 0
    if rural.all():
        standard: Any = np.int64(sr)
        std_p: Any = standard
        std_ok: Any = std_ok_r
    elif not rural.any():
        standard = np.int64(su)
        std_p = standard
        std_ok = std_ok_u
    else:
        standard = np.where(rural, np.int64(sr), np.int64(su))
        std_p = persons(standard)
        std_ok = np.where(rural, std_ok_r, std_ok_u)

    # 共同生活家庭成员 and their counted income (第七条, 第十三条)
    counted = ~f.absent & ~tekun_person
    if s.excluded_orphans:
        counted &= ~is_orphan
    gross = np.zeros(f.m, dtype=np.int64)
    for kind, arr in f.incomes.items():
        if kind not in s.disregarded:
            gross += arr
    wage = f.income("wage") + f.income("business")
    raw = np.zeros(f.m, dtype=np.int64) + (s.fixed or 0)
    if s.wage_ratio:
        raw += _half_up(wage, s.wage_ratio)
    if s.standard_ratio:
        raw = raw + _half_up(std_p, s.standard_ratio)
    if s.cap_ratio is not None:
        raw = np.minimum(raw, _half_up(std_p, s.cap_ratio))
    deduction = only(f.employed, np.minimum(raw, wage))
    net = gross - deduction
    size = per_household(counted)
    income = per_household(only(counted, net))

    # 标准 × 人数 − 家庭月收入, on totals
    threshold = standard * size
    below = (size > 0) & (income < threshold)
    gap = only(below, threshold - income)

    # assets (第十四条)
    has_limits = s.financial_months is not None or s.max_homes is not None or s.max_vehicles is not None
    if has_limits:
        within = f.assets_known.copy()
        if s.financial_months is not None:
            within &= f.financial_assets <= s.financial_months * standard * np.maximum(size, 1)
        if s.max_homes is not None:
            within &= f.homes <= s.max_homes
        if s.max_vehicles is not None:
            within &= f.vehicles <= s.max_vehicles
        assets_ok = within
        assets_unknown = ~f.assets_known
    else:
        assets_ok = np.ones(f.n, dtype=np.bool_)
        assets_unknown = np.zeros(f.n, dtype=np.bool_)

    # minimum payment
    floor_each: Any = 0
    if s.floor_per_person is not None:
        floor_each = np.int64(s.floor_per_person)
    if s.floor_ratio is not None:
        floor_each = np.maximum(floor_each, _half_up(standard, s.floor_ratio))
    base_paid = only(below, np.maximum(gap, floor_each * size))

    # member categories, only those a standard uses
    wanted = set(s.classified) | set(s.single_categories)
    age = f.age
    cats: dict[str, B] = {}
    if "severe_disability" in wanted:
        g = f.disability_grade
        cats["severe_disability"] = ((g >= 1) & (g <= 2)) | ((g == 3) & f.includes_intellectual_mental)
    if "serious_illness" in wanted:
        cats["serious_illness"] = f.serious_illness
    if "elderly" in wanted:
        elderly_from = s.classified_elderly_age if s.classified_elderly_age is not None else s.elderly_age
        cats["elderly"] = age >= elderly_from
    if "minor" in wanted or "single_parent_child" in wanted:
        cats["minor"] = age < s.adult_age
    if "student" in wanted:
        cats["student"] = np.isin(f.student, _NON_COMPULSORY)
    if "single_parent_child" in wanted:
        one_gone = ((f.father == _DECEASED) & (f.mother == _PRESENT)) | (
            (f.mother == _DECEASED) & (f.father == _PRESENT))
        cats["single_parent_child"] = cats["minor"] & one_gone

    # 分类施保
    classified: Any = np.zeros(f.m, dtype=np.int64)
    for cat, share in s.classified.items():
        extra = only(cats[cat], _share(std_p, share))
        classified = classified + extra if s.stack else np.maximum(classified, extra)

    # 低保边缘 and 单人户 (第八条)
    m = s.multiplier
    line_u, line_r = s.line_urban, s.line_rural
    if line_u is None and line_r is None:  # multiplier × standard, exact
        edge_income = (size > 0) & ~below & (income * m.denominator < m.numerator * threshold)
    else:  # a money line per head where the notice sets one (the multiplier elsewhere)
        line_num = np.where(rural, line_r if line_r is not None else m.numerator * np.int64(sr),
                            line_u if line_u is not None else m.numerator * np.int64(su))
        line_den = np.where(rural, 1 if line_r is not None else m.denominator, 1 if line_u is not None else m.denominator)
        edge_income = (size > 0) & ~below & (income * line_den < line_num * size)
    low_income = edge_income & ~assets_unknown & assets_ok
    edge_pending = edge_income & assets_unknown  # a 低保边缘 household but for the assets it did not give
    single = np.zeros(f.m, dtype=np.bool_)
    if s.single_categories:
        allowed = np.zeros(f.m, dtype=np.bool_)
        for cat in s.single_categories:
            allowed |= cats[cat]
        single = persons(low_income | edge_pending) & counted & allowed & (net < std_p)
    single_amount = only(single, std_p - net)

    # 渐退 (第三十三条)
    n_sched = len(s.schedule)
    k = f.on_month - f.exceeded_month
    in_window = (size > 0) & ~below & (f.exceeded_month >= 0) & (k >= 0) & (k < n_sched)
    last_known = f.last_amount >= 0
    if n_sched:
        nums = np.array([r.numerator for r in s.schedule], dtype=np.int64)
        dens = np.array([r.denominator for r in s.schedule], dtype=np.int64)
        ks = np.clip(k, 0, n_sched - 1)
        sn, sd = nums[ks], dens[ks]
        taper = only(in_window & last_known, (2 * (np.maximum(f.last_amount, 0) * sn) + sd) // (2 * sd))
    else:
        taper = np.zeros(f.n, dtype=np.int64)

    covered = (persons(below) & counted) | single
    hh_classified = per_household(only(covered, classified))
    single_total = per_household(single_amount)
    any_single = single_total > 0
    in_window = in_window & ~any_single  # a member covered alone is paid that, not 渐退
    amount = np.where(below, base_paid + hh_classified,
                      np.where(any_single, single_total + hh_classified, only(in_window, taper)))
    # 特困 pending a fact (the supporter) takes the person out of the count: 低保 hangs on the same fact
    tekun_pending = per_household(tekun_undetermined & ~f.absent) > 0
    undetermined = (~std_ok | (below & assets_unknown) | (in_window & ~last_known) | (any_single & edge_pending)
                    | tekun_pending)
    eligible = ((below & assets_ok & std_ok) | any_single | (in_window & last_known)) & ~undetermined
    amount = only(eligible | undetermined, amount)
    return amount, np.broadcast_to(eligible, (f.n,)), np.broadcast_to(undetermined, (f.n,))
