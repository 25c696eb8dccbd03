"""A standard's value as people and machines read it: text (money in yuan a month, ratios as a notice writes
them, lists joined) and JSON (with its notice, status and working); and a missing value as JSON. Shared by
``aidcalc standards`` and the diff's reports."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any

from aidcalc.messages import message, register_all

if TYPE_CHECKING:
    from aidcalc.errors import NoValueInForce
    from aidcalc.standards.library import Library, Resolved


#: the words of a value shown as text (:func:`value_text`), in the message catalogue as ``value.<key>``
register_all({f"value.{key}": texts for key, texts in {
    "money": ("{amount} 元/月", "{amount} yuan a month"),
    "share": ("{share} × {base}", "{share} × {base}"),
    "true": ("是", "yes"),
    "false": ("否", "no"),
    "list_sep": ("、", ", "),
    "empty": ("（无）", "(none)"),
    "band": ("{age}岁起 {amount} 元/月", "from age {age}: {amount} yuan a month"),
    "band_sep": ("；", "; "),
}.items()})
#: a share's base, as the label of its urban parameter names it without the area
_AREA_PREFIX = {"zh": "城市", "en": "urban "}


def value_text(r: Resolved, lang: str = "zh") -> str:
    """A resolved value for reading, in ``lang``: money in yuan per month, ratios as written, lists joined."""
    from aidcalc.money import ratio_text, yuan
    from aidcalc.standards.catalogue import parameter_label
    from aidcalc.standards.library import Share

    kind = r.spec.kind
    v = r.value
    if kind == "money":
        assert isinstance(v, int)
        return message("value.money", lang, amount=yuan(v))
    if isinstance(v, Share):
        if v.fen is not None:
            return message("value.money", lang, amount=yuan(v.fen))
        base = parameter_label(r.spec.base + ".urban", lang).removeprefix(_AREA_PREFIX[lang])
        return message("value.share", lang, share=v.text(lang), base=base)
    if kind == "ratio":
        assert isinstance(v, Fraction)
        return ratio_text(v)
    if kind == "bool":
        return message("value.true" if v else "value.false", lang)
    if kind == "list":
        assert isinstance(v, tuple)
        return message("value.list_sep", lang).join(str(x) for x in v) if v else message("value.empty", lang)
    if kind == "schedule":
        assert isinstance(v, tuple)
        return " / ".join(ratio_text(x) for x in v)
    if kind == "bands":
        assert isinstance(v, tuple)
        return message("value.band_sep", lang).join(message("value.band", lang, age=age, amount=yuan(fen))
                                                    for age, fen in v)
    return str(v)


def value_json(r: Resolved) -> object:
    """A resolved value for JSON: money as a yuan string, ratios as a decimal or fraction string."""
    from aidcalc.money import ratio_text, yuan
    from aidcalc.standards.library import Share

    kind = r.spec.kind
    v = r.value
    if kind == "money":
        assert isinstance(v, int)
        return yuan(v)
    if isinstance(v, Share):  # an amount, or a share of the household's own standard
        if v.fen is not None:
            return yuan(v.fen)
        assert v.ratio is not None
        return {"share_of": v_base(r), "ratio": ratio_text(v.ratio), "fraction": str(v.ratio), "round": v.unit,
                "mode": v.mode}
    if kind == "ratio":
        assert isinstance(v, Fraction)
        return ratio_text(v)
    if kind == "schedule":
        assert isinstance(v, tuple)
        return [ratio_text(x) for x in v]
    if kind == "bands":
        assert isinstance(v, tuple)
        return [{"from": age, "amount": yuan(fen)} for age, fen in v]
    if kind == "list":
        assert isinstance(v, tuple)
        return list(v)
    return v


def v_base(r: Resolved) -> str:
    """What a share's ratio multiplies: the household's own ``base.urban`` or ``base.rural``."""
    return f"{r.spec.base}.urban|rural"


def resolved_json(r: Resolved, context: str, lib: Library) -> dict[str, Any]:
    """Everything known about one value in force: the value, its notice, status and working."""
    from aidcalc.standards.schema import STATUS_LABEL_EN, STATUS_LABEL_ZH

    out: dict[str, Any] = {
        "name": r.name,
        "label_zh": r.spec.label_zh,
        "label_en": r.spec.label_en,
        "kind": r.spec.kind,
        "state": "default" if r.is_default else "in-force",
        "value": value_json(r),
    }
    if r.spec.kind == "money" or (r.spec.kind == "share" and isinstance(out["value"], str)):
        out["per"] = "month"
    if r.spec.kind == "ratio":
        assert isinstance(r.value, Fraction)
        out["fraction"] = str(r.value)
    if r.is_default:
        out["note"] = r.note
        out["note_en"] = r.note_en
        return out
    n = r.notice
    out.update(
        status=r.status,
        status_label_zh=STATUS_LABEL_ZH.get(r.status, r.status),
        status_label_en=STATUS_LABEL_EN.get(r.status, r.status),
        division=r.division,
        division_name=lib.division_name(r.division),
        inherited=r.division != context,
        ref=r.ref,
        note=r.note,
        note_en=r.note_en,
        path=r.path,
        notice=None if n is None else {
            "title": n.title,
            "document_number": n.document_number,
            "issuer": n.issuer,
            "effective": n.effective.isoformat(),
            "until": n.until.isoformat() if n.until else None,
            "source": n.source,
            "note": n.note,
            "note_en": n.note_en,
        },
        working=r.working or None,
        inputs=[i.name for i in r.inputs],
    )
    return out


def missing_json(exc: NoValueInForce) -> dict[str, Any]:
    from aidcalc.standards.catalogue import CATALOGUE

    return {
        "division": exc.division,
        "parameter": exc.parameter,
        "on": exc.on.isoformat(),
        "last_before": exc.before.isoformat() if exc.before else None,
        "next_after": exc.after.isoformat() if exc.after else None,
        "message": str(exc),
        "label_zh": CATALOGUE[exc.parameter].label_zh,
    }


def label_zh(name: str) -> str:
    from aidcalc.standards.catalogue import CATALOGUE

    return CATALOGUE[name].label_zh
