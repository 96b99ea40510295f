"""A referral's follow-up as a task row (and the client's reminder of it): made when the
referral is sent, moved with its date, closed by its outcome — so "my tasks", the team view
and ``GET /api/v1/tasks`` list it like any other task, from one source.

Every function works in the caller's unit of work (the referral's change and its task are
committed together). The task belongs to the referral's agency even when a partner agency
records the outcome (its session then sees every agency: the filter on ``agency_id`` keeps
the task the sender's).
"""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.careplans import reminder_schedule
from carebridge.careplans.models import (
    DONE,
    FROM_REFERRAL,
    OPEN_TASK_STATUSES,
    TASK_CANCELLED,
    Task,
)
from carebridge.careplans.tasks import add_task
from carebridge.clients.models import Client
from carebridge.db import utcnow
from carebridge.i18n import _, lazy_gettext
from carebridge.referrals.models import CANCELLED, COMPLETED, DECLINED, OPEN_STATUSES, Referral

log = logging.getLogger(__name__)

#: What a closed follow-up task says about why it closed.
CLOSED_NOTES = {
    COMPLETED: lazy_gettext("Closed: the referral was completed."),
    DECLINED: lazy_gettext("Closed: the referral was declined."),
    CANCELLED: lazy_gettext("Closed: the referral was cancelled."),
}


def title(referral: Referral) -> str:
    return _("Follow up: %(service)s",
             service=(referral.service or {}).get("name") or referral.service_id)


def owner(session: Session, referral: Referral) -> int | None:
    """Who follows up: the worker who referred, else the client's care manager."""
    if referral.created_by_id is not None:
        return referral.created_by_id
    # Not ``referral.client``: a partner agency's session must not load the client.
    return session.scalar(select(Client.care_manager_id).where(Client.id == referral.client_id))


def task_of(session: Session, referral: Referral) -> Task | None:
    """The referral's follow-up task (open or not), if it has one."""
    return session.scalar(select(Task).where(
        Task.source == FROM_REFERRAL, Task.source_ref == referral.id,
        Task.agency_id == referral.agency_id).order_by(Task.id.desc()).limit(1))


def follow_up_changed(session: Session, referral: Referral, *,
                      date_moved: bool = False) -> Task | None:
    """Bring the task in line with the referral: an open referral with a follow-up date has
    a task due that day (made if missing, moved if the date changed; a new one when the date
    moves after the worker closed the last); a referral that reached an outcome status
    (completed, declined, cancelled) closes its task."""
    task = task_of(session, referral)
    wanted = referral.status in OPEN_STATUSES and referral.follow_up_on is not None
    # The client's reminder of it follows the same date (and closes with it).
    reminder_schedule.follow_up_changed(
        session, referral_id=referral.id, client_id=referral.client_id,
        agency_id=referral.agency_id, follow_up_on=referral.follow_up_on if wanted else None)
    if wanted:
        if task is None or (date_moved and not task.is_open):
            task = add_task(session, client_id=referral.client_id, title=title(referral),
                            due=referral.follow_up_on, owner_id=owner(session, referral),
                            source=FROM_REFERRAL, source_ref=referral.id,
                            created_by_id=referral.created_by_id, agency_id=referral.agency_id)
            session.flush()
            log.info("referral follow-up task made", extra={"referral_id": referral.id,
                                                            "task_id": task.id})
        elif task.is_open and task.due != referral.follow_up_on:
            task.due = referral.follow_up_on
            log.info("referral follow-up task moved", extra={"referral_id": referral.id,
                                                             "task_id": task.id})
    elif task is not None and task.status in OPEN_TASK_STATUSES:
        task.status = TASK_CANCELLED if referral.status == CANCELLED else DONE
        task.status_changed_at = utcnow()
        task.note = (task.note + "\n" if task.note else "") + str(
            CLOSED_NOTES.get(referral.status, CLOSED_NOTES[CANCELLED]))
        log.info("referral follow-up task closed", extra={"referral_id": referral.id,
                                                          "task_id": task.id})
    return task
