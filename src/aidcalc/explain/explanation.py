"""Read one household's explanation out of the Trace: lines, steps, reasons, missing facts, warnings.

Every amount a line shows is the Trace's own value for that household; the working strings fill the
household's numbers into the formula the rule module implements, and every standard used is cited
with its notice, 文号, clause, division and effective date.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from aidcalc.benefits import PERSON_AMOUNTS
from aidcalc.engine.trace import Trace
from aidcalc.explain._dibao import explain_dibao
from aidcalc.explain._disability import explain_care, explain_living
from aidcalc.explain._orphan import explain_orphan
from aidcalc.explain._tekun import explain_tekun
from aidcalc.explain._view import View
from aidcalc.explain._words import money
from aidcalc.explain.result import Result
from aidcalc.messages import message, register_all
from aidcalc.money import Money
from aidcalc.standards.catalogue import parameter_label
from aidcalc.standards.library import STALE_AFTER_DAYS
from aidcalc.standards.schema import status_label

ENGINE_VERSION = "0.1.0"


EXPLAINERS = (explain_dibao, explain_tekun, explain_living, explain_care, explain_orphan)


def explain(t: Trace, i: int, *, lang: str = "zh", input_hash: str = "") -> Result:
    """The whole Result for household ``i`` of the traced Frame."""
    v = View(t, i, lang)
    benefits = [fn(v) for fn in EXPLAINERS]
    total = sum([b.amount.fen for b in benefits if b.status == "eligible"])  # 分 (Result makes it Money)
    # each member's amount of each benefit that is not ineligible
    status = {b.code: b.status for b in benefits}
    shown = [(code, v.p(name)) for code, name in PERSON_AMOUNTS.items() if status[code] != "ineligible"]
    members = []
    for k, (mid, age) in enumerate(zip(v.ids, v.pf("age"), strict=True)):
        members.append({"id": mid, "age": age,
                        "amounts": {code: Money(amounts[k]) for code, amounts in shown if amounts[k]}})
    flags = {
        "dibao": bool(v.h("dibao.eligible")),
        "low_income": bool(v.h("dibao.low_income")),
        "single_person": bool(v.h("dibao.any_single")),
        "taper": bool(v.h("dibao.taper_window")),
        "tekun": bool(v.h("tekun.eligible_h")),
    }
    # the warnings and the standards' fingerprint depend on the standards used alone (kept with them)
    warnings, standards = v.kept(("used", *sorted(v.used)), lambda: (_warnings(v), _fingerprint(v)))
    return Result(
        household_id=t.frame.ids[i],
        division=v.division,
        division_name=t.params.library.division_name(v.division, lang),
        on=v.on.isoformat(),
        area="rural" if v.rural else "urban",
        lang=lang,
        total=total,
        benefits=benefits,
        members=members,
        flags=flags,
        warnings=list(warnings),
        fingerprint={"engine": f"aidcalc {ENGINE_VERSION}", "standards": standards,
                     "input": input_hash},
    )


register_all({
    "warning.status": ("{label} {value}（{division}）：{status}。{note}", "{label} {value} ({division}): {status}. {note}"),
    "warning.note_zh_only": ("（标准文件仅有中文说明）", "(The standards file gives this note in Chinese only.)"),
    "warning.stale": (
        "{label} 采用 {effective} 起执行的标准，计算日期已晚 {age} 天且未收录更新的文件，请核实是否已调整。",
        "{label} comes from a notice effective {effective}, {age} days before the calculation date, and no later "
        "notice is bundled: check whether it has been raised.",
    ),
})


def _warnings(v: View) -> list[str]:
    """A warning for each standard used whose status is not ``published`` (with the standard's own note in
    the statement's language), and for each amount from a notice long before the date with none after it."""
    out = []
    library = v.t.params.library
    for name in sorted(v.used):
        r = v.used[name]
        shown = money(r.money) if r.spec.kind == "money" else str(r.value)
        label = parameter_label(name, v.lang)
        if r.status != "published":
            note = r.note_in(v.lang)
            if note is None and r.note:
                note = message("warning.note_zh_only", v.lang)
            out.append(message("warning.status", v.lang, label=label, value=shown,
                               division=_division_name(v, r.division), status=status_label(r.status, v.lang),
                               note=note or "").rstrip())
        if r.spec.kind == "money" and r.notice is not None and r.inputs == ():
            later = [e for e in library.entries(r.division, name) if e.effective > r.notice.effective]
            age_days = (v.on - r.notice.effective).days
            if not later and age_days > STALE_AFTER_DAYS:
                out.append(message("warning.stale", v.lang, label=label, effective=r.notice.effective.isoformat(),
                                   age=age_days))
    return out


def _fingerprint(v: View) -> str:
    """The digest of every standard used: its name, value and the digest of its notice."""
    h = hashlib.sha256()
    for name in sorted(v.used):
        r = v.used[name]
        h.update(f"{name}={r.value!r}@{r.digest}\n".encode())
    return "sha256:" + h.hexdigest()


def _division_name(v: View, code: str) -> str:
    """A division's name in the statement's language (its code when the table has no name for it)."""
    return v.t.params.library.division_name(code, v.lang) or code


def today() -> dt.date:
    return dt.date.today()
