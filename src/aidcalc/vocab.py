"""Closed vocabularies shared by the household input, the standards catalogue and the rules.

Their labels (中文 and English) live in the message catalogue (:mod:`aidcalc.messages`) as
``label.<vocabulary>.<code>``; :func:`label` reads one.
"""

from __future__ import annotations

from typing import Literal

from aidcalc.messages import message, register

Area = Literal["urban", "rural"]
AREAS: tuple[str, ...] = ("urban", "rural")

#: Income types, monthly yuan. The first group counts as 家庭收入 unless a notice disregards it
#: (最低生活保障审核确认办法 第十三条); the second group is what national rules exclude.
INCOME_TYPES: tuple[str, ...] = (
    "wage",  # 工资性收入
    "business",  # 经营净收入
    "property",  # 财产净收入
    "pension",  # 离退休金、养老金 (other than the basic pension below)
    "basic_pension",  # 城乡居民基本养老保险基础养老金
    "support",  # 赡养费、抚养费、扶养费 received
    "unemployment",  # 失业保险金
    "other",  # 其他收入
    "special_care",  # 优待抚恤金
    "family_planning",  # 计划生育奖励与扶助金
    "scholarship",  # 奖学金
    "reward",  # 见义勇为等奖励性补助
    "assistance",  # 政府发放的各类社会救助款物
    "disability_subsidy",  # 残疾人两项补贴
    "orphan_allowance",  # 孤儿基本生活费
    "de_facto_allowance",  # 事实无人抚养儿童基本生活补贴
    "elderly_allowance",  # 高龄津贴
)
#: income types: label (中文, English); read with :func:`label` (``label("income", "wage", lang)``)
_INCOME_LABELS: dict[str, tuple[str, str]] = {
    "wage": ("工资性收入", "wages"),
    "business": ("经营净收入", "business income"),
    "property": ("财产净收入", "property income"),
    "pension": ("离退休金", "retirement pension"),
    "basic_pension": ("基础养老金", "basic pension (residents' scheme)"),
    "support": ("赡养费、抚养费、扶养费", "support received"),
    "unemployment": ("失业保险金", "unemployment insurance"),
    "other": ("其他收入", "other income"),
    "special_care": ("优待抚恤金", "special-care pension"),
    "family_planning": ("计划生育奖励与扶助金", "family-planning rewards"),
    "scholarship": ("奖学金", "scholarships"),
    "reward": ("见义勇为等奖励性补助", "rewards for good deeds"),
    "assistance": ("政府发放的社会救助款物", "government assistance"),
    "disability_subsidy": ("残疾人两项补贴", "disability subsidies"),
    "orphan_allowance": ("孤儿基本生活费", "orphan allowance"),
    "de_facto_allowance": ("事实无人抚养儿童基本生活补贴", "de-facto-unsupported-child allowance"),
    "elderly_allowance": ("高龄津贴", "old-age allowance"),
}

DISABILITY_CATEGORIES: tuple[str, ...] = (
    "visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple",
)
#: disability categories (残疾类别, GB/T 26341): label (中文, English)
_DISABILITY_LABELS: dict[str, tuple[str, str]] = {
    "visual": ("视力", "visual"), "hearing": ("听力", "hearing"), "speech": ("言语", "speech"),
    "physical": ("肢体", "physical"), "intellectual": ("智力", "intellectual"), "mental": ("精神", "mental"),
    "multiple": ("多重", "multiple"),
}

SelfCare = Literal["full", "partial", "none"]
SELF_CARE: tuple[str, ...] = ("full", "partial", "none")
#: 生活自理能力 (特困人员认定办法 第十四条): label (中文, English)
_SELF_CARE_LABELS: dict[str, tuple[str, str]] = {
    "full": ("具备生活自理能力（全自理）", "fully self-caring"),
    "partial": ("部分丧失（半护理）", "partly dependent"),
    "none": ("完全丧失（全护理）", "fully dependent"),
}

CareSetting = Literal["centralized", "dispersed"]
CARE_SETTINGS: tuple[str, ...] = ("centralized", "dispersed")

Student = Literal["none", "preschool", "compulsory", "high_school", "vocational", "undergraduate", "postgraduate"]
STUDENT_LEVELS: tuple[str, ...] = (
    "none", "preschool", "compulsory", "high_school", "vocational", "undergraduate", "postgraduate",
)

#: Parent situations for 孤儿 (国办发〔2010〕54号) and 事实无人抚养儿童 (民发〔2019〕62号).
ParentSituation = Literal[
    "present",  # alive and able to raise the child
    "deceased",  # 死亡 (含宣告死亡)
    "missing",  # 宣告失踪 / 查找不到生父母
    "severe_disability",  # 重残: 一、二级, or 三、四级精神、智力
    "serious_illness",  # 重病 (locally defined)
    "imprisoned",  # 服刑在押 (≥ 6 months)
    "drug_rehab",  # 强制隔离戒毒 (≥ 6 months)
    "restricted",  # 被执行其他限制人身自由的措施 (≥ 6 months)
    "out_of_contact",  # 失联 ≥ 6 months
]
PARENT_SITUATIONS: tuple[str, ...] = (
    "present", "deceased", "missing", "severe_disability", "serious_illness", "imprisoned",
    "drug_rehab", "restricted", "out_of_contact",
)

#: Member situations that take a person out of the 共同生活家庭成员 (审核确认办法 第七条).
Absence = Literal["prison", "drug_rehab", "declared_missing", "clergy_away"]
ABSENCES: tuple[str, ...] = ("prison", "drug_rehab", "declared_missing", "clergy_away")

Supporter = Literal["none", "unable", "able"]

Relation = Literal["self", "spouse", "child", "parent", "grandparent", "grandchild", "sibling", "other"]

#: Member categories that local rules use for 单人户 and 分类施保.
MEMBER_CATEGORIES: tuple[str, ...] = (
    "severe_disability",  # 一、二级, or 三级智力、精神 (审核确认办法 第八条)
    "serious_illness",  # 重特大疾病
    "elderly",  # 老年人
    "minor",  # 未成年人
    "student",  # 在校学生 (non-compulsory full-time)
    "single_parent_child",
)
#: member categories: label (中文, English)
_CATEGORY_LABELS: dict[str, tuple[str, str]] = {
    "severe_disability": ("重度残疾", "severe disability"),
    "serious_illness": ("重病", "serious illness"),
    "elderly": ("老年人", "elderly"),
    "minor": ("未成年人", "minor"),
    "student": ("在校学生", "student"),
    "single_parent_child": ("单亲家庭子女", "child of a single parent"),
}

BENEFITS: tuple[str, ...] = ("dibao", "tekun", "disability_living", "disability_care", "orphan")
#: the benefits: label (中文, English)
_BENEFIT_LABELS: dict[str, tuple[str, str]] = {
    "dibao": ("最低生活保障金", "Minimum living allowance (dibao)"),
    "tekun": ("特困人员救助供养金", "Support for persons in extreme poverty (tekun)"),
    "disability_living": ("困难残疾人生活补贴", "Living subsidy for disabled persons in hardship"),
    "disability_care": ("重度残疾人护理补贴", "Care subsidy for severely disabled persons"),
    "orphan": ("孤儿基本生活费 / 事实无人抚养儿童基本生活补贴", "Orphan / de-facto-unsupported-child allowance"),
}

#: the label vocabularies, registered in the message catalogue as ``label.<vocabulary>.<code>``
LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "benefit": _BENEFIT_LABELS,
    "income": _INCOME_LABELS,
    "category": _CATEGORY_LABELS,
    "self_care": _SELF_CARE_LABELS,
    "disability": _DISABILITY_LABELS,
}
for _vocabulary, _entries in LABELS.items():
    for _code, (_zh, _en) in _entries.items():
        register(f"label.{_vocabulary}.{_code}", _zh, _en)
del _vocabulary, _entries, _code, _zh, _en


def label(vocabulary: str, code: str, lang: str) -> str:
    """The label of ``code`` in a closed vocabulary (``benefit``, ``income``, ``category``, ``self_care``,
    ``disability``) in ``lang``, from the message catalogue: ``label("benefit", "dibao", "en")``."""
    return message(f"label.{vocabulary}.{code}", lang)


def labels(vocabulary: str, lang: str) -> dict[str, str]:
    """Every label of a vocabulary in ``lang``, by code (read from the message catalogue)."""
    return {code: label(vocabulary, code, lang) for code in LABELS[vocabulary]}


# The dictionaries by language that modules imported before the catalogue held the labels: views built
# from the catalogue (read-only by convention; the catalogue is the one place to change a label).
BENEFIT_LABEL_ZH = labels("benefit", "zh")
BENEFIT_LABEL_EN = labels("benefit", "en")
INCOME_LABEL_ZH = labels("income", "zh")
INCOME_LABEL_EN = labels("income", "en")
CATEGORY_LABEL_ZH = labels("category", "zh")
CATEGORY_LABEL_EN = labels("category", "en")
SELF_CARE_LABEL_ZH = labels("self_care", "zh")
SELF_CARE_LABEL_EN = labels("self_care", "en")
DISABILITY_LABEL_ZH = labels("disability", "zh")
DISABILITY_LABEL_EN = labels("disability", "en")
