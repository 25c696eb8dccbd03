"""The HTML report of ``aidcalc diff``: one self-contained page with inline SVG charts, every word in the report's
language (from the message catalogue, :mod:`aidcalc.reports._diff_words`).

No script, no stylesheet or font from elsewhere and no link out; every piece of text is escaped. The
charts are drawn here: how many households change by how much (bins chosen from the data, the households
whose total does not change as a bar of their own, the losers in a chart of their own), and bars of the
budget change by benefit and by division. Every label is placed from its estimated width so that it stays
inside its chart (a browser test measures them).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from aidcalc.money import yuan_grouped, yuan_signed
from aidcalc.reports._diff_words import words
from aidcalc.reports.diff import FLAGS, Diff
from aidcalc.reports.diff_report import MONTHS, division_rows, standards_rows, undetermined_note
from aidcalc.vocab import BENEFITS, label

I64 = npt.NDArray[np.int64]

#: households listed in each of the report's tables of losers, undetermined households and gainers
HTML_LISTED = 500
#: divisions drawn in the chart (the largest changes first)
TOP_DIVISIONS = 30
#: at most this many bins on each side of zero
SIDE_BINS = 12
#: the households above this share of the largest ones go into an open-ended last bin
TAIL = 0.98
#: advance of a character in the charts' fonts, per pixel of font size: CJK and full-width forms, the rest
WIDE, NARROW = 1.0, 0.62
FONT, TITLE_FONT, SMALL_FONT = 12, 14, 11


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def text_px(text: str, size: float = FONT) -> float:
    """About how many pixels ``text`` takes in the charts' font of ``size`` px (an upper estimate)."""
    return sum(size * (WIDE if ord(ch) >= 0x2E80 else NARROW) for ch in text)


def _fit(text: str, px: float, size: float = FONT) -> str:
    """``text`` cut (with an ellipsis) to about ``px`` pixels."""
    if text_px(text, size) <= px:
        return text
    used = text_px("…", size)
    for i, ch in enumerate(text):
        used += size * (WIDE if ord(ch) >= 0x2E80 else NARROW)
        if used > px:
            return text[:i] + "…"
    return text


# ------------------------------------------------------------------------------------------- bins


@dataclass(frozen=True)
class Bin:
    """Households whose monthly change (分) is in ``[lo, hi)``; ``hi`` None: ``lo`` and above (``lo`` None: below
    ``hi``); ``lo == hi == 0``: no change."""

    lo: int | None
    hi: int | None
    count: int

    @property
    def zero(self) -> bool:
        return self.lo == 0 and self.hi == 0

    @property
    def negative(self) -> bool:
        return self.hi is not None and self.hi <= 0 and not self.zero

    def label(self) -> str:
        if self.zero:
            return "0"
        if self.hi is None:
            return f"≥ {_short(self.lo or 0)}"
        if self.lo is None:
            return f"< {_short(self.hi)}"
        return f"{_short(self.lo)} … {_short(self.hi)}"


def _short(fen: int) -> str:
    """Yuan without the decimals when they are zero: ``+1,200`` or ``-0.50``."""
    text = yuan_signed(fen)
    return text[:-3] if text.endswith(".00") else text


def _nice_step(raw: int) -> int:
    step = 1
    while True:
        for m in (1, 2, 5):
            if step * m >= raw:
                return step * m
        step *= 10


def _side_bins(sizes: I64, most: int) -> list[tuple[int, int | None, int]]:
    """Bins over positive amounts (分): ``(lo, hi, count)`` with ``hi`` None for the open last bin.

    The width is Freedman–Diaconis's (twice the interquartile range over the cube root of the count), made a
    round number of 分, yuan or tens of yuan, at most ``most`` bins; the largest ``1 − TAIL`` of the amounts
    share an open-ended last bin when they reach beyond the others. Quantiles are order statistics (integers).
    """
    xs = np.sort(sizes)
    n = int(xs.shape[0])
    if n == 0:
        return []
    lo, top = int(xs[0]), int(xs[-1])
    cap = int(xs[min(n - 1, (n * int(TAIL * 100)) // 100)]) if n >= 50 else top
    iqr = int(xs[(3 * n) // 4]) - int(xs[n // 4])
    fd = -(-2 * iqr // max(1, round(n ** (1 / 3))))
    width = max(fd, -(-(cap - lo + 1) // most), 1)
    step = _nice_step(width)
    if step >= 100:  # whole yuan once bins are a yuan or wider
        step = _nice_step(-(-step // 100)) * 100
    start = (lo // step) * step
    edges = list(range(start, cap + 1, step)) + [((cap // step) + 1) * step]
    if len(edges) - 1 > most:
        edges = edges[:most + 1]
    open_end = top >= edges[-1]
    idx = np.searchsorted(np.array(edges, dtype=np.int64), xs, side="right") - 1
    idx = np.minimum(idx, len(edges) - 2 + (1 if open_end else 0))
    counts = np.bincount(idx, minlength=len(edges) - 1 + (1 if open_end else 0))
    out: list[tuple[int, int | None, int]] = [(edges[i], edges[i + 1], int(counts[i])) for i in range(len(edges) - 1)]
    if open_end:
        out.append((edges[-1], None, int(counts[-1])))
    return out


def change_bins(deltas: I64, unchanged: int | None, most: int = SIDE_BINS) -> list[Bin]:
    """Bins of the households' monthly changes (分): the losses (by size), the households whose total does not
    change (a bar of its own; None: no such bar), the gains; each side binned from its own data
    (:func:`_side_bins`)."""
    out: list[Bin] = []
    for lo, hi, c in reversed(_side_bins(-deltas[deltas < 0], most)):
        out.append(Bin(None if hi is None else -hi, -lo, c))
    if unchanged is not None:
        out.append(Bin(0, 0, unchanged))
    out.extend(Bin(lo, hi, c) for lo, hi, c in _side_bins(deltas[deltas > 0], most))
    return out


# ----------------------------------------------------------------------------------------- charts


def histogram(bins: list[Bin], title: str, note: str, width: int = 960, height: int = 230, axis: str = "") -> str:
    """Vertical bars of households per bin, its count above each bar and its range below it (turned 45°).

    The bars share one scale, the largest bar other than the unchanged households' (which, when taller, is
    drawn cut with its count on it), so that a few hundred losers are not a line under ten thousand
    unchanged households.
    """
    if not bins:
        return f'<p class="note">{_e(note)}</p>'
    labels = [b.label() for b in bins]
    label_px = max(text_px(t, SMALL_FONT) for t in labels)
    bottom = int(label_px * 0.71 + SMALL_FONT + 12)
    left, top, right = 50, 44, 20
    width = max(width, int(text_px(title, TITLE_FONT)) + 10, left + right + 26 * len(bins))
    plot_w, plot_h = width - left - right, height - top - 12
    total_h = height + bottom
    n = len(bins)
    bar_w = plot_w / n
    others = [b.count for b in bins if not b.zero]
    peak = max([*others, 0]) or max(b.count for b in bins) or 1
    out = [f'<svg role="img" width="{width}" height="{total_h}" viewBox="0 0 {width} {total_h}" '
           f'aria-label="{_e(title)}">',
           f'<text x="0" y="18" class="t">{_e(title)}</text>',
           f'<text x="{left - 6}" y="{top + 4}" text-anchor="end">{peak:,}</text>',
           f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end">0</text>']
    base = top + plot_h
    for i, b in enumerate(bins):
        x = left + i * bar_w
        h = plot_h * min(b.count, peak) / peak
        cls = "zero" if b.zero else "neg" if b.negative else "pos"
        tip = f"{labels[i]}: {b.count:,}"
        out.append(f'<rect class="{cls}" x="{x + 1:.1f}" y="{base - h:.1f}" width="{max(bar_w - 2, 0.5):.1f}" '
                   f'height="{h:.1f}"><title>{_e(tip)}</title></rect>')
        if b.count > peak:  # cut: a white gap across the bar
            out.append(f'<rect class="cut" x="{x:.1f}" y="{top + 14:.1f}" width="{bar_w:.1f}" height="4"/>')
        count = f"{b.count:,}"
        if text_px(count, SMALL_FONT) <= bar_w + 4:
            out.append(f'<text class="s" x="{x + bar_w / 2:.1f}" y="{base - h - 4:.1f}" '
                       f'text-anchor="middle">{_e(count)}</text>')
        cx = x + bar_w / 2
        out.append(f'<text class="s" x="{cx:.1f}" y="{base + 14}" text-anchor="end" '
                   f'transform="rotate(-45 {cx:.1f} {base + 14})">{_e(labels[i])}</text>')
    out.append(f'<line x1="{left}" y1="{base}" x2="{left + plot_w}" y2="{base}" class="axis"/>')
    if axis:  # beside the vertical axis, turned 90°
        ax, ay = 14, top + plot_h / 2
        out.append(f'<text x="{ax}" y="{ay:.0f}" text-anchor="middle" transform="rotate(-90 {ax} {ay:.0f})">'
                   f'{_e(_fit(axis, plot_h - 40))}</text>')
    out.append("</svg>")
    return "\n".join(out) + f'<p class="note">{_e(note)}</p>'


def bar_chart(items: list[tuple[str, int]], title: str, width: int = 760) -> str:
    """Horizontal bars of money changes (分), labelled in yuan; negative bars go left of the axis."""
    if not items:
        return ""
    values = [yuan_signed(v) for _, v in items]
    label_w, row_h, top = 300, 24, 30
    value_w = int(max(text_px(v) for v in values)) + 14
    width = max(width, int(text_px(title, TITLE_FONT)) + 10)
    plot_w = width - label_w - value_w
    lo = min(0, min(v for _, v in items))
    hi = max(0, max(v for _, v in items))
    span = (hi - lo) or 1
    zero_x = label_w + plot_w * (0 - lo) / span
    height = top + row_h * len(items) + 10
    out = [f'<svg role="img" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" aria-label="{_e(title)}">',
           f'<text x="0" y="18" class="t">{_e(title)}</text>']
    for i, (text, value) in enumerate(items):
        y = top + i * row_h
        x0 = label_w + plot_w * (min(value, 0) - lo) / span
        w = plot_w * abs(value) / span
        cls = "neg" if value < 0 else "pos"
        short = _fit(text, label_w - 12)
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(short)}<title>{_e(text)}</title>'
                   "</text>")
        out.append(f'<rect class="{cls}" x="{x0:.1f}" y="{y + 4}" width="{max(w, 0.5):.1f}" height="{row_h - 8}">'
                   f'<title>{_e(text)}: {_e(values[i])}</title></rect>')
        out.append(f'<text x="{label_w + plot_w + 6}" y="{y + 16}">{_e(values[i])}</text>')
    out.append(f'<line x1="{zero_x:.1f}" y1="{top}" x2="{zero_x:.1f}" y2="{height - 10}" class="axis"/>')
    out.append("</svg>")
    return "\n".join(out)


# ------------------------------------------------------------------------------------------ page

_CSS = """
body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;color:#222;max-width:1200px}
table{border-collapse:collapse;margin:0.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;vertical-align:top}
th{background:#f3f3f3}td.n{text-align:right;font-variant-numeric:tabular-nums}td:first-child{white-space:nowrap}
svg{display:block;margin:0.5em 0;max-width:100%;height:auto}svg text{font-size:12px;fill:#222}svg text.t{font-size:14px;font-weight:bold}
svg text.s{font-size:11px}rect.pos{fill:#2e7d32}rect.neg{fill:#c62828}rect.zero{fill:#9e9e9e}rect.cut{fill:#fff}
line.axis{stroke:#555;stroke-width:1}.note{color:#555}.undetermined{background:#fff8e1;padding:0.5em 1em}
ol.refs{font-size:90%}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}svg,tr{break-inside:avoid}}
"""


def _table(header: list[str], rows: list[list[object]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for r in rows:
        out.append("<tr>" + "".join(f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
                                    for i, c in enumerate(r)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _households_table(diff: Diff, ks: list[int], lang: str, undetermined: bool = False) -> str:
    w = words(lang)
    rows: list[list[object]] = []
    for k in ks:
        old, new = int(diff.total_a[k]), int(diff.total_b[k])
        row: list[object] = [diff.ids[k], diff.division[k], w["rural" if diff.rural[k] else "urban"],
                             yuan_grouped(old), yuan_grouped(new), diff.change_text(k)]
        if undetermined:
            row.append(diff.open_text(k, lang))
        row.append(diff.cause_text(k, lang))
        rows.append(row)
    header = [w["household"], w["division"], w["area"], w["total_old"], w["total_new"],
              w["delta" if undetermined else "change_short"]]
    if undetermined:
        header.append(w["open_benefits"])
    return _table([*header, w["cause_short"]], rows, {3, 4, 5})


def _listed(diff: Diff, ks: I64, order: I64, key: str, lang: str, undetermined: bool = False) -> list[str]:
    """A heading and the table of the households ``ks`` (``key``: ``losers``, ``undetermined`` or ``gainers``)."""
    w = words(lang)
    out = [f"<h2>{_e(w['counted'].format(title=w[f'{key}_title'], n=f'{len(ks):,}'))}</h2>"]
    if not len(ks):
        out.append(f'<p class="note">{_e(w[f"none_{key}"])}</p>')
        return out
    out.append(_households_table(diff, ks[order][:HTML_LISTED].tolist(), lang, undetermined))
    if len(ks) > HTML_LISTED:
        note = w["first_listed"].format(shown=HTML_LISTED, total=f"{len(ks):,}", xlsx="xlsx", json="JSON")
        out.append(f'<p class="note">{_e(note)}</p>')
    return out


def html_report(diff: Diff, lang: str = "zh") -> str:
    """The whole HTML report as one string, every word in ``lang``."""
    s, w = diff.summary, words(lang)
    heading = w["heading"].format(a=diff.a.label, b=diff.b.label)
    parts = ["<!DOCTYPE html>", f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
             f"<title>{_e(heading)}</title>",
             f"<style>{_CSS}</style></head><body>",
             f"<h1>{_e(w['title'])}</h1>",
             f"<p>A = {_e(diff.a.label)} &nbsp;→&nbsp; B = {_e(diff.b.label)}</p>",
             f"<h2>{_e(w['households_title'])}</h2>",
             _table([w[k] for k in ("compared", "with_errors", "gainers", "losers", "unchanged", "undetermined_short",
                                    "listed")],
                    [[f"{s.households:,}", f"{s.with_errors:,}", f"{s.gainers:,}", f"{s.losers:,}",
                      f"{s.unchanged:,}", f"{s.undetermined:,}", f"{s.listed:,}"]], {0, 1, 2, 3, 4, 5, 6}),
             f'<p class="undetermined">{_e(undetermined_note(diff, lang))}</p>']
    change = diff.change
    deltas = change[~diff.undetermined & (change != 0)].astype(np.int64)
    parts.append(histogram(change_bins(deltas, s.unchanged), w["chart.by_change"],
                           w["chart.by_change_note"].format(changed=f"{s.gainers + s.losers:,}",
                                                            unchanged=f"{s.unchanged:,}",
                                                            undetermined=f"{s.undetermined:,}"),
                           axis=w["chart.axis"]))
    losses = deltas[deltas < 0]
    if losses.shape[0]:
        parts.append(histogram(change_bins(losses, None, most=2 * SIDE_BINS), w["chart.losers"],
                               w["chart.losers_note"].format(n=f"{losses.shape[0]:,}"), axis=w["chart.axis"]))
    parts.append(f"<h2>{_e(w['budget_title'])}</h2>")
    rows: list[list[object]] = []
    for code in BENEFITS:
        old, new = s.old[code], s.new[code]
        rows.append([code, label("benefit", code, lang), yuan_grouped(old), yuan_grouped(new), yuan_signed(new - old),
                     yuan_signed(MONTHS * (new - old))])
    rows.append(["", w["total_short"], yuan_grouped(s.old_total), yuan_grouped(s.new_total), yuan_signed(s.change),
                 yuan_signed(MONTHS * s.change)])
    parts.append(_table([w[k] for k in ("code", "benefit", "old", "new", "change", "annual")], rows, {2, 3, 4, 5}))
    parts.append(bar_chart([(w[f"benefit.{c}"], s.new[c] - s.old[c]) for c in BENEFITS],
                           w["chart.by_benefit"]))
    parts.append(f"<h2>{_e(w['open_title'])}</h2>")
    if s.undetermined:
        parts.append(_table(
            [w[k] for k in ("code", "benefit", "open_households", "open_old", "open_new", "open_old_up_to",
                            "open_new_up_to")],
            [[c, label("benefit", c, lang), f"{s.open_households[c]:,}", yuan_grouped(s.open_old[c]),
              yuan_grouped(s.open_new[c]), yuan_grouped(s.open_old_up_to[c]), yuan_grouped(s.open_new_up_to[c])]
             for c in BENEFITS if s.open_households[c]],
            {2, 3, 4, 5, 6}))
    else:
        parts.append(f'<p class="note">{_e(w["open_none"])}</p>')
    parts.append(f"<h2>{_e(w['divisions_title'])}</h2>")
    drows = division_rows(diff, lang)
    parts.append(bar_chart([(f"{r['division']} {r['name']}", r["change"]) for r in drows[:TOP_DIVISIONS]],
                           w["chart.by_division"]
                           + (w["chart.largest"].format(n=TOP_DIVISIONS) if len(drows) > TOP_DIVISIONS else "")))
    parts.append(_table([w[k] for k in ("division", "name", "households", "gainers", "losers", "undetermined_short",
                                        "old", "new", "change", "annual")],
                        [[r["division"], r["name"], f"{r['households']:,}", f"{r['gainers']:,}", f"{r['losers']:,}",
                          f"{r['undetermined']:,}", yuan_grouped(r["old"]), yuan_grouped(r["new"]), yuan_signed(r["change"]),
                          yuan_signed(MONTHS * r["change"])] for r in drows], {2, 3, 4, 5, 6, 7, 8, 9}))
    parts.append(f"<h2>{_e(w['flags_title'])}</h2>")
    parts.append(_table([w[k] for k in ("flag", "before", "after", "entering", "leaving")],
                        [[w[f"flag.{flag}"], f"{s.flag_before[flag]:,}", f"{s.flag_after[flag]:,}",
                          f"{s.entering[flag]:,}", f"{s.leaving[flag]:,}"] for flag in FLAGS], {1, 2, 3, 4}))
    parts.append(f"<h2>{_e(w['standards_title'])}</h2>")
    if diff.standards:
        parts.append(_table(
            [w[k] for k in ("division", "parameter", "old_value", "new_value", "notice", "affected")],
            [[f"{d['division']} {d['division_name']}", f"{d['label']} ({d['name']})", d["old"].get("text", "—"),
              d["new"].get("text", "—"), f"[{d['notice']}]" if d["notice"] else "—", f"{d['households']:,}"]
             for d in standards_rows(diff, lang)], {5}))
    else:
        parts.append(f'<p class="note">{_e(w["no_standards"])}</p>')
    notices = diff.notices(lang)
    if notices:
        parts.append(f"<h2>{_e(w['notices_title'])}</h2>")
        parts.append('<ol class="refs">' + "".join(f"<li>{_e(t)}</li>" for t in notices) + "</ol>")
    delta = diff.change
    losers = diff.losers()
    parts += _listed(diff, losers, np.argsort(delta[losers], kind="stable"), "losers", lang)
    unknown = diff.undetermined_households()
    parts += _listed(diff, unknown, np.argsort(delta[unknown], kind="stable"), "undetermined", lang, undetermined=True)
    gainers = diff.gainers()
    parts += _listed(diff, gainers, np.argsort(-delta[gainers], kind="stable"), "gainers", lang)
    if diff.errors:
        note = w["not_compared"].format(n=f"{s.with_errors:,}", problems=f"{s.problems:,}")
        parts.append(f'<p class="note">{_e(note)}</p>')
    parts.append(f'<p class="note">{_e(w["digests"].format(a=diff.a.library.digest, b=diff.b.library.digest))}</p>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


__all__ = ["Bin", "bar_chart", "change_bins", "histogram", "html_report", "text_px"]
