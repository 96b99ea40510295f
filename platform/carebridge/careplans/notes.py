"""Case notes as a service: write one (structured, free or a contact attempt, with time spent),
edit it as its author for a short while, amend it after that — never silently changed."""

from __future__ import annotations

import logging
from datetime import timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.careplans.casework import (
    CONTACT_ATTEMPT,
    CONTACT_METHODS,
    CONTACT_OUTCOMES,
    FREE,
    NOTE_KINDS,
    PROGRESS,
    CaseNote,
    NoteRevision,
)
from carebridge.clients.models import Client
from carebridge.db import utcnow
from carebridge.errors import Forbidden, InvalidInput, NotFound, Problem
from carebridge.i18n import _

log = logging.getLogger(__name__)

#: How long the author may correct a note in place (config ``CASE_NOTE_EDIT_MINUTES``).
DEFAULT_EDIT_MINUTES = 15
FIELDS = {PROGRESS: ("discussed", "assessment", "plan"), FREE: ("text",),
          CONTACT_ATTEMPT: ("method", "outcome", "text")}
MAX_TEXT = 8000


def edit_window() -> timedelta:
    return timedelta(minutes=int(current_app.config.get("CASE_NOTE_EDIT_MINUTES",
                                                        DEFAULT_EDIT_MINUTES)))


def _content(kind: object, data: dict) -> tuple[dict, int]:
    problems: list[Problem] = []
    if kind not in NOTE_KINDS:
        raise InvalidInput(_("Choose the kind of note."),
                           [Problem("/kind", _("Choose one of: %(options)s.",
                                               options=", ".join(NOTE_KINDS)))])
    content = {}
    for name in FIELDS[kind]:
        value = data.get(name, "")
        if not isinstance(value, str):
            problems.append(Problem(f"/{name}", _("Enter text.")))
            continue
        if len(value) > MAX_TEXT:
            problems.append(Problem(f"/{name}", _("Use at most %(n)s characters.", n=MAX_TEXT)))
        content[name] = value.strip()
    if kind == CONTACT_ATTEMPT:
        if content.get("method") not in CONTACT_METHODS:
            problems.append(Problem("/method", _("Choose how the contact was tried.")))
        if content.get("outcome") not in CONTACT_OUTCOMES:
            problems.append(Problem("/outcome", _("Choose what came of it.")))
    elif not any(content.values()):
        problems.append(Problem(f"/{FIELDS[kind][0]}", _("Write the note.")))
    minutes = data.get("minutes_spent", 0)
    try:
        minutes = int(minutes or 0)
        if not 0 <= minutes <= 24 * 60:
            raise ValueError
    except (TypeError, ValueError):
        problems.append(Problem("/minutes_spent", _("Enter the minutes spent, 0 to 1440.")))
        minutes = 0
    if problems:
        raise InvalidInput(_("The note has problems; nothing was saved."), problems)
    return content, minutes


def write(session: Session, client: Client, data: dict, *, user: User,
          via: str = "web") -> CaseNote:
    kind = data.get("kind")
    content, minutes = _content(kind, data)
    note = CaseNote(client_id=client.id, kind=kind, content=content, minutes_spent=minutes,
                    contact_outcome=content.get("outcome", ""), author_id=user.id)
    note.agency_id = client.agency_id
    session.add(note)
    session.flush()
    audit.record(session, audit.CREATE, note, user_id=user.id, via=via)
    log.info("case note written", extra={"note_id": note.id})
    return note


def editable(note: CaseNote, user: User) -> bool:
    """Whether ``user`` may still correct ``note`` in place (its author, within the window)."""
    created = note.created_at
    if created.tzinfo is None:
        from datetime import UTC

        created = created.replace(tzinfo=UTC)
    return note.author_id == user.id and utcnow() - created <= edit_window()


def change(session: Session, note: CaseNote, data: dict, *, user: User,
           via: str = "web") -> CaseNote:
    """Correct a note (its author, within the window) or amend it (its author, after; a reason
    is required). Either way the note as it was is kept as a revision."""
    if note.author_id != user.id:
        raise Forbidden(_("Only the note's author can change it."))
    in_window = editable(note, user)
    reason = data.get("reason") if isinstance(data.get("reason"), str) else ""
    if not in_window and not reason.strip():
        raise InvalidInput(_("The note is older than its editing window: say why you amend it."),
                           [Problem("/reason", _("Give a reason for the amendment."))])
    content, minutes = _content(note.kind, {**note.content, **data})
    revision = NoteRevision(note_id=note.id, number=len(note.revisions) + 1,
                            content=dict(note.content), minutes_spent=note.minutes_spent,
                            reason=reason.strip()[:500], user_id=user.id, at=utcnow())
    revision.agency_id = note.agency_id
    note.revisions.append(revision)
    note.content, note.minutes_spent = content, minutes
    note.contact_outcome = content.get("outcome", "")
    note.updated_at = utcnow()
    if not in_window:
        note.amended = True
    audit.record(session, audit.UPDATE, note, user_id=user.id, via=via,
                 detail={"amended": not in_window})
    session.flush()
    return note


def notes_of(session: Session, client: Client) -> list[CaseNote]:
    return list(session.scalars(select(CaseNote).where(CaseNote.client_id == client.id)
                                .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())))


def get_note(session: Session, note_id: object) -> CaseNote:
    try:
        note = session.get(CaseNote, int(note_id))
    except (TypeError, ValueError):
        note = None
    if note is None:
        raise NotFound(_("No such note."))
    return note


def as_json(note: CaseNote) -> dict:
    return {
        "id": note.id, "client_id": note.client_id, "kind": note.kind, "content": note.content,
        "minutes_spent": note.minutes_spent, "author_id": note.author_id,
        "created_at": note.created_at.isoformat(), "updated_at": note.updated_at.isoformat(),
        "amended": note.amended,
        "revisions": [{"number": r.number, "content": r.content,
                       "minutes_spent": r.minutes_spent, "reason": r.reason,
                       "at": r.at.isoformat(), "by": r.user_id} for r in note.revisions],
    }
