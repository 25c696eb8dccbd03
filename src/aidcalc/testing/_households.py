"""A Frame back in the contract's shape: the household dicts that ``Frame.from_households`` turns back into it
(a synthetic caseload written as JSON lines or tables, or read by the Household model in the tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from aidcalc.engine.frame import I8, I64, SUPPORTERS, B, Frame
from aidcalc.money import yuan
from aidcalc.vocab import ABSENCES, DISABILITY_CATEGORIES, PARENT_SITUATIONS, SELF_CARE, STUDENT_LEVELS

#: relation codes kept in ``Frame.extra["relation"]`` (the rules do not use relations)
RELATIONS: tuple[str, ...] = ("self", "spouse", "child", "parent", "grandparent", "grandchild", "sibling", "other")


def _date_of(d: int) -> str:
    return f"{d // 10000:04d}-{d // 100 % 100:02d}-{d % 100:02d}"


def _month_start(mi: int) -> str:
    return f"{mi // 12:04d}-{mi % 12 + 1:02d}-01"


def frame_to_households(frame: Frame) -> list[dict[str, Any]]:
    """Household dicts of the public contract shape that ``Frame.from_households`` turns back into ``frame``.

    Birth dates, relations and absence kinds come from ``frame.extra`` when the Frame was synthetic;
    otherwise a birth date giving the same age, ``self``/``other`` and ``prison`` stand in.
    """
    extra = frame.extra
    birth: I64 | None = extra.get("birth_date")  # type: ignore[assignment]
    relation: I8 | None = extra.get("relation")  # type: ignore[assignment]
    absence: I8 | None = extra.get("absence")  # type: ignore[assignment]
    mult: B | None = extra.get("multiple_includes_intellectual")  # type: ignore[assignment]
    out: list[dict[str, Any]] = []
    for i in range(frame.n):
        division, day = frame.groups[int(frame.group[i])]
        h: dict[str, Any] = {
            "id": frame.ids[i],
            "division": division,
            "area": "rural" if frame.rural[i] else "urban",
            "on": day.isoformat(),
            "members": [],
        }
        if frame.assets_known[i]:
            h["assets"] = {"financial": yuan(int(frame.financial_assets[i])), "vehicles": int(frame.vehicles[i]),
                           "homes": int(frame.homes[i])}
        history: dict[str, Any] = {}
        if frame.exceeded_month[i] >= 0:
            history["income_exceeded_since"] = _month_start(int(frame.exceeded_month[i]))
        if frame.last_amount[i] >= 0:
            history["last_dibao_amount"] = yuan(int(frame.last_amount[i]))
        if history:
            h["history"] = history
        for p in range(int(frame.start[i]), int(frame.start[i + 1])):
            h["members"].append(_member(frame, p, day, birth, relation, absence, mult))
        out.append(h)
    return out


def _member(
    f: Frame, p: int, day: dt.date, birth: I64 | None, relation: I8 | None, absence: I8 | None, mult: B | None
) -> dict[str, Any]:
    first = p == int(f.start[int(f.hh[p])])
    if birth is not None:
        born = _date_of(int(birth[p]))
    else:
        # the same month and day, ``age`` years earlier (29 February falls back to the 28th)
        born = _date_of((day.year - int(f.age[p])) * 10000 + day.month * 100 + min(day.day, 28))
    rel = RELATIONS[int(relation[p])] if relation is not None else ("self" if first else "other")
    mem: dict[str, Any] = {"id": f.person_ids[p], "relation": rel, "birth_date": born}
    incomes = {kind: yuan(int(arr[p])) for kind, arr in f.incomes.items() if arr[p]}
    if incomes:
        mem["incomes"] = incomes
    if f.employed[p]:
        mem["employed"] = True
    cat = int(f.disability_category[p])
    if cat >= 0:
        dis: dict[str, Any] = {"category": DISABILITY_CATEGORIES[cat], "grade": int(f.disability_grade[p])}
        if DISABILITY_CATEGORIES[cat] == "multiple" and (
            bool(mult[p]) if mult is not None else bool(f.includes_intellectual_mental[p])
        ):
            dis["includes"] = ["intellectual"]
        mem["disability"] = dis
    if f.self_care[p] >= 0:
        mem["self_care"] = SELF_CARE[int(f.self_care[p])]
    if f.serious_illness[p]:
        mem["serious_illness"] = True
    if f.student[p]:
        mem["student"] = STUDENT_LEVELS[int(f.student[p])]
    if f.work_injury_care[p]:
        mem["work_injury_care"] = True
    if f.absent[p]:
        mem["absence"] = ABSENCES[int(absence[p])] if absence is not None and absence[p] >= 0 else "prison"
    if f.father[p] >= 0 or f.mother[p] >= 0:
        mem["parents"] = {"father": PARENT_SITUATIONS[max(int(f.father[p]), 0)],
                          "mother": PARENT_SITUATIONS[max(int(f.mother[p]), 0)]}
    if f.centralized[p]:
        mem["care_setting"] = "centralized"
    if f.supporter[p] >= 0:
        mem["supporter"] = SUPPORTERS[int(f.supporter[p])]
    if f.tekun_recipient[p]:
        mem["tekun_recipient"] = True
    if not f.needs_long_term_care[p]:
        mem["needs_long_term_care"] = False
    return mem
