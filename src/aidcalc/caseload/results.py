"""Results of a chunk: each benefit's status and amount per household and per member, and how they are written.

The engine's Trace becomes two tables of numbers (amounts in integer 分, statuses as codes); the
writer's thread turns them into what each format shows (:func:`presented`) and writes them
(:class:`ResultWriter`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import numpy.typing as npt
import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]

from aidcalc.benefits import ELIGIBLE as ELIGIBLE
from aidcalc.benefits import INELIGIBLE as INELIGIBLE
from aidcalc.benefits import PERSON_AMOUNTS, Trace
from aidcalc.benefits import STATUSES as _STATUSES
from aidcalc.benefits import UNDETERMINED as UNDETERMINED
from aidcalc.benefits._vec import only
from aidcalc.caseload._arrowtext import text_array
from aidcalc.caseload._outputs import final_name
from aidcalc.caseload._readahead import sibling
from aidcalc.caseload._xlsxsave import save_workbook
from aidcalc.caseload.inputs import Format
from aidcalc.engine.core import Engine, input_hash
from aidcalc.engine.frame import Frame
from aidcalc.household import Household
from aidcalc.messages import CATALOGUE, LANGS, register_all
from aidcalc.vocab import BENEFITS

I64 = npt.NDArray[np.int64]
B = npt.NDArray[np.bool_]
#: the status codes' names, by code (the rules' own, :data:`aidcalc.benefits.STATUSES`)
STATUSES: tuple[str, ...] = _STATUSES

FLAGS = ("low_income", "taper", "single_person")
_FLAG_TRACE = {"low_income": "dibao.low_income", "taper": "dibao.taper_window", "single_person": "dibao.any_single"}


def _h(t: Trace, name: str) -> npt.NDArray[Any]:
    """A household-level Trace value as an array of n (a 0-d value broadcast)."""
    return np.broadcast_to(np.asarray(t[name]), (t.frame.n,))


def benefit_statuses(t: Trace) -> dict[str, tuple[npt.NDArray[np.int8], I64]]:
    """Each benefit's status code and amount per household, as the rules decided them (what ``explain`` reports)."""
    return {code: (np.asarray(t[f"{code}.status"], dtype=np.int8), np.asarray(t[f"{code}.shown"], dtype=np.int64))
            for code in BENEFITS}


def compute(engine: Engine, frame: Frame | None, rows: I64, households: list[Household] | None = None,
            lang: str = "zh") -> tuple[Any, Any]:
    """Run the engine over a Frame; the per-household and per-member result tables, as numbers.

    Amounts stay integer 分 (``<name>_fen``) and statuses int8 codes (``<benefit>_status``, an index
    into ``STATUSES``): turning them into text or decimals is the writer's work (:func:`presented`), done
    on its own thread while the next chunk is computed.
    """
    if frame is None or frame.n == 0:
        return None, None
    t = engine.run(frame)
    n = frame.n
    statuses = benefit_statuses(t)
    group = pa.array(np.ascontiguousarray(frame.group, dtype=np.int32))
    cols: dict[str, Any] = {
        "_row": pa.array(rows),
        "household_id": text_array(frame.ids),
        # a chunk's divisions and dates are its few (division, date) groups: dictionaries over them
        "division": pa.DictionaryArray.from_arrays(group, pa.array([g[0] for g in frame.groups], pa.string())),
        "on": pa.DictionaryArray.from_arrays(group, pa.array([g[1].isoformat() for g in frame.groups], pa.string())),
        "area": pa.DictionaryArray.from_arrays(pa.array(frame.rural.astype(np.int8)), _AREAS),
    }
    total = np.zeros(n, dtype=np.int64)
    for code in BENEFITS:
        s, amount = statuses[code]
        total += only(s == ELIGIBLE, amount)
    cols["total_fen"] = pa.array(total)
    for code in BENEFITS:
        s, amount = statuses[code]
        cols[f"{code}_status"] = pa.array(s)
        cols[f"{code}_amount_fen"] = pa.array(amount)
    for flag in FLAGS:
        cols[flag] = pa.array(_h(t, _FLAG_TRACE[flag]).astype(np.bool_))
    if households is not None:  # --explain (the explanation's modules are loaded for it only)
        from aidcalc.explain.explanation import explain

        cols["explanation"] = pa.array(
            [json.dumps(explain(t, i, lang=lang, input_hash=input_hash(h)).to_dict(), ensure_ascii=False,
                        separators=(",", ":")) for i, h in enumerate(households)],
            type=pa.string())
    hh = pa.table(cols)
    person_total = np.zeros(frame.m, dtype=np.int64)
    mcols: dict[str, Any] = {
        "_row": pa.array(rows[frame.hh]),
        "household_id": cols["household_id"].take(pa.array(frame.hh)),
        "member_id": text_array(frame.person_ids),
        "age": pa.array(frame.age),
    }
    for code in BENEFITS:
        s, _ = statuses[code]
        person_status = frame.to_person(s)
        person = np.broadcast_to(np.asarray(t[PERSON_AMOUNTS[code]]), (frame.m,)).astype(np.int64)
        person = only(person_status != INELIGIBLE, person)
        person_total += only(person_status == ELIGIBLE, person)
        mcols[f"{code}_amount_fen"] = pa.array(person)
    mcols["total_fen"] = pa.array(person_total)
    return hh, pa.table(mcols)


_AREAS = pa.array(["urban", "rural"])
_STATUS_TEXT = pa.array(STATUSES)


def concat(parts: Sequence[tuple[Any, Any]]) -> tuple[Any, Any]:
    hs = [h for h, _ in parts if h is not None]
    ms = [m for _, m in parts if m is not None]
    if not hs:
        return None, None
    if len(hs) == 1:
        return hs[0], ms[0]
    h = pa.concat_tables(hs)
    m = pa.concat_tables(ms)
    return h.take(pc.sort_indices(h, [("_row", "ascending")])), m.take(
        pc.sort_indices(m, [("_row", "ascending")]))


# --------------------------------------------------------------------------------------- outputs


def yuan_strings(fen: Any) -> Any:
    """分 → yuan strings with two decimals for a whole column: the integers read as decimals of scale 2."""
    a = np.ascontiguousarray(fen, dtype=np.int64)
    if a.shape[0] and a.min() >= 0:  # 分 as digits, at least three, and the point before the last two: faster
        digits = pc.utf8_lpad(pa.array(a).cast(pa.string()), 3, "0")
        return pc.binary_replace_slice(digits, start=-2, stop=-2, replacement=".")
    return yuan_decimals(a).cast(pa.string())


def yuan_decimals(fen: Any) -> Any:
    """分 → exact yuan as decimal128(18, 2): the same integers, read with a scale of 2 (no arithmetic)."""
    a = np.ascontiguousarray(fen, dtype=np.int64)
    wide = np.empty((a.shape[0], 2), dtype=np.int64)  # decimal128: low word, then the sign extension
    wide[:, 0] = a
    wide[:, 1] = a >> 63
    return pa.Array.from_buffers(pa.decimal128(18, 2), a.shape[0], [None, pa.py_buffer(wide)])


def presented(table: Any, fmt: Format) -> Any:
    """A result table as written to Parquet or CSV. Each amount as yuan: decimal(18, 2) in Parquet (stored as
    the 64-bit integer of its 分), text with two decimals in CSV (machine-readable; xlsx: :func:`sheet_rows`).
    Statuses, divisions, dates and areas as text — in Parquet as dictionaries of their few values (read back
    as categories). Every column is declared not null."""
    if any(pa.types.is_dictionary(f.type) for f in table.schema):
        table = table.unify_dictionaries()
    cols: dict[str, Any] = {}
    for name in table.column_names:
        col = table.column(name)
        if name == "_row":
            continue
        if name.endswith("_status"):
            col = pa.DictionaryArray.from_arrays(col.combine_chunks(), _STATUS_TEXT)
        elif name.endswith("_fen"):
            fen = col.to_numpy()
            cols[name.removesuffix("_fen")] = yuan_decimals(fen) if fmt == "parquet" else yuan_strings(fen)
            continue
        if pa.types.is_dictionary(col.type):
            if isinstance(col, pa.ChunkedArray):
                col = col.combine_chunks()
            col = col if fmt == "parquet" else col.cast(col.type.value_type)
        cols[name] = col
    # no result cell is ever empty: said in the schema, Parquet stores no definition levels for them
    return pa.table(cols, schema=pa.schema([pa.field(n, c.type, nullable=False) for n, c in cols.items()]))


#: Parquet results: dictionary-encode only the columns with few distinct values (ids and amounts would
#: fall back from it after paying for the attempt); decimals stored as plain 64-bit integers
_PARQUET_DICTIONARY = ["division", "on", "area", *(f"{b}_status" for b in BENEFITS)]
#: ... and no minimum and maximum for the columns where they could never let a reader skip a row group:
#: every row group holds every status and both areas, and member ids are not in order (≈ 0.05 CPU-s per
#: million households)
_PARQUET_NO_STATISTICS = frozenset({"member_id", "area", *(f"{b}_status" for b in BENEFITS)})


#: the words of a results workbook: its column headers and cell values (in the message catalogue as
#: ``sheet.<key>``; ``sheet.benefit.<code>``: a benefit in a header)
_WORDS: dict[str, tuple[str, str]] = {
    "household_id": ("户编号", "Household"), "division": ("行政区划", "Division"), "on": ("测算日期", "Date"),
    "area": ("城乡", "Area"), "total": ("合计（元/月）", "Total (yuan a month)"), "member_id": ("成员编号", "Member"),
    "age": ("年龄", "Age"), "low_income": ("低保边缘", "Low-income (dibao edge)"), "taper": ("渐退", "Taper-off"),
    "single_person": ("单人户", "Single-person household"), "explanation": ("测算明细（结构化数据）", "Explanation (JSON)"),
    "status": ("{benefit}状态", "{benefit} status"), "amount": ("{benefit}（元/月）", "{benefit} (yuan a month)"),
    "urban": ("城市", "urban"), "rural": ("农村", "rural"), "true": ("是", "yes"), "false": ("否", "no"),
    "eligible": ("享受", "eligible"), "ineligible": ("不享受", "ineligible"), "undetermined": ("待定", "undetermined"),
    "benefit.dibao": ("低保金", "Dibao"), "benefit.tekun": ("特困供养金", "Tekun"),
    "benefit.disability_living": ("困难残疾人生活补贴", "Disability living subsidy"),
    "benefit.disability_care": ("重度残疾人护理补贴", "Disability care subsidy"),
    "benefit.orphan": ("孤儿/事实无人抚养儿童基本生活费", "Orphan allowance"),
}
register_all({f"sheet.{key}": texts for key, texts in _WORDS.items()})
_SHEET_WORDS: dict[str, dict[str, str]] = {
    lang: {key: CATALOGUE[f"sheet.{key}"].text(lang) for key in _WORDS if not key.startswith("benefit.")}
    for lang in LANGS}
#: the benefits as a results workbook names them
_SHEET_BENEFIT: dict[str, dict[str, str]] = {
    lang: {code: CATALOGUE[f"sheet.benefit.{code}"].text(lang) for code in BENEFITS} for lang in LANGS}


def sheet_rows(table: Any, lang: str = "zh") -> tuple[list[str], list[int], Iterator[list[Any]]]:
    """A result table as an xlsx sheet shows it: headers and words in ``lang``, amounts as 分 for the money
    columns (the sheet writes them as numbers in ``#,##0.00``), statuses, areas and flags as words.

    Returns the header, the indices of the money columns and the rows.
    """
    words, benefit = _SHEET_WORDS[lang], _SHEET_BENEFIT[lang]
    header: list[str] = []
    money: list[int] = []
    columns: list[list[Any]] = []
    for name in table.column_names:
        if name == "_row":
            continue
        col = table.column(name)
        base = name.removesuffix("_fen").removesuffix("_amount").removesuffix("_status")
        if name.endswith("_status"):
            header.append(words["status"].format(benefit=benefit[base]))
            codes = col.to_numpy()
            columns.append(np.array([words[s] for s in STATUSES], dtype=object)[codes].tolist())
            continue
        if name.endswith("_fen"):
            money.append(len(header))
            header.append(words["amount"].format(benefit=benefit[base]) if base in benefit else words[base])
            columns.append(col.to_pylist())
            continue
        header.append(words.get(name, name))
        values = col.to_pylist()
        if name == "area" or pa.types.is_boolean(col.type):
            values = [words[str(v).lower()] for v in values]
        columns.append(values)
    return header, money, (list(r) for r in zip(*columns, strict=True))


class TableWriter:
    """A ``households`` and a ``members`` table written chunk by chunk: a Parquet or CSV pair
    (``OUT`` and ``OUT.members``), or the two sheets of one xlsx workbook."""

    def __init__(self, out: Path, fmt: Format, dictionary: Sequence[str] | None = None,
                 no_statistics: frozenset[str] = frozenset(), members: Path | None = None) -> None:
        """``dictionary``: the Parquet columns to dictionary-encode (None: every column); ``no_statistics``:
        the Parquet columns written without statistics; ``members``: where the members table goes (default:
        ``OUT.members`` beside ``out``; an xlsx workbook holds both)."""
        self.out, self.fmt, self.dictionary, self.no_statistics = out, fmt, dictionary, no_statistics
        self.paths = {"households": out,
                      "members": out if fmt == "xlsx" else members if members is not None else sibling(out, "members")}
        self.writers: dict[str, Any] = {}
        self.book: Any = None

    def write_sheet(self, name: str, header: list[str], money: Sequence[int], rows: Iterable[Sequence[Any]]) -> None:
        """xlsx: add rows to sheet ``name`` (created with ``header`` on first use); amounts in 分 in the ``money``
        columns, or already as Decimal yuan."""
        from aidcalc.reports.xlsx import SheetWriter, new_workbook

        if self.book is None:
            self.book = new_workbook()
        w = self.writers.get(name)
        if w is None:
            w = self.writers[name] = SheetWriter(self.book, name, header, money=money,
                                                    path=str(final_name(self.out)))
        for r in rows:
            w.append(r)

    def write(self, name: str, table: Any) -> None:
        w = self.writers.get(name)
        if self.fmt == "parquet":
            import pyarrow.parquet as pq  # type: ignore[import-untyped]

            if w is None:
                w = self.writers[name] = pq.ParquetWriter(
                    self.paths[name], table.schema, store_decimal_as_integer=True,
                    use_dictionary=True if self.dictionary is None else
                    [c for c in self.dictionary if c in table.column_names],
                    write_statistics=[c for c in table.column_names if c not in self.no_statistics])
            w.write_table(table)
        elif self.fmt == "csv":
            import pyarrow.csv as pacsv  # type: ignore[import-untyped]

            if w is None:
                w = self.writers[name] = pacsv.CSVWriter(self.paths[name], table.schema,
                                                         write_options=pacsv.WriteOptions(quoting_style="needed"))
            w.write_table(table)
        else:  # the column names as they are (a caseload read back); decimals are money
            money = [j for j, f in enumerate(table.schema) if pa.types.is_decimal(f.type)]
            self.write_sheet(name, table.column_names, money,
                             zip(*(table.column(c).to_pylist() for c in table.column_names), strict=True))

    def close(self) -> None:
        for w in self.writers.values():
            w.close()
        if self.book is not None:
            save_workbook(self.book, self.out)


class ResultWriter(TableWriter):
    """The results as :func:`presented` shows them, headers even when nothing is computed."""

    def __init__(self, out: Path, fmt: Format, explain_column: bool, members: Path | None = None,
                 lang: str = "zh") -> None:
        """``members``: where the members table goes; ``lang``: the language of an xlsx workbook's headers and
        words (zh or en)."""
        super().__init__(out, fmt, _PARQUET_DICTIONARY, _PARQUET_NO_STATISTICS, members)
        self.explain_column = explain_column
        self.lang = lang

    def results(self, households: Any, members: Any, which: str = "households+members") -> None:
        """Write a chunk's results: both tables, or only ``which`` of them."""
        for name, table in (("households", households), ("members", members)):
            if name in which.split("+"):
                if self.fmt == "xlsx":
                    self.write_sheet(name, *sheet_rows(table, self.lang))
                else:
                    self.write(name, presented(table, self.fmt))

    def close(self) -> None:
        if "households" not in self.writers:
            self.results(*empty_results(self.explain_column))
        super().close()


class JsonLinesWriter:
    """The results as JSON lines on a text stream (``aidcalc batch … -o -``): one object a household with the
    columns of the households table (amounts as yuan text with two decimals, statuses as words), its
    ``members`` as a list of the members table's rows, and with ``--explain`` its whole Result as
    ``explanation``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def results(self, households: Any, members: Any, which: str = "households+members") -> None:
        """Write a chunk's households, each with its members (``which`` is always both here)."""
        h_rows = households.column("_row").to_numpy()
        m_rows = members.column("_row").to_numpy()
        order = np.argsort(m_rows, kind="stable")
        starts = np.searchsorted(m_rows[order], h_rows, "left")
        ends = np.searchsorted(m_rows[order], h_rows, "right")
        people = presented(members, "csv").to_pylist()
        lines = []
        for i, rec in enumerate(presented(households, "csv").to_pylist()):
            rec["members"] = [{k: v for k, v in people[j].items() if k != "household_id"}
                              for j in order[starts[i]:ends[i]]]
            if "explanation" in rec:
                rec["explanation"] = json.loads(rec["explanation"])
            lines.append(json.dumps(rec, ensure_ascii=False) + "\n")
        self.stream.write("".join(lines))

    def close(self) -> None:
        self.stream.flush()


def empty_results(explain_column: bool) -> tuple[Any, Any]:
    """Result tables with no rows (so that an all-bad caseload still writes its headers)."""
    fen = pa.array([], pa.int64())
    text = pa.array([], pa.string())
    none32, none8 = pa.array([], pa.int32()), pa.array([], pa.int8())
    h: dict[str, Any] = {"_row": fen, "household_id": text, "division": pa.DictionaryArray.from_arrays(none32, text),
                         "on": pa.DictionaryArray.from_arrays(none32, text),
                         "area": pa.DictionaryArray.from_arrays(none8, _AREAS), "total_fen": fen}
    for code in BENEFITS:
        h[f"{code}_status"] = pa.array([], pa.int8())
        h[f"{code}_amount_fen"] = fen
    for flag in FLAGS:
        h[flag] = pa.array([], pa.bool_())
    if explain_column:
        h["explanation"] = text
    m: dict[str, Any] = {"_row": fen, "household_id": text, "member_id": text, "age": pa.array([], pa.int32())}
    for code in BENEFITS:
        m[f"{code}_amount_fen"] = fen
    m["total_fen"] = fen
    return pa.table(h), pa.table(m)
