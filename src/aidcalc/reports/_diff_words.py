"""The words of the diff: a household's cause, the summary on stdout, the HTML, xlsx and JSON reports and the
command's own lines, in the message catalogue as ``report.<key>`` in 中文 and English (:func:`words`)."""

from __future__ import annotations

from functools import cache

from aidcalc.messages import CATALOGUE, register_all

_WORDS: dict[str, tuple[str, str]] = {
    # the two sides
    "side.bundled": ("内置标准", "bundled standards"),
    "side.standards": ("标准 {path}", "standards {path}"),
    "heading": ("救助标准调整影响测算：A = {a} → B = {b}", "aidcalc diff: A = {a} → B = {b}"),
    "title": ("救助标准调整影响测算", "aidcalc diff: the effect of a change of standards"),
    "digests": ("A 的标准 {a}；B 的标准 {b}", "standards A {a}; B {b}"),
    # counts
    "households_title": ("户数", "households"),
    "households": ("户数", "households"),
    "compared": ("比较的户数", "compared"),
    "with_errors": ("未比较的户（输入有问题或无法计算）", "households not compared (input problems, or not computable)"),
    "gainers": ("增加", "gainers"),
    "losers": ("减少", "losers"),
    "unchanged": ("不变", "unchanged total"),
    "undetermined": ("待定（某项待遇在A或B无法确定）", "undetermined (a benefit unknown on A or B)"),
    "undetermined_short": ("待定", "undetermined"),
    "listed": ("列出的户（金额、状态或身份有变化）", "listed (amount, status or flag moved)"),
    "changed": ("变化的标准值", "changed standard values"),
    "undetermined_none": ("A、B 两边均无待定的待遇", "no household has a benefit undetermined on either side"),
    "undetermined_note": (
        "{n} 户在 A 或 B 有待定的待遇（缺少某项事实或标准）：既不算增加，也不算减少，其待定待遇不计入预算变化；"
        "这些待遇 A 每月计入 {old}，B 计入 {new}（若缺少的事实都对其有利，金额已知的至多 {old_up_to} 和 {new_up_to}）",
        "{n} households have a benefit undetermined on A or on B (a fact or a standard is missing): they are neither "
        "gainers nor losers and their undetermined benefits are not in the budget change; A counts {old}, B {new} a "
        "month for those benefits (at most {old_up_to} and {new_up_to} if every missing fact turned out in their "
        "favour, where the amount is known)"),
    "not_compared": ("{n} 户未参与比较（{problems} 个问题：输入有误，或无法计算）",
                     "{n} households are not compared ({problems} problems: bad input, or not computable)"),
    # money
    "budget_title": ("按项目（元；A、B 均已确定的待遇）", "budget by benefit (yuan; benefits settled on both sides)"),
    "code": ("代码", "code"),
    "benefit": ("项目", "benefit"),
    "old": ("A 每月", "A per month"),
    "new": ("B 每月", "B per month"),
    "change": ("每月变化", "change per month"),
    "annual": ("每年变化（×12）", "change per year (×12)"),
    "total": ("合计（A、B 均已确定的待遇）", "total (benefits settled on both sides)"),
    "total_short": ("合计", "total"),
    "open": ("待定待遇", "undetermined benefits"),
    "open_title": ("待定待遇（元/月，不计入上表的变化）", "undetermined benefits (yuan a month, not in the change above)"),
    "open_none": ("A、B 两边均无待定的待遇", "no benefit is undetermined on either side"),
    "open_households": ("户数", "households"),
    "open_old": ("A 计入", "A counts"),
    "open_new": ("B 计入", "B counts"),
    "open_old_up_to": ("A 至多", "A at most"),
    "open_new_up_to": ("B 至多", "B at most"),
    # flags
    "flags_title": ("身份变化", "entering and leaving"),
    "flag": ("身份", "flag"),
    "before": ("A", "A"),
    "after": ("B", "B"),
    "entering": ("进入", "entering"),
    "leaving": ("退出", "leaving"),
    "entering_flag": ("进入{flag}", "entering {flag}"),
    "leaving_flag": ("退出{flag}", "leaving {flag}"),
    "flag.dibao": ("低保", "dibao"),
    "flag.low_income": ("低保边缘", "low-income (dibao edge)"),
    "flag.tekun": ("特困", "tekun"),
    "flag.taper": ("渐退", "taper-off"),
    # divisions
    "divisions_title": ("按区划（元）", "budget by division (yuan)"),
    "division": ("行政区划", "division"),
    "name": ("名称", "name"),
    "more_divisions": ("…… 另有 {n} 个区划", "… {n} more divisions"),
    # standards and notices
    "standards_title": ("标准变化", "changed standard values"),
    "no_standards": ("本名册涉及的区划在 A、B 之间没有不同的标准值",
                     "no standard value differs between A and B for the divisions of the caseload"),
    "more_standards": ("…… 另有 {n} 项（见各报告）", "… {n} more (see the reports)"),
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
    "notices_title": ("文件", "notices"),
    "document_number": ("文号", "document number"),
    "effective": ("施行日期", "effective"),
    "article": ("条款", "article"),
    "affected": ("涉及户数", "households"),
    "none_in_force": ("无值", "none in force"),
    "standard_change": ("{label} {old} → {new}", "{label} {old} → {new}"),
    "working": ("［{working}］", " ({working})"),
    "notice_ref": ("{division} {name} {effective} 《{title}》{number}",
                   "{division} {name}, in force from {effective}: “{title}”{number}"),
    # households
    "row": ("行号", "row"),
    "household": ("户编号", "household"),
    "area": ("城乡", "area"),
    "urban": ("城市", "urban"),
    "rural": ("农村", "rural"),
    "category": ("类别", "category"),
    "total_old": ("A 合计", "A total"),
    "total_new": ("B 合计", "B total"),
    "delta": ("变化（已确定部分）", "change (settled part)"),
    "change_short": ("变化", "change"),
    "open_benefits": ("待定项目", "undetermined benefits"),
    "statuses": ("状态变化", "statuses"),
    "flags": ("身份变化", "flags"),
    "cause": ("原因（[n]：文件编号，见“{sheet}”表）", "cause ([n]: notice number, see the {sheet} sheet)"),
    "cause_short": ("原因（[n]：文件编号）", "cause ([n]: notice number)"),
    "cat_gainer": ("增加", "gainer"),
    "cat_loser": ("减少", "loser"),
    "cat_unchanged": ("不变", "unchanged"),
    "cat_undetermined": ("待定", "undetermined"),
    "losers_title": ("减少的家庭", "households receiving less"),
    "undetermined_title": ("待定的家庭", "households whose change is undetermined"),
    "gainers_title": ("增加的家庭", "households receiving more"),
    "counted": ("{title}（{n}）", "{title} ({n})"),
    "listing": ("{title}（{n}）：", "{title} ({n}):"),
    "none_losers": ("无户减少", "no household receives less"),
    "none_undetermined": ("无待定的家庭", "no household is undetermined"),
    "none_gainers": ("无户增加", "no household receives more"),
    "first_listed": ("仅列出前 {shown} 户（共 {total} 户）；{xlsx} 与 {json} 报告列出全部",
                     "the first {shown} of {total}; the {xlsx} and {json} reports list them all"),
    "loss_tag": ("减少", "LOSS"),
    "undetermined_tag": ("待定", "UNDETERMINED"),
    "truncated": ("“{sheet}”表只列出前 {shown:,} 户（共 {total:,} 户，已达电子表格的行数上限）；{full} 报告列出全部",
                  "the {sheet} sheet holds the first {shown:,} of {total:,} listed households (the xlsx row limit); "
                  "the {full} report holds them all"),
    # a household's cause and its benefits in words
    "no_standard_changed": ("无标准值变化", "no standard value changed"),
    "line_change": ("{label} {old} → {new}", "{label} {old} → {new}"),
    "line_member": ("{label}[{member}]", "{label} [{member}]"),
    "status_change": ("{benefit} {old} → {new}", "{benefit} {old} → {new}"),
    "age_change": ("{member} 年龄 {old} → {new}", "{member} age {old} → {new}"),
    "eligible": ("享受", "eligible"),
    "ineligible": ("不享受", "ineligible"),
    "undetermined_status": ("待定", "undetermined"),
    "up_to": ("至多", "at most"),
    "unknown_amount": ("金额未知", "amount unknown"),
    "sep": ("；", "; "),
    "paren": ("（{text}）", " ({text})"),
    "benefit.dibao": ("低保", "dibao"),
    "benefit.tekun": ("特困", "tekun"),
    "benefit.disability_living": ("困难残疾人生活补贴", "disability living subsidy"),
    "benefit.disability_care": ("重度残疾人护理补贴", "disability care subsidy"),
    "benefit.orphan": ("孤儿/事实无人抚养儿童", "orphan allowance"),
    # the charts
    "chart.by_change": ("每户月度变化（元）", "households by change of their monthly total (yuan)"),
    "chart.by_change_note": ("{changed} 户合计有变化，{unchanged} 户不变（灰色）；{undetermined} 户待定，未画出。",
                             "{changed} households whose total changes, {unchanged} whose total does not (grey); "
                             "the {undetermined} undetermined households are not drawn."),
    "chart.losers": ("减少的家庭：每月合计减少多少（元）", "losers by how much their monthly total falls (yuan)"),
    "chart.losers_note": ("{n} 户减少。", "{n} households receive less."),
    "chart.by_benefit": ("每月预算变化（按项目，元）", "monthly budget change by benefit (yuan)"),
    "chart.by_division": ("每月预算变化（按区划，元）", "monthly budget change by division (yuan)"),
    "chart.largest": ("（变化最大的 {n} 个）", " (the {n} largest)"),
    "chart.axis": ("户", "households"),
    # the command's own lines on standard error
    "cli.losers": ("{n} 户将减少（{option}）", "{n} households would receive less ({option})"),
    "cli.undetermined": ("{n} 户在 A 或 B 有待定的待遇", "{n} households have a benefit undetermined on A or on B"),
    "cli.asked": ("{text}（{option}）", "{text} ({option})"),
}
register_all({f"report.{key}": texts for key, texts in _WORDS.items()})


@cache
def words(lang: str) -> dict[str, str]:
    """Every word of the diff in ``lang``, by key (read from the catalogue)."""
    return {key: CATALOGUE[f"report.{key}"].text(lang) for key in _WORDS}


__all__ = ["words"]
