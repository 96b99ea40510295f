"""Open drafts of a form, newest first, so a worker can pick up where someone left off."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.auth.models import User
from carebridge.forms.models import Draft, FormDefinition


def open_drafts(session: Session, slug: str, limit: int = 100) -> list[Draft]:
    """Drafts of form ``slug`` not yet submitted (the session's agency only, as always)."""
    return list(session.scalars(
        select(Draft)
        .join(FormDefinition, Draft.definition_id == FormDefinition.id)
        .where(FormDefinition.slug == slug, Draft.submission_id.is_(None))
        .order_by(Draft.updated_at.desc())
        .limit(limit)
    ))


def authors(session: Session, drafts: list[Draft]) -> dict[int, str]:
    """The e-mail of each draft's author, by user id."""
    ids = {d.created_by_id for d in drafts if d.created_by_id is not None}
    if not ids:
        return {}
    return {u.id: u.email for u in session.scalars(select(User).where(User.id.in_(ids)))}


def drafts_submitted_as(session: Session, submission_id: str) -> list[str]:
    """The ids of the drafts that became submission ``submission_id``."""
    return list(session.scalars(select(Draft.id).where(Draft.submission_id == submission_id)))
