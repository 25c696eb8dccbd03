"""Declarations and the Trace: every named quantity a rule computes is declared once, beside the rule.

A declaration (:class:`Quantity`) says what a quantity is — its name, whether it is a household's or a
person's, its unit, its label in 中文 and English, the working that shows how it is computed (a template
over other declared quantities, ``{dibao.standard} × {dibao.size} − {dibao.income}``), the citations of
the rule, and its role in a statement (a value the rules pass on, a line that adds into a benefit, a
step of the working, a note). Why a benefit was refused or left pending is declared as a
:class:`ReasonKind`; a rule records, per household or person, the code of the reason that applies: a
quantity of unit ``code`` (or ``flag``: no/yes) that declares, with ``reasons=``, the reason each of its
values stands for. A reason whose message names ``{members}`` is one sentence for the household listing
the members whose code records it.

The :class:`Trace` holds the values of one run. It takes only declared names: a misspelt name is an
error the first time a test reaches it (and with the module-level constants the rules use, at import).
Explanations, diffs and result tables read the declarations and the Trace; none of them decides a
rule's branches again.

Labels, workings and reasons are registered in the message catalogue (:mod:`aidcalc.messages`) as
``quantity.<name>``, ``working.<name>`` and ``reason.<benefit>.<key>``.
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, overload

import numpy as np
import numpy.typing as npt

from aidcalc.messages import Message, register

if TYPE_CHECKING:
    from aidcalc.engine.frame import Frame
    from aidcalc.engine.params import Params

A = TypeVar("A")
B = npt.NDArray[np.bool_]
I8 = npt.NDArray[np.int8]
I64 = npt.NDArray[np.int64]

Entity = Literal["household", "person"]
#: fen: money (monthly 分); count: a whole number; months; flag: yes/no; code: an index into ``codes``;
#: ratio: an exact fraction, held as Params holds ratios — a pair (numerators, denominators) of int64 arrays —
#: and shown as the declaration's ``ratio`` says: ``percent`` (80%, 100%) or ``multiplier`` (1.5)
Unit = Literal["fen", "count", "months", "flag", "code", "ratio"]
RatioShow = Literal["percent", "multiplier"]
Role = Literal["value", "line", "step", "note"]


@dataclass(frozen=True)
class Law:
    """A citation of a national rule (a regulation article, not a standards value)."""

    title: str
    document_number: str
    article: str


#: a citation in a declaration: a national rule, or the name of a standards parameter (cited with its notice)
Cite = Law | str


class Quantity(str, Generic[A]):
    """One named quantity of the rules (see the module docstring).

    A Quantity is its name — a ``str`` equal to it, hashed like it — so that the Trace is a dict keyed by
    name and ``t[DIBAO_GAP]`` is one dict lookup. Names are declared once (:func:`quantity`), so two
    Quantities are equal exactly when they are the same declaration. Read-only once declared.
    """

    name: str
    entity: Entity
    unit: Unit
    label: Message
    working: Message | None
    cites: tuple[Cite, ...]
    role: Role
    #: for unit ``code``: what each code means (code 0 is the first)
    codes: tuple[str, ...]
    #: for a quantity that records why (unit ``code``, or ``flag`` as no/yes): the reason each value stands for
    reasons: tuple[ReasonKind | None, ...]
    #: for unit ``ratio``: how a statement shows it
    ratio: RatioShow

    def __new__(cls, name: str, entity: Entity, unit: Unit, label: Message, working: Message | None = None,
                cites: tuple[Cite, ...] = (), role: Role = "value", codes: tuple[str, ...] = (),
                reasons: tuple[ReasonKind | None, ...] = (), ratio: RatioShow = "percent") -> Quantity[A]:
        self = super().__new__(cls, name)
        for attr, value in (("name", str(name)), ("entity", entity), ("unit", unit), ("label", label),
                            ("working", working), ("cites", cites), ("role", role), ("codes", codes),
                            ("reasons", reasons), ("ratio", ratio)):
            object.__setattr__(self, attr, value)
        return self

    def __setattr__(self, attr: str, value: object) -> None:
        raise AttributeError(f"quantity {self.name!r} is read-only")

    def __repr__(self) -> str:
        return f"Quantity({self.name!r})"

    def __reduce__(self) -> tuple[Callable[[str], Quantity[Any]], tuple[str]]:
        return declared, (self.name,)

    def __copy__(self) -> Quantity[A]:
        return self

    def __deepcopy__(self, memo: object) -> Quantity[A]:
        return self


@dataclass(frozen=True, eq=False)
class ReasonKind:
    """Why a benefit was refused, or is pending: the message (filled from declared quantities of the
    household or member), the citations of the test that decided it, and what it names as missing
    (``assets``, ``members.{member}.supporter``, ``standard:<parameter>``, ``{area}`` in a parameter: the
    household's ``urban`` or ``rural``; empty: nothing). ``code`` is what results call it (several declared
    reasons share one: every standard not in force is ``standard_missing``)."""

    benefit: str
    key: str
    message: Message
    cites: tuple[Cite, ...] = ()
    missing: str = ""
    code: str = ""
    #: given once for the household, naming (``{members}``) each member whose code records it
    lists_members: bool = False

    def __repr__(self) -> str:
        return f"ReasonKind({self.benefit!r}, {self.key!r})"


#: the fields a reason's message may take besides declared quantities, filled by the explanation from the
#: declaration itself: ``{standard}`` the standard not in force, in words; ``{members}`` the members listed
REASON_FIELDS = frozenset({"standard", "members"})

#: every declared quantity by name
DECLARED: dict[str, Quantity[Any]] = {}
#: every Quantity declared (to test a run's names against at C speed: see :meth:`Trace.check`). Kept beside
#: DECLARED on purpose: comparing DECLARED's key view instead cost some 50k instructions a run more
_QUANTITIES: set[Quantity[Any]] = set()
#: every declared reason by (benefit, key)
REASONS: dict[tuple[str, str], ReasonKind] = {}


@overload
def quantity(name: str, entity: Entity, unit: Literal["fen", "count", "months"], zh: str, en: str, *,
             working: tuple[str, str] | None = None, cites: tuple[Cite, ...] = (), role: Role = "value",
             codes: tuple[str, ...] = (), reasons: tuple[ReasonKind | None, ...] = (),
             ratio: RatioShow = "percent") -> Quantity[I64]: ...
@overload
def quantity(name: str, entity: Entity, unit: Literal["flag"], zh: str, en: str, *,
             working: tuple[str, str] | None = None, cites: tuple[Cite, ...] = (), role: Role = "value",
             codes: tuple[str, ...] = (), reasons: tuple[ReasonKind | None, ...] = (),
             ratio: RatioShow = "percent") -> Quantity[B]: ...
@overload
def quantity(name: str, entity: Entity, unit: Literal["code"], zh: str, en: str, *,
             working: tuple[str, str] | None = None, cites: tuple[Cite, ...] = (), role: Role = "value",
             codes: tuple[str, ...] = (), reasons: tuple[ReasonKind | None, ...] = (),
             ratio: RatioShow = "percent") -> Quantity[I8]: ...
@overload
def quantity(name: str, entity: Entity, unit: Literal["ratio"], zh: str, en: str, *,
             working: tuple[str, str] | None = None, cites: tuple[Cite, ...] = (), role: Role = "value",
             codes: tuple[str, ...] = (), reasons: tuple[ReasonKind | None, ...] = (),
             ratio: RatioShow = "percent") -> Quantity[tuple[I64, I64]]: ...
def quantity(name: str, entity: Entity, unit: Unit, zh: str, en: str, *,
             working: tuple[str, str] | None = None, cites: tuple[Cite, ...] = (), role: Role = "value",
             codes: tuple[str, ...] = (), reasons: tuple[ReasonKind | None, ...] = (),
             ratio: RatioShow = "percent") -> Quantity[Any]:
    """Declare a quantity (once: a second declaration of a name is an error at import). A quantity recording
    why declares the reason of each value: a flag two (no, yes), a code one per code (its ``codes`` default to
    the reasons' keys, "" for none)."""
    if name in DECLARED:
        raise ValueError(f"quantity {name!r} declared twice")
    if reasons:
        if unit == "code" and not codes:
            codes = reason_codes(reasons)
        if len(reasons) != (2 if unit == "flag" else len(codes)) or unit not in ("flag", "code"):
            raise ValueError(f"quantity {name!r}: one reason (or None) per value of a flag or code")
    label = register(f"quantity.{name}", zh, en)
    work = register(f"working.{name}", *working) if working is not None else None
    q: Quantity[Any] = Quantity(name, entity, unit, label, work, cites, role, codes, reasons, ratio)
    DECLARED[name] = q
    _QUANTITIES.add(q)
    return q


def reason(benefit: str, key: str, zh: str, en: str, *, cites: tuple[Cite, ...] = (), missing: str = "",
           code: str = "") -> ReasonKind:
    """Declare a reason a benefit can be refused or pending (``code``: what results call it; default ``key``)."""
    if (benefit, key) in REASONS:
        raise ValueError(f"reason {benefit}.{key} declared twice")
    msg = register(f"reason.{benefit}.{key}", zh, en)
    kind = ReasonKind(benefit, key, msg, cites, missing, code or key, "members" in msg.fields())
    REASONS[benefit, key] = kind
    return kind



def standard_missing(benefit: str, key: str, parameter: str, *, code: str = "standard_missing") -> ReasonKind:
    """Declare the reason "``parameter`` is not in force" (its message the statement's missing-standard sentence,
    ``{standard}``: the division and its name, the parameter's label, the date and the nearest dates that set
    it). ``parameter`` may hold ``{area}`` or name a declared quantity (``{tekun.care_standard}``)."""
    return reason(benefit, key, "{standard}", "{standard}", missing=f"standard:{parameter}", code=code)

#: quantities worked out from the other quantities of a run when first read, by name (see :func:`derived`)
DERIVED: dict[str, Callable[[Trace], Any]] = {}


def derived(q: Quantity[A]) -> Callable[[Callable[[Trace], A]], Callable[[Trace], A]]:
    """Declare (as a decorator, beside the rule) how ``q`` is worked out from the other quantities of a run
    when first read — what only statements and result tables show — so that no run registers it
    (:meth:`Trace.later` is for what needs the rule's own intermediate arrays)."""
    def declare(compute: Callable[[Trace], A]) -> Callable[[Trace], A]:
        if q.name in DERIVED:
            raise ValueError(f"quantity {q.name!r} derived twice")
        DERIVED[q.name] = compute
        return compute
    return declare


def reason_codes(kinds: tuple[ReasonKind | None, ...]) -> tuple[str, ...]:
    """The ``codes`` of a quantity recording which of ``kinds`` applies (``None``: no reason, code "")."""
    return tuple(k.key if k else "" for k in kinds)


def template_fields(template: str) -> list[str]:
    """The declared names a working or reason template refers to, in order."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@functools.lru_cache(maxsize=4096)
def template_pieces(template: str) -> tuple[tuple[str, str | None], ...]:
    """A template's pieces: each literal text and the name that follows it (None at the end); parsed once."""
    return tuple((literal, name or None) for literal, name, _spec, _conv in string.Formatter().parse(template))


def fill(template: str, value: Callable[[str], str]) -> str:
    """``template`` with each ``{name}`` replaced by ``value(name)`` (names may contain dots)."""
    out: list[str] = []
    for literal, name in template_pieces(template):
        out.append(literal)
        if name:
            out.append(value(name))
    return "".join(out)


def declared(name: str) -> Quantity[Any]:
    """The declaration of ``name``; an undeclared name is a programming error (KeyError naming it)."""
    got = DECLARED.get(name)
    if got is None:
        raise KeyError(f"no quantity {name!r} is declared (see aidcalc.engine.trace)")
    return got


class Trace(dict[str, Any]):
    """The values of every declared quantity of one run: household-level (length n) or person-level
    (length m) arrays, or 0-d when one value holds for every household of the Frame.

    A dict keyed by quantity name (a :class:`Quantity` is its name), so that reading and writing a value
    is one dict operation at C speed. Strict: reading an undeclared name is a KeyError naming it, and so
    is a run that wrote or deferred one (:meth:`check`, which :func:`aidcalc.benefits.run` calls when the
    rules are done); a declared quantity registered with :attr:`later` is worked out on first read.
    """

    #: ``later(q, compute)``: declare ``q`` to be worked out by ``compute(trace)`` when first read (given the
    #: Trace then, so that no closure holds the Trace: a cycle would keep its arrays alive until the
    #: collector runs). The bound ``pending.__setitem__``: registering costs no Python call.
    later: Callable[[str, Callable[[Trace], Any]], None]

    def __init__(self, frame: Frame, params: Params) -> None:
        super().__init__()
        self.frame = frame
        self.params = params
        #: quantities worked out on first use (what only statements and result tables show)
        self.pending: dict[str, Callable[[Trace], Any]] = {}
        self.later = self.pending.__setitem__

    if TYPE_CHECKING:
        @overload
        def __getitem__(self, q: Quantity[A]) -> A: ...
        @overload
        def __getitem__(self, q: str) -> Any: ...
        def __getitem__(self, q: str) -> Any: ...

        @overload
        def __setitem__(self, q: Quantity[A], value: A) -> None: ...
        @overload
        def __setitem__(self, q: str, value: Any) -> None: ...
        def __setitem__(self, q: str, value: Any) -> None: ...

    def __missing__(self, name: str) -> Any:
        compute = self.pending.pop(name, None) or DERIVED.get(name)
        if compute is None:
            declared(name)
            raise KeyError(f"{name!r} is declared but this run did not compute it")
        got = self[name] = compute(self)
        return got

    def check(self) -> None:
        """A KeyError naming the first name (in sorted order) that this run wrote or deferred and no
        quantity declares. A Quantity is declared by construction; a plain string may not be."""
        # names test equal to their Quantities: a set of the Quantities holds a declared plain name too
        if not (_QUANTITIES.issuperset(self) and _QUANTITIES.issuperset(self.pending)):
            undeclared = (set(self) | set(self.pending)) - DECLARED.keys()
            if undeclared:
                declared(min(undeclared))

    def __contains__(self, q: object) -> bool:
        return dict.__contains__(self, q) or q in self.pending or q in DERIVED

    def __repr__(self) -> str:
        return f"Trace({self.frame.n} households, {len(self)} values, {len(self.pending)} pending)"

    def __bool__(self) -> bool:  # a run's Trace, even one with nothing in it yet
        return True


__all__ = ["DECLARED", "DERIVED", "REASONS", "REASON_FIELDS", "Cite", "Law", "Quantity", "RatioShow", "ReasonKind",
           "Trace", "declared", "derived", "fill", "quantity", "reason", "reason_codes", "standard_missing",
           "template_fields", "template_pieces"]
