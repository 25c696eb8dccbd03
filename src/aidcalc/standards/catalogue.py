"""Every parameter a standards file may set: its name, kind, labels and whether the rules need it.

A parameter is *required* when a rule cannot run without it: if no notice in force sets it, the
benefit that needs it is reported as undetermined with a "no value in force" message. A parameter is
*optional* when its absence has a meaning the catalogue states (a local feature not adopted, a
structural default taken from national law); the explanation shows that the default was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from aidcalc.messages import message, register
from aidcalc.money import MAX_STANDARD_FEN
from aidcalc.standards._uses import use_of
from aidcalc.vocab import (
    CATEGORY_LABEL_ZH,
    DISABILITY_CATEGORIES,
    DISABILITY_LABEL_ZH,
    INCOME_LABEL_ZH,
    INCOME_TYPES,
    MEMBER_CATEGORIES,
    STUDENT_LEVELS,
)

Kind = Literal["money", "share", "ratio", "int", "bool", "choice", "list", "schedule", "bands"]

#: A money value above this many 分 a month is suspicious (lint warns): 100,000 元.
MONEY_SANITY_FEN = 100_000 * 100
#: A money value (literal, or what a rule works out) above this many 分 a month is an error: the money
#: module's maximum for standards (1,000,000 元), whose int64 derivation is in :mod:`aidcalc.money`.
MONEY_MAX_FEN = MAX_STANDARD_FEN
#: A ratio is written with at most this many decimals (``"1.5"``, ``"0.125"``, ``"12.5%"``) …
RATIO_MAX_DECIMALS = 5
#: … and at most this many digits before the point, or on either side of a fraction's ``/``; in lowest terms
#: its numerator and denominator are at most ``MAX_RATIO_TERM`` and its value at most ``MAX_RATIO_VALUE``.
RATIO_MAX_INT_DIGITS = 3
FRACTION_MAX_DIGITS = 5
#: The range of the ``ratio`` of a money rule (``ratio`` + ``of``, and each term of max/min/sum).
RULE_RATIO_RANGE: tuple[Fraction, Fraction] = (Fraction(0), Fraction(20))


@dataclass(frozen=True)
class ParamSpec:
    """One parameter of the catalogue."""

    name: str
    kind: Kind
    label_zh: str
    label_en: str
    required: bool = False
    #: for ``choice`` and ``list``: the allowed strings
    choices: tuple[str, ...] = ()
    #: for optional parameters: the value used when no notice sets it, and why
    default: object = None
    default_note: str = ""
    default_note_en: str = ""
    #: for ``int``: bounds
    minimum: int | None = None
    maximum: int | None = None
    #: for ``ratio``, ``share`` (its ``value`` form) and ``schedule``: the allowed range of the ratio; the
    #: low end is excluded when ``low_open``
    low: Fraction | None = None
    high: Fraction | None = None
    low_open: bool = True
    #: for ``share``: the base the ratio form multiplies (by the household's area: ``base.urban``/``base.rural``)
    base: str = ""
    #: the benefits that use the parameter, and how (中文, English)
    uses: tuple[str, ...] = ()
    how_zh: str = ""
    how_en: str = ""
    group: str = field(default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", self.name.split(".", 1)[0])


ONE = Fraction(1)


def _specs() -> list[ParamSpec]:
    s: list[ParamSpec] = []
    add = s.append
    # 低保
    for area, zh, en in (("urban", "城市", "urban"), ("rural", "农村", "rural")):
        add(ParamSpec(f"dibao.standard.{area}", "money", f"{zh}低保标准", f"{en} dibao standard", True))
    add(ParamSpec("dibao.low_income_multiplier", "ratio", "低保边缘家庭认定倍数（×低保标准）",
                  "low-income (dibao edge) multiplier of the standard", True, low=ONE, high=Fraction(3)))
    for area, zh, en in (("urban", "城市", "urban"), ("rural", "农村", "rural")):
        add(ParamSpec(f"dibao.low_income_line.{area}", "money", f"{zh}低保边缘家庭认定标准（每人每月）",
                      f"{en} low-income (dibao edge) line per head"))
    add(ParamSpec("dibao.single_person.categories", "list", "可单独施保（单人户）的成员类别",
                  "member categories that may be covered alone (single-person household)", choices=MEMBER_CATEGORIES,
                  default=(), default_note="本地未规定单人户类别",
                  default_note_en="no local categories of single-person households"))
    for cat in MEMBER_CATEGORIES:
        add(ParamSpec(f"dibao.classified.{cat}", "share", f"分类施保：{CATEGORY_LABEL_ZH[cat]}（定额或×低保标准）",
                      f"classified supplement: {cat} (an amount, or × standard)", base="dibao.standard", low=Fraction(0), high=ONE))
    add(ParamSpec("dibao.severe_disability.max_grade", "int", "重度残疾：残疾等级（该级及以上）",
                  "severe disability: grades up to", minimum=1, maximum=4, default=2,
                  default_note="一级、二级为重度残疾（最低生活保障审核确认办法 第八条：一级、二级残疾人和三级智力残疾人、三级精神残疾人）",
                  default_note_en="grades 1 and 2 (national dibao rules, art. 8)"))
    add(ParamSpec("dibao.severe_disability.max_grade_intellectual_mental", "int",
                  "重度残疾：智力、精神残疾等级（该级及以上）", "severe disability: intellectual/mental grades up to",
                  minimum=1, maximum=4, default=3,
                  default_note="智力、精神残疾三级及以上为重度残疾（最低生活保障审核确认办法 第八条）",
                  default_note_en="intellectual or mental grades 1 to 3 (national dibao rules, art. 8)"))
    add(ParamSpec("dibao.classified.elderly_age", "int", "分类施保老年人年龄", "classified supplement: elderly from age",
                  minimum=0, maximum=120))
    add(ParamSpec("dibao.classified.stacking", "choice", "分类施保是否叠加", "classified supplements stack?",
                  choices=("highest", "stack"), default="highest", default_note="就高不叠加",
                  default_note_en="the highest only, not stacked"))
    add(ParamSpec("dibao.work_deduction.fixed", "money", "就业成本扣减（定额）", "work-cost deduction: fixed amount"))
    add(ParamSpec("dibao.work_deduction.wage_ratio", "ratio", "就业成本扣减（×工资）", "work-cost deduction: share of wage",
                  low=Fraction(0), high=ONE))
    add(ParamSpec("dibao.work_deduction.standard_ratio", "ratio", "就业成本扣减（×低保标准）",
                  "work-cost deduction: share of the standard", low=Fraction(0), high=ONE))
    add(ParamSpec("dibao.work_deduction.cap_standard_ratio", "ratio", "就业成本扣减上限（×低保标准）",
                  "work-cost deduction cap (× standard)", low=Fraction(0), high=Fraction(2)))
    add(ParamSpec("dibao.work_deduction.earned_incomes", "list", "就业成本扣减所针对的劳动收入类型",
                  "income types counted as earnings for the work-cost deduction", choices=INCOME_TYPES,
                  default=("wage", "business"),
                  default_note="工资性收入、经营净收入（最低生活保障审核确认办法 第十三条：必要的就业成本可按规定适当扣减）",
                  default_note_en="wages and business income (the dibao review and confirmation measures, Article 13: "
                                  "necessary work costs may be deducted)"))
    for t in INCOME_TYPES:
        add(ParamSpec(f"dibao.disregarded.{t}", "bool", f"低保不计入家庭收入：{INCOME_LABEL_ZH[t]}",
                      f"dibao: {t} not counted as income", default=False,
                      default_note="计入家庭收入（无文件规定不计入）",
                      default_note_en="counted as household income (no notice disregards it)"))
    add(ParamSpec("dibao.taper.schedule", "schedule", "低保渐退期（逐月发放比例）",
                  "dibao gradual exit: share paid in each month", low=Fraction(0), high=ONE, low_open=False))
    add(ParamSpec("dibao.minimum_payment.per_person", "money", "最低补差（每人每月）", "minimum payment per person"))
    add(ParamSpec("dibao.minimum_payment.standard_ratio", "ratio", "最低补差（×低保标准）",
                  "minimum payment per person (× standard)", low=Fraction(0), high=ONE))
    add(ParamSpec("dibao.assets.financial_months", "int", "人均金融资产上限（月低保标准的倍数）",
                  "per-capita financial assets limit (months of the standard)", minimum=0, maximum=1200))
    add(ParamSpec("dibao.assets.max_homes", "int", "住房套数上限", "homes at most", minimum=0, maximum=100))
    add(ParamSpec("dibao.assets.max_vehicles", "int", "机动车辆数上限", "motor vehicles at most", minimum=0, maximum=100))
    # 特困
    for area, zh, en in (("urban", "城市", "urban"), ("rural", "农村", "rural")):
        add(ParamSpec(f"tekun.basic.{area}", "money", f"{zh}特困人员基本生活标准", f"{en} tekun basic living standard",
                      True))
    for lvl, zh, en in (("full", "全自理", "fully self-caring"), ("partial", "半护理", "partly dependent"),
                        ("none", "全护理", "fully dependent")):
        add(ParamSpec(f"tekun.care.{lvl}", "money", f"特困人员照料护理标准（{zh}）", f"tekun care standard ({en})", True))
        add(ParamSpec(f"tekun.care.dispersed.{lvl}", "money", f"分散供养特困人员照料护理标准（{zh}）",
                      f"tekun care standard, dispersed ({en})"))
    add(ParamSpec("tekun.elderly_age", "int", "特困人员老年人年龄", "tekun: elderly from age", True, minimum=0, maximum=120))
    add(ParamSpec("tekun.minor_age_limit", "int", "特困未成年人年龄上限（不含）", "tekun: minors below age", True,
                  minimum=0, maximum=30))
    add(ParamSpec("tekun.school_extension", "bool", "特困未成年人在校延续", "tekun: minors in school kept past the limit",
                  default=False, default_note="未规定在校延续",
                  default_note_en="no extension for schooling"))
    add(ParamSpec("tekun.school_levels", "list", "特困未成年人在校延续的就读学段", "tekun: school levels that keep a minor past the limit",
                  choices=STUDENT_LEVELS, default=("compulsory", "high_school", "vocational"),
                  default_note="特困人员认定办法第二十四条：年满18周岁仍在接受义务教育或者在普通高中、中等职业学校就读的",
                  default_note_en="Measures for identifying persons in extreme poverty (2021), Art. 24: still in compulsory education, general senior high school "
                                  "or secondary vocational school after 18"))
    for cat in DISABILITY_CATEGORIES:
        add(ParamSpec(f"tekun.disability_max_grade.{cat}", "int",
                      f"视为无劳动能力的{DISABILITY_LABEL_ZH[cat]}残疾等级（该级及以上）",
                      f"tekun: {cat} disability grades up to", minimum=1, maximum=4))
    for t in INCOME_TYPES:
        add(ParamSpec(f"tekun.disregarded.{t}", "bool", f"特困认定不计入收入：{INCOME_LABEL_ZH[t]}",
                      f"tekun: {t} not counted as income", default=False,
                      default_note="计入收入（无文件规定不计入）",
                      default_note_en="counted as income (no notice disregards it)"))
    add(ParamSpec("tekun.orphan_precedence", "choice", "同时符合特困与孤儿/事实无人抚养时适用", "child in both schemes gets",
                  choices=("orphan", "tekun"), default="orphan", default_note="选择孤儿保障的不再认定为特困人员",
                  default_note_en="a child who takes the orphan allowance is no longer counted as tekun"))
    # 两项补贴
    add(ParamSpec("disability.living.severe", "money", "困难残疾人生活补贴（一、二级）",
                  "disability living subsidy (grades 1–2)", True))
    add(ParamSpec("disability.living.other", "money", "困难残疾人生活补贴（三、四级）",
                  "disability living subsidy (grades 3–4)", True))
    for g, zh in enumerate("一二三四", start=1):
        add(ParamSpec(f"disability.living.grade{g}", "money", f"困难残疾人生活补贴（{zh}级，单列时）",
                      f"disability living subsidy (grade {g}, where set apart)"))
    add(ParamSpec("disability.living.severe_max_grade", "int", "生活补贴较高档：残疾等级（该级及以上）",
                  "living subsidy, higher amount: grades up to", minimum=1, maximum=4, default=2,
                  default_note="一、二级适用较高档标准，三、四级适用另一档（国发〔2015〕52号 二、（二）可根据困难程度分档）",
                  default_note_en="grades 1–2 get the higher amount, grades 3–4 the other"))
    add(ParamSpec("disability.living.severe_max_grade_intellectual_mental", "int",
                  "生活补贴较高档：智力、精神残疾等级（该级及以上）",
                  "living subsidy, higher amount: intellectual/mental grades up to", minimum=1, maximum=4, default=2,
                  default_note="智力、精神残疾与其他类别相同，一、二级适用较高档（国发〔2015〕52号 二、（二））",
                  default_note_en="as other categories: grades 1–2"))
    add(ParamSpec("disability.living.covers_low_income", "bool", "生活补贴扩大到低保边缘家庭",
                  "living subsidy extended to low-income households", default=False,
                  default_note="限于低保家庭",
                  default_note_en="dibao households only"))
    add(ParamSpec("disability.care.grade1", "money", "重度残疾人护理补贴（一级）", "disability care subsidy (grade 1)", True))
    add(ParamSpec("disability.care.grade2", "money", "重度残疾人护理补贴（二级）", "disability care subsidy (grade 2)", True))
    add(ParamSpec("disability.care.grade3_4_intellectual_mental", "money", "护理补贴（三、四级智力、精神）",
                  "care subsidy (grades 3–4 intellectual/mental)"))
    add(ParamSpec("disability.care.covers_grade3_4_intellectual_mental", "bool", "护理补贴扩大到三、四级智力、精神残疾人",
                  "care subsidy extended to grades 3–4 intellectual/mental", default=False,
                  default_note="限于一、二级",
                  default_note_en="grades 1 and 2 only"))
    add(ParamSpec("disability.care.max_grade", "int", "护理补贴：需长期照护的残疾等级（该级及以上）",
                  "care subsidy: grades up to (needing long-term care)", minimum=1, maximum=2, default=2,
                  default_note="一级、二级且需要长期照护（国发〔2015〕52号 二、（一））",
                  default_note_en="grades 1 and 2 needing long-term care"))
    add(ParamSpec("disability.care.extended_max_grade", "int", "护理补贴扩大范围：智力、精神残疾等级（该级及以上）",
                  "care subsidy extension: intellectual/mental grades up to", minimum=3, maximum=4, default=4,
                  default_note="扩大的，三级、四级智力、精神残疾人均可领取（国发〔2015〕52号 二、（一）；民发〔2021〕70号）",
                  default_note_en="where extended, intellectual or mental grades 3 and 4"))
    # 孤儿 / 事实无人抚养
    add(ParamSpec("orphan.centralized", "money", "机构集中养育孤儿基本生活费", "orphan allowance, institutional", True))
    add(ParamSpec("orphan.dispersed", "money", "社会散居孤儿基本生活费", "orphan allowance, dispersed", True))
    add(ParamSpec("orphan.de_facto", "money", "事实无人抚养儿童基本生活补贴", "de-facto-unsupported-child allowance", True))
    add(ParamSpec("orphan.age_limit", "int", "孤儿、事实无人抚养儿童年龄上限（不含）", "orphan allowance: below age", True,
                  minimum=0, maximum=30))
    add(ParamSpec("orphan.school_extension", "bool", "年满18周岁仍在校的继续发放", "paid past the age limit while in school",
                  default=False, default_note="未规定在校延续",
                  default_note_en="no extension for schooling"))
    add(ParamSpec("orphan.school_levels", "list", "孤儿、事实无人抚养儿童在校延续的就读学段",
                  "orphan allowance: school levels that keep a child past the limit", choices=STUDENT_LEVELS,
                  default=("compulsory", "high_school", "vocational", "undergraduate"),
                  default_note="全国文件（国办发〔2010〕54号、民发〔2019〕62号）未规定学段；默认接受义务教育、"
                               "普通高中、中等职业学校及本科教育的（如成都：在学制内延续至本科）",
                  default_note_en="no national text (on orphans, 2010; on de-facto-unsupported children, 2019) names the levels; by default "
                                  "compulsory education, senior high or secondary vocational school, and undergraduate "
                                  "study (as in Chengdu: up to undergraduate level within the standard length)"))
    add(ParamSpec("orphan.excluded_from_dibao", "bool", "孤儿不再计入低保家庭", "orphans are not counted in the dibao household",
                  default=False, default_note="无规定，孤儿仍为共同生活家庭成员",
                  default_note_en="no rule: an orphan stays a member of the household"))
    add(ParamSpec("orphan.de_facto_topup", "bool", "事实无人抚养儿童已享低保/特困/生活补贴的补差发放",
                  "de-facto allowance topped up against dibao/tekun/living subsidy", default=False,
                  default_note="全额发放",
                  default_note_en="paid in full"))
    # 高龄津贴 and shared ages
    add(ParamSpec("elderly.allowance", "bands", "高龄津贴（按年龄段）", "old-age allowance by age band"))
    add(ParamSpec("people.elderly_age", "int", "老年人年龄", "elderly from age", True, minimum=0, maximum=120))
    add(ParamSpec("people.adult_age", "int", "成年年龄", "adult from age", True, minimum=0, maximum=30))
    # statistics used by rules
    add(ParamSpec("stats.minimum_wage", "money", "最低工资标准（月）", "minimum wage (month)"))
    for area, zh in (("urban", "城镇"), ("rural", "农村")):
        add(ParamSpec(f"stats.consumption_per_head.{area}", "money", f"上年度{zh}居民人均消费支出",
                      f"last year's {area} consumption per head"))
        add(ParamSpec(f"stats.disposable_income_per_head.{area}", "money", f"上年度{zh}居民人均可支配收入",
                      f"last year's {area} disposable income per head"))
    # constraints checked by lint
    add(ParamSpec("constraints.tekun_basic_min_ratio", "ratio", "特困基本生活标准不低于低保标准的倍数",
                  "tekun basic ≥ this × dibao standard", low=ONE, high=Fraction(3), low_open=False))
    add(ParamSpec("constraints.care_min_ratio", "ratio", "照料护理标准不低于基本生活标准的比例",
                  "care standard ≥ this × basic standard", low=Fraction(0), high=ONE))
    for area, zh in (("urban", "城市"), ("rural", "农村")):
        add(ParamSpec(f"constraints.dibao_floor.{area}", "money", f"{zh}低保标准省定最低标准",
                      f"provincial floor of the {area} dibao standard"))
    return [_with_use(spec) for spec in s]


def _with_use(spec: ParamSpec) -> ParamSpec:
    import dataclasses

    got = use_of(spec.name)
    if got is None:
        return spec  # a test holds every parameter to a declared use
    uses, zh, en = got
    return dataclasses.replace(spec, uses=uses, how_zh=zh, how_en=en)


#: The benefit whose figures a parameter is (a notice setting it sets that benefit's figures).
def owner(name: str) -> str | None:
    """The benefit whose figures ``name`` sets: ``tekun.*`` → tekun, ``disability.care.*`` → disability_care, …"""
    group = name.split(".")[0]
    if group == "disability":
        return "disability_" + name.split(".")[1]
    return group if group in ("dibao", "tekun", "orphan") else None


SPECS: tuple[ParamSpec, ...] = tuple(_specs())
CATALOGUE: dict[str, ParamSpec] = {spec.name: spec for spec in SPECS}


def _register_labels() -> None:
    """Each parameter's label (``label.parameter.<name>``) and the note on its default
    (``default_note.<name>``), in the message catalogue with the other texts people read."""
    for spec in SPECS:
        register(f"label.parameter.{spec.name}", spec.label_zh, spec.label_en)
        if spec.default_note:
            register(f"default_note.{spec.name}", spec.default_note, spec.default_note_en)


_register_labels()


def parameter_label(name: str, lang: str) -> str:
    """A parameter's label in ``lang``, from the message catalogue."""
    return message(f"label.parameter.{name}", lang)


def _prefixes() -> dict[str, tuple[str, ...]]:
    children: dict[str, list[str]] = {}
    for name in CATALOGUE:
        parts = name.split(".")
        for i in range(len(parts)):
            parent = ".".join(parts[:i])
            children.setdefault(parent, [])
            if parts[i] not in children[parent]:
                children[parent].append(parts[i])
    return {k: tuple(sorted(v)) for k, v in children.items()}


#: For each branch ("" is the root, "dibao", "dibao.standard", …): the keys allowed below it.
CHILDREN: dict[str, tuple[str, ...]] = _prefixes()


#: Per benefit, the parameters it cannot run without; each entry is a tuple of alternatives (any one of
#: them resolving is enough). A division-date whose notices set a benefit's figures must resolve them.
NEEDS: dict[str, tuple[tuple[str, ...], ...]] = {
    "dibao": (("dibao.standard.urban",), ("dibao.standard.rural",),
              ("dibao.low_income_multiplier", "dibao.low_income_line.urban"),
              ("dibao.low_income_multiplier", "dibao.low_income_line.rural"),
              ("people.elderly_age",), ("people.adult_age",)),
    "tekun": (("tekun.basic.urban",), ("tekun.basic.rural",), ("tekun.care.full",), ("tekun.care.partial",),
              ("tekun.care.none",), ("tekun.elderly_age",), ("tekun.minor_age_limit",), ("dibao.standard.urban",),
              ("dibao.standard.rural",), ("people.adult_age",)),
    "disability_living": (("disability.living.severe", "disability.living.grade1"),
                          ("disability.living.severe", "disability.living.grade2"),
                          ("disability.living.other", "disability.living.grade3"),
                          ("disability.living.other", "disability.living.grade4"), ("dibao.standard.urban",),
                          ("dibao.standard.rural",)),
    "disability_care": (("disability.care.grade1",), ("disability.care.grade2",)),
    "orphan": (("orphan.centralized",), ("orphan.dispersed",), ("orphan.de_facto",), ("orphan.age_limit",)),
}
