"""A sweep drawn as an inline SVG: each benefit, the total and income + total against the swept income.

Nothing is loaded from the network; the SVG is text that an HTML page or a ``.svg`` file holds as it
is. Vertical lines mark where 低保 stops and where the 低保边缘 band ends; a shaded band marks the
incomes at which 渐退 pays; a dotted line marks the household's own income.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from aidcalc.engine.core import Engine
from aidcalc.household import Household
from aidcalc.messages import CATALOGUE, LANGS, register_all
from aidcalc.money import yuan_grouped
from aidcalc.reports.sweep import Sweep, sweep
from aidcalc.vocab import BENEFIT_LABEL_EN, BENEFIT_LABEL_ZH, BENEFITS, INCOME_LABEL_EN, INCOME_LABEL_ZH

__all__ = ["statement_chart", "sweep_html", "sweep_svg"]

COLORS = {"dibao": "#1f5fa8", "tekun": "#8a5a00", "disability_living": "#2e8b57", "disability_care": "#6a3d9a",
          "orphan": "#c2410c", "total": "#111111", "income_plus_total": "#9b1c1c"}
#: the chart's words (in the message catalogue as ``chart.<key>``; ``chart.short.<benefit>``: a benefit in a legend)
_WORDS: dict[str, tuple[str, str]] = {
    "short.dibao": ("低保", "dibao"), "short.tekun": ("特困", "tekun"),
    "short.disability_living": ("生活补贴", "living subsidy"), "short.disability_care": ("护理补贴", "care subsidy"),
    "short.orphan": ("孤儿/事实无人抚养", "orphan / de facto"),
    "income": ("收入", "income"), "total": ("待遇合计", "benefits in total"),
    "plus": ("该项收入＋待遇合计", "this income + benefits"), "stops": ("低保停止", "dibao stops"),
    "edge": ("低保边缘上限", "low-income line"), "taper": ("渐退", "gradual exit"), "now": ("现在", "now"),
    "x": ("{member} 的{income}（元/月）", "{member}'s {income} (yuan a month)"), "y": ("元/月", "yuan a month"),
    "title": ("{hid}：{member} 的{income}变化时的月待遇", "{hid}: monthly benefits as {member}'s {income} changes"),
}
register_all({f"chart.{key}": texts for key, texts in _WORDS.items()})
#: the words by language, read from the catalogue
WORDS = {lang: {key: CATALOGUE[f"chart.{key}"].text(lang) for key in _WORDS} for lang in LANGS}
SHORT_ZH = {code: WORDS["zh"][f"short.{code}"] for code in BENEFITS}
SHORT_EN = {code: WORDS["en"][f"short.{code}"] for code in BENEFITS}


def _nice_step(span: int, ticks: int) -> int:
    """A round tick step (in 分) giving about ``ticks`` ticks over ``span``."""
    raw = max(int(span) // max(ticks, 1), 1)
    mag: int = 10 ** (len(str(raw)) - 1)
    for m in (1, 2, 5, 10):
        if raw <= m * mag:
            return m * mag
    return 10 * mag


def _short(fen: int) -> str:
    """A tick label: whole yuan with thousands separators."""
    return f"{fen // 100:,}" if fen % 100 == 0 else yuan_grouped(fen)


def sweep_svg(s: Sweep, *, lang: str = "zh", small: bool = False, width: int = 720, height: int = 400) -> str:
    """The chart of ``s`` as a standalone ``<svg>`` element; ``small`` drops the title and thins the labels."""
    w = WORDS["zh" if lang == "zh" else "en"]
    short = SHORT_ZH if lang == "zh" else SHORT_EN
    income_label = (INCOME_LABEL_ZH if lang == "zh" else INCOME_LABEL_EN).get(s.income, s.income)
    if small:
        width, height = 300, 200
    font = 9 if small else 12
    left, right = (40 if small else 64), (16 if small else 24)  # room for half the last tick label
    top, bottom = (8 if small else 36), (62 if small else 96)
    pw, ph = width - left - right, height - top - bottom
    xs = s.incomes
    x0, x1 = xs[0], max(xs[-1], xs[0] + 1)
    shown = [c for c in BENEFITS if any(s.amount[c][k] and s.status[c][k] == "eligible" for k in range(len(xs)))]
    series: dict[str, list[int]] = {c: [s.amount[c][k] if s.status[c][k] == "eligible" else 0 for k in range(len(xs))]
                                    for c in shown}
    series["total"] = list(s.total)
    series["income_plus_total"] = [x + t for x, t in zip(xs, s.total, strict=True)]
    ymax = max(max(v) for v in series.values()) or 100
    ystep = _nice_step(ymax, 5)
    ytop = -(-ymax // ystep) * ystep
    xstep = _nice_step(x1 - x0, 8 if not small else 5)

    def X(v: int) -> float:
        return left + (v - x0) * pw / (x1 - x0)

    def Y(v: int) -> float:
        return top + ph - v * ph / ytop

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="{font}" role="img">']
    title = w["title"].format(hid=s.household_id, member=s.member, income=income_label)
    out.append(f"<title>{escape(title)}</title>")
    if not small:
        out.append(f'<text x="{left}" y="{top - 14}" font-size="{font + 2}" font-weight="bold">{escape(title)}</text>')
    for lo, hi in s.taper_ranges():
        out.append(f'<rect x="{X(lo):.1f}" y="{top}" width="{max(X(hi) - X(lo), 2):.1f}" height="{ph}" '
                   f'fill="#f5d77a" opacity="0.45"><title>{escape(w["taper"])}</title></rect>')
    for k in range(0, ytop + 1, ystep):
        out.append(f'<line x1="{left}" x2="{left + pw}" y1="{Y(k):.1f}" y2="{Y(k):.1f}" stroke="#ddd"/>')
        out.append(f'<text x="{left - 4}" y="{Y(k) + font / 3:.1f}" text-anchor="end">{_short(k)}</text>')
    first_tick = -(-x0 // xstep) * xstep
    for k in range(first_tick, x1 + 1, xstep):
        out.append(f'<line x1="{X(k):.1f}" x2="{X(k):.1f}" y1="{top + ph}" y2="{top + ph + 4}" stroke="#333"/>')
        out.append(f'<text x="{X(k):.1f}" y="{top + ph + 5 + font}" text-anchor="middle">{_short(k)}</text>')
    out.append(f'<rect x="{left}" y="{top}" width="{pw}" height="{ph}" fill="none" stroke="#333"/>')
    out.append(f'<text x="{left + pw / 2:.1f}" y="{top + ph + 8 + 2 * font}" text-anchor="middle">'
               f'{escape(w["x"].format(member=s.member, income=income_label))}</text>')
    marks = s.thresholds()
    for key, label, color in (("dibao_stops", w["stops"], "#1f5fa8"), ("low_income_ends", w["edge"], "#555")):
        if key in marks:
            x = X(marks[key])
            anchor = "end" if x > left + pw * 0.6 else "start"
            dx = -3 if anchor == "end" else 3
            out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top}" y2="{top + ph}" stroke="{color}" '
                       'stroke-dasharray="5 3"/>')
            y = top + font + (0 if key == "dibao_stops" else font + 3)
            out.append(f'<text x="{x + dx:.1f}" y="{y}" text-anchor="{anchor}" fill="{color}">'
                       f'{escape(label)} {_short(marks[key])}</text>')
    if x0 <= s.current <= x1:
        out.append(f'<line x1="{X(s.current):.1f}" x2="{X(s.current):.1f}" y1="{top}" y2="{top + ph}" '
                   'stroke="#111" stroke-dasharray="1 3"/>')
        out.append(f'<text x="{X(s.current) + 3:.1f}" y="{top + 3 * font + 8}" fill="#111">{escape(w["now"])}</text>')
    for name, values in series.items():
        pts = " ".join(f"{X(x):.1f},{Y(v):.1f}" for x, v in zip(xs, values, strict=True))
        dash = ' stroke-dasharray="6 3"' if name == "income_plus_total" else ""
        widthpx = 2.2 if name in ("total", "income_plus_total") else 1.6
        out.append(f'<polyline points="{pts}" fill="none" stroke="{COLORS[name]}" stroke-width="{widthpx}"{dash}/>')
    # legend under the plot, wrapped to the width
    names = [(n, short[n]) for n in shown] + [("total", w["total"]), ("income_plus_total", w["plus"])]
    if any(s.taper):
        names.append(("taper", w["taper"]))
    lx: float = left
    ly = top + ph + 14 + 3 * font
    for name, label in names:
        item_w = 22 + _text_width(label, font) + 14
        if lx + item_w > width - right:
            lx, ly = float(left), ly + font + 6
        if name == "taper":
            out.append(f'<rect x="{lx:.1f}" y="{ly - font + 2}" width="16" height="{font - 2}" fill="#f5d77a"/>')
        else:
            dash = ' stroke-dasharray="6 3"' if name == "income_plus_total" else ""
            out.append(f'<line x1="{lx:.1f}" x2="{lx + 16:.1f}" y1="{ly - font / 3:.1f}" y2="{ly - font / 3:.1f}" '
                       f'stroke="{COLORS[name]}" stroke-width="2.2"{dash}/>')
        out.append(f'<text x="{lx + 20:.1f}" y="{ly}">{escape(label)}</text>')
        lx += item_w
    out.append("</svg>")
    return "\n".join(out)


def _text_width(text: str, font: int) -> float:
    """The drawn width of ``text`` (a CJK character is about one em, other characters about 0.6 em)."""
    return sum(font if ord(ch) > 0x2E80 else font * 0.6 for ch in text)


def sweep_html(s: Sweep, table: list[dict[str, str]], *, lang: str = "zh") -> str:
    """A standalone HTML page: the chart, then the table of every step."""
    title = WORDS["zh" if lang == "zh" else "en"]["title"].format(
        hid=s.household_id, member=s.member,
        income=(INCOME_LABEL_ZH if lang == "zh" else INCOME_LABEL_EN).get(s.income, s.income))
    labels = BENEFIT_LABEL_ZH if lang == "zh" else BENEFIT_LABEL_EN
    head = ["income", *BENEFITS, "total", "income_plus_total"]
    words = WORDS["zh" if lang == "zh" else "en"]
    shown = {"income": words["income"], "total": words["total"], "income_plus_total": words["plus"], **labels}
    rows = "\n".join("<tr>" + "".join(f'<td class="n">{escape(r[c])}</td>' for c in head) + "</tr>" for r in table)
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>body{{font-family:sans-serif;margin:1.5em}}"
            "table{border-collapse:collapse;font-size:10pt}td,th{border:1px solid #bbb;padding:.1em .4em}"
            "td.n{text-align:right;font-variant-numeric:tabular-nums}svg{max-width:100%;height:auto}</style>"
            f"</head><body><h1>{escape(title)}</h1>\n{sweep_svg(s, lang=lang)}\n<table><thead><tr>"
            + "".join(f"<th>{escape(shown[c])}</th>" for c in head) + f"</tr></thead><tbody>\n{rows}\n</tbody></table>"
            "</body></html>\n")


def statement_chart(engine: Engine, household: Household, *, on: dt.date | None = None, lang: str = "zh") -> str | None:
    """The small chart for a 低保 household's statement: its benefits as the applicant's wage changes.

    The applicant is the member whose relation is ``self`` (else the first). The range runs from 0 to
    about 1.6 × the wage at which 低保 stops (found by a first, coarse sweep), so the cliff sits in the
    chart; ``None`` when 低保 does not stop within 20,000.00 yuan.
    """
    member = next((m.id for m in household.members if m.relation == "self"), household.members[0].id)
    coarse = sweep(engine, household, member, "wage", 0, 2_000_000, 20_000, on=on)
    stops = coarse.thresholds().get("dibao_stops")
    if stops is None:
        return None
    current = coarse.current
    top = max(stops * 8 // 5, current * 6 // 5)
    step = max(_nice_step(top, 120), 100)
    top = -(-top // step) * step
    return sweep_svg(sweep(engine, household, member, "wage", 0, top, step, on=on), lang=lang, small=True)
