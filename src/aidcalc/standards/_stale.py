"""Stale standards: a literal amount from a notice more than so many days old on the calculation date, with no
later notice for it in its division. :class:`~aidcalc.standards.library.Library` with ``max_age_days`` refuses
one as not known (:func:`stale_standard`); ``aidcalc standards coverage`` lists them (:func:`stale_values`);
statements warn after :data:`STALE_AFTER_DAYS`.

The catalogue and the schema are imported where they are used, so that the command line's help can show
:data:`STALE_AFTER_DAYS` without loading them (and pydantic)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from aidcalc.errors import StaleStandard

if TYPE_CHECKING:
    from aidcalc.standards.library import Entry, Library, Resolved

#: a literal amount from a notice older than this many days on the calculation date is shown as stale
STALE_AFTER_DAYS = 400


def outdated(lib: Library, division: str, name: str, effective: dt.date, on: dt.date, max_age_days: int) -> bool:
    """Whether a value of ``name`` set in ``division`` from ``effective`` is more than ``max_age_days`` old on ``on``
    with no later notice for it in that division."""
    return (on - effective).days > max_age_days and not any(
        e.effective > effective for e in lib.entries(division, name))


def stale_standard(lib: Library, entry: Entry, context: str, on: dt.date, name: str,
                   max_age_days: int) -> StaleStandard | None:
    """The refusal of ``entry`` (in force for ``context`` on ``on``) when it is a literal amount that is stale."""
    from aidcalc.standards.schema import MoneyValue

    m = entry.value.model
    if not (isinstance(m, MoneyValue) and m.amount is not None) or not outdated(
            lib, entry.division, name, entry.effective, on, max_age_days):
        return None
    return StaleStandard(
        division=context, parameter=name, on=on, effective=entry.effective, path=entry.path,
        age_days=(on - entry.effective).days, max_age_days=max_age_days, division_name=lib.division_name(context),
    )


def stale_values(lib: Library, division: str, on: dt.date, max_age_days: int = STALE_AFTER_DAYS) -> list[Resolved]:
    """The literal amounts in force in ``division`` on ``on`` from a notice more than ``max_age_days`` old,
    with no later notice for them in their division."""
    from aidcalc.standards.catalogue import CATALOGUE
    from aidcalc.standards.library import Resolved

    out: list[Resolved] = []
    for name, spec in CATALOGUE.items():
        if spec.kind != "money" or not spec.required:
            continue
        got = lib.try_resolve(division, on, name)
        if not isinstance(got, Resolved):
            continue
        for r in got.provenance():
            if r.notice is None or r.inputs or r in out:
                continue
            if outdated(lib, r.division, r.name, r.notice.effective, on, max_age_days):
                out.append(r)
    return out


__all__ = ["STALE_AFTER_DAYS", "outdated", "stale_standard", "stale_values"]
