"""Suggested edits: any worker sends one from a service's page; a directory editor closes it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.agencies import Agency
from carebridge.auth.models import User
from carebridge.auth.roles import ROLE_LABELS
from carebridge.db import utcnow
from carebridge.directory.models import DISMISSED, DONE, OPEN, SuggestedEdit
from carebridge.directory.records import service_record
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _

MAX_MESSAGE = 4000


@dataclass
class Suggestion:
    edit: SuggestedEdit
    by: str  # the sender's role (and name, to their own agency's editors); never an e-mail
    agency: str


def suggest(session: Session, service_id: str, message: str, user: User,
            via: str = "web") -> SuggestedEdit:
    message = (message or "").strip()
    if not message:
        raise InvalidInput("Say what is wrong or missing.", [Problem("message", "Required.")])
    if len(message) > MAX_MESSAGE:
        raise InvalidInput("That note is too long.",
                           [Problem("message", f"Use at most {MAX_MESSAGE} characters.")])
    service = service_record(session, service_id).service
    edit = SuggestedEdit(service_id=service.id, service_name=service.name, message=message,
                         user_id=user.id, agency_id=user.agency_id, status=OPEN)
    session.add(edit)
    session.flush()
    audit.record(session, audit.CREATE, edit, user_id=user.id, via=via,
                 detail={"service_id": service.id})
    return edit


def open_suggestions(session: Session, viewer: User | None = None) -> list[Suggestion]:
    """Open suggestions from every agency. Editors of another agency see the sender's agency
    and role; editors of the sender's own agency also see the sender's name. Nobody sees an
    e-mail address."""
    rows = session.execute(
        select(SuggestedEdit, User, Agency)
        .outerjoin(User, User.id == SuggestedEdit.user_id)
        .outerjoin(Agency, Agency.id == SuggestedEdit.agency_id)
        .where(SuggestedEdit.status == OPEN)
        .order_by(SuggestedEdit.created_at, SuggestedEdit.id)
        # Suggestions come from every agency: reading who sent them spans agencies on purpose.
        .execution_options(include_all_agencies=True)
    ).all()
    return [
        Suggestion(edit, _by(user, viewer), agency.name if agency else "")
        for edit, user, agency in rows
    ]


def _by(user: User | None, viewer: User | None) -> str:
    if user is None:
        return str(_("a former user"))
    role = str(ROLE_LABELS.get(user.role, user.role))
    if viewer is not None and viewer.agency_id == user.agency_id and user.name:
        return f"{user.name}, {role}"
    return role


def close(session: Session, edit_id: int, outcome: str, user: User,
          via: str = "web") -> SuggestedEdit:
    if outcome not in (DONE, DISMISSED):
        raise InvalidInput("Close a suggestion as done or dismissed.")
    edit = session.get(SuggestedEdit, edit_id)
    if edit is None:
        raise NotFound("No such suggestion.")
    if edit.status != OPEN:
        raise Conflict("That suggestion was already closed.")
    edit.status, edit.reviewed_at, edit.reviewed_by_id = outcome, utcnow(), user.id
    event = audit.record(session, audit.UPDATE, edit, user_id=user.id, via=via,
                         detail={"status": outcome, "service_id": edit.service_id})
    event.agency_id = user.agency_id
    return edit
