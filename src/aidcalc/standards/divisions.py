"""Divisions: the national GB/T 2260 table, and the ``divisions.toml`` of each standards layer over it.

The national table (``standards/_divisions/gbt2260.tsv``; its README names the packages and lists it was
taken from) gives every province-, prefecture- and county-level code in use on 2023-06-30 with its name
and parent, and the codes withdrawn since 2015. It is read on first use (≈ 3,600 lines, a few ms), not
at load: commands that never name a division do not read it.

A ``divisions.toml`` in a standards directory adds divisions the table lacks (a district created after
its date, a local code) and may rename or re-parent a code the table has; a later layer's entry wins.
Each entry is ``[CODE] name = "…"`` with optional ``en = "…"`` and ``parent = "CODE"``. An added code
without ``parent`` hangs on the nearest division its code's structure names that is known (440199 →
440100 → 440000 → 000000), and ``aidcalc standards lint`` says so. A code in neither is unknown: an
input error naming it, the same in ``aidcalc check``, the Python API and ``aidcalc batch``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from aidcalc._textfile import MAX_NESTING, check_nesting, link_problem, read_text
from aidcalc.errors import InputProblem, StandardFileError, TextFileError, UnknownDivision

NATIONAL = "000000"
#: the date of the newest list the national table was taken from
TABLE_DATE = "2023-06-30"
TABLE_FILE = Path("_divisions") / "gbt2260.tsv"

UNKNOWN_MESSAGE = (
    "not a division aidcalc knows: neither in the national GB/T 2260 table (codes in use on "
    f"{TABLE_DATE}, and those withdrawn since 2015) nor in a divisions.toml of the standards in use; "
    "a new division is added to divisions.toml in a --standards directory "
    '([CODE] name = "…", parent = "CODE")'
)
NATIONAL_MESSAGE = (
    "000000 stands for the national level, not a place a household lives in; "
    "give the county (or prefecture) code, such as 440106"
)

#: one row of the table: (name, parent, status, withdrawn)
Row = tuple[str, str, str, str]


class Table:
    """The national table, looked up in its text: a code is found by a search for its line, not by parsing
    all ≈ 3,600 lines first (a command names a few divisions; reading the whole table costs more)."""

    def __init__(self, text: str) -> None:
        self.text = "\n" + text
        self._rows: dict[str, Row | None] = {}

    def get(self, code: str) -> Row | None:
        """The row of ``code``, or None."""
        if code in self._rows:
            return self._rows[code]
        row: Row | None = None
        if _is_code(code):
            at = self.text.find(f"\n{code}\t")
            if at >= 0:
                end = self.text.find("\n", at + 1)
                name, parent, status, withdrawn = self.text[at + 8:end if end >= 0 else None].split("\t")
                row = (name, parent, status, withdrawn)
        self._rows[code] = row
        return row

    def __contains__(self, code: str) -> bool:
        return self.get(code) is not None

    def items(self) -> Iterator[tuple[str, Row]]:
        """Every code and its row, in the file's order."""
        for line in self.text.splitlines():
            if line and line[0] != "#" and not line.startswith("code\t"):
                code = line[:6]
                row = self.get(code)
                assert row is not None
                yield code, row


@dataclass(frozen=True)
class Division:
    """One division: its name, the division above it and where that was read."""

    code: str
    name: str
    name_en: str = ""
    #: the division above (None for 000000; for a divisions.toml entry, None when it names none)
    parent: str | None = None
    #: current | statistical | withdrawn (the national table) | local (added by a divisions.toml)
    status: str = "current"
    #: for a withdrawn code: last list date with it / first list date without it
    withdrawn: str = ""
    #: the divisions.toml that adds or changes it ("" when it is the national table's own)
    path: str = ""
    #: the parent was taken from the code's structure, not given
    parent_inferred: bool = False


@cache
def national_table(path: Path) -> Table:
    """The national table at ``path`` (read once per process)."""
    return Table(path.read_text("utf-8"))


def load_divisions(root: Path) -> dict[str, Division]:
    """The entries of ``root/divisions.toml`` (none when there is no such file)."""
    path = root / "divisions.toml"
    if path.is_symlink() and (problem := link_problem(path, root.resolve())) is not None:
        raise StandardFileError(problem, path=str(path))
    if not path.is_file():
        return {}
    try:
        text = read_text(path)
        check_nesting(text, MAX_NESTING, toml=True)
        data = tomllib.loads(text)
    except TextFileError as exc:
        raise StandardFileError(str(exc), path=str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise StandardFileError(f"not valid TOML: {exc}", path=str(path)) from None
    out = {}
    for code, row in data.items():
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            raise StandardFileError(f'division {code!r}: a table {{ name = "…", en = "…", parent = "…" }}',
                                    path=str(path), key=code)
        unknown = sorted(set(row) - {"name", "en", "parent"})
        if unknown:
            raise StandardFileError(f"division {code!r}: unknown key {unknown[0]!r}; allowed: name, en, parent",
                                    path=str(path), key=code)
        parent = row.get("parent")
        if parent is not None and not (isinstance(parent, str) and _is_code(parent)):
            raise StandardFileError(f"division {code!r}: parent must be a 6-digit code; received {parent!r}",
                                    path=str(path), key=code)
        out[code] = Division(code, row["name"], str(row.get("en", "")), parent, "local", path=str(path))
    return out


def _is_code(text: str) -> bool:
    return len(text) == 6 and text.isascii() and text.isdigit()


def structural_parents(code: str) -> list[str]:
    """The divisions a code's digits point to, nearest first: 440106 → 440100, 440000, 000000."""
    out = [code[:4] + "00", code[:2] + "0000", NATIONAL]
    return [c for c in dict.fromkeys(out) if c != code]


class DivisionIndex:
    """The national table with the divisions.toml entries of every layer over it."""

    def __init__(self, table: Table, entries: Mapping[str, Division]) -> None:
        self.table = table
        self.entries = entries
        self._got: dict[str, Division | None] = {}
        self._chains: dict[str, tuple[str, ...]] = {}

    def _known(self, code: str) -> bool:
        return code == NATIONAL or code in self.entries or code in self.table

    def get(self, code: str) -> Division | None:
        """The division, or None when neither the table nor an entry has it."""
        if code in self._got:
            return self._got[code]
        got = self._get(code)
        self._got[code] = got
        return got

    def _get(self, code: str) -> Division | None:
        row = self.table.get(code)
        national = None if row is None else Division(code, row[0], "", row[1] or None, row[2], row[3])
        if code == NATIONAL:
            national = Division(NATIONAL, "全国", "national", None)
        entry = self.entries.get(code)
        if entry is None:
            return national
        if national is not None:
            return Division(code, entry.name, entry.name_en or national.name_en, entry.parent or national.parent,
                            national.status, national.withdrawn, entry.path)
        if entry.parent is not None:
            return entry
        parent = next((p for p in structural_parents(code) if self._known(p)), NATIONAL)
        return Division(code, entry.name, entry.name_en, parent, "local", path=entry.path, parent_inferred=True)

    def chain(self, code: str) -> tuple[str, ...]:
        """The division and every division above it, up to 000000; raises UnknownDivision."""
        got = self._chains.get(code)
        if got is not None:
            return got
        if self.get(code) is None:
            raise UnknownDivision(division=code, message=UNKNOWN_MESSAGE)
        chain = [code]
        here = self.get(code)
        while here is not None and here.parent is not None and here.parent not in chain:
            chain.append(here.parent)
            here = self.get(here.parent)
        if chain[-1] != NATIONAL:
            chain.append(NATIONAL)  # a parent no table knows, or a loop: lint names both
        self._chains[code] = out = tuple(chain)
        return out

    def problem(self, household: str, code: str) -> InputProblem | None:
        """The input problem of a household filed under ``code``, or None when the code is a division."""
        if code == NATIONAL:
            return InputProblem(household, None, "division", code, NATIONAL_MESSAGE)
        if self.get(code) is None:
            return InputProblem(household, None, "division", code, UNKNOWN_MESSAGE)
        return None


@dataclass(frozen=True)
class Finding:
    """What the lint says of one divisions.toml entry: a problem, or a note (not a problem)."""

    problem: bool
    message: str
    path: str
    code: str


def review(index: DivisionIndex, entries: Mapping[str, Division]) -> list[Finding]:
    """Each entry of a divisions.toml that adds, renames or moves a division (a note), or names a parent that
    is no division or makes a loop (a problem)."""
    out: list[Finding] = []
    for code, e in entries.items():
        if code == NATIONAL or not _is_code(code):
            continue
        where = f"{e.path}: [{code}] {e.name}"

        def add(problem: bool, text: str, where: str = where, code: str = code, path: str = e.path) -> None:
            out.append(Finding(problem, f"{where}: {text}", path, code))

        if e.parent is not None and index.get(e.parent) is None:
            add(True, f"parent {e.parent} is not a division ({UNKNOWN_MESSAGE})")
            continue
        seen = [code]
        here = index.get(code)
        while here is not None and here.parent is not None:
            if here.parent in seen:
                add(True, f"parents make a loop: {' → '.join([*seen, here.parent])}")
                break
            seen.append(here.parent)
            here = index.get(here.parent)
        got = index.get(code)
        assert got is not None
        up = index.get(got.parent) if got.parent else None
        above = f"{got.parent} {up.name if up else ''}".strip()
        row = index.table.get(code)
        if row is None:
            how = (f" (inferred from the code; write parent = \"{got.parent}\" to say so)" if got.parent_inferred
                   else "")
            add(False, f"adds a division the national table ({TABLE_DATE}) does not have, under {above}{how}")
            continue
        if e.name != row[0]:
            add(False, f"renames {code}, which the national table calls {row[0]}")
        if e.parent is not None and e.parent != row[1]:
            above_row = index.table.get(row[1])
            table_parent = above_row[0] if above_row else ("全国" if row[1] == NATIONAL else "")
            add(False, f"moves {code} under {above}; the national table puts it under {row[1]} {table_parent}".rstrip())
    return out


__all__ = ["NATIONAL", "TABLE_DATE", "Division", "DivisionIndex", "Finding", "load_divisions", "national_table",
           "review", "structural_parents"]
