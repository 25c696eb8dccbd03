"""Time in the standards: exactly one value in force per parameter and month, and a clear error otherwise.

In the manner of Catala's ``tests_couverture_temporelle``: walk every month from each bundled division's
first notice to December 2025 and check, for every required parameter, that resolution gives one value
or a NoValueInForce — never two values, never another exception — and that every month without a value,
in a city or district, is one of the known gaps documented in ``standards/known-gaps.toml``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

import pytest

from aidcalc.errors import NoValueInForce
from aidcalc.standards.catalogue import CATALOGUE
from aidcalc.standards.library import Entry, Library, Resolved

LAST_MONTH = dt.date(2025, 12, 1)
KNOWN_GAPS = Path(__file__).resolve().parent.parent / "standards" / "known-gaps.toml"
REQUIRED = [name for name, spec in CATALOGUE.items() if spec.required]

NOTICE = """[notice]
title = "测试市社会救助标准（测试用，虚构）"
issuer = "测试用（虚构）"
effective = {effective}
{until}source = "tests — fictional figures"

[dibao.standard]
urban = {{ amount = "{amount}", per = "month", ref = "一", status = "published" }}
"""


@pytest.fixture(scope="module")
def bundled() -> Library:
    return Library.load(use_env=False)


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out = []
    y, m = first.year, first.month
    while (y, m) <= (last.year, last.month):
        out.append(dt.date(y, m, 1))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _first_notice(lib: Library, division: str) -> dt.date:
    """The first month wholly after the division's own first notice takes effect (its first day), else after
    that of its nearest ancestor with notices."""
    for code in lib.chain(division):
        dates = [f.notice.effective for f in lib.files if f.division == code]
        if dates:
            first = min(dates)
            if first.day == 1:
                return first
            return dt.date(first.year + 1, 1, 1) if first.month == 12 else dt.date(first.year, first.month + 1, 1)
    raise AssertionError(f"no notice for {division} or its ancestors")


def _in_force(entries: list[Entry], on: dt.date) -> list[Entry]:
    """Entries in force on a date, read independently of the Library.

    A notice with ``until`` is in force from its effective date to ``until``; one without it until the
    next notice for the same parameter takes effect.
    """
    out = []
    for i, e in enumerate(entries):
        if e.effective > on:
            continue
        if e.until is not None:
            if on <= e.until:
                out.append(e)
        elif not any(later.effective <= on for later in entries[i + 1 :]):
            out.append(e)
    return out


def test_index_never_holds_two_entries_for_one_division_parameter_and_date(bundled: Library) -> None:
    """No (division, parameter, effective date) appears twice in the loaded index."""
    for division in bundled.known_divisions():
        for name in CATALOGUE:
            dates = [e.effective for e in bundled.entries(division, name)]
            assert len(dates) == len(set(dates)), (division, name, dates)
            assert dates == sorted(dates), (division, name, dates)


def _gap_ranges(months: dict[tuple[str, str], list[dt.date]]) -> set[tuple[str, str, dt.date, dt.date]]:
    """(division, parameter, first month, last month) of each run of consecutive months without a value."""
    out = set()
    for (division, name), ons in months.items():
        start = prev = ons[0]
        for on in ons[1:]:
            if on != (dt.date(prev.year + 1, 1, 1) if prev.month == 12 else dt.date(prev.year, prev.month + 1, 1)):
                out.add((division, name, start, prev))
                start = on
            prev = on
        out.add((division, name, start, prev))
    return out


def _known_gaps() -> set[tuple[str, str, dt.date, dt.date]]:
    gaps = tomllib.loads(KNOWN_GAPS.read_text("utf-8"))["gap"]
    out = set()
    for gap in gaps:
        assert gap["why"].strip() and gap["from"] <= gap["to"], gap
        out |= {(d, p, gap["from"], gap["to"]) for d in gap["divisions"] for p in gap["parameters"]}
    return out


def test_every_month_every_required_parameter_has_one_value_or_a_known_gap(bundled: Library) -> None:
    """For each bundled division and month to 2025-12, each required parameter resolves to one value or
    NoValueInForce; in a city or district every month without a value is a known gap, and every known gap is
    still one."""
    checked = 0
    missing: dict[tuple[str, str], list[dt.date]] = {}
    for division in bundled.known_divisions():
        chain = bundled.chain(division)
        for on in _months(_first_notice(bundled, division), LAST_MONTH):
            for name in REQUIRED:
                in_force = [(code, _in_force(bundled.entries(code, name), on)) for code in chain]
                for code, entries in in_force:
                    assert len(entries) <= 1, f"{name} in {code} on {on}: two values in force: {entries}"
                winner = next((entries[0] for _, entries in in_force if entries), None)
                try:
                    got = bundled.resolve(division, on, name)
                except NoValueInForce as exc:
                    # either nothing is in force, or a rule is in force whose input is missing
                    assert winner is None or exc.parameter != name, (division, on, name, winner.path)
                    assert exc.division == division and exc.on == on
                    if not division.endswith("0000"):
                        missing.setdefault((division, name), []).append(on)
                else:
                    assert isinstance(got, Resolved)
                    assert winner is not None, (division, on, name)
                    assert (got.division, got.path) == (winner.division, winner.path), (division, on, name)
                checked += 1
    assert checked > 10_000
    found, known = _gap_ranges(missing), _known_gaps()
    assert sorted(found - known) == [], "gaps in the bundled data not documented in standards/known-gaps.toml"
    assert sorted(known - found) == [], "gaps documented in standards/known-gaps.toml that are no longer there"


def _write(root: Path, name: str, effective: str, amount: str, until: str | None = None) -> None:
    folder = root / "990100-testcity"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(
        NOTICE.format(effective=effective, amount=amount, until=f"until = {until}\n" if until else ""),
        encoding="utf-8",
    )


@pytest.fixture
def gap_library(tmp_path: Path) -> Library:
    root = tmp_path / "standards"
    root.mkdir()
    (root / "divisions.toml").write_text('[990100]\nname = "测试市"\n', encoding="utf-8")
    _write(root, "2019-01-01.toml", "2019-01-01", "600", until="2019-12-31")
    _write(root, "2021-01-01.toml", "2021-01-01", "700")
    return Library.load([root], bundled=False, use_env=False)


def test_no_value_in_force_names_division_parameter_date_and_nearest_dates(gap_library: Library) -> None:
    """In a gap between two notices the error names the division, parameter, date and both nearest dates."""
    with pytest.raises(NoValueInForce) as info:
        gap_library.resolve("990100", dt.date(2020, 6, 1), "dibao.standard.urban")
    exc = info.value
    assert str(exc) == (
        "no value in force for dibao.standard.urban in 990100 测试市 on 2020-06-01 "
        "(last in force before: 2019-12-31; next takes effect: 2021-01-01)"
    )
    assert (exc.division, exc.parameter, exc.on) == ("990100", "dibao.standard.urban", dt.date(2020, 6, 1))
    assert (exc.before, exc.after) == (dt.date(2019, 12, 31), dt.date(2021, 1, 1))


def test_no_value_in_force_before_the_first_notice(gap_library: Library) -> None:
    """Before the first notice the error gives only the next date."""
    with pytest.raises(NoValueInForce) as info:
        gap_library.resolve("990100", dt.date(2018, 3, 1), "dibao.standard.urban")
    assert str(info.value) == (
        "no value in force for dibao.standard.urban in 990100 测试市 on 2018-03-01 (next takes effect: 2019-01-01)"
    )


def test_no_value_in_force_for_a_parameter_never_set(gap_library: Library) -> None:
    """A parameter no notice sets anywhere in the chain says so."""
    with pytest.raises(NoValueInForce) as info:
        gap_library.resolve("990100", dt.date(2021, 6, 1), "tekun.care.full")
    assert str(info.value) == (
        "no value in force for tekun.care.full in 990100 测试市 on 2021-06-01 "
        "(no notice for this parameter in this division or its ancestors)"
    )


def test_values_either_side_of_the_gap(gap_library: Library) -> None:
    """The notice with `until` is in force up to that day, and the next one from its effective date."""
    assert gap_library.resolve("990100", dt.date(2019, 12, 31), "dibao.standard.urban").money == 60000
    assert gap_library.resolve("990100", dt.date(2021, 1, 1), "dibao.standard.urban").money == 70000
