"""A worker's open drafts of a form, newest first, so they can pick up where they left off."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.auth.models import User
from carebridge.forms.models import Draft, FormDefinition


def open_drafts(session: Session, slug: str, user_id: int, limit: int = 100) -> list[Draft]:
    """``user_id``'s drafts of form ``slug`` not yet submitted: a draft belongs to its author."""
    return list(session.scalars(
        select(Draft)
        .join(FormDefinition, Draft.definition_id == FormDefinition.id)
        .where(FormDefinition.slug == slug, Draft.submission_id.is_(None),
               Draft.created_by_id == user_id)
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
