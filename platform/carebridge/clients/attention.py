"""The "needs attention today" list: clients whose submission raised a high-severity flag
(PHQ-9 item 9, a report of violence) that no care manager has acknowledged yet with a note.

Every flag a client's submissions raised stays open on the client's header until it is
acknowledged; the attention list holds the high ones, oldest first, for care managers.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, cast, select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.clients.models import MERGED, Client, FlagReview
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.forms.models import Submission
from carebridge.i18n import _

HIGH = "high"


@dataclass(frozen=True)
class OpenFlag:
    """A flag of a submission not yet acknowledged."""

    client: Client
    submission: Submission
    name: str
    label: str
    severity: str
    message: str


def _reviewed(session: Session, submission_ids: list[str]) -> set[tuple[str, str]]:
    if not submission_ids:
        return set()
    rows = session.execute(select(FlagReview.submission_id, FlagReview.flag).where(
        FlagReview.submission_id.in_(submission_ids)))
    return {(submission_id, flag) for submission_id, flag in rows}


def _open_flags(session: Session, submissions: list[Submission],
                severity: str | None) -> list[tuple[Submission, dict]]:
    reviewed = _reviewed(session, [s.id for s in submissions])
    return [(submission, flag) for submission in submissions for flag in submission.flags or []
            if (severity is None or flag.get("severity") == severity)
            and (submission.id, flag.get("name")) not in reviewed]


def open_flags(session: Session, client: Client) -> list[OpenFlag]:
    """Every flag the client's submissions raised that is not acknowledged, newest first."""
    submissions = list(session.scalars(select(Submission).where(
        Submission.client_id == client.id, cast(Submission.flags, String) != "[]")
        .order_by(Submission.created_at.desc())))
    return [OpenFlag(client, submission, flag["name"], flag["label"], flag["severity"],
                     flag["message"]) for submission, flag in _open_flags(session, submissions,
                                                                          None)]


def attention_list(session: Session) -> list[OpenFlag]:
    """The agency's unacknowledged high-severity flags on clients, oldest first."""
    rows = session.execute(select(Submission, Client).join(
        Client, Client.id == Submission.client_id).where(
        cast(Submission.flags, String).contains(f'"{HIGH}"'), Client.status != MERGED,
    ).order_by(Submission.created_at))
    pairs = [(submission, client) for submission, client in rows]
    clients = {submission.id: client for submission, client in pairs}
    return [OpenFlag(clients[submission.id], submission, flag["name"], flag["label"],
                     flag["severity"], flag["message"])
            for submission, flag in _open_flags(session, [s for s, _c in pairs], HIGH)]


def attention_count(session: Session) -> int:
    return len({item.client.id for item in attention_list(session)})


def acknowledge(session: Session, submission_id: str, flag_name: str, note: str, *,
                user_id: int | None, via: str = "web") -> FlagReview:
    """Record that ``user_id`` has dealt with the flag (what was done, in ``note``)."""
    submission = session.get(Submission, submission_id)
    if submission is None or submission.client_id is None or not any(
            flag.get("name") == flag_name for flag in submission.flags or []):
        raise NotFound(_("No such flag."))
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Say what was done about it."),
                           [Problem("/note", _("A note is needed."))])
    if (submission.id, flag_name) in _reviewed(session, [submission.id]):
        raise Conflict(_("This flag was already acknowledged."))
    review = FlagReview(submission_id=submission.id, flag=flag_name, note=note[:5000],
                        user_id=user_id)
    session.add(review)
    session.flush()
    audit.record(session, audit.CREATE, review, user_id=user_id, via=via,
                 detail={"submission": submission.id, "flag": flag_name})
    return review


def reviews_of(session: Session, client: Client) -> list[tuple[FlagReview, Submission]]:
    rows = session.execute(select(FlagReview, Submission).join(
        Submission, Submission.id == FlagReview.submission_id).where(
        Submission.client_id == client.id))
    return [(review, submission) for review, submission in rows]
