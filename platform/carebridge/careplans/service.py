"""Care plans as a service: make one from a template, change its goals, tasks and dates under
the date rules, sign it off — every change kept as a new version of the plan."""

from __future__ import annotations

import logging
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.careplans import templates
from carebridge.careplans.models import (
    BY_HAND,
    FROM_PLAN,
    FROM_REFERRAL,
    GOAL_STATUSES,
    PLAN_STATUSES,
    PROPOSED,
    RESPONSIBLE,
    SIGNATURE_KINDS,
    SIGNED_VERBAL,
    TASK_STATUSES,
    TODO,
    CarePlan,
    Goal,
    GoalNote,
    PlanVersion,
    Task,
)
from carebridge.clients.models import OPEN_NEED_STATUSES, Client, ClientNeed
from carebridge.db import utcnow
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms.service import today
from carebridge.i18n import _

log = logging.getLogger(__name__)

MAX_TEXT = 4000
#: The task that brings the plan's review date to the care manager's list.
REVIEW = "review"


def create_plan(session: Session, client: Client, template_slug: object, *, user: User,
                start: date | None = None, from_open_needs: bool = False,
                via: str = "web") -> CarePlan:
    """A plan for ``client`` from the template: its goals, tasks (due N days after ``start``,
    today by default) and review date; with ``from_open_needs`` a goal per open need."""
    version = templates.template_version(session, template_slug)
    start = start or today()
    needs = None
    labels = {}
    if from_open_needs:
        open_needs = list(session.scalars(select(ClientNeed).where(
            ClientNeed.client_id == client.id, ClientNeed.status.in_(OPEN_NEED_STATUSES))
            .order_by(ClientNeed.identified_at)))
        if not open_needs:
            raise InvalidInput(_("The client has no open needs to plan for."),
                               [Problem("/from_open_needs", _("Record a need first, or start "
                                                              "from the template's needs."))])
        needs = [need.code for need in open_needs]
        labels = {need.code: need.label for need in open_needs}
    planned = templates.plan_from(version.document, start, needs, labels)
    owner_id = client.care_manager_id or user.id
    plan = CarePlan(client_id=client.id, form_version_id=version.id,
                    template_slug=version.definition.slug, title=version.definition.title,
                    start_date=start, review_date=planned.review_date, needs=planned.needs,
                    reassessments=planned.reassessments, created_by_id=user.id)
    plan.agency_id = client.agency_id
    session.add(plan)
    for position, item in enumerate(planned.goals):
        goal = Goal(plan=plan, position=position, need=item.need, statement=item.statement,
                    measurable_outcome=item.measurable_outcome, target=item.target,
                    target_date=item.target_date, interventions=item.interventions,
                    status=PROPOSED)
        goal.agency_id = client.agency_id
        session.add(goal)
        for task in item.tasks:
            _new_task(session, plan, task.title, task.responsible, task.due, owner_id, user,
                      goal=goal)
    for task in planned.tasks:
        _new_task(session, plan, task.title, task.responsible, task.due, owner_id, user)
    review = _new_task(session, plan, _("Review the care plan with the client"),
                       "care_manager", plan.review_date, owner_id, user)
    review.source_ref = REVIEW
    session.flush()
    record_version(session, plan, user, _("Plan made from the template “%(title)s”.",
                                          title=plan.title))
    audit.record(session, audit.CREATE, plan, user_id=user.id, via=via)
    log.info("care plan created", extra={"plan_id": plan.id, "client_id": client.id})
    return plan


def _new_task(session: Session, plan: CarePlan, title: str, responsible: str, due: date,
              owner_id: int | None, user: User, goal: Goal | None = None,
              source: str = FROM_PLAN) -> Task:
    task = Task(plan=plan, client_id=plan.client_id, title=title,
                responsible=responsible, owner_id=owner_id, due=due, status=TODO,
                source=source, created_by_id=user.id)
    task.agency_id = plan.agency_id
    session.add(task)
    if goal is not None:
        session.flush()
        task.goal_id = goal.id
    return task


def get_plan(session: Session, plan_id: object, *, user_id: int | None, via: str = "web",
             audited: bool = True) -> CarePlan:
    """The plan of the session's agency (``NotFound`` for another agency's); the read of a
    client's plan is audited."""
    plan = session.get(CarePlan, plan_id) if isinstance(plan_id, str) else None
    if plan is None:
        raise NotFound(_("No such care plan."))
    if audited:
        audit.record(session, audit.READ, plan, user_id=user_id, via=via)
    return plan


def plans_of(session: Session, client: Client) -> list[CarePlan]:
    return list(session.scalars(select(CarePlan).where(CarePlan.client_id == client.id)
                                .order_by(CarePlan.created_at.desc())))


def goal_of(plan: CarePlan, goal_id: object) -> Goal:
    for goal in plan.goals:
        if str(goal.id) == str(goal_id):
            return goal
    raise NotFound(_("The plan has no such goal."))


def task_of(plan: CarePlan, task_id: object) -> Task:
    for task in plan.tasks:
        if str(task.id) == str(task_id):
            return task
    raise NotFound(_("The plan has no such task."))


# Changes. Each checks everything first, then changes, then records a version.

def update_plan(session: Session, plan: CarePlan, changes: dict, *, user: User,
                via: str = "web") -> CarePlan:
    """Change the plan's dates, status or what matters to the client."""
    problems: list[Problem] = []
    start = _date(changes, "start_date", plan.start_date, problems)
    review = _date(changes, "review_date", plan.review_date, problems)
    status = changes.get("status", plan.status)
    if status not in PLAN_STATUSES:
        problems.append(Problem("/status", _("Choose one of: %(options)s.",
                                             options=", ".join(PLAN_STATUSES))))
    what_matters = _text(changes, "what_matters", plan.what_matters, problems, required=False)
    if start is not None and review is not None and review < start:
        problems.append(_before_start("/review_date", _("review date"), start))
    if start is not None and "start_date" in changes:
        for index, task in enumerate(plan.tasks):
            if task.is_open and task.due < start:
                problems.append(_before_start(f"/tasks/{index}/due", _("due date"), start))
    _raise(problems)
    plan.start_date, plan.review_date, plan.status = start, review, status
    for task in plan.tasks:
        if task.source_ref == REVIEW and task.is_open:
            task.due = review
    plan.what_matters = what_matters
    record_version(session, plan, user, _("Plan details changed."))
    audit.record(session, audit.UPDATE, plan, user_id=user.id, via=via)
    return plan


def add_goal(session: Session, plan: CarePlan, data: dict, *, user: User,
             via: str = "web") -> Goal:
    problems: list[Problem] = []
    # Joined to the plan only once it is valid: a refused goal must not linger in
    # ``plan.goals``, where the page that shows the problems would list (and flush) it.
    goal = Goal(position=len(plan.goals), status=PROPOSED, interventions=[])
    goal.agency_id = plan.agency_id
    _apply_goal(plan, goal, data, problems, creating=True)
    _raise(problems)
    goal.plan = plan
    session.add(goal)
    session.flush()
    record_version(session, plan, user, _("Goal added: %(goal)s", goal=_short(goal.statement)))
    audit.record(session, audit.UPDATE, plan, user_id=user.id, via=via)
    return goal


def update_goal(session: Session, plan: CarePlan, goal: Goal, data: dict, *, user: User,
                via: str = "web") -> Goal:
    """Change a goal's wording, target or status, and add a progress note (``note``)."""
    problems: list[Problem] = []
    before = goal.status
    note = _text(data, "note", "", problems, required=False)
    _apply_goal(plan, goal, data, problems, creating=False)
    _raise(problems)
    if goal.status != before:
        goal.status_changed_at = utcnow()
    if note:
        entry = GoalNote(goal_id=goal.id, text=note, user_id=user.id)
        entry.agency_id = plan.agency_id
        goal.notes.append(entry)
    session.flush()
    what = (_("Goal “%(goal)s”: %(before)s → %(after)s", goal=_short(goal.statement),
              before=before, after=goal.status) if goal.status != before
            else _("Goal “%(goal)s” changed", goal=_short(goal.statement)))
    record_version(session, plan, user, what + (_(" (progress note)") if note else ""))
    audit.record(session, audit.UPDATE, plan, user_id=user.id, via=via)
    return goal


def _apply_goal(plan: CarePlan, goal: Goal, data: dict, problems: list[Problem],
                creating: bool) -> None:
    statement = _text(data, "statement", goal.statement, problems, required=True)
    outcome = _text(data, "measurable_outcome", goal.measurable_outcome, problems,
                    required=creating)
    target = _text(data, "target", goal.target, problems, required=False)
    need = _text(data, "need", goal.need, problems, required=False)
    target_date = _date(data, "target_date", goal.target_date, problems, required=creating)
    status = data.get("status", goal.status)
    if status not in GOAL_STATUSES:
        problems.append(Problem("/status", _("Choose one of: %(options)s.",
                                             options=", ".join(GOAL_STATUSES))))
    if target_date is not None and target_date < plan.start_date:
        problems.append(_before_start("/target_date", _("target date"), plan.start_date))
    if not problems:
        goal.statement, goal.measurable_outcome, goal.target = statement, outcome, target
        goal.need, goal.target_date, goal.status = need, target_date, status


def add_task(session: Session, plan: CarePlan, data: dict, *, user: User,
             via: str = "web") -> Task:
    problems: list[Problem] = []
    title = _text(data, "title", "", problems, required=True, limit=300)
    due = _date(data, "due", None, problems, required=True)
    responsible = data.get("responsible", "care_manager")
    if responsible not in RESPONSIBLE:
        problems.append(Problem("/responsible", _("Choose one of: %(options)s.",
                                                  options=", ".join(RESPONSIBLE))))
    owner_id = _owner(session, data, plan.client.care_manager_id or user.id, problems)
    goal = None
    if data.get("goal_id") not in (None, ""):
        try:
            goal = goal_of(plan, data["goal_id"])
        except NotFound:
            problems.append(Problem("/goal_id", _("The plan has no such goal.")))
    if due is not None and due < plan.start_date:
        problems.append(_before_start("/due", _("due date"), plan.start_date))
    _raise(problems)
    task = _new_task(session, plan, title, responsible, due, owner_id, user, goal=goal,
                     source=FROM_PLAN if data.get("source") != BY_HAND else BY_HAND)
    session.flush()
    record_version(session, plan, user, _("Task added: %(task)s", task=_short(title)))
    audit.record(session, audit.UPDATE, plan, user_id=user.id, via=via)
    return task


def update_task(session: Session, plan: CarePlan, task: Task, data: dict, *, user: User,
                via: str = "web") -> Task:
    problems: list[Problem] = []
    title = _text(data, "title", task.title, problems, required=True, limit=300)
    due = _date(data, "due", task.due, problems, required=True)
    status = data.get("status", task.status)
    if status not in TASK_STATUSES:
        problems.append(Problem("/status", _("Choose one of: %(options)s.",
                                             options=", ".join(TASK_STATUSES))))
    owner_id = _owner(session, data, task.owner_id, problems)
    if due is not None and due < plan.start_date:
        problems.append(_before_start("/due", _("due date"), plan.start_date))
    _raise(problems)
    changed_status = status != task.status
    task.title, task.due, task.owner_id = title, due, owner_id
    if changed_status:
        task.status, task.status_changed_at = status, utcnow()
    session.flush()
    record_version(session, plan, user, _("Task “%(task)s” changed", task=_short(title)))
    audit.record(session, audit.UPDATE, plan, user_id=user.id, via=via)
    return task


def sign(session: Session, plan: CarePlan, data: dict, *, user: User,
         via: str = "web") -> CarePlan:
    """The client's sign-off: their typed name, or verbal consent recorded by the worker."""
    kind = data.get("kind")
    problems: list[Problem] = []
    if kind not in SIGNATURE_KINDS:
        problems.append(Problem("/kind", _("Choose a typed name or recorded verbal consent.")))
    name = _text(data, "name", "", problems, required=kind != SIGNED_VERBAL, limit=200)
    if kind == SIGNED_VERBAL and not name:
        name = plan.client.display_name
    _raise(problems)
    plan.signed_by_name, plan.signature_kind = name, kind
    plan.signed_at, plan.signature_recorded_by_id = utcnow(), user.id
    plan.signed_version = plan.version + 1
    record_version(session, plan, user, _("Signed by the client (%(how)s).",
                                          how=signature_label(kind)))
    audit.record(session, audit.UPDATE, plan, user_id=user.id, via=via,
                 detail={"signature": kind})
    return plan


def signature_label(kind: str) -> str:
    return _("typed name") if kind != SIGNED_VERBAL else _("verbal consent recorded")


# Versions

def record_version(session: Session, plan: CarePlan, user: User | None, summary: str) -> None:
    """Keep the whole plan as it now stands, numbered, with who changed it and how."""
    session.flush()
    plan.version = (plan.version or 0) + 1
    entry = PlanVersion(plan_id=plan.id, number=plan.version, summary=str(summary)[:500],
                        snapshot=snapshot(plan), user_id=user.id if user else None)
    entry.agency_id = plan.agency_id
    session.add(entry)
    plan.updated_at = utcnow()


def snapshot(plan: CarePlan) -> dict:
    """The plan as data (what a version keeps and the API answers)."""
    return {
        "id": plan.id,
        "client_id": plan.client_id,
        "template": plan.template_slug,
        "title": plan.title,
        "status": plan.status,
        "start_date": plan.start_date.isoformat(),
        "review_date": plan.review_date.isoformat(),
        "what_matters": plan.what_matters,
        "needs": list(plan.needs or []),
        "version": plan.version,
        "signed": ({"name": plan.signed_by_name, "kind": plan.signature_kind,
                    "at": _iso(plan.signed_at), "version": plan.signed_version}
                   if plan.signed_at else None),
        "goals": [goal_json(goal) for goal in plan.goals],
        "tasks": [task_json(task) for task in plan.tasks],
    }


def goal_json(goal: Goal) -> dict:
    return {
        "id": goal.id, "need": goal.need, "statement": goal.statement,
        "measurable_outcome": goal.measurable_outcome, "target": goal.target,
        "target_date": goal.target_date.isoformat() if goal.target_date else None,
        "status": goal.status, "interventions": list(goal.interventions or []),
        "notes": [{"at": _iso(note.at), "text": note.text, "by": note.user_id}
                  for note in goal.notes],
    }


def task_json(task: Task) -> dict:
    return {
        "id": task.id, "title": task.title, "due": task.due.isoformat(), "status": task.status,
        "owner": ({"id": task.owner.id, "name": task.owner.name or task.owner.email}
                  if task.owner_id and task.owner else None),
        "responsible": task.responsible, "goal_id": task.goal_id, "source": task.source,
        "client_id": task.client_id, "plan_id": task.plan_id,
        "referral_id": task.source_ref if task.source == FROM_REFERRAL else None,
    }


def versions(session: Session, plan: CarePlan) -> list[PlanVersion]:
    return list(session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                                .order_by(PlanVersion.number.desc())))


# Reading input

def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _raise(problems: list[Problem]) -> None:
    if problems:
        raise InvalidInput(_("The changes have problems; nothing was saved."), problems)


def _before_start(pointer: str, what: str, start: date) -> Problem:
    return Problem(pointer, _("The %(what)s cannot be before the plan starts (%(start)s).",
                              what=what, start=start.isoformat()))


def _text(data: dict, name: str, current: str, problems: list[Problem], *, required: bool,
          limit: int = MAX_TEXT) -> str:
    if name not in data:
        if required and not current:
            problems.append(Problem(f"/{name}", _("This cannot be empty.")))
        return current
    value = data[name]
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(Problem(f"/{name}", _("Enter text.")))
        return current
    value = value.strip()
    if required and not value:
        problems.append(Problem(f"/{name}", _("This cannot be empty.")))
    elif len(value) > limit:
        problems.append(Problem(f"/{name}", _("Use at most %(n)s characters.", n=limit)))
    return value


def _date(data: dict, name: str, current: date | None, problems: list[Problem], *,
          required: bool = True) -> date | None:
    if name not in data:
        if required and current is None:
            problems.append(Problem(f"/{name}", _("Enter a date.")))
        return current
    value = data[name]
    if value in (None, "") and not required:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else \
            _bad_date()
    except ValueError:
        problems.append(Problem(f"/{name}", _("Enter a date as YYYY-MM-DD.")))
        return current


def _bad_date():
    raise ValueError("not a date")


def _owner(session: Session, data: dict, current: int | None,
           problems: list[Problem]) -> int | None:
    if "owner_id" not in data or data["owner_id"] in (None, ""):
        return current
    try:
        owner = session.get(User, int(data["owner_id"]))
    except (TypeError, ValueError):
        owner = None
    if owner is None or not owner.is_active:
        problems.append(Problem("/owner_id", _("Choose a worker of this agency.")))
        return current
    return owner.id
