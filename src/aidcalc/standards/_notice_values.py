"""A notice's values read and checked: each key of the file walked to its catalogue parameter, validated by the
model of its kind, and checked against the parameter's bounds and forms; pydantic's first error as one message
naming the key."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from aidcalc.errors import MoneyFormatError, StandardFileError
from aidcalc.standards.bounds import check_amount, check_ratio
from aidcalc.standards.catalogue import CATALOGUE, CHILDREN, RULE_RATIO_RANGE, ParamSpec
from aidcalc.standards.schema import (
    MODEL_OF_KIND,
    ChoiceValue,
    IntValue,
    ListValue,
    MoneyValue,
    Notice,
    RatioValue,
    ScheduleValue,
    ShareValue,
    ValueDef,
    _Provenance,
)


def _fmt_loc(prefix: str, loc: tuple[int | str, ...]) -> str:
    parts = [prefix] if prefix else []
    for p in loc:
        if isinstance(p, int):
            parts[-1] = f"{parts[-1]}[{p}]" if parts else f"[{p}]"
        else:
            parts.append(str(p))
    return ".".join(parts)


def validation_message(exc: ValidationError, key: str) -> tuple[str, str]:
    first = exc.errors()[0]
    loc = _fmt_loc(key, tuple(x for x in first["loc"] if x not in ("function-after", "str", "int", "float")))
    if first["type"] == "extra_forbidden":
        model_fields = _allowed_fields_for(key)
        return loc, f"unknown key {loc!r}; allowed: {', '.join(model_fields)}"
    if first["type"] == "missing":
        return loc, f"missing key {loc!r}"
    msg = first["msg"].removeprefix("Value error, ")
    found = first.get("input")
    # a whole table as "found" (model-level checks) repeats the file; the message names what is wrong
    return loc, f"key {loc!r}: {msg}" + ("" if isinstance(found, dict) else f"; found {found!r}")


def _allowed_fields_for(key: str) -> list[str]:
    if key == "notice":
        return list(Notice.model_fields)
    spec = CATALOGUE.get(key)
    if spec is None:
        return []
    return [(f.alias or n) for n, f in MODEL_OF_KIND[spec.kind].model_fields.items()]


def _check_semantics(spec: ParamSpec, model: _Provenance, path: str) -> None:
    """Checks pydantic cannot express: money formats and bounds, ratio digits and ranges, choices, references to
    other parameters."""
    key = spec.name

    def fail(msg: str) -> None:
        raise StandardFileError(msg, path=path, key=key)

    try:
        if isinstance(model, MoneyValue):
            _check_money(spec, model, path)
        elif isinstance(model, RatioValue):
            check_ratio(model.value, key, spec.low, spec.high, spec.low_open, path=path)
        elif isinstance(model, IntValue):
            if (spec.minimum is not None and model.value < spec.minimum) or (
                spec.maximum is not None and model.value > spec.maximum
            ):
                fail(f"key {key!r}: a whole number from {spec.minimum} to {spec.maximum}; found {model.value!r}")
        elif isinstance(model, ChoiceValue):
            if model.value not in spec.choices:
                fail(f"key {key!r}: one of {', '.join(spec.choices)}; found {model.value!r}")
        elif isinstance(model, ListValue):
            bad = [v for v in model.value if v not in spec.choices]
            if bad:
                fail(f"key {key!r}: items from {', '.join(spec.choices)}; found {bad[0]!r}")
        elif isinstance(model, ScheduleValue):
            for v in model.value:
                check_ratio(v, key, spec.low, spec.high, spec.low_open, path=path,
                            what="each month's share")
    except MoneyFormatError as exc:
        fail(f"key {key!r}: {exc}")
    except ValueError as exc:
        if isinstance(exc, StandardFileError):
            raise
        fail(f"key {key!r}: {exc}")


def _check_money(spec: ParamSpec, model: MoneyValue, path: str) -> None:
    key = spec.name
    low, high = RULE_RATIO_RANGE
    if isinstance(model, ShareValue) and model.value is not None:
        check_ratio(model.value, key, spec.low, spec.high, spec.low_open, path=path,
                    what=f"a share of the {CATALOGUE[spec.base + '.urban'].label_zh.removeprefix('城市')}",
                    money_hint=True)
    if model.amount is not None:
        check_amount(model.amount, f"{key}.amount", key, path, per=model.per)
    if model.ratio is not None:
        check_ratio(model.ratio, f"{key}.ratio", low, high, True, path=path, param=key)
    for ref in (model.of, model.same_as):
        if ref is not None:
            _check_ref(ref, key, path)
    form = "max" if model.max else "min" if model.min else "sum"
    for i, term in enumerate(model.terms):
        where = f"{key}.{form}[{i}]"
        if term.amount is not None:
            check_amount(term.amount, f"{where}.amount", key, path, per=term.per)
        if term.ratio is not None:
            check_ratio(term.ratio, f"{where}.ratio", low, high, True, path=path, param=key)
        if term.of is not None:
            _check_ref(term.of, key, path)


def _check_ref(ref: str, key: str, path: str) -> None:
    target = CATALOGUE.get(ref)
    if target is None or target.kind != "money":  # a share's base is per area: a rule names the area
        money = sorted(n for n, s in CATALOGUE.items() if s.kind == "money" and n.split(".")[0] == key.split(".")[0])
        raise StandardFileError(
            f"key {key!r} refers to unknown money parameter {ref!r}; allowed: e.g. {', '.join(money[:6])}",
            path=path,
            key=key,
        )


def walk(table: dict[str, Any], prefix: str, path: str, out: dict[str, ValueDef]) -> None:
    for k, v in table.items():
        name = f"{prefix}.{k}" if prefix else k
        spec = CATALOGUE.get(name)
        if spec is not None and not (isinstance(v, dict) and name in CHILDREN and _looks_like_branch(v, name)):
            if not isinstance(v, dict):
                raise StandardFileError(
                    f"key {name!r}: a table such as {{ amount = \"…\", per = \"month\", ref = \"…\", "
                    f"status = \"published\" }}; found {v!r}",
                    path=path,
                    key=name,
                )
            model_cls = MODEL_OF_KIND[spec.kind]
            try:
                model = model_cls.model_validate(v)
            except ValidationError as exc:
                _, msg = validation_message(exc, name)
                raise StandardFileError(msg, path=path, key=name) from None
            _check_semantics(spec, model, path)
            out[name] = ValueDef(spec=spec, model=model, path=path)
        elif name in CHILDREN and isinstance(v, dict):
            walk(v, name, path, out)
        else:
            allowed = CHILDREN.get(prefix, ())
            where = f"under [{prefix}]" if prefix else "at the top level"
            allowed_text = ", ".join((["notice"] if not prefix else []) + list(allowed))
            raise StandardFileError(
                f"unknown key {name!r} {where}; allowed: {allowed_text}", path=path, key=name
            )


def _looks_like_branch(v: dict[str, Any], name: str) -> bool:
    """``tekun.care`` is a branch holding ``full`` and also ``dispersed``; a leaf table has ``ref``."""
    return "ref" not in v and any(k in CHILDREN.get(name, ()) for k in v)
