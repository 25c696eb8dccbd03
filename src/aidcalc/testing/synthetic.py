"""Synthetic caseloads for benchmarks and tests, built directly as Frame arrays.

``synthetic_frame`` draws a reproducible caseload with numpy only — household sizes 1–6, ages with
birth dates, incomes of every type, disabilities with grades, orphans and 事实无人抚养 children (their
parents' situations), 自理能力, supporters, assets and 渐退 history — without creating a Python object
per household (only the id strings the Frame carries). ``frame_to_households`` (:mod:`._households`) turns
a Frame back into household dicts of the public contract shape, so a test can check that
``Frame.from_households`` over those dicts rebuilds the same Frame; ``synthetic_households`` is the two
together for small ``n``.

No standard is written here: incomes, assets and past 低保 amounts are drawn as multiples of
``scale_fen`` (default 100000 分), a scale the caller may set near the local 低保标准 of the division.
The figures are invented; they are a load, not a sample of any real caseload.
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterator
from typing import Any, ParamSpec

import numpy as np
import numpy.typing as npt

from aidcalc.engine.frame import I64, B, Frame, date_int, month_index
from aidcalc.standards.library import Library
from aidcalc.testing._households import RELATIONS, frame_to_households
from aidcalc.vocab import (
    ABSENCES,
    DISABILITY_CATEGORIES,
    INCOME_TYPES,
    PARENT_SITUATIONS,
    STUDENT_LEVELS,
)

_P = ParamSpec("_P")
_REL = {name: i for i, name in enumerate(RELATIONS)}
_STU = {name: i for i, name in enumerate(STUDENT_LEVELS)}
_PAR = {name: i for i, name in enumerate(PARENT_SITUATIONS)}
_DIS = {name: i for i, name in enumerate(DISABILITY_CATEGORIES)}

#: household sizes 1–6 and their shares
SIZE_SHARES = (0.30, 0.25, 0.20, 0.14, 0.08, 0.03)
#: a parent's situation when a child's parents are given (the first entry is "present")
PARENT_SHARES = (0.46, 0.22, 0.05, 0.06, 0.05, 0.07, 0.03, 0.02, 0.04)


def _pick(rng: np.random.Generator, shares: tuple[float, ...], size: int) -> npt.NDArray[np.intp]:
    """Indices drawn with the given shares (normalised)."""
    p = np.asarray(shares, dtype=np.float64)
    cum = np.cumsum(p / p.sum())
    cum[-1] = 1.0
    return np.searchsorted(cum, rng.random(size), side="right")


def _amount(rng: np.random.Generator, scale_fen: int, lo: float, hi: float, size: int) -> I64:
    """Amounts in 分 drawn uniformly between ``lo`` and ``hi`` times the scale."""
    return (scale_fen * (lo + (hi - lo) * rng.random(size))).astype(np.int64)


def _day(on: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(on) if isinstance(on, str) else on


def synthetic_frame(
    n: int,
    *,
    division: str,
    on: dt.date | str,
    area_mix: float = 0.3,
    seed: int = 0,
    scale_fen: int = 100_000,
) -> Frame:
    """A reproducible Frame of ``n`` synthetic households in ``division`` on ``on``.

    ``area_mix`` is the share of rural households; ``seed`` fixes every draw; money is drawn as
    multiples of ``scale_fen``.
    """
    if n < 0:
        raise ValueError("n must be ≥ 0")
    if not 0.0 <= area_mix <= 1.0:
        raise ValueError("area_mix is the share of rural households, between 0 and 1")
    day = _day(on)
    on_int = date_int(day)
    rng = np.random.default_rng(seed)

    # ---- households and membership
    sizes = (_pick(rng, SIZE_SHARES, n) + 1).astype(np.int64)
    start = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(sizes, out=start[1:])
    m = int(start[-1])
    hh = np.repeat(np.arange(n, dtype=np.int32), sizes)
    pos = np.arange(m, dtype=np.int64) - start[:-1][hh]
    rural = rng.random(n) < area_mix
    # kind of household: 0 working-age head, 1 elderly head, 2 grandparent raising grandchildren
    kind = _pick(rng, (0.68, 0.24, 0.08), n)
    head_age = np.select(
        [kind == 0, kind == 1],
        [rng.integers(18, 60, n), rng.integers(60, 96, n)],
        rng.integers(55, 86, n),
    ).astype(np.int64)

    # ---- members: relation and age
    k_p = kind[hh]
    head_p = head_age[hh]
    u = rng.random(m)
    spouse = (pos == 1) & (u < 0.7)
    old_parent = (pos >= 2) & (k_p == 0) & (u > 0.85)
    relation = np.full(m, _REL["child"], dtype=np.int8)
    relation[k_p == 2] = _REL["grandchild"]
    relation[old_parent] = _REL["parent"]
    relation[spouse] = _REL["spouse"]
    relation[pos == 0] = _REL["self"]
    spread = rng.integers(-6, 7, m)
    child_span = np.clip(np.where(k_p == 1, head_p - 20, head_p - 16), 1, 40)
    child_age = (rng.random(m) * child_span).astype(np.int64) + np.where(k_p == 1, 18, 0)
    target = np.select(
        [relation == _REL["self"], relation == _REL["spouse"], relation == _REL["parent"],
         relation == _REL["grandchild"]],
        [head_p, np.clip(head_p + spread, 18, 100), np.clip(head_p + rng.integers(20, 36, m), 60, 104),
         rng.integers(0, 19, m)],
        child_age,
    ).astype(np.int64)
    month = rng.integers(1, 13, m)
    mday = rng.integers(1, 29, m)
    md = month * 100 + mday
    birth_year = day.year - target - (md > day.month * 100 + day.day)
    birth = birth_year * 10000 + md
    age = ((on_int - birth) // 10000).astype(np.int32)
    a = age.astype(np.int64)
    minor = a < 18
    elderly = a >= 60
    working = ~minor & ~elderly

    # ---- situation
    student = np.zeros(m, dtype=np.int8)
    r = rng.random(m)
    student[(a >= 3) & (a <= 5) & (r < 0.7)] = _STU["preschool"]
    student[(a >= 6) & (a <= 14)] = _STU["compulsory"]
    student[(a >= 15) & (a <= 17) & (r < 0.6)] = _STU["high_school"]
    student[(a >= 15) & (a <= 17) & (r >= 0.6) & (r < 0.9)] = _STU["vocational"]
    student[(a >= 18) & (a <= 22) & (r < 0.35)] = _STU["undergraduate"]
    student[(a >= 18) & (a <= 20) & (r >= 0.35) & (r < 0.45)] = _STU["vocational"]
    student[(a >= 23) & (a <= 26) & (r < 0.05)] = _STU["postgraduate"]
    in_school = student >= _STU["compulsory"]

    disabled = rng.random(m) < np.where(elderly, 0.12, 0.05)
    dis_cat = np.where(disabled, _pick(rng, (0.12, 0.12, 0.03, 0.40, 0.12, 0.13, 0.08), m), -1).astype(np.int8)
    dis_grade = np.where(disabled, _pick(rng, (0.12, 0.25, 0.30, 0.33), m) + 1, 0).astype(np.int8)
    multiple_with = (dis_cat == _DIS["multiple"]) & (rng.random(m) < 0.5)
    incl = (dis_cat == _DIS["intellectual"]) | (dis_cat == _DIS["mental"]) | multiple_with
    ltc = ~((dis_grade >= 1) & (dis_grade <= 2) & (rng.random(m) < 0.2))
    ill = rng.random(m) < 0.03
    wic = working & (rng.random(m) < 0.003)
    recipient = (elderly | disabled | minor) & (rng.random(m) < 0.02)
    absence = np.where((pos > 0) & ~minor & (rng.random(m) < 0.012), rng.integers(0, len(ABSENCES), m), -1)
    absent = absence >= 0
    self_care = np.where(
        (elderly | disabled | minor) & (rng.random(m) < 0.7), _pick(rng, (0.6, 0.25, 0.15), m), -1
    ).astype(np.int8)
    youngster = (a < 25) & ((relation == _REL["child"]) | (relation == _REL["grandchild"]))
    parents_given = youngster & (rng.random(m) < np.where(k_p == 2, 0.9, 0.1))
    father = np.where(parents_given, _pick(rng, PARENT_SHARES, m), -1).astype(np.int8)
    mother = np.where(parents_given, _pick(rng, PARENT_SHARES, m), -1).astype(np.int8)
    centralized = rng.random(m) < np.where(parents_given | (a >= 75), 0.05, 0.0)
    supporter = np.where(
        (elderly | disabled | minor) & (rng.random(m) < 0.6), _pick(rng, (0.3, 0.3, 0.4), m), -1
    ).astype(np.int8)

    # ---- incomes (monthly 分), around the scale
    employed = working & ~absent & (student == 0) & (rng.random(m) < 0.55)
    incomes: dict[str, I64] = {}

    def draw(name: str, who: B, share: float, lo: float, hi: float) -> None:
        got = who & (rng.random(m) < share)
        incomes[name] = np.where(got, _amount(rng, scale_fen, lo, hi, m), 0)

    draw("wage", employed, 0.97, 0.3, 3.2)
    draw("business", working & ~employed, 0.10, 0.1, 1.6)
    draw("property", ~minor, 0.03, 0.02, 0.5)
    draw("pension", elderly, 0.45, 0.5, 3.0)
    draw("basic_pension", elderly & (incomes["pension"] == 0), 0.8, 0.1, 0.3)
    draw("support", elderly | minor, 0.12, 0.05, 0.6)
    draw("unemployment", working & ~employed, 0.05, 0.5, 1.0)
    draw("other", ~minor, 0.10, 0.0, 0.3)
    draw("special_care", elderly, 0.02, 0.2, 1.0)
    draw("family_planning", elderly, 0.05, 0.05, 0.15)
    draw("scholarship", in_school, 0.05, 0.05, 0.5)
    draw("reward", ~minor, 0.002, 0.1, 1.0)
    draw("assistance", np.ones(m, dtype=np.bool_), 0.02, 0.05, 0.5)
    draw("disability_subsidy", disabled, 0.6, 0.05, 0.3)
    draw("orphan_allowance", parents_given, 0.2, 0.5, 1.5)
    draw("de_facto_allowance", parents_given, 0.1, 0.5, 1.5)
    draw("elderly_allowance", a >= 80, 0.7, 0.03, 0.1)
    incomes = {k: incomes[k] for k in INCOME_TYPES if k in incomes and bool(incomes[k].any())}

    # ---- assets and 渐退 history
    assets_known = rng.random(n) < 0.85
    fin = np.where(assets_known, (scale_fen * sizes * 40 * rng.random(n) ** 2).astype(np.int64), 0)
    veh = np.where(assets_known, (rng.random(n) < 0.1).astype(np.int32), 0).astype(np.int32)
    homes = np.where(assets_known, _pick(rng, (0.3, 0.6, 0.1), n), 0).astype(np.int32)
    on_month = month_index(day)
    exceeded_set = rng.random(n) < 0.08
    exceeded = np.where(exceeded_set, on_month - rng.integers(0, 9, n), -1).astype(np.int32)
    last = np.where(exceeded_set & (rng.random(n) < 0.8), _amount(rng, scale_fen, 0.2, 2.0, n), -1)

    member_names = np.array([f"p{k + 1}" for k in range(6)], dtype=object)
    return Frame(
        ids=[f"S{seed}-{i:07d}" for i in range(n)],
        groups=[(division, day)],
        group=np.zeros(n, dtype=np.int32),
        rural=rural,
        start=start,
        assets_known=assets_known,
        financial_assets=fin.astype(np.int64),
        vehicles=veh,
        homes=homes,
        exceeded_month=exceeded,
        last_amount=last.astype(np.int64),
        on_month=np.full(n, on_month, dtype=np.int32),
        hh=hh,
        person_ids=member_names[pos].tolist(),
        age=age,
        incomes=incomes,
        employed=employed,
        serious_illness=ill,
        work_injury_care=wic,
        tekun_recipient=recipient,
        needs_long_term_care=ltc,
        absent=absent,
        disability_category=dis_cat,
        disability_grade=dis_grade,
        includes_intellectual_mental=incl,
        self_care=self_care,
        student=student,
        father=father,
        mother=mother,
        centralized=centralized,
        supporter=supporter,
        extra={
            "birth_date": birth,
            "relation": relation,
            "absence": absence.astype(np.int8),
            "multiple_includes_intellectual": multiple_with,
        },
    )


def _as_households(make: Callable[_P, Frame]) -> Callable[_P, list[dict[str, Any]]]:
    """The households of the Frame ``make`` draws, as contract-shaped dicts: the same arguments, one generator."""

    def synthetic_households(*args: _P.args, **kwargs: _P.kwargs) -> list[dict[str, Any]]:
        """The households of ``synthetic_frame`` with the same arguments, as contract-shaped dicts (small ``n``)."""
        return frame_to_households(make(*args, **kwargs))

    # a module-level name (pickle, help) showing the arguments of ``make``
    synthetic_households.__qualname__ = "synthetic_households"
    vars(synthetic_households)["__signature__"] = inspect.signature(make).replace(
        return_annotation="list[dict[str, Any]]")
    return synthetic_households


synthetic_households = _as_households(synthetic_frame)


# ------------------------------------------------------------------ caseloads on a division's standard

#: ``aidcalc sample --area``: the share of rural households
AREA_MIX = {"urban": 0.0, "rural": 1.0, "mixed": 0.3}
#: households per synthetic Frame of a sample (each drawn from its own seed, so that a large sample is
#: never held whole)
SAMPLE_BLOCK = 20_000


def sample_frames(
    n: int, *, division: str, on: dt.date, library: Library, seed: int = 0, area: str = "mixed",
) -> Iterator[Frame]:
    """The sample as synthetic Frames of ``SAMPLE_BLOCK`` households, so that a large sample is never held
    whole (raises NoValueInForce at once when no 低保标准 is in force).

    The households come from :func:`synthetic_frame` (sizes, ages, disabilities and
    grades, orphans and 事实无人抚养 children, elderly people alone with no supporter, assets, 渐退
    history); money is drawn on the scale of the area's own standard.
    """
    areas = ("urban", "rural") if area == "mixed" else (area,)
    standard = {a: library.resolve(division, on, f"dibao.standard.{a}").money for a in areas}
    return _frames(n, division, on, seed, area, standard)


def _frames(n: int, division: str, on: dt.date, seed: int, area: str, standard: dict[str, int]) -> Iterator[Frame]:
    scale = next(iter(standard.values()))
    for block, first in enumerate(range(0, n, SAMPLE_BLOCK)):
        size = min(SAMPLE_BLOCK, n - first)
        block_seed = int(np.random.SeedSequence([seed, block]).generate_state(1)[0])
        frame = synthetic_frame(size, division=division, on=on, area_mix=AREA_MIX[area], seed=block_seed,
                                scale_fen=scale)
        if len(standard) == 2:
            _rescale_rural(frame, standard["rural"], scale)
        frame.ids = [sample_id(seed, first + i + 1, n) for i in range(size)]
        yield frame


def sample_id(seed: int, k: int, n: int) -> str:
    """The id of the ``k``-th of ``n`` sample households: as wide as the last one's, so that the ids' text
    order is their number order (``aidcalc batch`` streams tables sorted by id)."""
    return f"S{seed}-{k:0{max(7, len(str(n)))}d}"


def _rescale_rural(frame: Frame, rural: int, urban: int) -> None:
    """Put the money of rural households on the scale of the rural standard (exact, rounded down)."""
    person_rural = frame.rural[frame.hh]
    for kind, arr in frame.incomes.items():
        frame.incomes[kind] = np.where(person_rural, arr * rural // urban, arr)
    frame.financial_assets = np.where(frame.rural, frame.financial_assets * rural // urban, frame.financial_assets)
    frame.last_amount = np.where(frame.rural & (frame.last_amount > 0), frame.last_amount * rural // urban,
                                 frame.last_amount)


__all__ = ["AREA_MIX", "RELATIONS", "SAMPLE_BLOCK", "frame_to_households", "sample_frames", "sample_id",
           "synthetic_frame", "synthetic_households"]
