"""The standards language, published: a JSON Schema for a notice file and the parameter reference.

``aidcalc schema standards`` prints :func:`notice_schema` (draft 2020-12), built from the catalogue: every
table and key a notice may hold, each value's forms, units and ranges. A TOML notice read with ``tomllib``
and its dates written as ``YYYY-MM-DD`` text validates against it; the loader's own checks (bounds that
depend on how a ratio is written, references between parameters, constraints) remain the lint's.

``aidcalc standards params`` prints :func:`params_reference`: every parameter, its kind and unit, the
forms it takes, its range, its default, which benefits use it and how — in 中文 (``zh``) or English
(``en``). ``docs/standards-reference.md`` is :func:`reference_markdown` (both languages), and a test
keeps it equal to the catalogue.
"""

from __future__ import annotations

from typing import Any

from aidcalc.money import MAX_STANDARD_FEN, YUAN_PATTERN, yuan_grouped
from aidcalc.standards.bounds import range_text
from aidcalc.standards.catalogue import (
    CATALOGUE,
    CHILDREN,
    FRACTION_MAX_DIGITS,
    MONEY_SANITY_FEN,
    RATIO_MAX_DECIMALS,
    RATIO_MAX_INT_DIGITS,
    RULE_RATIO_RANGE,
    ParamSpec,
)
from aidcalc.standards.schema import STATUSES
from aidcalc.vocab import BENEFIT_LABEL_EN, BENEFIT_LABEL_ZH

__all__ = ["notice_schema", "params_reference", "reference_markdown"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: a ratio as text: a decimal, a percentage or a fraction, with the digits the loader accepts
RATIO_PATTERN = (
    rf"^\s*([0-9]{{1,{RATIO_MAX_INT_DIGITS}}}(\.[0-9]{{1,{RATIO_MAX_DECIMALS}}})?"
    rf"|[0-9]{{1,{RATIO_MAX_INT_DIGITS}}}(\.[0-9]{{1,{RATIO_MAX_DECIMALS - 2}}})?%"
    rf"|[0-9]{{1,{FRACTION_MAX_DIGITS}}}\s*/\s*[0-9]{{1,{FRACTION_MAX_DIGITS}}})\s*$"
)
UNITS = ("fen", "jiao", "yuan", "ten-yuan")
MODES = ("half-up", "up", "down")
MONEY_PARAMS = sorted(n for n, s in CATALOGUE.items() if s.kind == "money")

KIND_ZH = {"money": "金额", "share": "金额或标准的比例", "ratio": "比例", "int": "整数", "bool": "是/否",
           "choice": "选项", "list": "选项列表", "schedule": "逐月比例", "bands": "年龄段金额"}
UNIT_ZH = {"money": "元/月（per = \"year\" 时为元/年，按 12 个月折算）", "share": "元/月，或 × 本户低保标准",
           "ratio": "倍（小数、百分数或分数）", "int": "", "bool": "", "choice": "", "list": "",
           "schedule": "每月一个比例", "bands": "元/月（或元/年）"}
UNIT_EN = {"money": "yuan a month (a year with per = \"year\", divided by 12)",
           "share": "yuan a month, or × the household's own dibao standard",
           "ratio": "times (decimal, percentage or fraction)", "int": "", "bool": "", "choice": "", "list": "",
           "schedule": "one share per month", "bands": "yuan a month (or a year)"}
FORMS_ZH = {
    "money": "amount（+ per）；ratio + of；same_as；max / min / sum = [项]；均可加 round（fen 分、jiao 角、yuan 元、"
             "ten-yuan 10 元）与 mode（half-up 四舍五入、up 向上、down 向下）",
    "share": "value（本户低保标准的比例，可加 round/mode）；或 amount（+ per）；或任一金额规则",
    "ratio": "value = \"1.5\" / \"30%\" / \"1/3\"", "int": "value = 整数", "bool": "value = true / false",
    "choice": "value = 选项之一", "list": "value = [选项, …]", "schedule": "value = [比例, …]",
    "bands": "bands = [{ from = 年龄, amount = \"…\" }, …]，per",
}
FORMS_EN = {
    "money": "amount (+ per); ratio + of; same_as; max / min / sum = [terms]; each with round (fen, jiao, yuan, "
             "ten-yuan) and mode (half-up, up, down)",
    "share": "value (a share of the household's own dibao standard, with round/mode); or amount (+ per); or any "
             "money rule",
    "ratio": "value = \"1.5\" / \"30%\" / \"1/3\"", "int": "value = a whole number", "bool": "value = true / false",
    "choice": "value = one of the options", "list": "value = [options, …]", "schedule": "value = [shares, …]",
    "bands": "bands = [{ from = age, amount = \"…\" }, …], per",
}


# ---------------------------------------------------------------------------------------------- JSON Schema
def _number_or_text(pattern: str, description: str) -> dict[str, Any]:
    return {"oneOf": [{"type": "string", "pattern": pattern}, {"type": "number", "minimum": 0}],
            "description": description}


def _ratio(spec: ParamSpec | None = None) -> dict[str, Any]:
    low, high, low_open = (spec.low, spec.high, spec.low_open) if spec else (*RULE_RATIO_RANGE, True)
    number: dict[str, Any] = {"type": "number"}
    if low is not None:
        number["exclusiveMinimum" if low_open else "minimum"] = float(low)
    if high is not None:
        number["maximum"] = float(high)
    return {"oneOf": [{"type": "string", "pattern": RATIO_PATTERN}, number],
            "description": f"a ratio in {range_text(low, high, low_open)}: \"1.5\", \"30%\" or \"1/3\""}


def _provenance() -> dict[str, Any]:
    return {
        "ref": {"type": "string", "minLength": 1, "description": "the article or clause of the notice"},
        "status": {"enum": list(STATUSES)},
        "note": {"type": "string", "description": "where the figure comes from (needed unless published), in Chinese: "
                                                  "what a Chinese statement shows"},
        "note_en": {"type": "string", "description": "the note in English: what an English statement shows"},
        "source": {"type": "string", "description": "where the value was read, if not the notice's source"},
    }


def _note_unless_published() -> dict[str, Any]:
    return {"if": {"properties": {"status": {"const": "published"}}},
            "then": {}, "else": {"required": ["note"]}}


def _money_properties() -> dict[str, Any]:
    term = {
        "type": "object", "additionalProperties": False,
        "properties": {"ratio": _ratio(), "of": {"enum": MONEY_PARAMS}, "amount": {"$ref": "#/$defs/yuan"},
                       "per": {"enum": ["month", "year"]}, "round": {"enum": list(UNITS)},
                       "mode": {"enum": list(MODES)}},
        "oneOf": [{"required": ["of"]}, {"required": ["amount"]}],
    }
    return {
        **_provenance(),
        "amount": {"$ref": "#/$defs/yuan"},
        "per": {"enum": ["month", "year"], "default": "month"},
        "ratio": _ratio(),
        "of": {"enum": MONEY_PARAMS},
        "same_as": {"enum": MONEY_PARAMS},
        "max": {"type": "array", "items": term, "minItems": 1},
        "min": {"type": "array", "items": term, "minItems": 1},
        "sum": {"type": "array", "items": term, "minItems": 1},
        "round": {"enum": list(UNITS), "default": "fen"},
        "mode": {"enum": list(MODES), "default": "half-up"},
    }


_FORMS = [{"required": ["amount"]}, {"required": ["ratio", "of"]}, {"required": ["same_as"]},
          {"required": ["max"]}, {"required": ["min"]}, {"required": ["sum"]}]


def _leaf(spec: ParamSpec) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "additionalProperties": False, "required": ["ref", "status"],
                           "description": f"{spec.label_zh} — {spec.label_en}"}
    kind = spec.kind
    if kind == "money":
        out["properties"] = _money_properties()
        out["oneOf"] = _FORMS
    elif kind == "share":
        out["properties"] = {**_money_properties(), "value": _ratio(spec)}
        out["oneOf"] = [*_FORMS, {"required": ["value"]}]
    elif kind == "ratio":
        out["properties"] = {**_provenance(), "value": _ratio(spec)}
        out["required"] = ["value", "ref", "status"]
    elif kind == "int":
        value: dict[str, Any] = {"type": "integer"}
        if spec.minimum is not None:
            value["minimum"] = spec.minimum
        if spec.maximum is not None:
            value["maximum"] = spec.maximum
        out["properties"] = {**_provenance(), "value": value}
        out["required"] = ["value", "ref", "status"]
    elif kind == "bool":
        out["properties"] = {**_provenance(), "value": {"type": "boolean"}}
        out["required"] = ["value", "ref", "status"]
    elif kind == "choice":
        out["properties"] = {**_provenance(), "value": {"enum": list(spec.choices)}}
        out["required"] = ["value", "ref", "status"]
    elif kind == "list":
        out["properties"] = {**_provenance(), "value": {"type": "array", "items": {"enum": list(spec.choices)}}}
        out["required"] = ["value", "ref", "status"]
    elif kind == "schedule":
        out["properties"] = {**_provenance(), "value": {"type": "array", "items": _ratio(spec), "minItems": 1}}
        out["required"] = ["value", "ref", "status"]
    else:  # bands
        band = {"type": "object", "additionalProperties": False, "required": ["from", "amount"],
                "properties": {"from": {"type": "integer", "minimum": 0, "maximum": 150},
                               "amount": {"$ref": "#/$defs/yuan"}}}
        out["properties"] = {**_provenance(), "bands": {"type": "array", "items": band, "minItems": 1},
                             "per": {"enum": ["month", "year"]}}
        out["required"] = ["bands", "ref", "status"]
    out["allOf"] = [_note_unless_published()]
    return out


def _branch(prefix: str) -> dict[str, Any]:
    props: dict[str, Any] = {}
    for key in CHILDREN.get(prefix, ()):
        name = f"{prefix}.{key}" if prefix else key
        props[key] = _leaf(CATALOGUE[name]) if name in CATALOGUE else _branch(name)
    return {"type": "object", "additionalProperties": False, "properties": props}


def notice_schema() -> dict[str, Any]:
    """The JSON Schema of one notice file (its TOML read as a table, dates as ``YYYY-MM-DD`` text)."""
    date = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
    notice = {
        "type": "object", "additionalProperties": False, "required": ["title", "issuer", "effective", "source"],
        "properties": {
            "title": {"type": "string", "minLength": 1}, "document_number": {"type": "string"},
            "issuer": {"type": "string", "minLength": 1}, "issued": date,
            "effective": {**date, "description": "the date the values take effect; the file is named by it"},
            "until": date, "source": {"type": "string", "minLength": 1}, "note": {"type": "string"},
            "note_en": {"type": "string"},
        },
    }
    body = _branch("")
    body["properties"] = {"notice": notice, **body["properties"]}
    body["required"] = ["notice"]
    body["minProperties"] = 2
    return {
        "$schema": DIALECT, "$id": "aidcalc:standards-notice", "title": "aidcalc standards notice file",
        "description": "standards/<GB/T 2260 code>-<name>/<effective YYYY-MM-DD>[-slug].toml: one official notice "
                       "and the parameters it sets. `aidcalc standards params` describes each parameter.",
        **body,
        "$defs": {"yuan": _number_or_text(
            YUAN_PATTERN, f"yuan, at most two decimals, 0 to {yuan_grouped(MAX_STANDARD_FEN)} a month")},
    }


# ---------------------------------------------------------------------------------------------- reference
def _range(spec: ParamSpec, lang: str) -> str:
    if spec.kind == "money":
        return (f"0 – {yuan_grouped(MAX_STANDARD_FEN)} 元/月（超过 {yuan_grouped(MONEY_SANITY_FEN)} 时 lint 警告）"
                if lang == "zh" else
                f"0 – {yuan_grouped(MAX_STANDARD_FEN)} a month (lint warns above {yuan_grouped(MONEY_SANITY_FEN)})")
    if spec.kind == "share":
        return (f"比例 {range_text(spec.low, spec.high, spec.low_open)}；金额 0 – {yuan_grouped(MAX_STANDARD_FEN)} 元/月"
                if lang == "zh" else
                f"share {range_text(spec.low, spec.high, spec.low_open)}; amount 0 – {yuan_grouped(MAX_STANDARD_FEN)} "
                "a month")
    if spec.kind in ("ratio", "schedule"):
        return range_text(spec.low, spec.high, spec.low_open)
    if spec.kind == "int":
        return f"{spec.minimum} – {spec.maximum}"
    if spec.kind in ("choice", "list"):
        return " | ".join(spec.choices)
    return ""


def _default(spec: ParamSpec, lang: str) -> str:
    if spec.default is None:
        return ("必填（无则相关待遇待定）" if lang == "zh" else "required (without it the benefit is undetermined)") \
            if spec.required else ("无（不适用）" if lang == "zh" else "none (not adopted)")
    value = spec.default
    shown = (("、" if lang == "zh" else ", ").join(value) or ("（无）" if lang == "zh" else "(none)")) \
        if isinstance(value, tuple) else \
        ("true" if value is True else "false" if value is False else str(value))
    note = spec.default_note if lang == "zh" else spec.default_note_en
    if not note:
        return shown
    return f"{shown}（{note}）" if lang == "zh" else f"{shown} ({note})"


def params_reference(lang: str = "zh") -> list[dict[str, str]]:
    """One row per parameter: name, label, kind, unit, forms, range, default, benefits and how they use it."""
    labels = BENEFIT_LABEL_ZH if lang == "zh" else BENEFIT_LABEL_EN
    rows = []
    for spec in CATALOGUE.values():
        rows.append({
            "name": spec.name,
            "label": spec.label_zh if lang == "zh" else spec.label_en,
            "kind": spec.kind if lang == "en" else f"{spec.kind}（{KIND_ZH[spec.kind]}）",
            "unit": (UNIT_ZH if lang == "zh" else UNIT_EN)[spec.kind],
            "forms": (FORMS_ZH if lang == "zh" else FORMS_EN)[spec.kind],
            "range": _range(spec, lang),
            "default": _default(spec, lang),
            "used_by": "、".join(labels[b] for b in spec.uses) if lang == "zh" else
                       ", ".join(labels[b] for b in spec.uses),
            "how": spec.how_zh if lang == "zh" else spec.how_en,
        })
    return rows


FIELDS_ZH = {"label": "名称", "kind": "类型", "unit": "单位", "forms": "写法", "range": "范围", "default": "缺省",
             "used_by": "使用的待遇", "how": "用法"}
FIELDS_EN = {"label": "label", "kind": "kind", "unit": "unit", "forms": "forms", "range": "range",
             "default": "default", "used_by": "used by", "how": "how"}


def params_text(lang: str = "zh") -> str:
    """The reference for a terminal: one block per parameter."""
    fields = FIELDS_ZH if lang == "zh" else FIELDS_EN
    out = []
    for row in params_reference(lang):
        out.append(row["name"])
        for key, title in fields.items():
            if row[key]:
                out.append(f"    {title}: {row[key]}")
        out.append("")
    return "\n".join(out)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown() -> str:
    """``docs/standards-reference.md``: the rules of the language, then every parameter, in 中文 and English."""
    ratio_rule = (f"at most {RATIO_MAX_DECIMALS} decimals and {RATIO_MAX_INT_DIGITS} digits before the point, or "
                  f"a fraction of at most {FRACTION_MAX_DIGITS} digits on each side")
    lines = [
        "# Standards reference · 标准参数参考",
        "",
        "<!-- Generated by `aidcalc standards params --format markdown` from the catalogue; a test keeps it equal. -->",
        "",
        "Every parameter a notice file may set (`aidcalc schema standards` prints the file's JSON Schema; "
        "`docs/writing-standards.md` walks through a new city). 每个参数的名称、类型、单位、写法、范围、缺省值、"
        "使用它的待遇及用法。",
        "",
        "## The language · 写法",
        "",
        "- **Money 金额**: `amount = \"1105\"` with `per = \"month\"` (default) or `\"year\"` (÷ 12); or a rule — "
        "`ratio` + `of` (another money parameter or a `stats.*` figure), `same_as`, `max` / `min` / `sum` = "
        "[terms], a term being `{ ratio, of }` (`ratio` 1 when left out) or `{ amount, per }`, each optionally "
        "rounded on its own. Every money value takes `round` = `fen` 分 | `jiao` 角 | `yuan` 元 | `ten-yuan` 10 元 "
        "and `mode` = `half-up` 四舍五入 | `up` 向上 | `down` 向下 (default: 分, half-up).",
        f"- Money is 0 to {yuan_grouped(MAX_STANDARD_FEN)} 元 a month, a rule's result included; lint warns above "
        f"{yuan_grouped(MONEY_SANITY_FEN)}. 金额不得为负，不得超过上限。",
        f"- **Ratios 比例**: `\"1.5\"`, `\"30%\"`, `\"1/3\"` (or a TOML number), {ratio_rule}; never `true`/`false`. "
        f"A rule's `ratio` is in {range_text(*RULE_RATIO_RANGE, True)}.",
        "- **低保边缘 line**: `dibao.low_income_line.urban/rural` as money (e.g. "
        "`{ ratio = \"1.5\", of = \"dibao.standard.urban\", round = \"yuan\" }` = 1.5 × 1,105 = 1,657.5 → 1,658), or "
        "`dibao.low_income_multiplier` (exact, unrounded). Both in force: the more local division's applies "
        "(the same division: the later notice).",
        "- **分类施保**: `dibao.classified.<category>` = `{ amount = \"400\", per = \"month\" }` or "
        "`{ value = \"0.3\" }` (× the household's own 低保标准, optionally `round`/`mode`); "
        "`dibao.classified.stacking` = `highest` | `stack`.",
        "- Every value has `ref` (the article) and `status` (" + ", ".join(f"`{s}`" for s in STATUSES)
        + "); any status but `published` needs a `note`. `title`, `issuer`, `ref` and `note` are in Chinese (the "
        "notice's words; the note is what a Chinese statement shows); `note_en`, the note in English, is what an "
        "English statement shows. Lint warns on a `note_en` without its `note`, and, in a file that gives English "
        "notes, on a `note` without its `note_en`.",
        "",
    ]
    for lang, title in (("zh", "## 参数（中文）"), ("en", "## Parameters (English)")):
        fields = FIELDS_ZH if lang == "zh" else FIELDS_EN
        lines += [title, "", "| parameter | " + " | ".join(fields.values()) + " |",
                  "|---|" + "---|" * len(fields)]
        for row in params_reference(lang):
            lines.append(f"| `{row['name']}` | " + " | ".join(_cell(row[k]) for k in fields) + " |")
        lines.append("")
    return "\n".join(lines)

