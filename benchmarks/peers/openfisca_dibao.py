"""Peer harness: the 低保 top-up rule written as an OpenFisca model, for side-by-side timing.

Rule: dibao = max(0, standard - floor(counted_income / size)) * size, in yuan/month,
with a per-member work-income disregard (flat amount) and dated standards.
Usage: python openfisca_dibao.py single N   -> N single-household calculations (case-system path)
       python openfisca_dibao.py batch N    -> one vectorized simulation of N households
Prints: mode, N, seconds, households/s, checksum.

The reference OpenFisca model of the 低保 rule, for aidcalc's benchmarks/bench_engine.py. The model and
its parameters are unchanged. Additions, marked "aidcalc:": ``--households FILE.npz`` reads the
households (arrays ``sizes``, ``work``, ``other``) instead of drawing them, so that aidcalc and
OpenFisca compute the same caseload; ``--write FILE.npz`` saves the households the script draws; and
the batch line also reports build and calculate seconds separately; ``--save FILE.npy`` (batch) writes
each household's amount after the timing.
"""
import sys, time
import numpy as np
from openfisca_core.entities import build_entity
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_core.variables import Variable
from openfisca_core.periods import DateUnit
from openfisca_core.simulation_builder import SimulationBuilder
from openfisca_core.parameters import ParameterNode

Household = build_entity(key="household", plural="households", label="Household",
                         roles=[{"key": "member", "plural": "members", "label": "Member"}])
Person = build_entity(key="person", plural="persons", label="Person", is_person=True)

class work_income(Variable):
    value_type = float; entity = Person; definition_period = DateUnit.MONTH; label = "work income"
class other_income(Variable):
    value_type = float; entity = Person; definition_period = DateUnit.MONTH; label = "other income"
class counted_income(Variable):
    value_type = float; entity = Person; definition_period = DateUnit.MONTH; label = "counted income"
    def formula(person, period, parameters):
        p = parameters(period).dibao
        return np.maximum(0, person("work_income", period) - p.work_disregard) + person("other_income", period)
class household_size(Variable):
    value_type = int; entity = Household; definition_period = DateUnit.MONTH; label = "size"
    def formula(household, period):
        return household.nb_persons()
class per_capita_income(Variable):
    value_type = float; entity = Household; definition_period = DateUnit.MONTH; label = "pci"
    def formula(household, period):
        return np.floor(household.sum(household.members("counted_income", period)) / household("household_size", period))
class dibao(Variable):
    value_type = float; entity = Household; definition_period = DateUnit.MONTH; label = "dibao"
    def formula(household, period, parameters):
        std = parameters(period).dibao.standard
        return np.maximum(0, std - household("per_capita_income", period)) * household("household_size", period)

def build_system():
    tbs = TaxBenefitSystem([Household, Person])
    tbs.add_variables(work_income, other_income, counted_income, household_size, per_capita_income, dibao)
    tbs.parameters = ParameterNode("", data={"dibao": {
        "standard": {"values": {"2020-01-01": 1080, "2021-07-01": 1120}},
        "work_disregard": {"values": {"2020-01-01": 300}},
    }})
    return tbs

def synthetic(n, seed=7):
    rng = np.random.default_rng(seed)
    sizes = rng.integers(1, 6, n)
    return sizes

def draw(n):
    rng = np.random.default_rng(7)
    sizes = rng.integers(1, 6, n)
    total_p = int(sizes.sum())
    work = rng.integers(0, 2000, total_p).astype(float)
    other = rng.integers(0, 500, total_p).astype(float)
    return sizes, work, other

def main():
    mode, n = sys.argv[1], int(sys.argv[2])
    opts = dict(zip(sys.argv[3::2], sys.argv[4::2]))  # aidcalc: --households FILE / --write FILE
    tbs = build_system()
    if "--households" in opts:
        data = np.load(opts["--households"])
        sizes, work, other = data["sizes"][:n], data["work"], data["other"]
        total_p = int(sizes.sum())
        work, other = work[:total_p].astype(float), other[:total_p].astype(float)
    else:
        sizes, work, other = draw(n)
        total_p = int(sizes.sum())
    if "--write" in opts:
        np.savez(opts["--write"], sizes=sizes, work=work, other=other)
        return
    period = "2021-08"
    t0 = time.perf_counter()
    checksum = 0.0
    if mode == "single":
        k = 0
        for i in range(n):
            s = int(sizes[i])
            persons = {f"p{j}": {"work_income": {period: work[k + j]}, "other_income": {period: other[k + j]}} for j in range(s)}
            k += s
            sim = SimulationBuilder().build_from_entities(tbs, {"persons": persons, "households": {"h": {"members": list(persons)}}})
            checksum += float(sim.calculate("dibao", period)[0])
    else:
        sb = SimulationBuilder()
        sb.create_entities(tbs)
        sb.declare_person_entity("person", [f"p{i}" for i in range(total_p)])
        hh = sb.declare_entity("household", [f"h{i}" for i in range(n)])
        ids = np.repeat(np.arange(n), sizes)
        sb.join_with_persons(hh, [f"h{i}" for i in ids], ["member"] * total_p)
        sim = sb.build(tbs)
        sim.set_input("work_income", period, work)
        sim.set_input("other_income", period, other)
        t_built = time.perf_counter()  # aidcalc: build vs calculate
        checksum = float(sim.calculate("dibao", period).sum())
    dt = time.perf_counter() - t0
    if mode == "batch" and "--save" in opts:  # aidcalc: per-household amounts, outside the timing
        np.save(opts["--save"], sim.calculate("dibao", period).astype(np.float64))
    extra = f" build_seconds={t_built - t0:.4f} calc_seconds={time.perf_counter() - t_built:.4f}" if mode == "batch" else ""
    print(f"{mode} n={n} seconds={dt:.4f} households_per_s={n/dt:.0f} checksum={checksum:.0f}{extra}")

if __name__ == "__main__":
    main()
