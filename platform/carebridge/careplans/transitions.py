"""Care transitions as a service: start one from its checklist template, tick items, and
complete it — a case closure asks for a reason, closes the client and closes or hands over open
tasks — with a handoff summary generated from the record (never retyped)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.careplans import care_team, monitoring, reminders
from carebridge.careplans.casework import CLOSURE, COMPLETED, IN_PROGRESS, Transition
from carebridge.careplans.models import ACTIVE, PLAN_ACTIVE, PLAN_CLOSED, PROPOSED, CarePlan
from carebridge.careplans.tasks import open_tasks
from carebridge.clients.models import CLOSED, OPEN_NEED_STATUSES, Client, ClientNeed
from carebridge.db import utcnow
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.forms.models import FormDefinition, FormVersion, Submission
from carebridge.i18n import _

TEMPLATES = json.loads((Path(__file__).parent / "transitions.json").read_text(encoding="utf-8"))
KINDS = tuple(TEMPLATES)
CANCEL_TASKS = "cancelled"
HAND_OVER = "handed_over"


def label(kind: str, language: str = "en") -> str:
    names = TEMPLATES.get(kind, {}).get("label", {})
    return names.get(language) or names.get("en") or kind


def start(session: Session, client: Client, data: dict, *, user: User,
          via: str = "web") -> Transition:
    kind = data.get("kind")
    if kind not in TEMPLATES:
        raise InvalidInput(_("Choose the kind of transition."),
                           [Problem("/kind", _("Choose one of: %(options)s.",
                                               options=", ".join(KINDS)))])
    receiving = data.get("receiving") if isinstance(data.get("receiving"), str) else ""
    transition = Transition(client_id=client.id, kind=kind, status=IN_PROGRESS,
                            receiving=receiving.strip()[:300], created_by_id=user.id,
                            checklist=[{"item": item, "done": False, "at": None, "by": None}
                                       for item in TEMPLATES[kind]["checklist"]])
    transition.agency_id = client.agency_id
    session.add(transition)
    session.flush()
    audit.record(session, audit.CREATE, transition, user_id=user.id, via=via)
    return transition


def get_transition(session: Session, transition_id: object) -> Transition:
    try:
        found = session.get(Transition, int(transition_id))
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound(_("No such transition."))
    return found


def tick(session: Session, transition: Transition, index: object, done: bool, *, user: User,
         via: str = "web") -> Transition:
    if transition.status != IN_PROGRESS:
        raise Conflict(_("The transition is completed."))
    try:
        position = int(index)
        item = dict(transition.checklist[position])
    except (TypeError, ValueError, IndexError):
        raise InvalidInput(_("No such checklist item."),
                           [Problem("/item", _("No such checklist item."))]) from None
    item.update(done=bool(done), at=utcnow().isoformat() if done else None,
                by=user.id if done else None)
    checklist = list(transition.checklist)
    checklist[position] = item
    transition.checklist = checklist  # a new list: the JSON column sees the change
    audit.record(session, audit.UPDATE, transition, user_id=user.id, via=via)
    return transition


def complete(session: Session, transition: Transition, data: dict, *, user: User,
             via: str = "web") -> Transition:
    """Complete the transition. A case closure needs a reason; open tasks are cancelled, or
    handed over to ``hand_over_to`` (a worker) — the client is closed and active plans too."""
    if transition.status != IN_PROGRESS:
        raise Conflict(_("The transition is already completed."))
    problems: list[Problem] = []
    reason = data.get("reason") if isinstance(data.get("reason"), str) else ""
    reason = reason.strip()[:500]
    if transition.kind == CLOSURE and not reason:
        problems.append(Problem("/reason", _("Say why the case is closed.")))
    tasks_outcome = data.get("tasks", CANCEL_TASKS)
    handed_to = None
    if tasks_outcome == HAND_OVER:
        try:
            handed_to = session.get(User, int(data.get("hand_over_to")))
        except (TypeError, ValueError):
            handed_to = None
        if handed_to is None or not handed_to.is_active:
            problems.append(Problem("/hand_over_to", _("Choose the worker who takes the tasks.")))
    elif tasks_outcome != CANCEL_TASKS:
        problems.append(Problem("/tasks", _("Close the open tasks or hand them over.")))
    if problems:
        raise InvalidInput(_("The transition cannot be completed yet."), problems)
    client = transition.client
    moved = open_tasks(session, client_id=client.id)
    for task in moved:
        if handed_to is not None:
            task.owner_id = handed_to.id
            task.note = (task.note + "\n" if task.note else "") + _(
                "Handed over on transition: %(kind)s", kind=label(transition.kind))
        else:
            task.status, task.status_changed_at = "cancelled", utcnow()
            task.note = (task.note + "\n" if task.note else "") + _(
                "Closed on transition: %(kind)s", kind=label(transition.kind))
    transition.status, transition.completed_at = COMPLETED, utcnow()
    transition.reason, transition.tasks_outcome = reason, tasks_outcome
    transition.handed_to_id = handed_to.id if handed_to else None
    if transition.kind == CLOSURE:
        client.status, client.closed_reason, client.closed_at = CLOSED, reason, utcnow()
        if handed_to is not None:
            client.care_manager_id = handed_to.id
        for plan in session.scalars(select(CarePlan).where(CarePlan.client_id == client.id,
                                                           CarePlan.status == PLAN_ACTIVE)):
            plan.status = PLAN_CLOSED
    audit.record(session, audit.UPDATE, transition, user_id=user.id, via=via,
                 detail={"completed": True, "tasks": tasks_outcome, "count": len(moved)})
    return transition


def of_client(session: Session, client: Client) -> list[Transition]:
    return list(session.scalars(select(Transition).where(Transition.client_id == client.id)
                                .order_by(Transition.created_at.desc())))


# The handoff summary

MEDICATION_WORDS = ("medication", "medicine", "medicamento")


def handoff_summary(session: Session, client: Client) -> dict:
    """What the receiving team needs, from the record: current needs, active goals, open
    referrals, recent scores, medications and contacts where forms collect them, consent."""
    needs = session.scalars(select(ClientNeed).where(ClientNeed.client_id == client.id,
                                                     ClientNeed.status.in_(OPEN_NEED_STATUSES)))
    goals = []
    for plan in session.scalars(select(CarePlan).where(CarePlan.client_id == client.id,
                                                       CarePlan.status == PLAN_ACTIVE)):
        goals += [{"plan": plan.title, "statement": g.statement, "status": g.status,
                   "target_date": g.target_date.isoformat() if g.target_date else None,
                   "measurable_outcome": g.measurable_outcome}
                  for g in plan.goals if g.status in (PROPOSED, ACTIVE)]
    scores = []
    for series in monitoring.score_series(session, client):
        last = series.points[-1]
        scores.append({"form": series.form_title, "score": series.label, "value": last.value,
                       "band": last.band, "at": last.at.isoformat(),
                       "change_since_first": series.change_since_first,
                       "reliable_change": series.judged(series.change_since_first)})
    submissions = list(session.scalars(select(Submission).where(
        Submission.client_id == client.id).order_by(Submission.created_at)))
    return {
        "client": {"id": client.id, "name": client.display_name,
                   "birth_date": client.birth_date.isoformat() if client.birth_date else None,
                   "preferred_language": client.preferred_language, "phone": client.phone,
                   "email": client.email, "status": client.status},
        "needs": [{"code": n.code, "label": n.label, "status": n.status} for n in needs],
        "active_goals": goals,
        "open_referrals": _open_referrals(session, client),
        "recent_scores": scores,
        "medications": _medications(submissions),
        "contacts": [{"name": m.name, "role": m.role, "organization": m.organization,
                      "phone": m.phone, "email": m.email, "may_share": m.may_share}
                     for m in care_team.team_of(session, client)],
        "consent": _consent(session, submissions, client),
        "generated_at": utcnow().isoformat(),
    }


def _open_referrals(session: Session, client: Client) -> list[dict] | None:
    """Open referrals when the referrals feature is installed (None when it is not)."""
    if importlib.util.find_spec("carebridge.referrals") is None:
        return None
    from carebridge.referrals.models import OPEN_STATUSES, Referral

    rows = session.scalars(select(Referral).where(Referral.client_id == client.id,
                                                  Referral.status.in_(OPEN_STATUSES)))
    return [{"service": (r.service or {}).get("name", r.service_id), "status": r.status,
             "needs": r.needs, "follow_up_on": r.follow_up_on.isoformat()
             if r.follow_up_on else None} for r in rows]


def _medications(submissions: list[Submission]) -> list[dict]:
    """Answers whose field names speak of medications, in any of the client's submissions."""
    found = []

    def walk(node, path, submission):
        if isinstance(node, dict):
            for key, value in node.items():
                if any(word in key.lower() for word in MEDICATION_WORDS) and value not in (
                        None, "", [], {}):
                    found.append({"field": "/".join([*path, key]), "value": value,
                                  "form": submission.form_version.definition.title,
                                  "at": submission.created_at.isoformat()})
                else:
                    walk(value, [*path, key], submission)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                walk(item, [*path, str(index)], submission)

    for submission in submissions:
        walk(submission.data, [], submission)
    return found


def _consent(session: Session, submissions: list[Submission], client: Client) -> dict:
    consent_versions = set(session.scalars(select(FormVersion.id).join(
        FormDefinition, FormDefinition.id == FormVersion.definition_id).where(
        FormDefinition.kind == "consent")))
    signed = [s for s in submissions if s.form_version_id in consent_versions]
    return {"forms_on_file": [{"form": s.form_version.definition.title,
                               "at": s.created_at.isoformat()} for s in signed],
            "reminders": reminders.consents(session, client)}
