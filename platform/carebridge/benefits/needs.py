"""A program the client will apply for becomes a need on their file (through the clients'
needs service: one open need per need code, so an open "food" need is the one CalFresh serves)
and a goal in their active care plan ("Apply for CalFresh (SNAP)", due in a month)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy.orm import Session

from carebridge.benefits.apply_places import place_for
from carebridge.benefits.results import program_name
from carebridge.clients import needs as needs_service
from carebridge.clients.models import ClientNeed
from carebridge.i18n import _
from carebridge.i18n import lazy_gettext as _l

log = logging.getLogger(__name__)

STATUS_WORDS = {"likely_eligible": _l("likely eligible"), "unknown": _l("not known yet"),
                "likely_ineligible": _l("likely not eligible")}
#: When the goal of applying is due, counted from the day the client says they will apply.
APPLY_WITHIN = timedelta(days=30)


@dataclass
class Chosen:
    """What "will apply" left on the client's file."""

    need: ClientNeed
    need_added: bool
    goal: object | None = None  # carebridge.careplans.models.Goal, when a plan is active


def label_for(result: dict) -> str:
    return _("Apply for %(program)s", program=program_name(result))


def note_for(row, result: dict) -> str:
    value = result.get("estimated_value")
    worth = ""
    if value:
        amount = f"{value['amount']:,.0f}"
        worth = " " + {"month": _("Estimated $%(amount)s a month.", amount=amount),
                       "year": _("Estimated $%(amount)s a year.", amount=amount)}.get(
            value["period"], _("Estimated $%(amount)s once.", amount=amount))
    return _("%(label)s: benefits screening of %(day)s, %(status)s.", label=label_for(result),
             day=row.as_of.isoformat(), status=STATUS_WORDS[result["status"]]) + worth


def will_apply(session: Session, client, row, result: dict, *, user,
               via: str = "web") -> Chosen:
    """The need (the open one of the program's need code, else a new one) and the care plan
    goal for applying to ``result``'s program."""
    code = place_for(session, result["id"]).need_code
    need = needs_service.open_need(session, client.id, code)
    added = need is None
    if added:
        need = needs_service.add_need(session, client, code, user_id=user.id,
                                      note=note_for(row, result), via=via)
    goal = _goal(session, client, result, code, user=user, via=via)
    log.info("will apply from a benefits screening",
             extra={"need_id": need.id, "screening_id": row.id,
                    "goal_id": getattr(goal, "id", None)})
    return Chosen(need, added, goal)


def _goal(session: Session, client, result: dict, code: str, *, user, via: str):
    """A goal of applying in the client's latest active care plan (its own if already there)."""
    from carebridge.benefits.screening import today
    from carebridge.careplans import service as careplans
    from carebridge.careplans.models import ACTIVE, PLAN_ACTIVE, PROPOSED

    plan = next((p for p in careplans.plans_of(session, client) if p.status == PLAN_ACTIVE),
                None)
    if plan is None:
        return None
    statement = label_for(result)
    for goal in plan.goals:
        if goal.statement == statement and goal.status in (PROPOSED, ACTIVE):
            return goal
    from flask import current_app

    due = max(today(current_app) + APPLY_WITHIN, plan.start_date)
    return careplans.add_goal(session, plan, {
        "statement": statement, "need": code,
        "measurable_outcome": _("The application is submitted."),
        "target_date": due.isoformat(), "status": ACTIVE}, user=user, via=via)
