"""Household input: the contract every household is given in, and what the rules need.

Households load from JSON, TOML or a Python dict. Dates are exactly ``YYYY-MM-DD`` (a string of that
form, or a date: TOML's own, Python's ``datetime.date``; never a date and time, a timestamp or another
ISO 8601 form). Money is monthly yuan as :mod:`aidcalc.money` reads it — ASCII digits with at most two
decimals, or a number that is a whole number of 分 — from 0 to a maximum per field:

- each income of each member, and ``history.last_dibao_amount``: 100,000,000.00 yuan
  (:data:`~aidcalc.money.MAX_MONTHLY_FEN`);
- ``assets.financial``: 1,000,000,000,000.00 yuan (:data:`~aidcalc.money.MAX_ASSETS_FEN`).

More decimals, another form or an amount beyond the maximum is an error naming the field, never rounded
or wrapped. Every problem is reported as an :class:`~aidcalc.errors.InputProblem` naming household,
member, field, value and what is allowed. A household file is UTF-8 (a byte-order mark is allowed) and
nested at most :data:`MAX_NESTING` deep.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from aidcalc._textfile import MAX_NESTING, check_depth, check_nesting, decode_utf8, read_text
from aidcalc.errors import InputError, InputProblem, MoneyFormatError, NestingError, TextFileError
from aidcalc.money import (
    MAX_ASSETS_FEN,
    MAX_MONTHLY_FEN,
    parse_yuan,
    yuan,
    yuan_grouped,
    yuan_pattern,
)
from aidcalc.vocab import (
    INCOME_TYPES,
    Absence,
    Area,
    CareSetting,
    ParentSituation,
    Relation,
    SelfCare,
    Student,
    Supporter,
)

_MODEL = ConfigDict(extra="forbid", frozen=True, defer_build=True)


@dataclass(frozen=True)
class MoneyField:
    """Marks a money field of the model and gives its maximum in 分 (the caseload tables read it too)."""

    most: int

    def __call__(self, v: object) -> int:
        try:
            return parse_yuan(v, most=self.most)
        except MoneyFormatError as exc:
            raise ValueError(str(exc)) from None


def _money_schema(most: int, what: str) -> dict[str, Any]:
    """The JSON Schema of a money field: the text rule and the range as a pattern, or a number in range."""
    return {
        "description": f"{what}: yuan, at most two decimals, from 0 to {yuan_grouped(most)}; a string of ASCII "
                       "digits (no sign, exponent, thousands separator or spaces) or a number",
        "anyOf": [
            {"type": "string", "pattern": yuan_pattern(most)},
            {"type": "number", "minimum": 0, "maximum": most // 100},
        ],
    }


Fen = Annotated[int, BeforeValidator(MoneyField(MAX_MONTHLY_FEN)), Field(ge=0, le=MAX_MONTHLY_FEN),
                PlainSerializer(yuan, return_type=str),
                WithJsonSchema(_money_schema(MAX_MONTHLY_FEN, "a monthly amount"))]
"""A monthly amount in 分 inside, parsed from yuan (``"2400.00"`` or ``2400``) and dumped as yuan strings."""
AssetsFen = Annotated[int, BeforeValidator(MoneyField(MAX_ASSETS_FEN)), Field(ge=0, le=MAX_ASSETS_FEN),
                      PlainSerializer(yuan, return_type=str),
                      WithJsonSchema(_money_schema(MAX_ASSETS_FEN, "financial assets"))]
"""Financial assets in 分: as :data:`Fen`, with the assets' maximum."""

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _to_date(v: object) -> dt.date:
    if type(v) is str and len(v) == 10 and v[4] == "-" and v[7] == "-":
        # the usual case first, without the pattern: ``fromisoformat`` reads these ten characters only as
        # YYYY-MM-DD with ASCII digits; anything else it refuses goes the long way for its message
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            pass
    if isinstance(v, dt.datetime):
        raise ValueError("a date YYYY-MM-DD")
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str) and _ISO_DATE.fullmatch(v):
        try:
            return dt.date.fromisoformat(v)
        except ValueError as exc:
            raise ValueError(f"a date YYYY-MM-DD that exists ({exc})") from None
    raise ValueError("a date YYYY-MM-DD")


Date = Annotated[dt.date, BeforeValidator(_to_date),
                 WithJsonSchema({"type": "string", "format": "date", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})]
"""A date: exactly ``YYYY-MM-DD`` as text, or a date object (not a datetime)."""

IncomeType = Literal[INCOME_TYPES]  # type: ignore[valid-type]


class Disability(BaseModel):
    """残疾人证: category and grade (一级 is the most severe)."""

    model_config = _MODEL
    category: Literal["visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple"]
    grade: int = Field(ge=1, le=4)
    #: for 多重残疾: the categories involved (used for 三、四级智力/精神 extensions)
    includes: tuple[Literal["visual", "hearing", "speech", "physical", "intellectual", "mental"], ...] = ()


class Parents(BaseModel):
    """Each parent's situation, for 孤儿 and 事实无人抚养儿童."""

    model_config = _MODEL
    father: ParentSituation = "present"
    mother: ParentSituation = "present"


#: ids and names are text without control characters (U+0000–U+001F, U+007F): a tab, a line break or a
#: U+0001 in an id is a damaged cell, and no worksheet can hold most of them (batch's xlsx output)
PRINTABLE = r"^[^\x00-\x1f\x7f]+$"
CONTROL_MESSAGE = "text without control characters (U+0000 to U+001F, U+007F: tabs, line breaks and the like)"


class Member(BaseModel):
    """One person in the household."""

    model_config = _MODEL
    id: str = Field(min_length=1, max_length=64, pattern=PRINTABLE)
    #: the person's name as the statement (告知书) shows it; optional, never used by a rule
    name: str | None = Field(default=None, min_length=1, max_length=64, pattern=PRINTABLE)
    relation: Relation = "other"
    birth_date: Date
    incomes: dict[IncomeType, Fen] = Field(default_factory=dict)
    employed: bool = False
    disability: Disability | None = None
    self_care: SelfCare | None = None
    serious_illness: bool = False
    student: Student = "none"
    #: receives 工伤保险生活护理费 (excludes 两项补贴, 国发〔2015〕52号)
    work_injury_care: bool = False
    #: a situation that takes the person out of the 共同生活家庭成员 (审核确认办法 第七条)
    absence: Absence | None = None
    parents: Parents | None = None
    #: 集中 (institution) or 分散 (at home) — for 特困 and orphans
    care_setting: CareSetting = "dispersed"
    #: for 特困: a person with a statutory duty of support; None when not known
    supporter: Supporter | None = None
    #: already recognised as 特困 (for 特困人员认定办法 第二十四条 continuation)
    tekun_recipient: bool = False
    #: 一、二级 are presumed to need long-term care (≥ 6 months) unless this says otherwise
    needs_long_term_care: bool = True

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth(cls, v: dt.date) -> dt.date:
        if v.year < 1880:
            raise ValueError("a birth date after 1880")
        return v


class Assets(BaseModel):
    """家庭财产: financial assets in yuan, counts of motor vehicles and homes."""

    model_config = _MODEL
    financial: AssetsFen = 0
    vehicles: int = Field(default=0, ge=0, le=1000)
    homes: int = Field(default=0, ge=0, le=1000)


class History(BaseModel):
    """What the case system knows of the household's 低保 so far (for 渐退)."""

    model_config = _MODEL
    #: first month of the current 低保 award
    dibao_since: Date | None = None
    #: the month the household's income first rose to or above the standard
    income_exceeded_since: Date | None = None
    #: the monthly 低保金 paid before income rose
    last_dibao_amount: Fen | None = None


#: the canonical JSON: keys sorted, no spaces, UTF-8 text as is (made once: ``json.dumps`` with options builds
#: an encoder per call; a model's dump has no cycles to look for)
_CANONICAL = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False)

#: what ``Household`` raises for member ids used more than once (with the list of them)
_REPEATED_IDS = "member ids used more than once"


class Household(BaseModel):
    """A household as a case system sends it."""

    model_config = _MODEL
    id: str = Field(min_length=1, max_length=128, pattern=PRINTABLE)
    division: str = Field(pattern=r"^[0-9]{6}$")
    area: Area
    on: Date | None = None
    members: tuple[Member, ...] = Field(min_length=1, max_length=64)
    assets: Assets | None = None
    history: History | None = None

    @model_validator(mode="after")
    def _unique_member_ids(self) -> Household:
        seen: set[str] = set()
        twice: list[str] = []
        for m in self.members:
            if m.id in seen and m.id not in twice:
                twice.append(m.id)
            seen.add(m.id)
        if twice:
            raise ValueError(_REPEATED_IDS, twice)  # each becomes a problem of its own (``_problems``)
        return self

    def canonical_json(self) -> str:
        """Normalised input (amounts as yuan strings, keys sorted) for the reproducibility hash."""
        return _CANONICAL.encode(self.model_dump(mode="json", exclude_none=True))


# ---------------------------------------------------------------------------------------- errors


_ALLOWED_BY_TYPE = {
    "literal_error": None,  # pydantic's message lists the expected values
    "date_from_datetime_parsing": "a date YYYY-MM-DD",
    "date_parsing": "a date YYYY-MM-DD",
    "date_type": "a date YYYY-MM-DD",
    "extra_forbidden": "no such field",
    "missing": "this field is required",
    "bool_parsing": "true or false",
    "bool_type": "true or false",
    "int_parsing": "a whole number",
    "int_type": "a whole number",
    "string_type": "a string",
    "string_pattern_mismatch": None,
}


def _problems(exc: ValidationError, raw: Any) -> list[InputProblem]:
    hid = _name(raw.get("id")) if isinstance(raw, dict) else "?"
    members = raw.get("members") if isinstance(raw, dict) else None
    out: list[InputProblem] = []
    errors = exc.errors()
    member_errors = any(e["loc"][:1] == ("members",) and len(e["loc"]) > 1 for e in errors)
    for err in errors:
        loc = [p for p in err["loc"] if p != "[key]"]
        if member_errors and err["loc"] == ("members",) and err["type"] == "too_short":
            continue  # a side effect of a member failing; that member's own problems are listed
        cause = err.get("ctx", {}).get("error")
        if isinstance(cause, ValueError) and cause.args[:1] == (_REPEATED_IDS,):
            out.extend(InputProblem(hid, str(mid), "id", mid, f"member id {mid!r} appears more than once; member ids "
                                    "must be unique") for mid in cause.args[1])
            continue
        member: str | None = None
        if len(loc) >= 2 and loc[0] == "members" and isinstance(loc[1], int):
            idx = loc[1]
            mid = None
            if isinstance(members, list) and idx < len(members) and isinstance(members[idx], dict):
                mid = members[idx].get("id")
            member = _name(mid) if isinstance(mid, str | int) else f"#{idx + 1}"
            loc = loc[2:]
        field = ".".join(str(p) for p in loc if not str(p).startswith(("function-", "literal[")))
        if not field:
            field = "members" if member is None and err["loc"][:1] == ("members",) else (field or "(household)")
        message = err["msg"].removeprefix("Value error, ")
        allowed = _ALLOWED_BY_TYPE.get(err["type"], "")
        if err["type"] == "string_pattern_mismatch" and field == "division":
            message = "a 6-digit GB/T 2260 division code such as 440106"
        elif err["type"] == "string_pattern_mismatch" and field in ("id", "name"):
            message = CONTROL_MESSAGE
        elif field == "members" and member is None and err["type"] in ("too_short", "too_long"):
            lo, hi = member_count_bounds()
            message = (f"a household has {lo} to {hi} members; this one has "
                       f"{len(members) if isinstance(members, list) else 0}")
        elif err["type"] == "extra_forbidden":
            message = f"unknown field; {_known_fields(loc, in_member=member is not None)}"
        elif err["type"] == "literal_error":
            message = message.replace("Input should be", "allowed:")
        elif allowed:
            message = f"{message} (allowed: {allowed})" if allowed not in message else message
        if field.startswith("incomes.") and err["type"] == "literal_error":
            message = "unknown income type; allowed: " + ", ".join(INCOME_TYPES)
        out.append(InputProblem(hid, member, field, err.get("input"), message))
    return out


def _name(value: object) -> str:
    """A household's or member's id as given, to name it in a problem; ``?`` when it is not a text or number."""
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else "?"


def member_count_bounds() -> tuple[int, int]:
    """The fewest and the most members a household may have (the model's own bounds)."""
    meta = Household.model_fields["members"].metadata
    lo = next(m.min_length for m in meta if hasattr(m, "min_length"))
    hi = next(m.max_length for m in meta if hasattr(m, "max_length"))
    return int(lo), int(hi)


def _known_fields(loc: list[Any], *, in_member: bool) -> str:
    model: type[BaseModel] = Member if in_member else Household
    if len(loc) >= 2:
        subs: dict[str, type[BaseModel]] = {
            "disability": Disability, "parents": Parents, "assets": Assets, "history": History,
        }
        sub = subs.get(str(loc[-2]))
        if sub is not None:
            model = sub
    return "allowed: " + ", ".join(model.model_fields)


def parse_household(raw: object) -> Household:
    """Validate a household dict; raise InputError listing every problem."""
    if isinstance(raw, Household):
        return raw
    if not isinstance(raw, dict):
        raise InputError([InputProblem("?", None, "(household)", type(raw).__name__, "a JSON object")])
    try:
        h = Household.model_validate(raw)
    except ValidationError as exc:
        try:  # the problems show the values received: not one nested too deep to show
            check_depth(raw, MAX_NESTING)
        except NestingError as deep:
            raise InputError([InputProblem(_name(raw.get("id")), None, "(household)", "(too deeply nested)",
                                           str(deep))]) from None
        raise InputError(_problems(exc, raw)) from None
    if h.on is not None:
        late = [m for m in h.members if m.birth_date > h.on]
        if late:
            raise InputError([
                InputProblem(h.id, m.id, "birth_date", m.birth_date.isoformat(),
                             f"a date on or before the household's date {h.on.isoformat()}")
                for m in late
            ])
    return h


def load_household_file(path: str | Path) -> Household:
    """Read one household from a .json or .toml file (UTF-8, with or without a byte-order mark)."""
    p = Path(path)
    try:
        text = read_text(p)
    except TextFileError as exc:
        raise InputError([InputProblem(p.name, None, "(file)", str(p), str(exc))]) from None
    return load_household_text(text, "toml" if p.suffix.lower() == ".toml" else "json", name=p.name, where=str(p))


def load_household_text(text: str | bytes, syntax: str = "json", *, name: str = "<stdin>",
                        where: str | None = None) -> Household:
    """Read one household from JSON or TOML text (``syntax``: ``json`` or ``toml``), or from its bytes (UTF-8,
    with or without a byte-order mark); ``name`` and ``where`` name it in a problem when the text is not
    valid (or not UTF-8, or nested more than :data:`MAX_NESTING` deep)."""
    if isinstance(text, bytes):
        try:
            text = decode_utf8(text)
        except TextFileError as exc:
            raise InputError([InputProblem(name, None, "(file)", where or name, str(exc))]) from None
    try:
        check_nesting(text, MAX_NESTING, toml=syntax == "toml")
        raw = tomllib.loads(text) if syntax == "toml" else json.loads(text)
    except NestingError as exc:
        raise InputError([InputProblem(name, None, "(file)", where or name, f"not a household: {exc}")]) from None
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError([InputProblem(name, None, "(file)", where or name,
                                       f"not valid {syntax.upper()}: {exc}")]) from None
    if isinstance(raw, dict) and "household" in raw and "members" not in raw:
        raw = raw["household"]
    return parse_household(raw)
