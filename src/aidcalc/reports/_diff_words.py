"""The words of the diff's reports (the xlsx sheets, the HTML report, the summary on stdout), in the message
catalogue as ``report.<key>`` in 中文 and English; and one benefit's comparison in words (:func:`open_text`)."""

from __future__ import annotations

from aidcalc.messages import CATALOGUE, LANGS, register_all
from aidcalc.money import yuan_grouped
from aidcalc.reports.diff import BENEFIT_SHORT_ZH, Diff
from aidcalc.vocab import BENEFITS

#: the words of the xlsx report (``diff -o FILE.xlsx``), in the message catalogue as ``report.<key>``
_WORDS: dict[str, tuple[str, str]] = {
    "households": ("户数", "households"),
    "with_errors": ("输入有问题的户", "households with input problems"),
    "gainers": ("增加", "gainers"),
    "losers": ("减少", "losers"),
    "unchanged": ("不变", "unchanged total"),
    "undetermined": ("待定（某项待遇在A或B无法确定）", "undetermined (a benefit unknown on A or B)"),
    "listed": ("列出的户（金额、状态或身份有变化）", "listed (amount, status or flag moved)"),
    "changed": ("变化的标准值", "changed standard values"),
    "benefit": ("项目", "benefit"),
    "old": ("A 每月", "A per month"),
    "new": ("B 每月", "B per month"),
    "change": ("每月变化", "change per month"),
    "annual": ("每年变化（×12）", "change per year (×12)"),
    "total": ("合计（A、B 均已确定的待遇）", "total (benefits settled on both sides)"),
    "open": ("待定待遇", "undetermined benefits"),
    "open_households": ("户数", "households"),
    "open_old": ("A 计入", "A counts"),
    "open_new": ("B 计入", "B counts"),
    "open_old_up_to": ("A 至多", "A at most"),
    "open_new_up_to": ("B 至多", "B at most"),
    "flag": ("身份", "flag"),
    "before": ("A", "A"),
    "after": ("B", "B"),
    "entering": ("进入", "entering"),
    "leaving": ("退出", "leaving"),
    "division": ("行政区划", "division"),
    "name": ("名称", "name"),
    "row": ("行号", "row"),
    "household": ("户编号", "household"),
    "area": ("城乡", "area"),
    "category": ("类别", "category"),
    "total_old": ("A 合计", "A total"),
    "total_new": ("B 合计", "B total"),
    "delta": ("变化（已确定部分）", "change (settled part)"),
    "open_benefits": ("待定项目", "undetermined benefits"),
    "statuses": ("状态变化", "statuses"),
    "flags": ("身份变化", "flags"),
    "cause": ("原因（[n]：文件编号，见 {sheet} 表）", "cause ([n]: notice number, see the {sheet} sheet)"),
    "urban": ("城市", "urban"),
    "rural": ("农村", "rural"),
    "gainer": ("增加", "gainer"),
    "loser": ("减少", "loser"),
    "on_a": ("A 日期", "date A"),
    "on_b": ("B 日期", "date B"),
    "parameter": ("参数", "parameter"),
    "label": ("标准", "standard"),
    "old_value": ("A 值", "A value"),
    "new_value": ("B 值", "B value"),
    "old_status": ("A 来源状态", "A provenance"),
    "new_status": ("B 来源状态", "B provenance"),
    "notice": ("文件编号", "notice number"),
    "notice_text": ("文件", "notice"),
    "document_number": ("文号", "document number"),
    "effective": ("施行日期", "effective"),
    "article": ("条款", "article"),
    "affected": ("涉及户数", "households"),
    "truncated": ("{sheet} 表只列出前 {shown:,} 户（共 {total:,} 户，已达电子表格的行数上限）；{full} 报告列出全部",
                  "the {sheet} sheet holds the first {shown:,} of {total:,} listed households (the xlsx row limit); "
                  "the {full} report holds them all"),
    "eligible": ("享受", "eligible"),
    "ineligible": ("不享受", "ineligible"),
    "undetermined_status": ("待定", "undetermined"),
    "up_to": ("至多", "at most"),
    "unknown_amount": ("金额未知", "amount unknown"),
    "cat_gainer": ("增加", "gainer"),
    "cat_loser": ("减少", "loser"),
    "cat_unchanged": ("不变", "unchanged"),
    "cat_undetermined": ("待定", "undetermined"),
    "sep": ("；", "; "),
    "paren": ("（{text}）", " ({text})"),
    "entering_flag": ("进入{flag}", "entering {flag}"),
    "leaving_flag": ("退出{flag}", "leaving {flag}"),
    "none_in_force": ("无值", "none in force"),
    "flag.dibao": ("低保", "dibao"),
    "flag.low_income": ("低保边缘", "low-income (dibao edge)"),
    "flag.tekun": ("特困", "tekun"),
    "flag.taper": ("渐退", "taper-off"),
}
register_all({f"report.{key}": texts for key, texts in _WORDS.items()})
#: the words by language, read from the catalogue
WORDS: dict[str, dict[str, str]] = {lang: {key: CATALOGUE[f"report.{key}"].text(lang) for key in _WORDS}
                                         for lang in LANGS}
BENEFIT_WORDS = {
    "zh": BENEFIT_SHORT_ZH,
    "en": {"dibao": "dibao", "tekun": "tekun", "disability_living": "disability living subsidy",
           "disability_care": "disability care subsidy", "orphan": "orphan allowance"},
}


def open_text(diff: Diff, k: int, code: str, label: str, w: dict[str, str]) -> str:
    """``低保 A 享受 4,725.14 → B 待定（至多 4,725.14）``."""
    j = BENEFITS.index(code)
    words = {0: w["ineligible"], 1: w["eligible"], 2: w["undetermined_status"]}

    def side(status: int, stated: int) -> str:
        if status == 0:
            return words[0]
        amount = yuan_grouped(stated)
        if status == 1:
            return f"{words[1]} {amount}"
        return words[2] + w["paren"].format(text=f"{w['up_to']} {amount}" if stated else w["unknown_amount"])

    a = side(int(diff.status_a[k, j]), int(diff.stated_a[k, j]))
    b = side(int(diff.status_b[k, j]), int(diff.stated_b[k, j]))
    return f"{label} A {a} → B {b}"
