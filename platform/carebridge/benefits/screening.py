"""Screening a household: fast engines answer in the request, background ones in a job.

``start`` checks the household, computes its facts, runs every in-request engine and takes
background engines' answers from the cache (keyed by the household's canonical facts, the
month and the engine's rules version); what is not cached is queued as one job. A page keeps
the ``Screening`` (``as_dict``/``from_dict``) and calls ``refresh`` while it is ``working``.

``start`` may queue a job before the request commits: the job reads nothing from the database
and writes only the shared cache, so a rolled-back request leaves nothing behind but a cached
answer. (Jobs that act on stored data must be queued after the commit: ``carebridge.jobs``.)
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import Flask, current_app

from carebridge import jobs
from carebridge.benefits import facts as facts_mod
from carebridge.benefits import household as household_mod
from carebridge.benefits import poverty
from carebridge.benefits.engines import BenefitEngine, ScreeningContext, engines
from carebridge.benefits.household import Household
from carebridge.benefits.results import DISCLAIMER, ProgramResult, monthly_total
from carebridge.errors import CarebridgeError


@dataclass
class Screening:
    """A household's screening so far: results, and the engines still working in a job."""

    as_of: date
    household: Household
    programs: list[ProgramResult]
    poverty_guideline: dict | None
    job_id: str | None = None
    pending: tuple[str, ...] = ()
    errors: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return "working" if self.pending else "done"

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "as_of": self.as_of.isoformat(),
            "household": self.household.to_dict(),
            "programs": [p.as_dict() for p in self.programs],
            "poverty_guideline": self.poverty_guideline,
            "totals": {"likely_monthly_value": monthly_total(self.programs)},
            "job": self.job_id,
            "pending_engines": list(self.pending),
            "errors": self.errors,
            "disclaimer": DISCLAIMER,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Screening:
        return cls(as_of=date.fromisoformat(data["as_of"]),
                   household=Household.from_dict(data["household"]),
                   programs=[ProgramResult.from_dict(p) for p in data["programs"]],
                   poverty_guideline=data.get("poverty_guideline"), job_id=data.get("job"),
                   pending=tuple(data.get("pending_engines", ())),
                   errors=list(data.get("errors", ())))


def today(app: Flask) -> date:
    """The date where the agency is (a screening's default as-of date)."""
    return datetime.now(ZoneInfo(app.config["TIME_ZONE"])).date()


def context_for(app: Flask, household: Household, as_of: date,
                agency_programs: tuple = ()) -> ScreeningContext:
    facts = facts_mod.compute(household, as_of, poverty.for_app(app))
    return ScreeningContext(as_of, facts, tuple(agency_programs))


def start(household_data: object, *, as_of: date | None = None, agency_programs: tuple = (),
          agency_id: int | None = None, app: Flask | None = None) -> Screening:
    """Check the household and screen it; raises ``InvalidInput`` for a bad household."""
    app = app or current_app._get_current_object()
    as_of = as_of or today(app)
    household = household_mod.parse(household_data, as_of)
    context = context_for(app, household, as_of, agency_programs)
    queue = jobs.queue(app)
    programs: list[ProgramResult] = []
    pending: list[str] = []
    for engine in engines(app).values():
        if not engine.background:
            programs += engine.screen(household, context)
            continue
        cached = queue.recall(cache_key(engine, household, context))
        if cached is None:
            pending.append(engine.id)
        else:
            programs += [ProgramResult.from_dict(p) for p in cached]
    job_id = None
    if pending:
        job_id = queue.enqueue(screen_in_background, household.to_dict(), as_of.isoformat(),
                               pending, agency_id=agency_id)
    return Screening(as_of, household, _in_engine_order(app, programs),
                     _poverty_summary(context), job_id, tuple(pending))


def refresh(screening: Screening, *, agency_id: int | None = None,
            app: Flask | None = None) -> Screening:
    """Fold in the job's results once it has finished (unchanged while it works)."""
    if not screening.pending:
        return screening
    app = app or current_app._get_current_object()
    job = jobs.queue(app).get(screening.job_id, agency_id)
    if not job.finished:
        return screening
    programs = list(screening.programs)
    errors = list(screening.errors)
    if job.status == "done":
        programs += [ProgramResult.from_dict(p) for p in job.result["programs"]]
        errors += job.result.get("errors", [])
    else:
        errors += [{"engine": engine_id, "message": job.error} for engine_id in screening.pending]
    return Screening(screening.as_of, screening.household, _in_engine_order(app, programs),
                     screening.poverty_guideline, screening.job_id, (), errors)


def _in_engine_order(app: Flask, programs: list[ProgramResult]) -> list[ProgramResult]:
    """Programs grouped by engine in the app's engine order, whether cached or just computed."""
    rank = {engine_id: i for i, engine_id in enumerate(engines(app))}
    return sorted(programs, key=lambda p: rank.get(p.engine, len(rank)))


def cache_key(engine: BenefitEngine, household: Household, context: ScreeningContext) -> str:
    """Same engine and rules version, same facts, same month: same answer."""
    document = [engine.id, engine.rules_version(context), household.to_dict(),
                context.as_of.strftime("%Y-%m")]
    digest = hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()
    return f"benefits:{digest}"


def screen_in_background(household: dict, as_of: str, engine_ids: list[str]) -> dict:
    """The job: run background engines in the worker (warm there), caching each answer."""
    app = current_app._get_current_object()
    restored = Household.from_dict(household)
    context = context_for(app, restored, date.fromisoformat(as_of))
    queue = jobs.queue(app)
    table = engines(app)
    programs, errors = [], []
    for engine_id in engine_ids:
        engine = table.get(engine_id)
        if engine is None:
            errors.append({"engine": engine_id,
                           "message": f"The {engine_id} engine is not installed in the worker."})
            continue
        key = cache_key(engine, restored, context)
        answer = queue.recall(key)
        if answer is None:
            try:
                answer = [r.as_dict() for r in engine.screen(restored, context)]
            except CarebridgeError as exc:
                errors.append({"engine": engine_id, "message": exc.message})
                continue
            queue.remember(key, answer)
        programs += answer
    return {"programs": programs, "errors": errors}


def _poverty_summary(context: ScreeningContext) -> dict | None:
    values = context.facts.values
    if "poverty_guideline_year" not in values:
        return None
    percent = values.get("income_percent_of_poverty")
    return {"year": values["poverty_guideline_year"],
            "annual_amount": values["poverty_guideline"],
            "household_size": values["household_size"],
            "percent": None if percent is None else round(percent, 1)}


def screen_now(household: Household, context: ScreeningContext,
               app: Flask) -> list[ProgramResult]:
    """Every engine in this process, background ones included (the CLI and tests)."""
    results = []
    for engine in engines(app).values():
        results += engine.screen(household, context)
    return results
