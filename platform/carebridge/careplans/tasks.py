"""Tasks as a service: a worker's list (overdue, today, this week), the team's, a status
change, and the re-assessments a scored instrument or a plan schedules on its own."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.careplans.models import (
    FROM_FLAG,
    FROM_REASSESSMENT,
    OPEN_TASK_STATUSES,
    PLAN_ACTIVE,
    TASK_CANCELLED,
    TASK_STATUSES,
    TODO,
    CarePlan,
    Task,
)
from carebridge.db import utcnow
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms.models import Submission
from carebridge.i18n import _

log = logging.getLogger(__name__)


@dataclass
class TaskList:
    """Open tasks in the groups a worker's morning starts from."""

    overdue: list[Task]
    today: list[Task]
    this_week: list[Task]
    later: list[Task]

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.this_week) + len(self.later)


def open_tasks(session: Session, *, owner_id: int | None = None,
               due_before: date | None = None, client_id: str | None = None,
               statuses=OPEN_TASK_STATUSES) -> list[Task]:
    """Tasks of the agency (of one owner, one client, due on or before a day), soonest first."""
    query = select(Task).where(Task.status.in_(statuses))
    if owner_id is not None:
        query = query.where(Task.owner_id == owner_id)
    if client_id is not None:
        query = query.where(Task.client_id == client_id)
    if due_before is not None:
        query = query.where(Task.due <= due_before)
    return list(session.scalars(query.order_by(Task.due, Task.id)))


def grouped(tasks: list[Task], today: date) -> TaskList:
    """Overdue (before today), today, the rest of the next seven days, later."""
    week_end = today + timedelta(days=7)
    groups = TaskList([], [], [], [])
    for task in tasks:
        if task.due < today:
            groups.overdue.append(task)
        elif task.due == today:
            groups.today.append(task)
        elif task.due <= week_end:
            groups.this_week.append(task)
        else:
            groups.later.append(task)
    return groups


def get_task(session: Session, task_id: object) -> Task:
    try:
        task = session.get(Task, int(task_id))
    except (TypeError, ValueError):
        task = None
    if task is None:
        raise NotFound(_("No such task."))
    return task


def set_status(session: Session, task: Task, status: object, *, user: User, note: str = "",
               via: str = "web") -> Task:
    """Move a task to ``status``; a plan's task changes its plan (a new version)."""
    if status not in TASK_STATUSES:
        raise InvalidInput(_("Unknown task status."),
                           [Problem("/status", _("Choose one of: %(options)s.",
                                                 options=", ".join(TASK_STATUSES)))])
    if status == task.status:
        return task
    before = task.status
    task.status, task.status_changed_at = status, utcnow()
    if note:
        task.note = (task.note + "\n" if task.note else "") + str(note)[:2000]
    if task.plan_id is not None:
        from carebridge.careplans.service import record_version

        record_version(session, task.plan, user,
                       _("Task “%(task)s”: %(before)s → %(after)s", task=task.title[:60],
                         before=before, after=status))
    audit.record(session, audit.UPDATE, task, user_id=user.id, via=via,
                 detail={"status": status})
    return task


def add_task(session: Session, *, client_id: str | None, title: str, due: date,
             owner_id: int | None, source: str, source_ref: str = "",
             created_by_id: int | None = None, agency_id: int | None = None) -> Task:
    task = Task(client_id=client_id, title=title[:300], due=due, owner_id=owner_id,
                status=TODO, source=source, source_ref=source_ref[:100],
                created_by_id=created_by_id)
    if agency_id is not None:
        task.agency_id = agency_id
    session.add(task)
    return task


# Re-assessments

def schedules_for(session: Session, submission: Submission) -> list[dict]:
    """The re-assessment schedules that apply to this submission's instrument: its own
    definition's ``reassessment`` and those of the client's active plans naming it."""
    document = submission.form_version.document
    slug = submission.form_version.definition.slug
    found = [document["reassessment"]] if document.get("reassessment") else []
    plans = session.scalars(select(CarePlan).where(CarePlan.client_id == submission.client_id,
                                                   CarePlan.status == PLAN_ACTIVE))
    for plan in plans:
        found += [rule for rule in plan.reassessments or [] if rule.get("form") == slug]
    return found


def schedule_reassessment(session: Session, submission: Submission) -> Task | None:
    """After a client's submission: the open re-assessment task of this instrument is done,
    and a new one falls due ``every_days`` later while the score stays at or above
    ``at_least`` (PHQ-9: every 28 days while the total is 10 or more)."""
    if submission.client_id is None:
        return None
    slug = submission.form_version.definition.slug
    waiting = session.scalars(select(Task).where(
        Task.client_id == submission.client_id, Task.source == FROM_REASSESSMENT,
        Task.source_ref == slug, Task.status.in_(OPEN_TASK_STATUSES)))
    for task in waiting:
        task.status, task.status_changed_at = "done", utcnow()
        task.note = _("Done: the instrument was filled in.")
    due_rules = [rule for rule in schedules_for(session, submission) if _applies(rule,
                                                                                 submission)]
    if not due_rules:
        return None
    every = min(int(rule["every_days"]) for rule in due_rules)
    from carebridge.clients.models import Client

    client = session.get(Client, submission.client_id)
    owner = client.care_manager_id if client is not None else None
    title = _("Re-assess: %(form)s", form=submission.form_version.definition.title)
    task = add_task(session, client_id=submission.client_id, title=title,
                    due=_local_day(submission.created_at) + timedelta(days=every),
                    owner_id=owner or submission.created_by_id, source=FROM_REASSESSMENT,
                    source_ref=slug, agency_id=submission.agency_id)
    session.flush()
    log.info("re-assessment scheduled", extra={"task_id": task.id,
                                               "submission_id": submission.id})
    return task


def stored_or_computed(submission: Submission) -> tuple[list[dict], list[dict]]:
    """The submission's stored scores and flags; computed from its answers when none were
    stored (a submission made before scores were kept)."""
    if submission.scores or submission.flags:
        return list(submission.scores or []), list(submission.flags or [])
    document = submission.form_version.document
    if not document.get("scoring"):
        return [], []
    from carebridge.assessments.scoring import score

    computed = score(document, submission.data).as_json()
    return computed["scores"], computed["flags"]


def _local_day(moment) -> date:
    """The agency's calendar day of a stored (UTC) moment."""
    from datetime import UTC

    from carebridge.careplans.appointments import zone

    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone()).date()


def _applies(rule: dict, submission: Submission) -> bool:
    name = rule.get("score")
    if not name:
        return True
    for score in stored_or_computed(submission)[0]:
        if score.get("name") == name and isinstance(score.get("value"), int | float):
            return rule.get("at_least") is None or score["value"] >= rule["at_least"]
    return False


def flag_tasks(session: Session, submission: Submission) -> list[Task]:
    """A task for each high-severity flag of a client's submission (PHQ-9 item 9): due today,
    for the client's care manager, until someone acknowledges it."""
    if submission.client_id is None:
        return []
    from carebridge.clients.models import Client
    from carebridge.forms.service import today

    client = session.get(Client, submission.client_id)
    owner = (client.care_manager_id if client is not None else None) or submission.created_by_id
    made = []
    for flag in stored_or_computed(submission)[1]:
        if flag.get("severity") != "high":
            continue
        made.append(add_task(
            session, client_id=submission.client_id, due=today(), owner_id=owner,
            title=_("Acknowledge: %(flag)s", flag=flag.get("label") or flag.get("name")),
            source=FROM_FLAG, source_ref=submission.id, agency_id=submission.agency_id))
    session.flush()
    return made


def cancel_open_tasks(session: Session, client_id: str, *, user: User, reason: str) -> int:
    """Cancel a client's open tasks (a case closed); returns how many."""
    count = 0
    for task in open_tasks(session, client_id=client_id):
        task.status, task.status_changed_at = TASK_CANCELLED, utcnow()
        task.note = (task.note + "\n" if task.note else "") + reason
        count += 1
    return count

