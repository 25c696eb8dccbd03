"""The buffer-level text checks accept exactly what the old per-cell rules accepted, and read the same values.

The fast path of ``aidcalc batch`` may only ever accept what the Household model accepts (the model
decides everything else), so every check here is compared with a plain per-cell reference: a regular
expression for the form, ``parse_yuan`` / ``int`` / ``date.fromisoformat`` for the value.
"""

from __future__ import annotations

import datetime as dt
import re

import pyarrow as pa
from hypothesis import example, given, settings
from hypothesis import strategies as st

from aidcalc.caseload._arrowtext import Texts, char_length, empty, fixed_digits, has_empty, money_fen, valid
from aidcalc.caseload._parse import _iso_dates, _parse_int
from aidcalc.caseload.columns import MEMBER_BY_NAME
from aidcalc.money import MAX_MONTHLY_FEN, parse_yuan

MONEY = re.compile(r"[0-9]{1,13}(\.[0-9]{1,2})?")
CELL = st.one_of(
    st.none(),
    st.text(alphabet="0123456789.-+ e,", max_size=18),
    st.text(max_size=8),
    st.from_regex(MONEY, fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
)
CELLS = st.lists(CELL, max_size=40)
#: a slice of a longer array, so that offsets and validity bitmaps do not start at zero
CUT = st.integers(min_value=0, max_value=3)


def _array(cells: list[str | None], cut: int) -> pa.Array:
    return pa.array(["x"] * cut + cells, type=pa.string()).slice(cut)


@settings(max_examples=300, deadline=None)
@given(CELLS, CUT)
@example(["0", "0.5", "00012.30", "1.", ".5", "1.234", "1e2", "+1", "-0", "1 ", "9999999999999.99",
          "10000000000000", "", "١٢", "1,200.00"], 0)
@example(["", None, ""], 1)
@example(["12345678901234567890", "1"], 0)
def test_money_cells_read_as_the_model_reads_them(cells: list[str | None], cut: int) -> None:
    fen, ok = money_fen(_array(cells, cut))
    for k, cell in enumerate(cells):
        expected = cell is not None and MONEY.fullmatch(cell) is not None
        assert bool(ok[k]) == expected, cell
        if expected:
            assert cell is not None
            assert int(fen[k]) == parse_yuan(cell, most=10**18), cell  # this reader has no field, no maximum


@settings(max_examples=200, deadline=None)
@given(CELLS, CUT)
@example(["2021-02-29", "2020-02-29", "2021-13-01", "2021-1-01", "0000-01-01", "２０２１-01-01", "2021/01/01"], 1)
def test_iso_dates_read_as_date_fromisoformat_on_the_strict_form(cells: list[str | None], cut: int) -> None:
    y, m, d, ok = _iso_dates(_array(cells, cut))
    form = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
    for k, cell in enumerate(cells):
        assert bool(ok[k]) == (cell is not None and form.fullmatch(cell) is not None), cell
        if ok[k]:
            assert cell is not None
            assert (int(y[k]), int(m[k]), int(d[k])) == tuple(int(x) for x in cell.split("-"))


@settings(max_examples=200, deadline=None)
@given(CELLS, CUT)
@example(["0", "4", "02", "1234567890", "123456789", "-1", "+2", " 3", "٣"], 0)
def test_whole_numbers_read_as_int_on_plain_digits(cells: list[str | None], cut: int) -> None:
    arr = _array(cells, cut)
    column = MEMBER_BY_NAME["disability_grade"]
    got = _parse_int(arr, column, valid(arr))
    for k, cell in enumerate(cells):
        plain = cell is not None and re.fullmatch(r"[0-9]{1,9}", cell) is not None
        assert bool(got.ok[k] and got.present[k]) == (plain and 1 <= int(cell or 0) <= 4), cell


@settings(max_examples=200, deadline=None)
@given(CELLS, CUT)
def test_lengths_digits_validity_and_blanks(cells: list[str | None], cut: int) -> None:
    arr = _array(cells, cut)
    assert valid(arr).tolist() == [c is not None for c in cells]
    assert empty(arr).tolist() == [c == "" for c in cells]
    assert has_empty(arr) == ("" in cells)
    assert char_length(arr).tolist() == [len(c) if c is not None else 0 for c in cells]
    value, ok = fixed_digits(arr, 6)
    for k, cell in enumerate(cells):
        six = cell is not None and re.fullmatch(r"[0-9]{6}", cell) is not None
        assert bool(ok[k]) == six, cell
        if six:
            assert int(value[k]) == int(cell or "")


#: cells of six bytes each: codes, and codes a digit short or with a letter, a sign, a space, Arabic-Indic
#: digits or Chinese characters in the same six bytes
SIX_BYTES = st.sampled_from(["440106", "370102", "007100", "000000", "44010a", " 44010", "+12345", "٣٣٣", "东胜",
                             "４４"])


@settings(max_examples=200, deadline=None)
@given(st.lists(SIX_BYTES, min_size=1, max_size=40), CUT)
@example(["440106"], 0)
def test_a_column_of_cells_as_long_reads_its_codes_as_any_other(cells: list[str], cut: int) -> None:
    """A division column (every cell given, all six bytes long) is read from one matrix of its bytes: the
    same codes and the same refusals as the regular expression and ``int``."""
    value, ok = fixed_digits(_array(cells, cut), 6)
    assert ok.tolist() == [re.fullmatch(r"[0-9]{6}", c) is not None for c in cells]
    assert value.tolist() == [int(c) if re.fullmatch(r"[0-9]{6}", c) else 0 for c in cells]


def test_texts_reads_an_arrow_column_as_a_sequence_of_str() -> None:
    ids = Texts(pa.array(["a", "b", "丙", "d"]).slice(1))
    assert len(ids) == 3
    assert (ids[0], ids[-1], ids[0:2], list(ids)) == ("b", "d", ["b", "丙"], ["b", "丙", "d"])


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.integers(min_value=-10**15, max_value=10**15)), max_size=30), CUT,
       st.sampled_from([(15, 2, 128), (18, 2, 128), (12, 1, 128), (10, 0, 128), (30, 2, 128), (15, 2, 64),
                        (18, 2, 64), (12, 1, 64), (9, 2, 32)]))
def test_decimal_money_reads_its_fen_in_place(fen: list[int | None], cut: int, shape: tuple[int, int, int]) -> None:
    """Decimals of any width and scale ≤ 2 read as exact 分, empty cells absent, negative ones and those above
    the field's maximum refused."""
    from decimal import Decimal

    from aidcalc.caseload._parse import _parse_money

    precision, scale, bits = shape
    step = 10 ** (2 - scale)
    fen = [None if f is None else f - f % step for f in fen]
    fits = [f is None or abs(f) // 100 < 10 ** (precision - scale) for f in fen]
    fen = [f if ok else None for f, ok in zip(fen, fits, strict=True)]
    values = [None if f is None else Decimal(f).scaleb(-2).quantize(Decimal(1).scaleb(-scale)) for f in fen]
    kind = {128: pa.decimal128, 64: pa.decimal64, 32: pa.decimal32}[bits]
    arr = pa.array([Decimal(0)] * cut + values, type=kind(precision, scale)).slice(cut)
    got = _parse_money(arr, MEMBER_BY_NAME["income_wage"], valid(arr))
    for k, f in enumerate(fen):
        assert bool(got.present[k]) == (f is not None)
        if f is not None:
            assert bool(got.ok[k]) == (0 <= f <= MAX_MONTHLY_FEN), f
            if got.ok[k]:
                assert int(got.values[k]) == f


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.none(), st.sampled_from(["self", "spouse", "child", "other", "cousin", "SELF"])),
                max_size=30), CUT)
def test_enums_read_as_dictionaries_parse_as_text_does(cells: list[str | None], cut: int) -> None:
    from aidcalc.caseload._parse import _parse_enum

    column = MEMBER_BY_NAME["relation"]
    text = _array(cells, cut)
    coded = pa.array(["child"] * cut + cells, type=pa.string()).dictionary_encode().slice(cut)
    a, b = _parse_enum(text, column, valid(text)), _parse_enum(coded, column, valid(coded))
    assert a.present.tolist() == b.present.tolist() == [c is not None for c in cells]
    assert a.ok.tolist() == b.ok.tolist()
    assert [int(v) for v, p in zip(a.values, a.present, strict=True) if p] == [
        int(v) for v, p in zip(b.values, b.present, strict=True) if p]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), min_size=1, max_size=20), max_size=12))
def test_repeated_member_ids_are_found_in_small_and_large_households(households: list[list[str]]) -> None:
    import numpy as np

    from aidcalc.caseload.tables import _duplicate_member_ids

    ids = [m for h in households for m in h]
    member_household = np.repeat(np.arange(len(households)), [len(h) for h in households]).astype(np.int64)
    got = _duplicate_member_ids(pa.table({"member_id": pa.array(ids, pa.string())}), member_household,
                                len(households))
    assert got.tolist() == [len(set(h)) < len(h) for h in households]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[0-9]{1,16}(\.[0-9]{0,3})?", fullmatch=True))
def test_plain_yuan_text_reads_as_decimal_reads_it(text: str) -> None:
    """parse_yuan reads plain digits as reading the text as a Decimal does; a trailing point and a third decimal
    (even a zero) are refused."""
    from decimal import Decimal

    import pytest as _pytest

    from aidcalc.errors import MoneyFormatError

    fen = Decimal(text) * 100
    if text.endswith(".") or len(text.partition(".")[2]) > 2:
        with _pytest.raises(MoneyFormatError):
            parse_yuan(text, most=10**20)
    else:
        assert parse_yuan(text, most=10**20) == int(fen)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.none(), st.dates()), max_size=30), CUT)
@example([dt.date(1, 1, 1), dt.date(9999, 12, 31), dt.date(1970, 1, 1), dt.date(1969, 12, 31), dt.date(2000, 2, 29),
          dt.date(1900, 3, 1), None], 0)
@example([dt.date(1900, 1, 1), dt.date(2099, 12, 31), dt.date(1899, 12, 31), dt.date(2100, 1, 1)], 1)
@example([dt.date(1900, 1, 1), dt.date(2099, 12, 31), dt.date(1964, 2, 29), None], 2)
def test_date32_cells_read_as_the_dates_they_store(dates: list[dt.date | None], cut: int) -> None:
    """A typed date column is read from its day numbers as the same year, month and day (0 where empty);
    a birth date before 1900 is left to the model."""
    import numpy as np

    from aidcalc.caseload._parse import _parse_date
    from aidcalc.caseload.columns import HOUSEHOLD_BY_NAME, MEMBER_BY_NAME

    arr = pa.array([dt.date(2000, 1, 1)] * cut + dates, type=pa.date32()).slice(cut)
    got = _parse_date(arr, HOUSEHOLD_BY_NAME["on"], valid(arr))
    assert got.values.tolist() == [d.year * 10000 + d.month * 100 + d.day if d else 0 for d in dates]
    assert got.present.tolist() == [d is not None for d in dates]
    assert bool(np.all(got.ok))
    birth = _parse_date(arr, MEMBER_BY_NAME["birth_date"], valid(arr))
    assert birth.ok.tolist() == [d is None or d.year >= 1900 for d in dates]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.booleans()), max_size=40), st.integers(min_value=0, max_value=9))
def test_boolean_cells_read_from_their_bitmap(cells: list[bool | None], cut: int) -> None:
    """A typed boolean column reads as its values, False where a cell is empty, at any offset."""
    from aidcalc.caseload._arrowtext import flags

    arr = pa.array([True] * cut + cells, type=pa.bool_()).slice(cut)
    assert flags(arr, valid(arr)).tolist() == [bool(c) for c in cells]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["int8", "int16", "int32", "int64", "uint8", "uint32"]),
       st.lists(st.one_of(st.none(), st.integers(min_value=0, max_value=127)), max_size=40),
       st.integers(min_value=0, max_value=9))
def test_integer_cells_read_from_their_buffer(kind: str, cells: list[int | None], cut: int) -> None:
    """A typed integer column of any width reads as its values, 0 where a cell is empty, at any offset."""
    from aidcalc.caseload._arrowtext import integers

    arr = pa.array([1] * cut + cells, type=getattr(pa, kind)()).slice(cut)
    assert integers(arr, valid(arr)).tolist() == [c or 0 for c in cells]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(st.sampled_from("ab\x00zé中𝄞"), max_size=4), min_size=1, max_size=30), st.data(),
       st.integers(min_value=0, max_value=5))
def test_member_ids_from_arrow_rank_as_the_texts_do(ids: list[str], data: st.DataObject, cut: int) -> None:
    """A batch chunk's member ids (an Arrow column) give sort keys in one call that order the persons a rule
    ranks by id exactly as their texts do (the 低保 remainder 分 are shared by that rank), ties and trailing
    NULs included, at any offset of the column."""
    from types import SimpleNamespace

    import numpy as np

    from aidcalc.engine._order import id_keys, rank_by_id

    who = np.array(sorted(data.draw(st.sets(st.integers(0, len(ids) - 1), min_size=1))), dtype=np.int64)
    hh = np.array(sorted(data.draw(st.lists(st.integers(0, 3), min_size=len(ids), max_size=len(ids)))), np.int64)
    texts = Texts(pa.array(["x"] * cut + ids, pa.string()).slice(cut))
    one_by_one = np.array([ids[p] for p in who], dtype=np.str_)
    assert np.argsort(id_keys(texts, who), kind="stable").tolist() == np.argsort(one_by_one, kind="stable").tolist()
    assert rank_by_id(SimpleNamespace(person_ids=texts, hh=hh), who).tolist() == rank_by_id(  # type: ignore[arg-type]
        SimpleNamespace(person_ids=ids, hh=hh), who).tolist()  # type: ignore[arg-type]
