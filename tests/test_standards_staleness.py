"""Stale standards: ``--max-age`` / ``Engine(max_age_days=…)`` refuse to pay on an amount from an old notice, and
``aidcalc standards coverage`` shows which divisions are stale on a day."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner

from aidcalc.cli import main
from aidcalc.engine.core import Engine
from aidcalc.errors import StaleStandard
from aidcalc.standards.coverage import stale_today
from aidcalc.standards.library import Library

ROOT = Path(__file__).parent.parent
FAMILY = ROOT / "examples" / "guangzhou-2021-family.json"
GZ_2024 = "standards/440100-guangzhou/2024-07-22-dibao-biaozhun-2024.toml"
STALE_MESSAGE = (
    f"dibao.standard.urban in force in 440106 天河区 on 2026-12-01 is from {GZ_2024}, effective 2024-07-22: 862 days "
    "old, more than the 400 days accepted (max age); no later notice is loaded"
)


#: the same, as a zh statement says it
STALE_REASON = (
    f"天河区（440106）在 2026-12-01 施行中的城市低保标准来自 2024-07-22 起执行的文件（{GZ_2024}），已 862 天，"
    "超过可接受的 400 天（最长时限），且未收录更新的文件"
)


def _family(on: str) -> dict[str, object]:
    return json.loads(FAMILY.read_text("utf-8")) | {"on": on}


def test_max_age_makes_an_old_standard_unknown() -> None:
    """With max age 400, the 2024 Guangzhou standard on 2026-12-01 is a StaleStandard naming file, age and limit."""
    lib = Library.load(use_env=False).with_max_age(400)
    got = lib.try_resolve("440106", dt.date(2026, 12, 1), "dibao.standard.urban")
    assert isinstance(got, StaleStandard)
    assert str(got) == STALE_MESSAGE
    assert (got.age_days, got.effective, got.path) == (862, dt.date(2024, 7, 22), GZ_2024)
    # within the age, or without the option, the value is used
    assert lib.resolve("440106", dt.date(2025, 7, 1), "dibao.standard.urban").money == 128200
    assert Library.load(use_env=False).resolve("440106", dt.date(2026, 12, 1), "dibao.standard.urban").money == 128200


def test_engine_refuses_to_pay_on_stale_standards() -> None:
    """A 低保 household on a stale standard is undetermined, paid nothing, with the reason; without the option it
    is paid."""
    stale = Engine(max_age_days=400).calculate(_family("2026-12-01")).benefit("dibao")
    assert (stale.status, str(stale.amount)) == ("undetermined", "0.00")
    assert [r.text for r in stale.reasons] == [STALE_REASON]
    assert Engine().calculate(_family("2026-12-01")).benefit("dibao").status == "eligible"


def test_check_and_batch_take_max_age(tmp_path: Path) -> None:
    """`aidcalc check --max-age` and `aidcalc batch --max-age` give the same undetermined 低保."""
    runner = CliRunner()
    checked = runner.invoke(main, ["check", str(FAMILY), "--on", "2026-12-01", "--max-age", "400", "--format", "json"],
                            env={"AIDCALC_STANDARDS": ""})
    assert checked.exit_code == 0, checked.output
    dibao = next(b for b in json.loads(checked.stdout)["benefits"] if b["code"] == "dibao")
    assert (dibao["status"], dibao["reasons"][0]["text"]) == ("undetermined", STALE_REASON)
    caseload = tmp_path / "in.jsonl"
    caseload.write_text(json.dumps(_family("2026-12-01"), ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out.csv"
    batched = runner.invoke(main, ["batch", str(caseload), "-o", str(out), "--max-age", "400"],
                            env={"AIDCALC_STANDARDS": ""})
    assert batched.exit_code == 0, batched.output
    import csv

    with out.open(encoding="utf-8", newline="") as f:
        fields = next(csv.DictReader(f))
    assert (fields["dibao_status"], fields["dibao_amount"]) == ("undetermined", "0.00")


def test_coverage_lists_stale_divisions() -> None:
    """`standards coverage --today` names each division whose required amounts are older than the threshold."""
    lib = Library.load(use_env=False)
    stale = stale_today(lib, on=dt.date(2026, 12, 3), divisions=["440106"])
    assert [(x.parameter, x.age_days) for x in stale][:2] == [("dibao.standard.urban", 864),
                                                              ("dibao.standard.rural", 864)]
    assert stale_today(lib, on=dt.date(2025, 1, 1), divisions=["440106"]) == []
    result = CliRunner().invoke(main, ["standards", "coverage", "--division", "440106", "--today", "2026-12-03",
                                       "--format", "json"], env={"AIDCALC_STANDARDS": ""})
    data = json.loads(result.stdout)["stale"]
    assert (data["today"], data["max_age_days"]) == ("2026-12-03", 400)
    assert data["values"][0] == {"division": "440106", "name": "天河区", "parameter": "dibao.standard.urban",
                                 "value": "1282.00", "effective": "2024-07-22", "path": GZ_2024, "age_days": 864}
