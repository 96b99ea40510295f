"""The PolicyEngine US engine: federal and state rules, loaded once per worker process.

Importing ``policyengine_us`` takes about a minute and a gigabyte: it happens only here, in
``warm_up`` or the first ``screen``, which run in a job worker (``background = True``), never
in a web request. One screening is one simulation holding a household per way the unknown
answers could go (see ``situation``); a program whose answer differs between them is
``unknown`` and names the answers that made the difference.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import itertools
import re
import threading
import time
import warnings
from datetime import date

from carebridge.plugin_api import (
    EXPENSES,
    N_,
    EstimatedValue,
    Facts,
    Household,
    Member,
    ProgramResult,
    Reason,
    ScreeningContext,
    field_phrase,
    lazy_gettext,
)
from carebridge_benefits_policyengine import situation as situations
from carebridge_benefits_policyengine.programs import PROGRAMS, Program

ENGINE_ID = "policyengine-us"


class PolicyEngineUS:
    """The engine; its ``rules_version`` is the installed policyengine-us version."""

    id = ENGINE_ID
    name = lazy_gettext("PolicyEngine US (federal and state rules)")
    background = True

    def __init__(self):
        self._lock = threading.Lock()
        self._simulation_class = None

    def rules_version(self, context=None) -> str:
        # Read from the package's metadata: asking never imports the engine.
        return f"policyengine-us {importlib.metadata.version('policyengine-us')}"

    def warm_up(self) -> float:
        """Import the rules and screen a small family for every program, so that the first
        real screening finds parameters and formulas loaded; return the seconds it took."""
        started = time.monotonic()
        known = {"pregnant": False, "disabled": False, "student": False,
                 "immigration_status": "citizen", "income": {}}
        family = Household(state="CA", members=(Member("self", 30, **known),
                                                 Member("child", 3, **known)),
                           expenses={name: 0 for name in EXPENSES})
        self.screen(family, ScreeningContext(date.today(), Facts({})))
        return time.monotonic() - started

    def _load(self):
        with self._lock:
            if self._simulation_class is None:
                from policyengine_us import Simulation

                self._simulation_class = Simulation
            return self._simulation_class

    def screen(self, household, context) -> list[ProgramResult]:
        version = self.rules_version()
        programs = [p for p in PROGRAMS if p.applies_in(household.state)]
        essential = situations.essential_unknowns(household)
        if essential:
            return [_unknown_without_running(p, household, essential, version) for p in programs]
        found = situations.unknowns(household)
        chosen = situations.scenarios(found)
        year, month = context.as_of.year, context.as_of.strftime("%Y-%m")
        simulation_class = self._load()
        with self._lock, _quiet():  # one simulation at a time per process: shared rules
            simulation = simulation_class(
                situation=situations.situation(household, year, chosen))
            readings = {p.id: _read(simulation, p, household, len(chosen), year, month)
                        for p in programs}
        return [_result(p, readings[p.id], chosen, household, context, version)
                for p in programs]


@contextlib.contextmanager
def _quiet():
    """PolicyEngine's numeric code divides by zero where it then picks the other branch
    (numpy warns); its dependencies warn about their own deprecations. Neither is ours."""
    with warnings.catch_warnings():
        for category in (RuntimeWarning, DeprecationWarning, FutureWarning, UserWarning):
            warnings.simplefilter("ignore", category)
        yield


def _read(simulation, program: Program, household, count: int, year: int, month: str):
    """Per scenario: (eligible, amount per ``program.period``, people eligible, checks failed)."""
    period = month if program.computed == "month" else year
    size = len(household.members)
    amounts = _per_scenario(simulation, program.amount, period, count, size)
    if program.eligible:
        flags = _per_scenario(simulation, program.eligible, period, count, size, boolean=True)
    else:
        names = program.eligible_amounts or (program.amount,)
        totals = [_per_scenario(simulation, name, period, count, size) for name in names]
        flags = [[any(t[n][i] > 0 for t in totals) for i in range(len(totals[0][n]))]
                 for n in range(count)]
    system = simulation.tax_benefit_system.variables
    failed = []
    for variable, sentence in program.checks:
        if variable in system:
            values = _per_scenario(simulation, variable, period, count, size, boolean=True)
            failed.append([(sentence if not any(v) else None) for v in values])
    readings = []
    for n in range(count):
        amount = sum(amounts[n])
        if program.computed == "year" and program.period == "month":
            amount /= 12
        people = [i for i, v in enumerate(flags[n]) if v] if len(flags[n]) == size else []
        reasons = [f[n] for f in failed if f[n]]
        readings.append((any(flags[n]), round(float(amount), 2), people, reasons))
    return readings


_SCENARIO = re.compile(r"^s(\d+)")


def _per_scenario(simulation, variable: str, period, count: int, size: int,
                  boolean: bool = False) -> list[list]:
    """A variable's values grouped by scenario (ids ``s{n}…``): per person, or per unit."""
    values = simulation.calculate(variable, period).tolist()
    entity = simulation.tax_benefit_system.variables[variable].entity.key
    chunks: list[list] = [[] for _ in range(count)]
    for unit_id, value in zip(simulation.populations[entity].ids, values, strict=True):
        chunks[int(_SCENARIO.match(unit_id).group(1))].append(bool(value) if boolean else value)
    return chunks


# Reasons are kept as messages (marked with N_, in the core's catalog) and said in the
# reader's language when shown; a worker screens in English whoever reads the result later.
ESTIMATED = {"month": N_("Estimated %(amount)s a month."),
             "year": N_("Estimated %(amount)s a year."),
             "once": N_("Estimated %(amount)s.")}
RANGE = {"month": N_("At least %(low)s a month, up to %(high)s depending on %(answers)s."),
         "year": N_("At least %(low)s a year, up to %(high)s depending on %(answers)s."),
         "once": N_("At least %(low)s, up to %(high)s depending on %(answers)s.")}


def _result(program: Program, readings, chosen, household, context, version) -> ProgramResult:
    eligible = {r[0] for r in readings}
    base = {"id": program.id, "name": program.name_in(household.state), "engine": ENGINE_ID,
            "rules_version": version}
    if len(eligible) > 1:
        deciding = _deciding(chosen, [r[0] for r in readings])
        text = (N_("The answer depends on %(answers)s, which is not known.") if len(deciding) == 1
                else N_("The answer depends on %(answers)s, which are not known."))
        return ProgramResult(status="unknown", missing=tuple(deciding), reasons=(
            Reason(text, {"answers": _words(household, deciding)}),), **base)
    rules = {"state": household.state, "year": context.as_of.year}
    if not eligible.pop():
        reasons = [Reason(sentence) for sentence in
                   dict.fromkeys(r for reading in readings for r in reading[3])]
        reasons.append(Reason(N_("Not eligible under the %(state)s rules modelled for "
                                 "%(year)s."), rules))
        reasons += _poverty_context(context)
        return ProgramResult(status="likely_ineligible", reasons=tuple(reasons), **base)
    amounts = [r[1] for r in readings]
    reasons = []
    people = readings[0][2]
    if people and len(household.members) > 1:
        who = [field_phrase(household, f"/members/{i}") for i in people]
        reasons.append(Reason(N_("Likely eligible: %(people)s."), {"people": Reason.words(who)}))
    else:
        reasons.append(Reason(N_("Likely eligible under the %(state)s rules modelled for "
                                 "%(year)s."), rules))
    value = None
    missing: list[str] = []
    if max(amounts) > 0:
        low = min(amounts)
        value = EstimatedValue(low, program.period)
        if max(amounts) - low >= 1:
            missing = _deciding(chosen, amounts)
            reasons.append(Reason(RANGE[program.period], {
                "low": Reason.dollars(round(low)), "high": Reason.dollars(round(max(amounts))),
                "answers": _words(household, missing)}))
        else:
            reasons.append(Reason(ESTIMATED[program.period],
                                  {"amount": Reason.dollars(round(low))}))
    if program.note:
        reasons.append(Reason(program.note))
    reasons += _poverty_context(context)
    return ProgramResult(status="likely_eligible", reasons=tuple(reasons),
                         missing=tuple(missing), estimated_value=value, **base)


def _deciding(chosen: list[dict], outcomes: list) -> list[str]:
    """The unknown answers whose value alone changes an outcome (all of them if none does)."""
    deciding = set()
    for (a, out_a), (b, out_b) in itertools.combinations(zip(chosen, outcomes,
                                                             strict=True), 2):
        differing = [k for k in a if a[k] != b[k]]
        if len(differing) == 1 and out_a != out_b:
            deciding.add(differing[0])
    return sorted(deciding or set(chosen[0]))


def _words(household, pointers) -> dict:
    return Reason.words(field_phrase(household, p) for p in pointers)


def _poverty_context(context) -> list[Reason]:
    percent = context.facts.values.get("income_percent_of_poverty")
    if percent is None:
        return []
    return [Reason(N_("Household income is %(percent)s of the %(year)s poverty guideline."),
                   {"percent": Reason.percent(round(percent)),
                    "year": context.facts.poverty_year})]


def _unknown_without_running(program: Program, household, missing, version) -> ProgramResult:
    text = (N_("These rules need everyone's age and income; %(answers)s is not known.")
            if len(missing) == 1
            else N_("These rules need everyone's age and income; %(answers)s are not known."))
    return ProgramResult(
        id=program.id, name=program.name_in(household.state), status="unknown",
        engine=ENGINE_ID, rules_version=version, missing=tuple(missing),
        reasons=(Reason(text, {"answers": _words(household, missing)}),))
