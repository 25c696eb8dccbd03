"""Closed vocabularies shared by the household input, the standards catalogue and the rules."""

from __future__ import annotations

from typing import Literal

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
INCOME_LABEL_ZH: dict[str, str] = {
    "wage": "工资性收入",
    "business": "经营净收入",
    "property": "财产净收入",
    "pension": "离退休金",
    "basic_pension": "基础养老金",
    "support": "赡养费、抚养费、扶养费",
    "unemployment": "失业保险金",
    "other": "其他收入",
    "special_care": "优待抚恤金",
    "family_planning": "计划生育奖励与扶助金",
    "scholarship": "奖学金",
    "reward": "见义勇为等奖励性补助",
    "assistance": "政府发放的社会救助款物",
    "disability_subsidy": "残疾人两项补贴",
    "orphan_allowance": "孤儿基本生活费",
    "de_facto_allowance": "事实无人抚养儿童基本生活补贴",
    "elderly_allowance": "高龄津贴",
}
INCOME_LABEL_EN: dict[str, str] = {
    "wage": "wages",
    "business": "business income",
    "property": "property income",
    "pension": "retirement pension",
    "basic_pension": "basic pension (residents' scheme)",
    "support": "support received",
    "unemployment": "unemployment insurance",
    "other": "other income",
    "special_care": "special-care pension",
    "family_planning": "family-planning rewards",
    "scholarship": "scholarships",
    "reward": "rewards for good deeds",
    "assistance": "government assistance",
    "disability_subsidy": "disability subsidies",
    "orphan_allowance": "orphan allowance",
    "de_facto_allowance": "de-facto-unsupported-child allowance",
    "elderly_allowance": "old-age allowance",
}

DISABILITY_CATEGORIES: tuple[str, ...] = (
    "visual", "hearing", "speech", "physical", "intellectual", "mental", "multiple",
)
DISABILITY_LABEL_ZH = {
    "visual": "视力", "hearing": "听力", "speech": "言语", "physical": "肢体",
    "intellectual": "智力", "mental": "精神", "multiple": "多重",
}

SelfCare = Literal["full", "partial", "none"]
SELF_CARE: tuple[str, ...] = ("full", "partial", "none")
SELF_CARE_LABEL_ZH = {"full": "具备生活自理能力（全自理）", "partial": "部分丧失（半护理）", "none": "完全丧失（全护理）"}
SELF_CARE_LABEL_EN = {"full": "fully self-caring", "partial": "partly dependent", "none": "fully dependent"}

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
CATEGORY_LABEL_ZH = {
    "severe_disability": "重度残疾",
    "serious_illness": "重病",
    "elderly": "老年人",
    "minor": "未成年人",
    "student": "在校学生",
    "single_parent_child": "单亲家庭子女",
}
CATEGORY_LABEL_EN = {
    "severe_disability": "severe disability",
    "serious_illness": "serious illness",
    "elderly": "elderly",
    "minor": "minor",
    "student": "student",
    "single_parent_child": "child of a single parent",
}

BENEFITS: tuple[str, ...] = ("dibao", "tekun", "disability_living", "disability_care", "orphan")
BENEFIT_LABEL_ZH = {
    "dibao": "最低生活保障金",
    "tekun": "特困人员救助供养金",
    "disability_living": "困难残疾人生活补贴",
    "disability_care": "重度残疾人护理补贴",
    "orphan": "孤儿基本生活费 / 事实无人抚养儿童基本生活补贴",
}
BENEFIT_LABEL_EN = {
    "dibao": "Minimum living allowance (dibao)",
    "tekun": "Support for persons in extreme poverty (tekun)",
    "disability_living": "Living subsidy for disabled persons in hardship",
    "disability_care": "Care subsidy for severely disabled persons",
    "orphan": "Orphan / de-facto-unsupported-child allowance",
}
