"""Arrow text columns read straight from their buffers with numpy: validity, byte lengths, digits, money.

A caseload chunk holds a few dozen text columns of tens of thousands of cells. Checked one small
pyarrow kernel at a time (regular expressions, lengths, casts), most of the time goes in the kernels'
set-up and in the conversions between them. Here a column is read once as its offsets and bytes: the
given cells become a small matrix of their first bytes (:func:`cells`; most income columns are mostly
empty), and every check is a handful of numpy operations over it.

Per-cell byte counts (character lengths) are prefix sums read at the cell boundaries.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
U8 = npt.NDArray[np.uint8]

#: the most digits a money cell read here may have before its point (longer ones go to the Household model,
#: which decides): 13 digits of yuan keep every sum of 分 far inside int64
MONEY_WHOLE_DIGITS = 13


def valid(arr: Any) -> B:
    """Which cells are given (not null), from the validity bitmap."""
    n = len(arr)
    if arr.null_count == 0:
        return np.ones(n, dtype=np.bool_)
    if arr.null_count == n:
        return np.zeros(n, dtype=np.bool_)
    return _bits(arr.buffers()[0], arr.offset, n)


def _bits(bitmap: Any, offset: int, n: int) -> B:
    """Bits ``offset`` to ``offset + n`` of an Arrow bitmap (least significant bit first) as flags."""
    bits = np.unpackbits(np.frombuffer(bitmap, dtype=np.uint8), bitorder="little")
    out: B = bits[offset:offset + n].view(np.bool_)
    return out


def in_place(arr: Any, dtype: Any = None) -> npt.NDArray[Any]:
    """A fixed-width array's values buffer, read in place as numpy (``dtype``: else the array's own); a null
    slot holds any number."""
    width = np.dtype(dtype if dtype is not None else arr.type.to_pandas_dtype())
    out: npt.NDArray[Any] = np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset:arr.offset + len(arr)]
    return out


def flags(arr: Any, present: B) -> B:
    """A boolean array's values (False where a cell is not given), from its bitmap."""
    n = len(arr)
    data = arr.buffers()[1]
    if n == 0 or data is None:
        return np.zeros(n, dtype=np.bool_)
    out = _bits(data, arr.offset, n)
    return out & present if arr.null_count else out


def integers(arr: Any, present: B) -> I64:
    """An integer array's values as int64 (0 where a cell is not given), read from its buffer."""
    n = len(arr)
    if n == 0 or arr.null_count == n:
        return np.zeros(n, dtype=np.int64)
    values = in_place(arr)
    out: I64 = np.where(present, values, 0).astype(np.int64) if arr.null_count else values.astype(np.int64)
    return out


def is_text(arr: Any) -> bool:
    return bool(pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type))


class Text:
    """One text array's cells as byte ranges: ``data[start[k]:end[k]]`` is cell ``k`` (empty when null)."""

    def __init__(self, arr: Any) -> None:
        n = len(arr)
        kind = np.int64 if pa.types.is_large_string(arr.type) else np.int32
        buffers = arr.buffers()
        offsets = np.frombuffer(buffers[1], dtype=kind)[arr.offset:arr.offset + n + 1].astype(np.int64)
        base = int(offsets[0]) if n else 0
        top = int(offsets[-1]) if n else 0
        data = buffers[2]
        self.data: U8 = (np.frombuffer(data, dtype=np.uint8)[base:top] if data is not None and top > base
                         else np.zeros(0, dtype=np.uint8))
        self.bounds: I64 = offsets - base
        self.start, self.end = self.bounds[:-1], self.bounds[1:]
        self.length: I64 = self.end - self.start
        self.ascii = bool(self.data.shape[0] == 0 or self.data.max() < 0x80)

    def count(self, mask: B) -> I64:
        """Per cell, how many of its bytes are in ``mask`` (a flag per byte)."""
        return self.total(mask.astype(np.int64))

    def total(self, per_byte: I64) -> I64:
        """Per cell, the sum of ``per_byte`` over its bytes (exact modulo 2**64: see the module's note)."""
        prefix = np.zeros(per_byte.shape[0] + 1, dtype=np.int64)
        np.cumsum(per_byte, out=prefix[1:])
        out: I64 = prefix[self.end] - prefix[self.start]
        return out


def cells(arr: Any, width: int) -> tuple[I64, npt.NDArray[np.uint8], I64]:
    """The given cells as a matrix of their first bytes (0 past a cell's end), at most ``width`` wide and no
    wider than the longest given cell: the cells' positions, the matrix, and each cell's length in bytes.
    Work on the matrix is per given cell, not per row of the column: most income columns are mostly empty."""
    t = Text(arr)
    at = np.flatnonzero(valid(arr))
    length = t.length[at]
    if at.shape[0] == 0 or t.data.shape[0] == 0:
        return at, np.zeros((at.shape[0], width), dtype=np.uint8), length
    width = max(1, min(width, int(length.max())))
    kind = np.int32 if t.data.shape[0] < 2**31 - width else np.int64
    j: npt.NDArray[Any] = np.arange(width, dtype=kind)
    starts: npt.NDArray[Any] = t.start[at].astype(kind)
    index = np.minimum(starts[:, None] + j, t.data.shape[0] - 1)
    chars: npt.NDArray[np.uint8] = t.data[index]
    chars[j >= length[:, None]] = 0
    return at, chars, length


def money_fen(arr: Any) -> tuple[I64, B]:
    """Yuan text (``123``, ``123.4``, ``123.45``: 1–13 digits, then at most two decimals) → 分, and which
    cells are written so; every other cell (null, sign, exponent, spaces, more decimals) is not ``ok``."""
    n = len(arr)
    widest = MONEY_WHOLE_DIGITS + 3
    at, chars, length = cells(arr, widest + 1)
    digit = (chars >= 0x30) & (chars <= 0x39)
    dot = chars == 0x2E
    n_digits = digit.sum(axis=1)
    n_dots = dot.sum(axis=1)
    point = np.where(n_dots == 1, np.argmax(dot, axis=1), length)
    decimals = length - point - np.minimum(n_dots, 1)
    good = ((length <= widest) & (n_digits + n_dots == length) & (n_dots <= 1) & (point >= 1)
            & (point <= MONEY_WHOLE_DIGITS) & (decimals <= 2) & ((n_dots == 0) | (decimals >= 1)))
    value = _number(chars[:, :widest], digit[:, :widest]) * np.array([100, 10, 1], dtype=np.int64)[np.clip(decimals, 0, 2)]
    return _placed(n, at, value, good)


def whole_numbers(arr: Any, shortest: int, longest: int) -> tuple[I64, B]:
    """Cells of ``shortest`` to ``longest`` ASCII digits (at most 18) → their integer value, and which cells
    are such."""
    even = _one_width(arr, shortest, longest)
    if even is not None:
        return even
    n = len(arr)
    at, chars, length = cells(arr, longest)
    inside = np.arange(chars.shape[1]) < length[:, None]
    digit = (chars >= 0x30) & (chars <= 0x39)
    good = (length >= shortest) & (length <= longest) & np.all(digit | ~inside, axis=1)
    return _placed(n, at, _number(chars, inside), good)


def _one_width(arr: Any, shortest: int, longest: int) -> tuple[I64, B] | None:
    """:func:`whole_numbers` of a column whose cells are all given and all as long (a column of codes, such as
    divisions), read as one matrix of its bytes without gathering each cell's; None for any other column."""
    n = len(arr)
    if n == 0 or arr.null_count:
        return None
    t = Text(arr)
    width = t.data.shape[0] // n
    if not (max(shortest, 1) <= width <= longest and width * n == t.data.shape[0] and bool((t.length == width).all())):
        return None
    digits = t.data.reshape(n, width).astype(np.int64) - 0x30
    ok: B = np.all((digits >= 0) & (digits <= 9), axis=1)
    value: I64 = np.where(ok, digits @ (10 ** np.arange(width - 1, -1, -1, dtype=np.int64)), 0)
    return value, ok


def _number(chars: U8, take: B) -> I64:
    """Per row of ``chars``, the number its bytes flagged in ``take`` write as decimal digits, left to right."""
    value = np.zeros(chars.shape[0], dtype=np.int64)
    for k in range(chars.shape[1]):
        value = np.where(take[:, k], value * 10 + (chars[:, k].astype(np.int64) - 0x30), value)
    return value


def _placed(n: int, at: I64, value: I64, good: B) -> tuple[I64, B]:
    """Values of the cells ``at`` put back in a column of ``n`` (0 where a cell is not ``good``), and which are."""
    out = np.zeros(n, dtype=np.int64)
    ok = np.zeros(n, dtype=np.bool_)
    out[at] = np.where(good, value, 0)
    ok[at] = good
    return out, ok


def fixed_digits(arr: Any, width: int) -> tuple[I64, B]:
    """Cells of exactly ``width`` ASCII digits → their integer value, and which cells are such."""
    return whole_numbers(arr, width, width)


def char_length(arr: Any) -> I64:
    """Per cell, its length in characters (bytes, when the column is ASCII)."""
    t = Text(arr)
    if t.ascii:
        return t.length
    continuation = (t.data & 0xC0) == 0x80  # UTF-8 bytes that do not start a character
    out: I64 = t.length - t.count(continuation)
    return out


def has_empty(arr: Any) -> bool:
    """Whether any given cell is the empty string (read from the offsets, nothing copied)."""
    n = len(arr)
    if n == 0 or arr.null_count == n:
        return False
    kind = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=kind)[arr.offset:arr.offset + n + 1]
    zero = offsets[1:] == offsets[:-1]
    return bool(zero.any() if arr.null_count == 0 else (zero & valid(arr)).any())


def empty(arr: Any) -> B:
    """Which given cells are the empty string."""
    t = Text(arr)
    out: B = (t.length == 0) & valid(arr)
    return out


class Texts(Sequence[str]):
    """An Arrow text array seen as a sequence of ``str`` (a Frame's ids), converted only when read."""

    def __init__(self, arr: Any) -> None:
        self.arrow = arr

    def __len__(self) -> int:
        return len(self.arrow)

    @overload
    def __getitem__(self, k: int) -> str: ...

    @overload
    def __getitem__(self, k: slice) -> list[str]: ...

    def __getitem__(self, k: int | slice) -> str | list[str]:
        if isinstance(k, slice):
            start, stop, step = k.indices(len(self.arrow))
            if step != 1:
                return self.arrow.to_pylist()[k]  # type: ignore[no-any-return]
            return self.arrow.slice(start, max(stop - start, 0)).to_pylist()  # type: ignore[no-any-return]
        return self.arrow[k].as_py()  # type: ignore[no-any-return]

    def __iter__(self) -> Iterator[str]:
        return iter(self.arrow.to_pylist())

    def sort_keys(self, indices: I64) -> npt.NDArray[Any]:
        """Keys that sort as the texts at ``indices`` do (as numpy sorts them as ``str``): their UTF-8 bytes as
        fixed-width ``bytes`` (UTF-8 keeps the order of code points, and both kinds ignore trailing NULs),
        read from the Arrow buffers in a few numpy operations. Reading the texts one ``self[k]`` at a time
        costs an Arrow scalar each: ≈ 45 ms for the members of a 50,000-household chunk whose 低保 remainder
        is shared by member id, against ≈ 1 ms here."""
        taken = self.arrow.take(pa.array(indices, pa.int64()))
        if taken.null_count:  # not in a Frame (its ids are required): as their Python values would sort
            return np.array(taken.to_pylist(), dtype=np.str_)
        t = Text(taken)
        width = max(1, int(t.length.max()) if t.length.shape[0] else 1)
        j = np.arange(width, dtype=np.int64)
        index = np.minimum(t.start[:, None] + j, max(t.data.shape[0] - 1, 0))
        chars = t.data[index] if t.data.shape[0] else np.zeros(index.shape, dtype=np.uint8)
        chars[j >= t.length[:, None]] = 0
        return np.ascontiguousarray(chars).view(f"S{width}").reshape(-1)


def text_array(values: Sequence[str]) -> Any:
    """``values`` as an Arrow string array (no copy when they already are one)."""
    if isinstance(values, Texts):
        return values.arrow
    return pa.array(values, type=pa.string())


__all__ = ["Text", "Texts", "cells", "char_length", "empty", "fixed_digits", "flags", "has_empty", "in_place",
           "integers", "is_text", "money_fen", "text_array", "valid", "whole_numbers"]
