"""Every parameter a standards file may set: its name, kind, labels and whether the rules need it.

A parameter is *required* when a rule cannot run without it: if no notice in force sets it, the
benefit that needs it is reported as undetermined with a "no value in force" message. A parameter is
*optional* when its absence has a meaning the catalogue states (a local feature not adopted, a
structural default taken from national law); the explanation shows that the default was used.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from aidcalc.vocab import (
    CATEGORY_LABEL_ZH,
    DISABILITY_CATEGORIES,
    DISABILITY_LABEL_ZH,
    INCOME_LABEL_ZH,
    INCOME_TYPES,
    MEMBER_CATEGORIES,
)

Kind = Literal["money", "ratio", "int", "bool", "choice", "list", "schedule", "bands"]


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
    #: for ``int``: bounds
    minimum: int | None = None
    maximum: int | None = None
    group: str = field(default="")

    def __post_init__(self) -> None:
        object.__setattr__(self, "group", self.name.split(".", 1)[0])


def _specs() -> list[ParamSpec]:
    s: list[ParamSpec] = []
    add = s.append
    # 低保
    for area, zh, en in (("urban", "城市", "urban"), ("rural", "农村", "rural")):
        add(ParamSpec(f"dibao.standard.{area}", "money", f"{zh}低保标准", f"{en} dibao standard", True))
    add(ParamSpec("dibao.low_income_multiplier", "ratio", "低保边缘家庭认定倍数（×低保标准）",
                  "low-income (dibao edge) multiplier of the standard", True))
    add(ParamSpec("dibao.single_person.categories", "list", "可单独施保（单人户）的成员类别",
                  "member categories that may be covered alone (单人户)", choices=MEMBER_CATEGORIES,
                  default=(), default_note="本地未规定单人户类别"))
    for cat in MEMBER_CATEGORIES:
        add(ParamSpec(f"dibao.classified.{cat}", "ratio", f"分类施保：{CATEGORY_LABEL_ZH[cat]}（×低保标准）",
                      f"classified supplement: {cat} (× standard)"))
    add(ParamSpec("dibao.classified.elderly_age", "int", "分类施保老年人年龄", "classified supplement: elderly from age",
                  minimum=0, maximum=120))
    add(ParamSpec("dibao.classified.stacking", "choice", "分类施保是否叠加", "classified supplements stack?",
                  choices=("highest", "stack"), default="highest", default_note="就高不叠加"))
    add(ParamSpec("dibao.work_deduction.fixed", "money", "就业成本扣减（定额）", "work-cost deduction: fixed amount"))
    add(ParamSpec("dibao.work_deduction.wage_ratio", "ratio", "就业成本扣减（×工资）", "work-cost deduction: share of wage"))
    add(ParamSpec("dibao.work_deduction.standard_ratio", "ratio", "就业成本扣减（×低保标准）",
                  "work-cost deduction: share of the standard"))
    add(ParamSpec("dibao.work_deduction.cap_standard_ratio", "ratio", "就业成本扣减上限（×低保标准）",
                  "work-cost deduction cap (× standard)"))
    for t in INCOME_TYPES:
        add(ParamSpec(f"dibao.disregarded.{t}", "bool", f"低保不计入家庭收入：{INCOME_LABEL_ZH[t]}",
                      f"dibao: {t} not counted as income", default=False,
                      default_note="计入家庭收入（无文件规定不计入）"))
    add(ParamSpec("dibao.taper.schedule", "schedule", "低保渐退期（逐月发放比例）",
                  "dibao gradual exit: share paid in each month"))
    add(ParamSpec("dibao.minimum_payment.per_person", "money", "最低补差（每人每月）", "minimum payment per person"))
    add(ParamSpec("dibao.minimum_payment.standard_ratio", "ratio", "最低补差（×低保标准）",
                  "minimum payment per person (× standard)"))
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
                  default=False, default_note="未规定在校延续"))
    for cat in DISABILITY_CATEGORIES:
        add(ParamSpec(f"tekun.disability_max_grade.{cat}", "int",
                      f"视为无劳动能力的{DISABILITY_LABEL_ZH[cat]}残疾等级（该级及以上）",
                      f"tekun: {cat} disability grades up to", minimum=1, maximum=4))
    for t in INCOME_TYPES:
        add(ParamSpec(f"tekun.disregarded.{t}", "bool", f"特困认定不计入收入：{INCOME_LABEL_ZH[t]}",
                      f"tekun: {t} not counted as income", default=False,
                      default_note="计入收入（无文件规定不计入）"))
    add(ParamSpec("tekun.orphan_precedence", "choice", "同时符合特困与孤儿/事实无人抚养时适用", "child in both schemes gets",
                  choices=("orphan", "tekun"), default="orphan", default_note="选择孤儿保障的不再认定为特困人员"))
    # 两项补贴
    add(ParamSpec("disability.living.severe", "money", "困难残疾人生活补贴（一、二级）",
                  "disability living subsidy (grades 1–2)", True))
    add(ParamSpec("disability.living.other", "money", "困难残疾人生活补贴（三、四级）",
                  "disability living subsidy (grades 3–4)", True))
    add(ParamSpec("disability.living.covers_low_income", "bool", "生活补贴扩大到低保边缘家庭",
                  "living subsidy extended to low-income households", default=False,
                  default_note="限于低保家庭"))
    add(ParamSpec("disability.care.grade1", "money", "重度残疾人护理补贴（一级）", "disability care subsidy (grade 1)", True))
    add(ParamSpec("disability.care.grade2", "money", "重度残疾人护理补贴（二级）", "disability care subsidy (grade 2)", True))
    add(ParamSpec("disability.care.grade3_4_intellectual_mental", "money", "护理补贴（三、四级智力、精神）",
                  "care subsidy (grades 3–4 intellectual/mental)"))
    add(ParamSpec("disability.care.covers_grade3_4_intellectual_mental", "bool", "护理补贴扩大到三、四级智力、精神残疾人",
                  "care subsidy extended to grades 3–4 intellectual/mental", default=False,
                  default_note="限于一、二级"))
    # 孤儿 / 事实无人抚养
    add(ParamSpec("orphan.centralized", "money", "机构集中养育孤儿基本生活费", "orphan allowance, institutional", True))
    add(ParamSpec("orphan.dispersed", "money", "社会散居孤儿基本生活费", "orphan allowance, dispersed", True))
    add(ParamSpec("orphan.de_facto", "money", "事实无人抚养儿童基本生活补贴", "de-facto-unsupported-child allowance", True))
    add(ParamSpec("orphan.age_limit", "int", "孤儿、事实无人抚养儿童年龄上限（不含）", "orphan allowance: below age", True,
                  minimum=0, maximum=30))
    add(ParamSpec("orphan.school_extension", "bool", "年满18周岁仍在校的继续发放", "paid past the age limit while in school",
                  default=False, default_note="未规定在校延续"))
    add(ParamSpec("orphan.excluded_from_dibao", "bool", "孤儿不再计入低保家庭", "orphans are not counted in the dibao household",
                  default=False, default_note="无规定，孤儿仍为共同生活家庭成员"))
    add(ParamSpec("orphan.de_facto_topup", "bool", "事实无人抚养儿童已享低保/特困/生活补贴的补差发放",
                  "de-facto allowance topped up against dibao/tekun/living subsidy", default=False,
                  default_note="全额发放"))
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
                  "tekun basic ≥ this × dibao standard"))
    add(ParamSpec("constraints.care_min_ratio", "ratio", "照料护理标准不低于基本生活标准的比例",
                  "care standard ≥ this × basic standard"))
    for area, zh in (("urban", "城市"), ("rural", "农村")):
        add(ParamSpec(f"constraints.dibao_floor.{area}", "money", f"{zh}低保标准省定最低标准",
                      f"provincial floor of the {area} dibao standard"))
    return s


SPECS: tuple[ParamSpec, ...] = tuple(_specs())
CATALOGUE: dict[str, ParamSpec] = {spec.name: spec for spec in SPECS}


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
