"""Time the PolicyEngine US engine as a worker meets it: the import, the warm-up, then
households one after another (every answer known, and with unknowns that multiply the
scenarios), against the in-request agency rules measured in the same run."""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from carebridge.benefits import facts, household, poverty, programs  # noqa: E402
from carebridge.benefits.engines import ScreeningContext  # noqa: E402

AS_OF = date(2025, 3, 1)
KNOWN = {"pregnant": False, "disabled": False, "student": False,
         "immigration_status": "citizen"}


def households():
    for earnings in (0, 900, 1800, 2700, 3600, 6000):
        yield {"state": "CA", "county": "San Mateo",
               "members": [{"relationship": "self", "age": 34, "income": {"employment": earnings},
                            **KNOWN},
                           {"relationship": "child", "age": 3, "income": {}, **KNOWN},
                           {"relationship": "child", "age": 8, "income": {}, **KNOWN}],
               "expenses": {"rent": 1400, "utilities": 120, "child_care": 0, "medical": 0}}


def with_unknowns(data):
    data = {**data, "expenses": {"utilities": 120}}  # rent unknown
    data["members"] = [{**data["members"][0], "pregnant": None}, *data["members"][1:]]
    return data


def context(data):
    parsed = household.parse(data, AS_OF)
    table = poverty.PovertyGuidelines.load(poverty.SHIPPED)
    return parsed, ScreeningContext(AS_OF, facts.compute(parsed, AS_OF, table))


def timed(engine, cases, rounds=1):
    seconds = []
    for _ in range(rounds):
        for data in cases:
            parsed, ctx = context(data)
            started = time.perf_counter()
            engine.screen(parsed, ctx)
            seconds.append(time.perf_counter() - started)
    return seconds


def main() -> None:
    agency = programs.AgencyProgramsEngine()
    rule_programs = programs.parse_all([
        {"id": f"p{i}", "name": f"Program {i}",
         "rule": {"properties": {"income_percent_of_poverty": {"maximum": 100 + 25 * i},
                                 "children_under_18": {"minimum": 1}}}}
        for i in range(20)])
    agency_seconds = []
    for data in list(households()) * 5:
        parsed, ctx = context(data)
        ctx = ScreeningContext(ctx.as_of, ctx.facts, rule_programs)
        started = time.perf_counter()
        agency.screen(parsed, ctx)
        agency_seconds.append(time.perf_counter() - started)

    started = time.perf_counter()
    from carebridge_benefits_policyengine.engine import PolicyEngineUS

    engine = PolicyEngineUS()
    engine._load()
    imported = time.perf_counter() - started
    started = time.perf_counter()
    engine.warm_up()
    warmed = time.perf_counter() - started
    known = timed(engine, list(households()))
    unknown = timed(engine, [with_unknowns(d) for d in households()])
    print(f"policyengine-us import:             {imported:7.1f} s")
    print(f"warm-up (first small household):    {warmed:7.1f} s")
    print(f"household, all answers known:       {statistics.median(known):7.2f} s median "
          f"({min(known):.2f}–{max(known):.2f})")
    print(f"household, 2 unknowns (4 variants): {statistics.median(unknown):7.2f} s median "
          f"({min(unknown):.2f}–{max(unknown):.2f})")
    print(f"agency rules, 20 programs:          {statistics.median(agency_seconds) * 1000:7.1f} ms"
          " median")


if __name__ == "__main__":
    main()
