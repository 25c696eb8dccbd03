"""残疾人两项补贴 (国发〔2015〕52号), as named steps.

- 困难残疾人生活补贴 (二、（一）): disabled members of 低保 households; where the division adopts it, also
  of 低保边缘 households. Not for 特困 persons, 工伤保险生活护理费 recipients, orphans, or 事实无人抚养
  children paid the full allowance (三、衔接; 民发〔2019〕62号 三（二）). Amounts by tier (二、（二）).
- 重度残疾人护理补贴 (二、（一）): 一、二级 needing long-term care; where adopted, 三、四级智力、精神.
  Not for 特困 persons or 工伤保险生活护理费 recipients; orphans keep it. Amounts by grade (二、（二）).

Which grades fall in each tier or scope is a standards parameter with the national reading as its default
(``disability.living.severe_max_grade*``, ``disability.care.max_grade``, ``disability.care.extended_max_grade``).
Why a member gets nothing, or waits, is recorded per member (worked out when first read) as a reason code.
"""

from aidcalc.benefits.disability.care_subsidy import care
from aidcalc.benefits.disability.common import CITE_CARE, CITE_DE_FACTO, CITE_LINK, CITE_LIVING
from aidcalc.benefits.disability.living_subsidy import living, living_final

__all__ = ["CITE_CARE", "CITE_DE_FACTO", "CITE_LINK", "CITE_LIVING", "care", "living", "living_final"]
