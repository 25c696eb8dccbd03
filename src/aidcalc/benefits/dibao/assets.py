"""家庭财产 for 低保 (最低生活保障审核确认办法 第十四条)."""

from __future__ import annotations

import numpy as np

from aidcalc.benefits._base import DIBAO_BANFA, law
from aidcalc.benefits._vec import either, everyone, gated, nobody, some
from aidcalc.benefits.dibao.members import SIZE, STANDARD
from aidcalc.engine.frame import Frame
from aidcalc.engine.trace import Trace, derived, quantity

CITE_ASSETS = law(DIBAO_BANFA, "第十四条")
ASSET_PARAMS = ("dibao.assets.financial_months", "dibao.assets.max_homes", "dibao.assets.max_vehicles")

FINANCIAL_LIMIT = quantity("dibao.assets.financial_limit", "household", "fen", "金融资产上限", "financial assets limit",
                           cites=("dibao.assets.financial_months", CITE_ASSETS))
OVER_FINANCIAL = quantity("dibao.assets.over_financial", "household", "flag", "金融资产超过上限",
                          "financial assets over the limit", cites=("dibao.assets.financial_months", CITE_ASSETS))
OVER_HOMES = quantity("dibao.assets.over_homes", "household", "flag", "住房超过上限", "homes over the limit",
                      cites=("dibao.assets.max_homes", CITE_ASSETS))
OVER_VEHICLES = quantity("dibao.assets.over_vehicles", "household", "flag", "机动车超过上限",
                         "motor vehicles over the limit", cites=("dibao.assets.max_vehicles", CITE_ASSETS))
HAS_LIMITS = quantity("dibao.has_asset_limits", "household", "flag", "本地规定了家庭财产条件",
                      "the division sets asset limits", cites=(*ASSET_PARAMS, CITE_ASSETS))
ASSETS_OK = quantity("dibao.assets_ok", "household", "flag", "家庭财产符合规定", "assets within the limits",
                     cites=(*ASSET_PARAMS, CITE_ASSETS))
ASSETS_UNKNOWN = quantity("dibao.assets_unknown", "household", "flag", "家庭财产情况未提供",
                          "assets not given", cites=(*ASSET_PARAMS, CITE_ASSETS))
FINANCIAL_MONTHS = quantity("dibao.assets.financial_months", "household", "count", "金融资产上限（月数）",
                            "financial assets limit (months)", cites=("dibao.assets.financial_months", CITE_ASSETS))
MAX_HOMES = quantity("dibao.assets.max_homes", "household", "count", "住房上限（套）", "homes limit",
                     cites=("dibao.assets.max_homes", CITE_ASSETS))
MAX_VEHICLES = quantity("dibao.assets.max_vehicles", "household", "count", "机动车上限（辆）", "motor vehicles limit",
                        cites=("dibao.assets.max_vehicles", CITE_ASSETS))
#: what the household gave (read from the input when a statement asks)
FINANCIAL = quantity("dibao.assets.financial", "household", "fen", "金融资产", "financial assets")
HOMES = quantity("dibao.assets.homes", "household", "count", "住房（套）", "homes")
VEHICLES = quantity("dibao.assets.vehicles", "household", "count", "机动车（辆）", "motor vehicles")


def within_limits(f: Frame, t: Trace) -> None:
    """家庭财产 (最低生活保障审核确认办法 第十四条): financial assets at most the division's months × standard
    × members, homes and motor vehicles at most its limits. Each limit the household exceeds is recorded
    (``dibao.assets.over_*``), so the statement says which, without deciding it again. Where the division
    sets limits and the household gave no assets, the test is unknown."""
    p = t.params
    months, months_set = p.integer("dibao.assets.financial_months")
    max_homes, homes_set = p.integer("dibao.assets.max_homes")
    max_veh, veh_set = p.integer("dibao.assets.max_vehicles")
    # (from the standards alone: worked out once per group)
    has_limits = p.derived("dibao.has_asset_limits", lambda: months_set | homes_set | veh_set)
    t[HAS_LIMITS] = has_limits
    t[FINANCIAL_MONTHS], t[MAX_HOMES], t[MAX_VEHICLES] = months, max_homes, max_veh
    if not some(has_limits):  # no limit in force: every household's assets pass, none exceeds a limit
        t[OVER_FINANCIAL], t[OVER_HOMES], t[OVER_VEHICLES] = nobody(f.n), nobody(f.n), nobody(f.n)
        t[ASSETS_OK], t[ASSETS_UNKNOWN] = everyone(f.n), nobody(f.n)
        return
    known = f.assets_known
    # a limit not in force anywhere is exceeded by no household: its test is skipped
    over_financial = (gated(known & (f.financial_assets > t[FINANCIAL_LIMIT]), months_set) if some(months_set)
                      else nobody(f.n))
    over_homes = gated(known & (f.homes > max_homes), homes_set) if some(homes_set) else nobody(f.n)
    over_vehicles = gated(known & (f.vehicles > max_veh), veh_set) if some(veh_set) else nobody(f.n)
    within = ~(over_financial | over_homes | over_vehicles)
    t[OVER_FINANCIAL], t[OVER_HOMES], t[OVER_VEHICLES] = over_financial, over_homes, over_vehicles
    t[ASSETS_OK] = either(known & within, ~has_limits)
    t[ASSETS_UNKNOWN] = gated(~known, has_limits)


@derived(FINANCIAL_LIMIT)
def _financial_limit(t: Trace) -> np.ndarray:
    """The financial assets limit (第十四条): the division's months × standard × members (at least one)."""
    months, _ = t.params.integer("dibao.assets.financial_months")
    out: np.ndarray = months * t[STANDARD] * np.maximum(t[SIZE], 1)
    return out


@derived(FINANCIAL)
def _given_financial(t: Trace) -> np.ndarray:
    return t.frame.financial_assets


@derived(HOMES)
def _given_homes(t: Trace) -> np.ndarray:
    return t.frame.homes


@derived(VEHICLES)
def _given_vehicles(t: Trace) -> np.ndarray:
    return t.frame.vehicles
