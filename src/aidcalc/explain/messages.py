"""The statement's messages about standards: a standard not in force, a stale one, a division by name.

The texts are entries of the one message catalogue (:mod:`aidcalc.messages`), registered here beside the
functions that fill them.
"""

from __future__ import annotations

from aidcalc.errors import NoValueInForce, StaleStandard
from aidcalc.messages import Lang, message, register_all
from aidcalc.standards.catalogue import parameter_label

#: key → (中文, English), registered in the message catalogue
MESSAGES: dict[str, tuple[str, str]] = {
    # a standard not in force
    "standard.missing": (
        "{division}在 {on} 没有施行中的{label}（{nearest}）",
        "no {label} in force in {division} on {on} ({nearest})",
    ),
    "division.named": ("{name}（{code}）", "{code} {name}"),
    "division.within": ("{parent}所辖 {code} ", "{code} (within {parent})"),
    "standard.last_before": ("此前最后施行于 {date}", "last in force before: {date}"),
    "standard.next_after": ("{date} 起施行下一标准", "next takes effect: {date}"),
    "standard.never": ("本地及上级行政区均无此项标准", "no notice for this parameter in this division or its ancestors"),
    "standard.stale": (
        "{division}在 {on} 施行中的{label}来自 {effective} 起执行的文件（{path}），已 {age} 天，超过可接受的 {max_age} 天"
        "（最长时限），且未收录更新的文件",
        "the {label} in force in {division} on {on} is from {path}, effective {effective}: {age} days old, more "
        "than the {max_age} days accepted (max age); no later notice is loaded",
    ),
    "list.sep": ("；", "; "),
}
register_all(MESSAGES)


def division_text(code: str, name: str, parent: str, lang: str) -> str:
    """A division by its name and code; one whose name is not in the table, by the nearest named parent."""
    if name:
        return message("division.named", lang, name=name, code=code)
    if parent:
        return message("division.within", lang, parent=parent, code=code)
    return code + (" " if lang == "zh" else "")


def missing_standard(err: NoValueInForce, lang: str, division: str) -> str:
    """A standard not in force, in the statement's language: the division with its name, the parameter by
    its label, the date, and the nearest dates that have it."""
    if isinstance(err, StaleStandard):
        return message("standard.stale", lang, division=division, label=parameter_label(err.parameter, lang),
                       on=err.on.isoformat(), effective=err.effective.isoformat(), path=err.path, age=err.age_days,
                       max_age=err.max_age_days)
    near = []
    if err.before is not None:
        near.append(message("standard.last_before", lang, date=err.before.isoformat()))
    if err.after is not None:
        near.append(message("standard.next_after", lang, date=err.after.isoformat()))
    nearest = message("list.sep", lang).join(near) if near else message("standard.never", lang)
    return message("standard.missing", lang, division=division, label=parameter_label(err.parameter, lang),
                   on=err.on.isoformat(), nearest=nearest)


__all__ = ["MESSAGES", "Lang", "division_text", "message", "missing_standard", "parameter_label"]
