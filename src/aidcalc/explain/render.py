"""Render a Result as a terminal statement (text), JSON, a Markdown 告知书 or a standalone HTML page.

Every format shows the same content, in the Result's language: the heading, the total, each benefit
with its lines, the steps behind them (计算依据), the reasons it is not (fully) granted, the facts still
needed, the notes; then the numbered citations (依据), the warnings (提示) and the fingerprint.
Lines and steps point at the numbered citations as ``[1][2]``.
"""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from aidcalc.explain.result import BenefitResult, Citation, Line, Reason, Result, Step
from aidcalc.messages import CATALOGUE, LANGS, message, register_all
from aidcalc.money import Money, yuan_grouped
from aidcalc.standards.catalogue import CATALOGUE as PARAMETERS
from aidcalc.standards.catalogue import parameter_label
from aidcalc.standards.schema import status_label
from aidcalc.vocab import BENEFITS, label

__all__ = ["FORMATS", "render"]

FORMATS = ("text", "json", "markdown", "html")
#: the text statement's width when standard output is not a terminal and COLUMNS is unset
TEXT_WIDTH = 80
#: narrower than this, the statement is laid out at this width anyway (a table needs room)
MIN_TEXT_WIDTH = 40

#: the statement's own words (headings, column titles, status words), in the message catalogue as
#: ``statement.<key>``
_WORDS: dict[str, tuple[str, str]] = {
    "title": ("社会救助待遇测算告知书", "Social assistance entitlement statement"),
    "household": ("户号", "Household"), "division": ("行政区划", "Division"), "on": ("测算日期", "Date"),
    "area": ("户籍类别", "Area"), "urban": ("城市", "urban"), "rural": ("农村", "rural"),
    "total": ("本月合计", "Total this month"), "unit": ("元", "yuan"),
    "eligible": ("享受", "eligible"), "ineligible": ("不享受", "ineligible"), "undetermined": ("待定", "undetermined"),
    "item": ("项目", "Item"), "member": ("成员", "Member"), "working": ("计算", "Working"),
    "amount": ("金额（元）", "Amount (yuan)"), "steps": ("计算依据", "How it is worked out"),
    "reasons": ("原因", "Reasons"), "missing": ("需补充", "Still needed"), "notes": ("说明", "Notes"),
    "none": ("无成员符合条件。", "No member qualifies."),
    "pending": ("待补充材料核实后确定，不计入合计", "to be confirmed once the missing facts are given; not in the total"),
    "basis": ("依据", "Sources"), "warnings": ("提示", "Warnings"), "fingerprint": ("指纹", "Fingerprint"),
    "fingerprint.engine": ("计算程序", "engine"), "fingerprint.standards": ("标准数据", "standards"),
    "fingerprint.input": ("输入", "input"),
    "national": ("全国", "national"), "effective": ("{date} 起施行", "effective {date}"),
    "sep": ("；", "; "), "colon": ("：", ": "), "paren": ("（{text}）", " ({text})"),
    "closing": ("本告知书系按上列依据对所报家庭情况进行的测算，仅供参考；待遇的最终认定以民政部门审核确认为准。",
                "This statement is a calculation from the facts given under the standards cited above; "
                "the final decision rests with the civil affairs department."),
    "assets": ("家庭财产情况（金融资产、机动车辆、住房）", "household assets (financial assets, vehicles, homes)"),
    "standard": ("本地标准：{name}", "the local standard: {name}"),
    "self_care": ("{member} 的生活自理能力", "self-care ability of {member}"),
    "supporter": ("{member} 的法定义务人及其履行能力", "whether anyone must and can support {member}"),
    "last_dibao": ("收入超标前的月低保金", "the last monthly dibao amount before income rose"),
    "already_paid": ("{member} 已享受的低保、特困人员救助供养金或困难残疾人生活补贴",
                     "what dibao, tekun and the living subsidy already pay {member}"),
    "decision": ("{benefit}的认定结果", "the decision on {benefit}"),
    "fact": ("需补充的信息：{code}", "a fact still needed: {code}"),
    "age": ("年龄", "Age"), "member_amounts": ("本月待遇（元）", "This month (yuan)"),
    "chart_caption": ("收入变化时的月待遇（元）", "Monthly benefits as income changes (yuan)"),
    # the printable 告知书's default office texts (templates/office.html, rights.html, signatures.html): an
    # office replaces them in its own copy of the templates
    "issuer": ("＿＿＿＿（区/县）民政局", "________ Civil Affairs Bureau"),
    "rights_title": ("权利告知与联系方式", "Your rights, and whom to contact"),
    "rights": ("对民政部门据此作出的认定或者给付决定不服的，可以自知道或者应当知道该决定之日起六十日内，依照《中华人民共和国"
               "行政复议法》申请行政复议；也可以自知道或者应当知道作出该决定之日起六个月内，依照《中华人民共和国行政诉讼法》"
               "向人民法院提起行政诉讼。",
               "If you disagree with the decision the civil affairs department takes on this basis, you may apply for "
               "administrative reconsideration within 60 days of the day you knew or should have known of it, under the "
               "Administrative Reconsideration Law of the People's Republic of China, or bring an administrative "
               "lawsuit before a people's court within 6 months of the day you knew or should have known of it, under "
               "the Administrative Litigation Law."),
    "contact": ("咨询与联系：＿＿＿＿＿＿（经办窗口）　电话：＿＿＿＿＿＿　地址：＿＿＿＿＿＿＿＿＿＿",
                "Questions: ______________ (office)   Telephone: ______________   Address: ____________________"),
    "applicant_signature": ("申请人（签名）", "Applicant (signature)"),
    "caseworker_signature": ("经办人（签名）", "Caseworker (signature)"),
    "date": ("日期", "Date"),
    "seal": ("（民政部门盖章）", "(Seal of the civil affairs department)"),
    "seal_date": ("年　　月　　日", "Date"),
}
register_all({f"statement.{key}": texts for key, texts in _WORDS.items()})
#: the words by language, as the statement templates see them (``w.title``), read from the catalogue
WORDS: dict[str, dict[str, str]] = {
    lang: {key: CATALOGUE[f"statement.{key}"].text(lang) for key in _WORDS} for lang in LANGS
}


class Statement:
    """The Result's content as plain strings in its language, shared by every format."""

    def __init__(self, result: Result) -> None:
        self.r = result
        self.lang = "zh" if result.lang == "zh" else "en"
        self.w = WORDS[self.lang]
        self.citations: list[Citation] = []
        self._index: dict[tuple[str, str | None, str, str], int] = {}
        for b in result.benefits:
            items: list[Line | Step | Reason] = [*b.lines, *b.steps, *b.reasons]
            for x in items:
                self.refs(x.citations)

    def refs(self, citations: tuple[Citation, ...]) -> list[int]:
        """The 1-based numbers of ``citations`` in the 依据 list (registered on first sight)."""
        out = []
        for c in citations:
            key = (c.title, c.document_number, c.article, c.division)
            if key not in self._index:
                self.citations.append(c)
                self._index[key] = len(self.citations)
            if self._index[key] not in out:
                out.append(self._index[key])
        return out

    def marks(self, citations: tuple[Citation, ...]) -> str:
        return "".join(f"[{n}]" for n in self.refs(citations))

    def who(self, member_id: str | None) -> str:
        """A member as the statement names them: the ``name`` the household gave, else the id."""
        return self.r.member_name(member_id) if member_id else ""

    def paren(self, s: str) -> str:
        return message("statement.paren", self.lang, text=s)

    def money(self, amount: Money) -> str:
        """An amount for reading: ``1,384.00``."""
        return yuan_grouped(amount.fen)

    def heading(self) -> list[tuple[str, str]]:
        r, w = self.r, self.w
        division = r.division_name + self.paren(r.division) if r.division_name else r.division
        return [(w["household"], r.household_id), (w["division"], division), (w["on"], r.on),
                (w["area"], w.get(r.area, r.area))]

    def total(self) -> str:
        return f"{self.w['total']}{self.w['colon']}{self.money(self.r.total)} {self.w['unit']}"

    def benefit_head(self, b: BenefitResult) -> str:
        w = self.w
        head = f"{b.label} · {w[b.status]} · {self.money(b.amount)} {w['unit']}"
        return head + (self.paren(w["pending"]) if b.status == "undetermined" else "")

    def sections(self, b: BenefitResult) -> list[tuple[str, str, list[tuple[str, str]]]]:
        """(kind, title, [(text, citation marks)]) for steps, reasons, missing facts and notes."""
        w = self.w
        out = [("steps", w["steps"], [(self.step(s), self.marks(s.citations)) for s in b.steps]),
               ("reasons", w["reasons"], [(self.reason(x), "") for x in b.reasons]),
               ("missing", w["missing"], [(self.missing(m), "") for m in b.missing]),
               ("notes", w["notes"], [(n, "") for n in b.notes])]
        return [x for x in out if x[2]]

    def step(self, s: Step) -> str:
        """``label：working`` when the working ends in ``= value``, else ``label：value（working）``."""
        if s.working == s.value or s.working.endswith(f"= {s.value}"):
            body = s.working
        else:
            body = s.value + (self.paren(s.working) if s.working else "")
        return f"{s.label}{self.w['colon']}{body}"

    def reason(self, x: Reason) -> str:
        who = f"{self.who(x.member)}{self.w['colon']}" if x.member else ""
        cites = compact(x.citations, self.w["sep"])
        return f"{who}{x.text}" + (self.paren(cites) if cites else "")

    def missing(self, code: str) -> str:
        """A missing-fact code (``assets``, ``standard:NAME``, ``members.ID.FIELD``, a benefit whose decision is
        pending, …) in words."""
        lang, parts = self.lang, code.split(".")
        if code.startswith("standard:"):
            name = code.removeprefix("standard:")
            shown = parameter_label(name, lang) if name in PARAMETERS else name
            return message("statement.standard", lang, name=shown)
        if len(parts) == 3 and parts[0] == "members" and parts[2] in ("self_care", "supporter", "already_paid"):
            return message(f"statement.{parts[2]}", lang, member=self.who(parts[1]))
        if code == "assets":
            return message("statement.assets", lang)
        if code == "history.last_dibao_amount":
            return message("statement.last_dibao", lang)
        if code in BENEFITS:
            benefit = label("benefit", code, lang)
            return message("statement.decision", lang, benefit=benefit[:1].lower() + benefit[1:])
        return message("statement.fact", lang, code=code)

    def citation(self, c: Citation) -> str:
        w = self.w
        bits = [compact((c,), w["sep"]), c.division_name or (w["national"] if c.division == "000000" else c.division)]
        if c.effective:
            bits.append(message("statement.effective", self.lang, date=c.effective))
        if c.status != "published":
            bits.append(status_label(c.status, self.lang))
        if c.working:
            bits.append(c.working)
        return w["sep"].join(bits)

    def fingerprint(self) -> list[tuple[str, str]]:
        """The fingerprint's parts, each named in the statement's language."""
        return [(self.w.get(f"fingerprint.{k}", k), v) for k, v in self.r.fingerprint.items()]


def compact(citations: tuple[Citation, ...], sep: str) -> str:
    """Citations in short form, one title per notice: ``《办法》文号 第四条、第五条``."""
    groups: dict[tuple[str, str | None], list[str]] = {}
    for c in citations:
        articles = groups.setdefault((c.title, c.document_number), [])
        if c.article and c.article not in articles:
            articles.append(c.article)
    return sep.join(f"《{t}》{d or ''} {'、'.join(a)}".rstrip() for (t, d), a in groups.items())


def render(result: Result, fmt: str, *, color: bool | None = None, width: int | None = None,
           template: str | Path | None = None, chart: str | None = None) -> str:
    """Render ``result`` as ``text``, ``json``, ``markdown`` or ``html``.

    ``color`` and ``width`` apply to text only. ``color=None`` colours it when standard output is a
    terminal and ``NO_COLOR`` is unset; otherwise (and from tests or pipes) the text is plain, without
    ANSI codes. ``width=None`` fits the terminal (``COLUMNS``, else the terminal's own width, else
    :data:`TEXT_WIDTH`); no line is wider, counting a CJK character as two columns. ``template`` (a
    directory of statement templates, see :mod:`aidcalc.explain.statement_html`) and ``chart`` (an
    inline SVG) apply to html only.
    """
    if fmt == "json":
        return result.to_json()
    if fmt == "text":
        if color is None:
            color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        if width is None:
            width = shutil.get_terminal_size((TEXT_WIDTH, 24)).columns
        return render_text(Statement(result), color=color, width=max(width, MIN_TEXT_WIDTH))
    if fmt == "markdown":
        return render_markdown(Statement(result))
    if fmt == "html":
        from aidcalc.explain.statement_html import render_html

        return render_html(Statement(result), template_dir=template, chart=chart)
    raise ValueError(f"format {fmt!r}; allowed: {', '.join(FORMATS)}")


# --------------------------------------------------------------------------------------- text


STATUS_STYLE = {"eligible": "bold green", "ineligible": "red", "undetermined": "yellow"}
SECTION_STYLE = {"steps": "dim", "missing": "yellow"}


def _items(marks: list[tuple[str, str]], indent: int, style: str = "") -> Padding:
    """A list with hanging indents: each mark in its own column, the text wrapping beside it."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style=style)
    grid.add_column(overflow="fold", style=style)
    for mark, text in marks:
        grid.add_row(Text(mark), Text(text))
    return Padding(grid, (0, 0, 0, indent))


def render_text(st: Statement, *, color: bool = False, width: int = TEXT_WIDTH) -> str:
    """A statement for a terminal, laid out by rich in ``width`` columns (a CJK character takes two)."""
    buf = io.StringIO()
    con = Console(file=buf, width=width, force_terminal=color, no_color=not color,
                  color_system="standard" if color else None, highlight=False, emoji=False)
    w = st.w
    width = con.width
    con.print(Text(w["title"], style="bold"))
    con.print(Text("  ".join(f"{k}{w['colon']}{v}" for k, v in st.heading())))
    con.print(Text(st.total(), style="bold"))
    for b in st.r.benefits:
        con.print()
        head = Text.assemble((f"■ {b.label}", "bold"), "  ", (w[b.status], STATUS_STYLE[b.status]),
                             "  ", (f"{st.money(b.amount)} {w['unit']}", "bold"))
        if b.status == "undetermined":
            head.append(st.paren(w["pending"]), style="yellow")
        con.print(head)
        if b.lines:
            # the working is what a reader checks: it gets the room; the item's label wraps first
            table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, padding=(0, 1),
                          expand=width < 100)
            table.add_column(w["item"], max_width=min(32, max(12, width // 5)))
            table.add_column(w["member"], no_wrap=True)
            table.add_column(w["working"], overflow="fold", ratio=1)
            table.add_column(w["amount"], justify="right", no_wrap=True)
            for line in b.lines:
                table.add_row(Text(f"{line.label} {st.marks(line.citations)}"), Text(st.who(line.member)),
                              Text(line.working), Text(st.money(line.amount)))
            con.print(Padding(table, (0, 0, 0, 2)))
        elif not (b.reasons or b.missing or b.notes):
            con.print(Text(f"  {w['none']}", style="dim"))
        for kind, title, items in st.sections(b):
            style = SECTION_STYLE.get(kind, "")
            con.print(Text(f"  {title}", style=f"bold {style}".strip()))
            con.print(_items([("·", f"{x} {m}".rstrip()) for x, m in items], 4, style))
    con.print()
    con.print(Text(w["basis"], style="bold"))
    con.print(_items([(f"[{n}]", st.citation(c)) for n, c in enumerate(st.citations, 1)], 2))
    if st.r.warnings:
        con.print(Text(w["warnings"], style="bold yellow"))
        con.print(_items([("!", x) for x in st.r.warnings], 2, "yellow"))
    con.print(Text(w["fingerprint"], style="bold dim"))
    prints = st.fingerprint()
    if max((cell_len(k) + len(v) + 4 for k, v in prints), default=0) <= width:
        con.print(_items([(f"{k}{w['colon'].strip()}", v) for k, v in prints], 2, "dim"))
    else:  # a hash is never folded: each value on its own line under its name
        for k, v in prints:
            con.print(Text(f"  {k}{w['colon'].strip()}", style="dim"))
            con.print(Text(f"    {v}", style="dim"), overflow="ignore", crop=False)
    con.print()
    con.print(Text(w["closing"], style="italic"))
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()) + "\n"


# --------------------------------------------------------------------------------------- markdown


def md(s: str) -> str:
    """Escape text for a Markdown paragraph or table cell."""
    for ch in "\\`*_[]<>|&":
        s = s.replace(ch, "\\" + ch)
    return s.replace("\n", " ")


def render_markdown(st: Statement) -> str:
    """A printable 告知书 in Markdown: headings, a table of lines per benefit, a numbered 依据 list."""
    w, r = st.w, st.r
    out = [f"# {w['title']}", ""]
    out += [f"- **{k}**{w['colon']}{md(v)}" for k, v in st.heading()]
    out += ["", f"**{md(st.total())}**", ""]
    for b in r.benefits:
        out += [f"## {md(st.benefit_head(b))}", ""]
        if b.lines:
            out += [f"| {w['item']} | {w['member']} | {w['working']} | {w['amount']} |", "|---|---|---|---:|"]
            out += [f"| {md(x.label)} {st.marks(x.citations)} | {md(st.who(x.member))} | {md(x.working)} | "
                    f"{st.money(x.amount)} |" for x in b.lines]
            out.append("")
        elif not (b.reasons or b.missing or b.notes):
            out += [md(w["none"]), ""]
        for _kind, title, items in st.sections(b):
            out += [f"**{md(title)}**", ""] + [f"- {md(x)} {m}".rstrip() for x, m in items] + [""]
    out += [f"## {w['basis']}", ""]
    out += [f"{n}. {md(st.citation(c))}" for n, c in enumerate(st.citations, 1)]
    out.append("")
    if r.warnings:
        out += [f"## {w['warnings']}", ""] + [f"- {md(x)}" for x in r.warnings] + [""]
    out += [f"## {w['fingerprint']}", ""] + [f"- {k}: `{v}`" for k, v in st.fingerprint()] + [""]
    out += ["---", "", md(w["closing"]), ""]
    return "\n".join(out)
