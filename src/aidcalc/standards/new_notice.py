"""``aidcalc standards new``: the file for a new notice, started from the notice in force or from a template.

A city's standards change by a new notice, so a new file is mostly last year's with new dates and
figures. :func:`from_values` writes the values a division's own notices have in force the day before the
new effective date (or those of one given file) into a new file, each marked ``status = "carried-over"``
with a note naming the file it came from: the engine warns wherever such a value is used, and
``aidcalc standards lint`` lists each as a problem until it is checked against the new notice (status
and ``ref`` set) or deleted (a parameter the new notice does not change stays with the old notice). The
``[notice]`` table's title, 文号 and source are placeholders that lint refuses until they are filled in.
Nothing is republished as new without a person saying so.

:func:`template` writes every parameter of the catalogue as a comment showing its form, label, unit and
whether a benefit needs it; uncommented and filled in, the file passes lint.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

from aidcalc.standards.catalogue import CATALOGUE, ParamSpec
from aidcalc.standards.schema import NoticeFile, ValueDef, status_label

#: the placeholder of a notice field still to be filled in (lint refuses a notice that holds one)
PLACEHOLDER = "待填写"
CARRIED = "carried-over"


def _toml(v: object) -> str:
    """One TOML value (strings, numbers, booleans, lists and inline tables: what a notice file holds)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    if isinstance(v, list | tuple):
        return "[" + ", ".join(_toml(x) for x in v) + "]"
    if isinstance(v, Mapping):
        return "{ " + ", ".join(f"{k} = {_toml(x)}" for k, x in v.items()) + " }"
    raise TypeError(f"not a TOML value: {v!r}")


def _header(code: str, name: str, effective: dt.date, issuer: str, intro: Iterable[str]) -> list[str]:
    lines = [f"# {code} {name}: the notice effective {effective.isoformat()}.", *(f"# {x}" for x in intro), ""]
    lines += [
        "[notice]",
        f'title = "{PLACEHOLDER}：通知标题（如《关于提高城乡低保标准的通知》）"',
        f'document_number = "{PLACEHOLDER}：文号（如 X民发〔{effective.year}〕N号）"',
        f"issuer = {_toml(issuer or PLACEHOLDER + '：发文机关')}",
        "# issued = YYYY-MM-DD  # 印发日期",
        f"effective = {effective.isoformat()}",
        f'source = "{PLACEHOLDER}：通知原文的网址或档案号"',
        "",
    ]
    return lines


def _dump(vdef: ValueDef) -> dict[str, Any]:
    """A value as its file wrote it (defaults left out), ready to be written again."""
    out: dict[str, Any] = vdef.model.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
    return out


def from_values(
    code: str, name: str, effective: dt.date, values: Mapping[str, tuple[ValueDef, NoticeFile]]
) -> str:
    """A new notice file carrying ``values`` (parameter → the value and the file it is read in) over."""
    sources = sorted({f.path for _, f in values.values()})
    issuer = next(iter(values.values()))[1].notice.issuer if values else ""
    lines = _header(code, name, effective, issuer, [
        f"Carried over from {', '.join(sources)}: every value below is status = \"{CARRIED}\".",
        "For each: set the figure the new notice gives, then status = \"published\" and ref = its article;",
        "delete a value the new notice does not set (the old notice stays in force for it).",
        "`aidcalc standards lint` lists what is still carried over; the engine warns wherever it is used.",
    ])
    by_table: dict[str, list[str]] = {}
    for param in sorted(values, key=list(CATALOGUE).index):
        vdef, f = values[param]
        data = _dump(vdef)
        was = data.get("status", "")
        data["status"] = CARRIED
        number = f" {f.notice.document_number}" if f.notice.document_number else ""
        data["note"] = f"沿用 {f.path}{number}（原状态：{status_label(was, 'zh')}），待与新文件核对"
        data["note_en"] = (f"carried over from {f.path}{number} (status there: {was}); "
                           "confirm against the new notice")
        tail = ("ref", "status", "note", "note_en", "source")
        data = {**{k: x for k, x in data.items() if k not in tail}, **{k: data[k] for k in tail if k in data}}
        table, _, key = param.rpartition(".")
        by_table.setdefault(table, []).append(f"{key} = {_toml(data)}")
    for table, rows in by_table.items():
        lines += [f"[{table}]", *rows, ""]
    return "\n".join(lines)


#: the shape of each kind of value, with the fields a user fills in
_FORMS: dict[str, str] = {
    "money": '{ amount = "", per = "month", ref = "", status = "published" }',
    "share": '{ amount = "", per = "month", ref = "", status = "published" }',
    "ratio": '{ value = "", ref = "", status = "published" }',
    "int": '{ value = 0, ref = "", status = "published" }',
    "bool": '{ value = true, ref = "", status = "published" }',
    "choice": '{ value = "", ref = "", status = "published" }',
    "list": '{ value = [], ref = "", status = "published" }',
    "schedule": '{ value = ["1", "1", "1"], ref = "", status = "published" }',
    "bands": '{ bands = [{ from = 80, amount = "" }], per = "month", ref = "", status = "published" }',
}


def _describe(spec: ParamSpec) -> str:
    need = "required" if spec.required else "optional"
    extra = f"; one of: {', '.join(spec.choices)}" if spec.choices else ""
    if spec.minimum is not None or spec.maximum is not None:
        extra += f"; {spec.minimum}–{spec.maximum}"
    kind: str = spec.kind  # "share": a kind the catalogue may add (an amount, or a share of a base)
    if kind == "share":
        base = getattr(spec, "base", "") or "the standard"
        extra += f'; or value = "0.3" for a share of {base}'
    if kind == "money":
        extra += "; or a rule, see above"
    return f"{spec.label_zh} — {spec.label_en} ({spec.kind}, {need}{extra})"


def template(code: str, name: str, effective: dt.date) -> str:
    """A new notice file listing every parameter of the catalogue, each commented out, with its form."""
    lines = _header(code, name, effective, "", [
        "Every parameter aidcalc knows, commented out. Uncomment the table header and each line the notice",
        "sets, and fill in amount / value and ref (the article); leave out what it does not set (the",
        "notices above this division, and the national defaults, then apply).",
        'Money may also be a rule: { ratio = "1.5", of = "dibao.standard.urban", round = "yuan", mode = "half-up",',
        '  ref = "", status = "published" } — round: fen | jiao | yuan; mode: half-up | up | down.',
    ])
    by_table: dict[str, list[ParamSpec]] = {}
    for spec in CATALOGUE.values():
        table, _, _ = spec.name.rpartition(".")
        by_table.setdefault(table, []).append(spec)
    for table, specs in by_table.items():
        lines.append(f"# [{table}]")
        for spec in specs:
            key = spec.name.rpartition(".")[2]
            form = _FORMS.get(spec.kind, '{ value = "", ref = "", status = "published" }')
            lines.append(f"# {key} = {form}  # {_describe(spec)}")
        lines.append("")
    return "\n".join(lines)


def unfinished(f: NoticeFile) -> list[tuple[str, str]]:
    """What a file started by ``aidcalc standards new`` still needs: (key, message) for each notice field
    that holds the placeholder and each value still carried over."""
    out: list[tuple[str, str]] = []
    for key in ("title", "document_number", "issuer", "source"):
        text = getattr(f.notice, key)
        if isinstance(text, str) and text.startswith(PLACEHOLDER):
            out.append((f"notice.{key}", f"{f.path}: notice.{key} is still the placeholder {text!r}; fill it in"))
    for name, vdef in f.values.items():
        if vdef.model.status == CARRIED:
            out.append((name, f"{f.path}: {name} still has status {CARRIED!r} ({vdef.model.note}): set the figure "
                              "the new notice gives with its status and ref, or delete it if the notice does not set it"))
    return out


__all__ = ["CARRIED", "PLACEHOLDER", "from_values", "template", "unfinished"]
