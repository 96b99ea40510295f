"""Screenings kept on a client's file: run one (or find the same one already run), follow its
background engines, read it back, and turn "will apply" into a need on the client's file.

A screening is cached per household facts and rules version: running the same household again
in the same month with the same rules (agency programs, poverty table, engine versions) answers
with the stored screening instead of a new one. Change a fact or a rule and it runs again.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.benefits import catalog, screening
from carebridge.benefits import household as household_mod
from carebridge.benefits.engines import engines
from carebridge.benefits.models import DONE, WORKING, BenefitScreening
from carebridge.errors import NotFound
from carebridge.i18n import _

log = logging.getLogger(__name__)


def fingerprint(app: Flask, household_data: object, as_of: date,
                agency_programs: tuple) -> tuple[household_mod.Household, str, dict, str]:
    """Check the household; return it, its key (facts and month), each engine's rules version
    and one digest of them. Asking an engine its version never loads it."""
    household = household_mod.parse(household_data, as_of)
    context = screening.context_for(app, household, as_of, agency_programs)
    versions = {engine_id: engine.rules_version(context)
                for engine_id, engine in engines(app).items()}
    document = household.to_dict()
    # The order people are listed in decides nothing: the same people are the same household
    # (the form lists the client first; the API takes them in any order).
    document["members"] = sorted(document["members"], key=_canonical)
    key = _digest([document, as_of.strftime("%Y-%m")])
    return household, key, versions, _digest(versions)


def _canonical(document: object) -> str:
    return json.dumps(document, sort_keys=True)


def _digest(document: object) -> str:
    return hashlib.sha256(_canonical(document).encode()).hexdigest()


def run(session: Session, household_data: object, *, agency_id: int, user_id: int | None,
        via: str = "web", client_id: str | None = None, as_of: date | None = None,
        submission_id: str | None = None, app: Flask | None = None) -> BenefitScreening:
    """Screen a household for the agency (and client, when given) and keep the screening.
    The same household, month and rules as a kept screening of the same client answer with
    that one (``reused`` is set on it). Raises ``InvalidInput`` for a bad household."""
    app = app or current_app._get_current_object()
    as_of = as_of or screening.today(app)
    agency_programs = catalog.agency_programs(session)
    household, key, versions, rules_version = fingerprint(app, household_data, as_of,
                                                          agency_programs)
    kept = session.scalar(
        select(BenefitScreening)
        .where(BenefitScreening.household_key == key,
               BenefitScreening.rules_version == rules_version,
               BenefitScreening.client_id.is_(None) if client_id is None
               else BenefitScreening.client_id == client_id)
        .order_by(BenefitScreening.created_at.desc()).limit(1))
    if kept is not None and not _failed(kept):
        kept.reused = True
        audit.record(session, audit.READ, kept, user_id=user_id, via=via)
        return refresh(session, kept, app=app)
    found = screening.start(household.to_dict(), as_of=as_of, agency_programs=agency_programs,
                            agency_id=agency_id, app=app)
    row = BenefitScreening(client_id=client_id, household=found.household.to_dict(),
                           household_key=key, as_of=as_of, engines=versions,
                           rules_version=rules_version, submission_id=submission_id,
                           created_by_id=user_id)
    _store(row, found)
    session.add(row)
    session.flush()
    row.reused = False
    audit.record(session, audit.CREATE, row, user_id=user_id, via=via)
    log.info("benefit screening run", extra={"screening_id": row.id, "status": row.status})
    return row


def _failed(row: BenefitScreening) -> bool:
    return bool(row.result.get("errors"))


def _store(row: BenefitScreening, found: screening.Screening) -> None:
    data = found.as_dict()
    data.pop("household")
    row.result = data
    row.status = DONE if found.status == "done" else WORKING
    row.poverty_year = (found.poverty_guideline or {}).get("year")


def as_screening(row: BenefitScreening) -> screening.Screening:
    return screening.Screening.from_dict({**row.result, "household": row.household})


def refresh(session: Session, row: BenefitScreening, *,
            app: Flask | None = None) -> BenefitScreening:
    """Fold in the background engines' answers once their job has finished."""
    if row.status != WORKING:
        return row
    app = app or current_app._get_current_object()
    try:
        updated = screening.refresh(as_screening(row), agency_id=row.agency_id, app=app)
    except NotFound:
        # The queue forgot the job (purged, or a new queue file): say so, keep what we have.
        current = as_screening(row)
        updated = screening.Screening(current.as_of, current.household, current.programs,
                                      current.poverty_guideline, current.job_id, (),
                                      [*current.errors, *({"engine": e, "message": _(
                                          "The background screening was lost; run it again.")}
                                          for e in current.pending)])
    if updated.status != "working":
        chosen = row.result.get("chosen", {})
        _store(row, updated)
        if chosen:
            row.result = {**row.result, "chosen": chosen}
    return row


def get_screening(session: Session, screening_id: str, *, client_id: str | None = None,
                  user_id: int | None, via: str = "web", audited: bool = True
                  ) -> BenefitScreening:
    """The agency's screening (of ``client_id`` when given); any other is ``NotFound``."""
    row = session.get(BenefitScreening, screening_id) if isinstance(screening_id, str) else None
    if row is None or (client_id is not None and row.client_id != client_id):
        raise NotFound(_("No such screening."))
    if audited:
        audit.record(session, audit.READ, row, user_id=user_id, via=via)
    return row


def screenings_of(session: Session, client_id: str, limit: int | None = None
                  ) -> list[BenefitScreening]:
    """The client's screenings, newest first."""
    query = (select(BenefitScreening).where(BenefitScreening.client_id == client_id)
             .order_by(BenefitScreening.created_at.desc()))
    if limit:
        query = query.limit(limit)
    return list(session.scalars(query))


def rules_changed(session: Session, row: BenefitScreening, *, app: Flask | None = None) -> bool:
    """Whether running the same household again now would use other rules (a program edited,
    a new poverty table, an engine upgraded): the page then offers to run it again."""
    app = app or current_app._get_current_object()
    as_of = screening.today(app)
    try:
        # The stored canonical household is a valid API household (nulls are "don't know").
        *_ignored, rules_version = fingerprint(app, row.household, as_of,
                                               catalog.agency_programs(session))
    except Exception:  # a household stored under older rules of the schema: run it again
        return True
    return rules_version != row.rules_version or as_of.strftime("%Y-%m") != \
        row.as_of.strftime("%Y-%m")


def choose(session: Session, client, row: BenefitScreening, program_id: str, *, user,
           via: str = "web"):
    """The client will apply for ``program_id``: a need on their file and, where they have an
    active care plan, a goal (``needs.Chosen``)."""
    from carebridge.benefits import needs

    if row.client_id != client.id:
        raise NotFound(_("No such screening."))
    result = next((p for p in row.result.get("programs", []) if p["id"] == program_id), None)
    if result is None:
        raise NotFound(_("No such program in this screening."))
    chosen = needs.will_apply(session, client, row, result, user=user, via=via)
    row.result = {**row.result,
                  "chosen": {**row.result.get("chosen", {}), program_id: chosen.need.id}}
    return chosen
