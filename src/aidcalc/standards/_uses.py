"""How the rules use each catalogue parameter: by name prefix, the benefits that read it and what for, in 中文
and in English (``aidcalc standards params`` and the reference show it beside each parameter;
:mod:`.catalogue` puts it on every :class:`~aidcalc.standards.catalogue.ParamSpec`)."""

from __future__ import annotations

#: By name prefix (the longest that matches wins): the benefits that use a parameter, and how.
USES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "dibao.standard": (("dibao", "tekun", "disability_living"),
                       "低保金 = 低保标准 × 人数 − 家庭月收入；特困“无生活来源”、两项补贴“低保家庭”均以此为准",
                       "dibao = standard × members − income; also the test of tekun's no means of living and of a "
                       "dibao household for the living subsidy"),
    "dibao.low_income_multiplier": (("dibao", "disability_living"),
                                    "家庭人均收入低于 倍数 × 低保标准 的为低保边缘家庭（未设认定标准金额时适用）",
                                    "income per head below multiplier × standard: a low-income household (used where "
                                    "no low-income line is set)"),
    "dibao.low_income_line": (("dibao", "disability_living"),
                              "家庭人均收入低于此金额的为低保边缘家庭；与倍数同时在用时，以较低一级区划（同级则较晚文件）设定者为准",
                              "income per head below this amount: a low-income household; where the multiplier is "
                              "also in force, the one set by the more local division (then the later notice) applies"),
    "dibao.single_person": (("dibao",), "低保边缘家庭中这些类别的成员可单独施保",
                            "members of these categories in a low-income household may be covered alone"),
    "dibao.classified": (("dibao",), "低保对象中该类成员每月增发：定额，或低保标准的比例（按规定取整）",
                         "a covered member of this category gets this much more a month: an amount, or a share of "
                         "the standard (rounded as declared)"),
    "dibao.classified.elderly_age": (("dibao",), "分类施保中“老年人”的起始年龄", "the age from which classified supplements "
                                     "count a member as elderly"),
    "dibao.classified.stacking": (("dibao",), "一人属多类时：highest 就高不叠加，stack 叠加",
                                  "a member in several categories: highest only, or stacked"),
    "dibao.work_deduction": (("dibao",), "就业成员工资中扣除的必要就业成本（定额 + 比例，不超过上限）",
                             "necessary work costs deducted from an employed member's wage (fixed + shares, capped)"),
    "dibao.disregarded": (("dibao",), "true：该类收入不计入低保家庭收入", "true: this income does not count for dibao"),
    "dibao.taper": (("dibao",), "收入超过标准后逐月按比例发放上月低保金", "after income rises above the standard, each "
                    "month pays this share of the last amount"),
    "dibao.minimum_payment": (("dibao",), "每人每月低保金不低于此数", "dibao per covered person is at least this"),
    "dibao.assets": (("dibao",), "家庭财产超过上限的不予认定", "a household above these asset limits is not eligible"),
    "tekun.basic": (("tekun",), "特困人员每月基本生活费", "a tekun person's monthly basic living amount"),
    "tekun.care": (("tekun",), "按自理能力每月发放的照料护理费（分散供养另有标准的适用之）",
                   "monthly care amount by self-care ability (the dispersed figure where set)"),
    "tekun.elderly_age": (("tekun",), "达到此年龄视为无劳动能力", "from this age a person counts as unable to work"),
    "tekun.minor_age_limit": (("tekun",), "未满此年龄的未成年人视为无劳动能力", "a minor below this age counts as unable "
                              "to work"),
    "tekun.school_extension": (("tekun",), "在校的可延续至成年后", "kept past the age limit while in school"),
    "tekun.school_levels": (("tekun",), "在这些学段就读的特困未成年人年满18周岁后继续享有（在校延续施行时）",
                            "a minor tekun person studying at these levels keeps it past 18 (where the school "
                            "extension is in force)"),
    "tekun.disability_max_grade": (("tekun",), "该类残疾达到此等级及以上视为无劳动能力",
                                   "this category at this grade or more severe counts as unable to work"),
    "tekun.disregarded": (("tekun",), "true：认定“无生活来源”时不计此类收入",
                          "true: this income does not count for no means of living"),
    "tekun.orphan_precedence": (("tekun", "orphan"), "儿童同时符合时适用的保障", "which scheme a child in both gets"),
    "disability.living": (("disability_living",), "困难残疾人每月生活补贴", "monthly living subsidy"),
    "disability.living.covers_low_income": (("disability_living",), "true：低保边缘家庭的残疾人也可领取",
                                            "true: members of low-income households also qualify"),
    "disability.care": (("disability_care",), "重度残疾人每月护理补贴", "monthly care subsidy"),
    "disability.care.covers_grade3_4_intellectual_mental": (("disability_care",), "true：三、四级智力、精神残疾人也可领取",
                                                            "true: grades 3–4 intellectual/mental also qualify"),
    "disability.living.severe_max_grade": (("disability_living",), "该级及以上（数字更小）的残疾人适用较高档生活补贴",
                                           "this grade and more severe (a smaller number) get the higher living "
                                           "subsidy"),
    "disability.care.max_grade": (("disability_care",), "该级及以上且需要长期照护的残疾人可领取护理补贴",
                                  "this grade and more severe, needing long-term care, get the care subsidy"),
    "disability.care.extended_max_grade": (("disability_care",), "扩大到智力、精神残疾人的，三级至此级可领取",
                                           "where extended: intellectual/mental grade 3 down to this grade qualify"),
    "dibao.severe_disability": (("dibao",), "单人户、分类施保中“重度残疾”的等级（该级及以上）",
                                "the grades counted as severe disability for 单人户 and 分类施保"),
    "orphan": (("orphan",), "孤儿、事实无人抚养儿童每月基本生活费", "monthly allowance"),
    "orphan.age_limit": (("orphan",), "未满此年龄的儿童可领取", "paid below this age"),
    "orphan.school_extension": (("orphan",), "true：年满18周岁仍在校的继续发放", "true: paid past the limit while in "
                                "school"),
    "orphan.school_levels": (("orphan",), "在这些学段就读的儿童超过年龄上限后继续发放（在校延续施行时）",
                             "a child studying at these levels is paid past the age limit (where the school "
                             "extension is in force)"),
    "orphan.excluded_from_dibao": (("dibao", "orphan"), "true：孤儿不计入低保家庭人数", "true: orphans are not "
                                   "counted in the dibao household"),
    "orphan.de_facto_topup": (("orphan",), "true：已享低保/特困/生活补贴的按差额发放",
                              "true: paid as a top-up over dibao/tekun/living subsidy"),
    "elderly": ((), "高龄津贴金额（按年龄段）；作为收入类型时由 *.disregarded.elderly_allowance 决定是否计入",
                "old-age allowance by age band; as an income, *.disregarded.elderly_allowance decides whether it "
                "counts"),
    "people": (("dibao", "tekun", "orphan"), "判定老年人、成年人的年龄", "the ages that make a person elderly, adult"),
    "stats": ((), "统计数据，供其他参数的规则引用（如“最低工资的60%”）",
              "statistics for other parameters' rules to use (e.g. 60 % of the minimum wage)"),
    "constraints": ((), "约束，仅供 aidcalc standards lint 检查，不直接用于计算",
                    "constraints checked by aidcalc standards lint; not used to compute"),
}

USES.update({f"disability.living.grade{g}": (
    ("disability_living",), "该级残疾人每月生活补贴；未设定时按所在档（一、二级 / 三、四级）标准",
    "this grade's monthly living subsidy; where not set, its tier's amount") for g in range(1, 5)})


def use_of(name: str) -> tuple[tuple[str, ...], str, str] | None:
    """The benefits that use parameter ``name`` and how (中文, English), from the longest prefix of its name
    in :data:`USES`; None when no prefix has an entry."""
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        got = USES.get(".".join(parts[:i]))
        if got is not None:
            return got
    return None


__all__ = ["USES", "use_of"]
