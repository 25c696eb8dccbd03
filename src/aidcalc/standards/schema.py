"""The schema of a standards file: one file per official notice, with the values it sets.

A file ``standards/<GB/T 2260 code>-<name>/<effective YYYY-MM-DD>[-slug].toml`` holds a ``[notice]``
table and, in nested tables, the parameters of :mod:`aidcalc.standards.catalogue` that the notice
sets. Each value carries ``ref`` (article or clause) and ``status``; a status other than ``published``
needs a ``note`` saying where the figure comes from.

Languages: ``title``, ``issuer``, ``document_number`` and ``ref`` are the notice's own words (a quote, or
where in the notice the value is read), shown as they are in statements of either language. ``note``
is in 中文, as the notice speaks, and is what a Chinese statement shows; ``note_en`` is the same note
in English, shown by an English statement (without it, the English statement says that the note is in
Chinese only). Editorial remarks in English belong in ``note_en``, not in ``ref``, ``title`` or ``note``
(``aidcalc standards lint`` warns on English prose there, and on a note given in one language only: a
``note_en`` without its ``note``, or a ``note`` without its ``note_en`` in a file that gives English notes).

Each value of a file is walked to its parameter and checked against its bounds in :mod:`._notice_values`.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    ValidationError,
    field_validator,
    model_validator,
)

from aidcalc._textfile import MAX_NESTING, check_depth, check_nesting, decode_utf8
from aidcalc.errors import StandardFileError, TextFileError
from aidcalc.messages import CATALOGUE as MESSAGES
from aidcalc.messages import message, register
from aidcalc.money import MAX_STANDARD_FEN, parse_yuan
from aidcalc.standards.catalogue import ParamSpec

Status = Literal[
    "published", "from-later-notice", "planning-document", "derived", "provincial-floor", "secondary",
    "carried-over",
]
#: the provenance statuses, in the order above
STATUSES: tuple[str, ...] = get_args(Status)
#: what each provenance status means, in the message catalogue as ``label.status.<status>`` (中文, English)
_STATUS_LABELS: dict[str, tuple[str, str]] = {
    "published": ("公布", "published"),
    "from-later-notice": ("据后续文件所载原标准", "old value quoted by a later notice"),
    "planning-document": ("据规划或工作文件", "from a plan or work report"),
    "derived": ("推算", "derived from a published rule"),
    "provincial-floor": ("省定最低标准（本地标准未知）", "provincial minimum (local figure unknown)"),
    "secondary": ("仅见于转载或二手资料", "seen only in a repost or secondary source"),
    "carried-over": ("沿用上期文件，待核", "carried over from the previous notice, not yet checked"),
}
for _status, (_zh, _en) in _STATUS_LABELS.items():
    register(f"label.status.{_status}", _zh, _en)
del _status, _zh, _en


def status_label(status: str, lang: str) -> str:
    """A provenance status in words, in ``lang`` (an unknown status as itself)."""
    key = f"label.status.{status}"
    return message(key, lang) if key in MESSAGES else status


#: the status labels by language (views built from the catalogue, for modules that read them as dicts)
STATUS_LABEL_ZH = {s: status_label(s, "zh") for s in STATUSES}
STATUS_LABEL_EN = {s: status_label(s, "en") for s in STATUSES}

_STRICT = ConfigDict(extra="forbid", frozen=True, strict=False, defer_build=True)


class Notice(BaseModel):
    """The official notice a file transcribes."""

    model_config = _STRICT
    title: str = Field(min_length=1)
    document_number: str | None = None
    issuer: str = Field(min_length=1)
    issued: dt.date | None = None
    effective: dt.date
    until: dt.date | None = None
    source: str = Field(min_length=1)
    #: a remark on the notice, in 中文 …
    note: str | None = None
    #: … and in English
    note_en: str | None = None

    @model_validator(mode="after")
    def _until_after_effective(self) -> Notice:
        if self.until is not None and self.until < self.effective:
            raise ValueError(f"until {self.until} is before effective {self.effective}")
        return self


class _Provenance(BaseModel):
    model_config = _STRICT
    ref: str = Field(min_length=1)
    status: Status
    #: where the figure comes from (needed unless ``published``), in 中文: what a Chinese statement shows …
    note: str | None = None
    #: … and in English: what an English statement shows
    note_en: str | None = None
    #: a value-level source, when the figure was read elsewhere than the notice's own source
    source: str | None = None

    @model_validator(mode="after")
    def _note_unless_published(self) -> _Provenance:
        if self.status != "published" and not self.note:
            raise ValueError(f"status {self.status!r} needs a note saying where the figure comes from")
        return self


#: a number as TOML gives it; booleans are kept as booleans so that the checks can refuse them by name
Number = str | bool | int | float
Yuan = Number
#: rounding units: 分, 角, 元, 10 元
Unit = Literal["fen", "jiao", "yuan", "ten-yuan"]
Mode = Literal["half-up", "up", "down"]
#: the forms of a money rule besides a literal amount, in the order messages list them
RULE_FORMS = ("ratio + of", "same_as", "max", "min", "sum")


class Term(BaseModel):
    """One term of a max/min/sum rule: a ratio of another parameter (``ratio`` 1 when left out), or a literal
    amount; optionally rounded on its own before the terms are combined."""

    model_config = _STRICT
    ratio: Number | None = None
    of: str | None = None
    amount: Yuan | None = None
    per: Literal["month", "year"] = "month"
    round: Unit | None = None
    mode: Mode | None = None

    @model_validator(mode="after")
    def _shape(self) -> Term:
        if (self.of is None) == (self.amount is None):
            raise ValueError("a term is either {ratio, of} or {amount, per}")
        if self.ratio is not None and self.of is None:
            raise ValueError("a term's ratio needs of = \"<parameter>\"")
        if (self.round is None) != (self.mode is None):
            raise ValueError("a term rounded on its own gives both round and mode")
        return self


class MoneyValue(_Provenance):
    """A money amount: a literal (``amount``/``per``) or a rule (``ratio``+``of``, ``same_as``, ``max``, ``min``,
    ``sum`` of terms), rounded to ``round`` (分, 角, 元, 10 元) by ``mode`` (half-up, up, down)."""

    amount: Yuan | None = None
    per: Literal["month", "year"] = "month"
    ratio: Number | None = None
    of: str | None = None
    same_as: str | None = None
    max: list[Term] | None = Field(default=None, min_length=1)
    min: list[Term] | None = Field(default=None, min_length=1)
    sum: list[Term] | None = Field(default=None, min_length=1)
    round: Unit = "fen"
    mode: Mode = "half-up"

    def _forms(self) -> list[bool]:
        return [self.amount is not None, self.of is not None, self.same_as is not None, self.max is not None,
                self.min is not None, self.sum is not None]

    def _forms_text(self) -> str:
        return "amount (with per), ratio + of, same_as, max = [terms], min = [terms], sum = [terms]"

    @model_validator(mode="after")
    def _one_form(self) -> MoneyValue:
        if sum(self._forms()) != 1:
            raise ValueError(f"give exactly one of: {self._forms_text()}")
        if self.ratio is not None and self.of is None:
            raise ValueError("ratio needs of = \"<parameter>\"")
        if self.of is not None and self.ratio is None:
            raise ValueError("of needs ratio = \"…\"")
        return self

    @property
    def terms(self) -> list[Term]:
        return self.max or self.min or self.sum or []


class ShareValue(MoneyValue):
    """A money amount per person that may also be written as a share of a base (``value``, e.g. 0.3 × the
    household's own 低保标准), rounded to ``round`` by ``mode``."""

    value: Number | None = None

    def _forms(self) -> list[bool]:
        return [*super()._forms(), self.value is not None]

    def _forms_text(self) -> str:
        return "value (a share of the standard), " + super()._forms_text()


class RatioValue(_Provenance):
    value: Number


class IntValue(_Provenance):
    value: StrictInt


class BoolValue(_Provenance):
    value: StrictBool


class ChoiceValue(_Provenance):
    value: str


class ListValue(_Provenance):
    value: list[str]


class ScheduleValue(_Provenance):
    value: list[Number] = Field(min_length=1)


class Band(BaseModel):
    model_config = _STRICT
    age_from: int = Field(alias="from", ge=0, le=150)
    amount: Yuan

    @field_validator("amount")
    @classmethod
    def _money(cls, v: Yuan) -> Yuan:
        parse_yuan(v, most=MAX_STANDARD_FEN)
        return v


class BandsValue(_Provenance):
    bands: list[Band] = Field(min_length=1)
    per: Literal["month", "year"] = "month"


#: the model that validates a value of each catalogue kind (a TOML table, or a cached one)
MODEL_OF_KIND: dict[str, type[_Provenance]] = {
    "money": MoneyValue,
    "share": ShareValue,
    "ratio": RatioValue,
    "int": IntValue,
    "bool": BoolValue,
    "choice": ChoiceValue,
    "list": ListValue,
    "schedule": ScheduleValue,
    "bands": BandsValue,
}


@dataclass(frozen=True)
class ValueDef:
    """One parameter as one notice sets it, checked against the catalogue."""

    spec: ParamSpec
    model: _Provenance
    path: str

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class NoticeFile:
    """A parsed standards file."""

    path: str
    division: str
    division_slug: str
    notice: Notice
    values: dict[str, ValueDef]
    digest: str


def parse_notice_file(path: Path, *, root: Path | None = None) -> NoticeFile:
    """Read, validate and return one standards file; raise StandardFileError naming file and key."""
    import hashlib

    from aidcalc.standards._notice_values import validation_message, walk

    shown = str(path.relative_to(root.parent)) if root is not None else str(path)
    try:
        data_bytes = path.read_bytes()
    except OSError as exc:
        raise StandardFileError(f"cannot be read: {exc.strerror or exc}", path=shown) from None
    try:
        text = decode_utf8(data_bytes)
        check_nesting(text, MAX_NESTING, toml=True)  # before the parser, which recurses once per level
        data = tomllib.loads(text)
        check_depth(data, MAX_NESTING)  # dotted keys (a.b.c…) nest without brackets
    except TextFileError as exc:
        raise StandardFileError(str(exc), path=shown) from None
    except tomllib.TOMLDecodeError as exc:
        raise StandardFileError(f"not valid TOML: {exc}", path=shown) from None
    folder = path.parent.name
    code, _, slug = folder.partition("-")
    if not (len(code) == 6 and code.isdigit()):
        raise StandardFileError(
            f"folder {folder!r} must be named <6-digit GB/T 2260 code>-<name>, e.g. 440100-guangzhou", path=shown
        )
    if "notice" not in data:
        raise StandardFileError("missing [notice] table (title, issuer, effective, source, …)", path=shown,
                                key="notice")
    raw_notice = data.pop("notice")
    try:
        notice = Notice.model_validate(raw_notice)
    except ValidationError as exc:
        _, msg = validation_message(exc, "notice")
        raise StandardFileError(msg, path=shown, key="notice") from None
    stem_date = path.stem[:10]
    try:
        named = dt.date.fromisoformat(stem_date)
    except ValueError:
        raise StandardFileError(
            f"file name must start with the effective date YYYY-MM-DD; found {path.name!r}", path=shown
        ) from None
    if named != notice.effective:
        raise StandardFileError(
            f"file name date {named} differs from notice.effective {notice.effective}", path=shown, key="notice.effective"
        )
    values: dict[str, ValueDef] = {}
    walk(data, "", shown, values)
    if not values:
        raise StandardFileError("the notice sets no parameter", path=shown)
    return NoticeFile(
        path=shown,
        division=code,
        division_slug=slug,
        notice=notice,
        values=values,
        digest=hashlib.sha256(data_bytes).hexdigest(),
    )
