"""A new submission and its audit event written as two plain INSERTs rather than through the
ORM's unit of work, which spent more on bookkeeping (dependency sort, history, identity map,
tenancy stamping) than the two statements cost: the flush was a sixth of an API submission.
Both are written with the unit of work's commit (``write_at_commit``), a keyed one too.
The submission is made without the ORM's attribute events (``new_submission``) and joins the
session afterwards as if it had been loaded, so whatever runs next (intake, plugin hooks, the
response) sees an ordinary persistent object.
"""

from __future__ import annotations

import functools

from sqlalchemy import Insert, insert, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from carebridge.audit import AuditEvent
from carebridge.forms.models import Submission
from carebridge.tenancy import agency_for
from carebridge.unit_of_work import work_of


def new_submission(**columns) -> Submission:
    """A transient submission holding ``columns`` (all of them: ``insert_submission`` writes
    each as it is), made without the constructor's attribute events, which record history for
    a flush that never comes (a twelfth of the view's profiled time)."""
    submission = inspect(Submission).class_manager.new_instance()
    submission.__dict__.update(columns)
    return submission


def insert_submission(session: Session, submission: Submission, audit_row: dict) -> None:
    """Write the transient ``submission`` and its audit event (``audit.values``) in the
    session's transaction, checked for the session's agency as a flush would, with the unit of
    work's commit (or its next flush): SQLite's one writer lock is held for the two INSERTs
    alone. A keyed submission's INSERT skips a row whose idempotency key is already taken (no
    savepoint to try it in, which cost a fifth of a keyed submission); should another request
    have taken it since this one looked, the unit raises ``KeyTaken`` and writes nothing,
    the audit event included. The submission joins the session at once."""
    submission.agency_id = agency_for(session, "Submission", submission.agency_id)
    audit_row["agency_id"] = agency_for(session, "AuditEvent", audit_row.get("agency_id"))
    row = {column: getattr(submission, column) for column in _columns()}
    work = work_of(session)
    if submission.idempotency_key is None:
        work.write_at_commit(_statement(Submission), row)
    else:
        dialect = session.get_bind().dialect.name
        work.write_at_commit(_keyed_statement(dialect), row, written=_WRITTEN[dialect])
    work.write_at_commit(_statement(AuditEvent), audit_row)
    for column, value in row.items():  # set, so nothing is left to load back
        submission.__dict__.setdefault(column, value)
    make_transient_to_detached(submission)
    session.add(submission)


@functools.cache
def _columns() -> tuple[str, ...]:
    return tuple(column.key for column in Submission.__table__.columns)


@functools.cache
def _statement(model) -> Insert:
    return insert(model.__table__)


#: The dialects whose INSERT can skip a row that conflicts with a unique key.
_SKIPPING_INSERTS = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}


#: Whether a keyed INSERT wrote its row, by dialect: PostgreSQL says so by RETURNING (psycopg's
#: rowcount here is -1); SQLite by its count of changes (RETURNING needs SQLite 3.35, newer than
#: some systems' Python links).
_WRITTEN = {
    "postgresql": lambda result: result.first() is not None,
    "sqlite": lambda result: result.rowcount == 1,
}


@functools.cache
def _keyed_statement(dialect: str) -> Insert:
    if dialect not in _SKIPPING_INSERTS:
        raise ValueError(f"idempotent submissions need SQLite or PostgreSQL, not {dialect}")
    table = Submission.__table__
    statement = _SKIPPING_INSERTS[dialect](table).on_conflict_do_nothing(
        index_elements=["agency_id", "idempotency_key"])
    return statement.returning(table.c.id) if dialect == "postgresql" else statement
