"""One household's slice of a Trace, as the explanation reads it: values, standards, citations, missing."""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction
from typing import Any, TypeVar

import numpy as np

from aidcalc.benefits import STATUSES
from aidcalc.engine.trace import DECLARED, Cite, Law, Quantity, ReasonKind, Trace, declared, fill, template_pieces
from aidcalc.errors import NoValueInForce
from aidcalc.explain._words import money, ratio_words
from aidcalc.explain.lines import HouseholdLines
from aidcalc.explain.messages import division_text, missing_standard, parameter_label
from aidcalc.explain.result import BenefitResult, Citation, Reason, Status
from aidcalc.messages import CATALOGUE, Message, message, register_all
from aidcalc.standards.library import Resolved

_T = TypeVar("_T")

#: citations kept per group and language before starting afresh (declared tuples: a few hundred at most)
_MEMO_LIMIT = 4096

#: how a yes/no quantity reads in a statement; how a list of members is joined
register_all({"value.yes": ("是", "yes"), "value.no": ("否", "no"), "members.sep": ("、", ", ")})


class View:
    """One household's slice of a Trace, and the standards its explanation cites."""

    def __init__(self, t: Trace, i: int, lang: str) -> None:
        self.t = t
        self.f = t.frame
        self.i = i
        self.lang = lang
        start = self.f.start
        self.s: int = start.item(i)
        self.e: int = start.item(i + 1)
        #: the household's members are every person of the Frame (a Frame of one): a person's array is theirs
        self._whole = self.s == 0 and self.e == self.f.m
        self.g: int = self.f.group.item(i)
        self.division, self.on = self.f.groups[self.g]
        self.rural: bool = self.f.rural.item(i)
        self.used: dict[str, Resolved] = {}
        self.lines = HouseholdLines(t, i, self.s, self.e)
        self._lists: dict[str, list[Any]] = {}
        self._values = t  # the Trace is the dict of values (get: no deferred quantity worked out)
        #: each quantity's text, by name (a household's) or (name, member)
        self._texts: dict[str | tuple[str, int], str] = {}
        # the citations of the group's standards in the statement's language, kept with the standards
        self._memo: dict[Any, Any] = t.params.derived(f"explain.cites:{self.g}:{lang}", dict)
        self._area = "rural" if self.rural else "urban"

    # ------------------------------------------------------------ read from the declarations
    def value(self, name: str, k: int | None = None) -> Any:
        """A declared quantity's value for the household, or for its member ``k`` (a person-level quantity)."""
        q = DECLARED.get(name) or declared(name)
        if q.entity == "person" and k is None:
            raise ValueError(f"{name} is a person's quantity: name the member")
        if q.unit == "ratio":
            return self._ratio(q, k)
        return self.p(name)[k or 0] if q.entity == "person" else self.h(name)

    def _ratio(self, q: Quantity[Any], k: int | None) -> Fraction:
        """A ratio quantity's exact value (held as a pair of numerator and denominator arrays); of a person's,
        member ``k``'s."""
        at = self.i if q.entity == "household" else self.s + (k or 0)
        num, den = self.t[q]
        return Fraction(int(num[at] if np.ndim(num) else num), int(den[at] if np.ndim(den) else den))

    def text_of(self, name: str, k: int | None = None) -> str:
        """A declared quantity's value as a statement shows it: money in yuan, a code by its label."""
        key = name if k is None else (name, k)
        got = self._texts.get(key)
        if got is None:
            got = self._texts[key] = self._text_of(name, k)
        return got

    def _text_of(self, name: str, k: int | None) -> str:
        q = DECLARED.get(name) or declared(name)
        unit = q.unit
        # a member's or the household's value read directly; a ratio (or a person's quantity without a member:
        # an error) as :meth:`value` reads it
        if k is not None and q.entity == "person":
            x = self.p(name)[k]
        elif unit == "ratio" or q.entity == "person":
            x = self.value(name, k)
        else:
            x = self.h(name)
        if unit == "fen":
            return money(x)
        if unit == "count" or unit == "months":
            return str(int(x))
        if unit == "flag":
            return message("value.yes" if x else "value.no", self.lang)
        if unit == "ratio":
            return ratio_words(x, q.ratio)
        if unit == "code":
            # a code in words where the catalogue has ``code.<quantity>.<code>``, else the code itself
            code = q.codes[int(x)]
            words = CATALOGUE.get(f"code.{name}.{code}")
            return code if words is None else words.text(self.lang)
        return str(int(x))

    def fill(self, msg: Message, k: int | None = None, **extra: str) -> str:
        """``msg`` in the statement's language, each ``{name}`` filled with the declared quantity's value for
        the household (or member ``k``), or with ``extra[name]`` where given."""
        # :func:`aidcalc.engine.trace.fill` with :meth:`text_of` written out in the loop (a statement fills a few
        # dozen names; two Python calls a name cost more than the rest of the filling)
        texts = self._texts
        out: list[str] = []
        for literal, name in template_pieces(msg.text(self.lang)):
            out.append(literal)
            if name:
                if name in extra:
                    out.append(extra[name])
                    continue
                key = name if k is None else (name, k)
                got = texts.get(key)
                if got is None:
                    got = texts[key] = self._text_of(name, k)
                out.append(got)
        return "".join(out)

    def text(self, key: str, **fields: object) -> str:
        """The catalogue's message ``key`` in the statement's language."""
        return message(key, self.lang, **fields)

    def working(self, q: Quantity[Any], k: int | None = None, **extra: str) -> str:
        """The declared working of ``q`` filled for the household (or member ``k``)."""
        if q.working is None:
            raise KeyError(f"{q.name} declares no working")
        return self.fill(q.working, k, **extra)

    def cites(self, cites: tuple[Cite, ...]) -> tuple[Citation, ...]:
        """Declared citations: a national rule as itself, a standards parameter by its notice in force (``{area}``
        in a parameter's name: the household's, ``urban`` or ``rural``).

        Worked out once per group, language and area for each declared tuple (kept by identity, with the
        tuple: declarations are module constants) and the standards it uses recorded again from there."""
        key = (id(cites), self._area)
        hit = self._memo.get(key)
        if hit is None or hit[0] is not cites:
            names = [c.replace("{area}", self._area) for c in cites if isinstance(c, str)]
            used: dict[str, Resolved] = {}
            got = self._cite(tuple(names), used) + tuple(self.law(c) for c in cites if isinstance(c, Law))
            hit = self._remember(key, (cites, got, used))
        self.used.update(hit[2])
        out: tuple[Citation, ...] = hit[1]
        return out

    def uses(self, q: Quantity[Any]) -> None:
        """The statement rests on ``q``: the standards it cites count as used (the fingerprint, the warnings on
        values not published), as its citations would."""
        self.cites(q.cites)

    def reasons(self, b: BenefitResult, codes: Quantity[Any], kinds: tuple[ReasonKind | None, ...] | None = None,
                **extra: str) -> None:
        """Add the reasons the rule recorded in ``codes`` (one code per household or per member, an index
        into ``kinds``, by default the reasons ``codes`` declares; ``None`` entries mean no reason): each in
        words, with its citations and what it names as missing (``{member}`` in a missing entry is the
        member's id). Of a person's quantity: each member's reason in the members' order, then those that
        list the members (:meth:`member_lists`)."""
        kinds = kinds or codes.reasons
        if codes.entity != "person":
            kind = kinds[self.h(codes.name)]
            if kind is not None:
                self.reason(b, kind, None, **extra)
            return
        lists = False
        for j, code in enumerate(self.p(codes.name)):
            kind = kinds[code]
            if kind is None:
                continue
            if kind.lists_members:
                lists = True
            else:
                self.reason(b, kind, j, **extra)
        if lists:
            self.member_lists(b, codes, kinds, **extra)

    def member_reasons(self, b: BenefitResult, *codes: Quantity[Any], k: int | None = None) -> None:
        """Add each member's own reasons recorded in ``codes`` (person quantities declaring their reasons):
        member by member, in the order of ``codes`` for each (only member ``k``'s where given). Reasons that
        list the members are left to :meth:`member_lists`."""
        lists = self._lists
        if k is not None:
            for q in codes:
                kind = q.reasons[(lists.get(q.name) or self.p(q.name))[k]]
                if kind is not None and not kind.lists_members:
                    self.reason(b, kind, k)
            return
        recorded = []
        for q in codes:
            values = lists.get(q.name) or self.p(q.name)
            if q.reasons[0] is not None or any(values):  # no member has a reason: nothing to visit
                recorded.append((q.reasons, values))
        if not recorded:
            return
        for j in range(self.e - self.s):
            for kinds, values in recorded:
                kind = kinds[values[j]]
                if kind is not None and not kind.lists_members:
                    self.reason(b, kind, j)

    def member_lists(self, b: BenefitResult, codes: Quantity[Any], kinds: tuple[ReasonKind | None, ...] | None = None,
                     **extra: str) -> None:
        """Add, once for the household, each reason of ``codes`` (a person's quantity) that lists the members
        whose code records it (``{members}``; what it names as missing, once per member)."""
        kinds = kinds or codes.reasons
        recorded = self.p(codes.name)
        if kinds[0] is None and not any(recorded):
            return
        listed: dict[ReasonKind, list[int]] = {}
        for j, code in enumerate(recorded):
            kind = kinds[code]
            if kind is not None and kind.lists_members:
                listed.setdefault(kind, []).append(j)
        for kind, members in listed.items():
            ids = self.ids
            if kind.missing:
                for j in members:
                    key = self._missing_key(kind, j)
                    if key not in b.missing:
                        b.missing.append(key)
            names = message("members.sep", self.lang).join(ids[j] for j in members)
            b.reasons.append(Reason(kind.code, self.fill(kind.message, None, members=names, **extra),
                                    self.cites(kind.cites)))

    def reason(self, b: BenefitResult, kind: ReasonKind, k: int | None = None, **extra: str) -> None:
        """Add one declared reason for the household (or its member ``k``).

        What it names as missing is filled like a template: ``{member}`` is the member's id, ``{area}`` the
        household's ``urban`` or ``rural``, any other ``{name}`` the declared quantity's code
        (``standard:{disability_care.standard}``: the parameter the rule recorded for the member). A missing
        standard is given to the message as ``{standard}``, in words (the division with its name, the
        parameter's label, the date and the nearest dates that have it). A reason already named as missing
        is not repeated."""
        if kind.missing:
            key = self._missing_key(kind, k)
            if key in b.missing:
                return
            b.missing.append(key)
            if key.startswith("standard:"):
                extra = {"standard": self.missing_text(key.removeprefix("standard:")), **extra}
        b.reasons.append(Reason(kind.code, self.fill(kind.message, k, **extra), self.cites(kind.cites),
                                member=None if k is None else self.ids[k]))

    def _missing_key(self, kind: ReasonKind, k: int | None) -> str:
        """What ``kind`` names as missing for the household (or its member ``k``)."""
        def value(name: str) -> str:
            if name == "member":
                return str(None if k is None else self.ids[k])
            if name == "area":
                return "rural" if self.rural else "urban"
            return self._raw(name, k)
        return fill(kind.missing, value)

    def _raw(self, name: str, k: int | None) -> str:
        """A declared quantity's value as a key names it: a code by its code, anything else as a number."""
        q = DECLARED.get(name) or declared(name)
        x = self.value(name, k)
        return q.codes[int(x)] if q.unit == "code" else str(int(x))

    def h(self, name: str) -> Any:
        """The household's value of a household-level quantity, as a Python value."""
        arr = self._values.get(name)
        if arr is None:
            arr = self.t[name]
        if type(arr) is np.ndarray:
            return arr.item(self.i) if arr.ndim else arr.item()
        return arr.item() if hasattr(arr, "item") else arr

    def p(self, name: str) -> list[Any]:
        """The household's members' values of a person-level quantity, as Python values (cached)."""
        got = self._lists.get(name)
        if got is None:
            arr = self._values.get(name)
            if arr is None:
                arr = self.t[name]
            if type(arr) is np.ndarray and arr.ndim:
                got = arr.tolist() if self._whole else arr[self.s:self.e].tolist()
            else:
                got = [arr.item() if hasattr(arr, "item") else arr] * (self.e - self.s)
            self._lists[name] = got
        return got

    def pf(self, attr: str) -> list[Any]:
        """The household's members' values of a Frame column."""
        key = "frame." + attr
        got = self._lists.get(key)
        if got is None:
            got = self._lists[key] = getattr(self.f, attr)[self.s:self.e].tolist()
        return got

    @functools.cached_property
    def ids(self) -> list[str]:
        """The household's members' ids (one list: read it, don't change it)."""
        return list(self.f.person_ids[self.s:self.e])

    def std(self, name: str) -> Resolved | None:
        return self._std(name, self.used)

    def _std(self, name: str, used: dict[str, Resolved]) -> Resolved | None:
        """The standard ``name`` in force (None: none is), its provenance recorded in ``used``."""
        got = self.t.params.resolved(self.g, name)
        if isinstance(got, Resolved):
            if not got.is_default:
                for r in got.provenance():
                    used[r.name] = r
            return got
        return None

    def missing_text(self, name: str) -> str:
        got = self.t.params.resolved(self.g, name)
        if not isinstance(got, NoValueInForce):
            return parameter_label(name, self.lang)
        return missing_standard(got, self.lang, self.division_text(got.division))

    def division_text(self, code: str) -> str:
        """A division by name and code (by its nearest named parent when the table has no name for it)."""
        library = self.t.params.library

        def name(c: str) -> str:
            d = library.division(c)
            return "" if d is None else (d.name_en or d.name) if self.lang == "en" else d.name

        parent = next((name(a) for a in library.chain(code)[1:] if name(a)), "") if library.division(code) else ""
        return division_text(code, name(code), parent, self.lang)

    def cite(self, *names: str) -> tuple[Citation, ...]:
        """The notices in force of the standards ``names`` (once each), worked out once per group and language."""
        hit = self._memo.get(names)
        if hit is None:
            used: dict[str, Resolved] = {}
            hit = self._remember(names, (names, self._cite(names, used), used))
        self.used.update(hit[2])
        out: tuple[Citation, ...] = hit[1]
        return out

    def _cite(self, names: tuple[str, ...], used: dict[str, Resolved]) -> tuple[Citation, ...]:
        out: list[Citation] = []
        seen: set[tuple[str, str, str]] = set()
        for name in names:
            r = self._std(name, used)
            if r is None or r.notice is None or (r.path or "", r.ref, r.working) in seen:
                continue
            seen.add((r.path or "", r.ref, r.working))
            out.append(self._citation(r))
        return tuple(out)

    def kept(self, key: tuple[Any, ...], build: Callable[[], _T]) -> _T:
        """``build()``, kept per group and language under ``key`` (a tuple starting with a name of its own):
        for what depends on the standards and the statement's language alone, never on the household."""
        hit = self._memo.get(("kept", key))
        if hit is None:
            hit = self._remember(("kept", key), (key, build(), {}))
        out: _T = hit[1]
        return out

    def _remember(self, key: Any, entry: tuple[Any, Any, dict[str, Resolved]]) -> tuple[Any, Any, dict[str, Resolved]]:
        if len(self._memo) >= _MEMO_LIMIT:
            self._memo.clear()
        self._memo[key] = entry
        return entry

    def _citation(self, r: Resolved) -> Citation:
        """The citation of a standard in force (from the standards alone: kept per group and language)."""
        assert r.notice is not None
        return Citation(
            title=r.notice.title,
            document_number=r.notice.document_number,
            article=r.ref,
            division=r.division,
            division_name=self.t.params.library.division_name(r.division, self.lang),
            effective=r.notice.effective.isoformat(),
            status=r.status,
            working=r.working_in(self.lang),
        )

    def law(self, law: Law) -> Citation:
        return Citation(title=law.title, document_number=law.document_number, article=law.article, division="000000")


def outcome(v: View, code: str) -> tuple[Status, int]:
    """The status and the amount shown, as the rules decided them (:func:`aidcalc.benefits.outcome`)."""
    return STATUSES[v.h(f"{code}.status")], v.h(f"{code}.shown")


