"""Workbooks an office can use as they are: money as numbers, headers frozen above filtered columns.

Every workbook aidcalc writes (batch results, diff reports, sample caseloads, the input template) keeps
one money convention: an amount is a number cell holding exactly its yuan — the ``Decimal`` of its 分
divided by 100, which Excel reads as the number typed with two decimals — shown with the number format
``#,##0.00`` (:data:`MONEY_FORMAT`), so that ``SUM`` and pivot tables work on it. A sheet's header row is
frozen, its columns carry an auto-filter, and each column is as wide as its header and its first rows.
Sheets are written row by row (openpyxl's write-only mode): widths and panes, which a write-only sheet
must know before its first row, are taken from the first :data:`WIDTH_SAMPLE` rows, held back until then.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from decimal import Decimal
from typing import Any

from aidcalc.errors import OutputRefused

#: the number format of every amount of money in every workbook
MONEY_FORMAT = "#,##0.00"
#: rows read to size the columns before a sheet is written
WIDTH_SAMPLE = 200
#: the most rows a worksheet holds (Excel's limit, header included)
XLSX_MAX_ROWS = 1_048_576
MIN_WIDTH, MAX_WIDTH = 6.0, 60.0


def yuan_number(fen: int) -> Decimal:
    """分 → the exact yuan as a Decimal with two decimals (``33610`` → ``Decimal('336.10')``)."""
    return Decimal(int(fen)).scaleb(-2)


def text_width(value: object) -> float:
    """About how many character widths of a spreadsheet column ``value`` takes: CJK and full-width forms count
    two."""
    if value is None:
        return 0.0
    if isinstance(value, Decimal):
        text = f"{value:,.2f}"
    elif isinstance(value, int) and not isinstance(value, bool):
        text = f"{value:,}"
    else:
        text = str(value)
    return float(sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text))


def column_letter(index: int) -> str:
    """0 → ``A``, 25 → ``Z``, 26 → ``AA``."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


def new_workbook() -> Any:
    """An empty write-only workbook."""
    import openpyxl  # type: ignore[import-untyped]

    return openpyxl.Workbook(write_only=True)


class SheetWriter:
    """One sheet of a write-only workbook: a header row, then data rows.

    ``money``: the indices of the columns holding amounts, given to :meth:`append` as integer 分 and written
    as :func:`yuan_number` in :data:`MONEY_FORMAT`. ``table``: freeze the header and filter the columns
    (a sheet of several small tables, such as a report's summary, is neither frozen nor filtered).
    """

    def __init__(self, book: Any, title: str, header: Sequence[str] | None, *, money: Collection[int] = (),
                 table: bool = True, max_width: float = MAX_WIDTH, path: str = "") -> None:
        """``path``: the workbook's file, named when the sheet would exceed Excel's row limit."""
        self.sheet = book.create_sheet(title)
        self.title, self.path = title, path
        self.header = list(header) if header is not None else None
        self.money = frozenset(money)
        self.table = table and header is not None
        self.max_width = max_width
        self.pending: list[list[Any]] = []
        self.rows = 0
        self.width = len(self.header) if self.header is not None else 0
        self.started = False

    def append(self, row: Sequence[Any], money: Collection[int] | None = None) -> None:
        """Add a data row: amounts in the money columns (or in ``money`` for this row alone) as integer 分, or as
        Decimal yuan."""
        where = self.money if money is None else money
        values = [yuan_number(v) if j in where and isinstance(v, int) and not isinstance(v, bool) else v
                  for j, v in enumerate(row)]
        self.rows += 1
        if self.rows + (self.header is not None) > XLSX_MAX_ROWS:
            raise OutputRefused(f"sheet {self.title!r} would need more than the {XLSX_MAX_ROWS - 1:,} rows an xlsx "
                                "sheet holds under its header; write .parquet or .csv", path=self.path or "xlsx")
        self.width = max(self.width, len(values))
        if self.started:
            self._write(values, where)
            return
        self.pending.append([values, where])
        if len(self.pending) >= WIDTH_SAMPLE:
            self._start()

    def _start(self) -> None:
        self.started = True
        widths = [text_width(h) for h in self.header or ()] + [0.0] * self.width
        for values, _ in self.pending:
            for j, v in enumerate(values):
                widths[j] = max(widths[j], text_width(v))
        for j in range(self.width):
            self.sheet.column_dimensions[column_letter(j)].width = min(self.max_width, max(MIN_WIDTH, widths[j] + 2))
        if self.table:
            self.sheet.freeze_panes = "A2"
        if self.header is not None:
            self.sheet.append(self._header_cells())
        pending, self.pending = self.pending, []
        for values, where in pending:
            self._write(values, where)

    def _header_cells(self) -> list[Any]:
        from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
        from openpyxl.styles import Font  # type: ignore[import-untyped]

        out = []
        for h in self.header or ():
            cell = WriteOnlyCell(self.sheet, value=h)
            cell.font = Font(bold=True)
            out.append(cell)
        return out

    def _write(self, values: list[Any], money: Collection[int]) -> None:
        if money:
            from openpyxl.cell import WriteOnlyCell

            for j in money:
                if j < len(values) and isinstance(values[j], Decimal):
                    cell = WriteOnlyCell(self.sheet, value=values[j])
                    cell.number_format = MONEY_FORMAT
                    values[j] = cell
        self.sheet.append(values)

    def close(self) -> None:
        """Write what is held back and set the filter over the header and every data row."""
        if not self.started:
            self._start()
        if self.table and self.width:
            self.sheet.auto_filter.ref = f"A1:{column_letter(self.width - 1)}{self.rows + 1}"


__all__ = ["MONEY_FORMAT", "SheetWriter", "column_letter", "new_workbook", "text_width", "yuan_number"]
