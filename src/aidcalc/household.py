"""Household input: the contract every household is given in, and what the rules need.

Households load from JSON, TOML or a Python dict. Dates are ``YYYY-MM-DD``; money is monthly yuan as
a string or number with at most two decimals (more is an error, never rounded). Every problem is
reported as an :class:`~aidcalc.errors.InputProblem` naming household, member, field, value and what
is allowed.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    ValidationError,
    field_validator,
    model_validator,
)

from aidcalc.errors import InputError, InputProblem, MoneyFormatError
from aidcalc.money import parse_yuan, yuan
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


def _to_fen(v: object) -> int:
    try:
        return parse_yuan(v)
    except MoneyFormatError as exc:
        raise ValueError(str(exc)) from None


Fen = Annotated[int, BeforeValidator(_to_fen), Field(ge=0), PlainSerializer(yuan, return_type=str)]
"""Money in 分 inside, parsed from yuan (``"2400.00"`` or ``2400``) and dumped as yuan strings."""

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


class Member(BaseModel):
    """One person in the household."""

    model_config = _MODEL
    id: str = Field(min_length=1, max_length=64)
    #: the person's name as the statement (告知书) shows it; optional, never used by a rule
    name: str | None = Field(default=None, min_length=1, max_length=64)
    relation: Relation = "other"
    birth_date: dt.date
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
    financial: Fen = 0
    vehicles: int = Field(default=0, ge=0, le=1000)
    homes: int = Field(default=0, ge=0, le=1000)


class History(BaseModel):
    """What the case system knows of the household's 低保 so far (for 渐退)."""

    model_config = _MODEL
    #: first month of the current 低保 award
    dibao_since: dt.date | None = None
    #: the month the household's income first rose to or above the standard
    income_exceeded_since: dt.date | None = None
    #: the monthly 低保金 paid before income rose
    last_dibao_amount: Fen | None = None


class Household(BaseModel):
    """A household as a case system sends it."""

    model_config = _MODEL
    id: str = Field(min_length=1, max_length=128)
    division: str = Field(pattern=r"^[0-9]{6}$")
    area: Area
    on: dt.date | None = None
    members: tuple[Member, ...] = Field(min_length=1, max_length=64)
    assets: Assets | None = None
    history: History | None = None

    @model_validator(mode="after")
    def _unique_member_ids(self) -> Household:
        seen: set[str] = set()
        for m in self.members:
            if m.id in seen:
                raise ValueError(f"member id {m.id!r} appears twice; member ids must be unique")
            seen.add(m.id)
        return self

    def canonical_json(self) -> str:
        """Normalised input (amounts as yuan strings, keys sorted) for the reproducibility hash."""
        data = self.model_dump(mode="json", exclude_none=True)
        return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


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
    hid = str(raw.get("id", "?")) if isinstance(raw, dict) else "?"
    members = raw.get("members") if isinstance(raw, dict) else None
    out: list[InputProblem] = []
    errors = exc.errors()
    member_errors = any(e["loc"][:1] == ("members",) and len(e["loc"]) > 1 for e in errors)
    for err in errors:
        loc = [p for p in err["loc"] if p != "[key]"]
        if member_errors and err["loc"] == ("members",) and err["type"] == "too_short":
            continue  # a side effect of a member failing; that member's own problems are listed
        member: str | None = None
        if len(loc) >= 2 and loc[0] == "members" and isinstance(loc[1], int):
            idx = loc[1]
            mid = None
            if isinstance(members, list) and idx < len(members) and isinstance(members[idx], dict):
                mid = members[idx].get("id")
            member = str(mid) if mid is not None else f"#{idx + 1}"
            loc = loc[2:]
        field = ".".join(str(p) for p in loc if not str(p).startswith(("function-", "literal[")))
        if not field:
            field = "members" if member is None and err["loc"][:1] == ("members",) else (field or "(household)")
        message = err["msg"].removeprefix("Value error, ")
        allowed = _ALLOWED_BY_TYPE.get(err["type"], "")
        if err["type"] == "string_pattern_mismatch" and field == "division":
            message = "a 6-digit GB/T 2260 division code such as 440106"
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
    """Read one household from a .json or .toml file."""
    p = Path(path)
    return load_household_text(p.read_text("utf-8"), "toml" if p.suffix.lower() == ".toml" else "json",
                               name=p.name, where=str(p))


def load_household_text(text: str, syntax: str = "json", *, name: str = "<stdin>", where: str | None = None) -> Household:
    """Read one household from JSON or TOML text (``syntax``: ``json`` or ``toml``); ``name`` and ``where``
    name it in a problem when the text is not valid."""
    try:
        raw = tomllib.loads(text) if syntax == "toml" else json.loads(text)
    except (json.JSONDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError([InputProblem(name, None, "(file)", where or name,
                                       f"not valid {syntax.upper()}: {exc}")]) from None
    if isinstance(raw, dict) and "household" in raw and "members" not in raw:
        raw = raw["household"]
    return parse_household(raw)
