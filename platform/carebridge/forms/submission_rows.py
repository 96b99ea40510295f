"""A new submission and its audit event written as two plain INSERTs rather than through the
ORM's unit of work, which spent more on bookkeeping (dependency sort, history, identity map,
tenancy stamping) than the two statements cost: the flush was a sixth of an API submission.
Both are written with the unit of work's commit (``write_at_commit``), a keyed one too, as
their SQL text with values converted by their columns' types (``PlainInsert``).
The submission is made without the ORM's attribute events (``new_submission``) and joins the
session afterwards as if it had been loaded, so whatever runs next (intake, plugin hooks, the
response) sees an ordinary persistent object.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterable

from sqlalchemy import Insert, insert, inspect
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, make_transient_to_detached

from carebridge.audit import AuditEvent
from carebridge.forms.models import Submission
from carebridge.plain_reads import Parameters
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
        work.write_at_commit(_plain(Submission, _columns()), row)
    else:
        dialect = session.get_bind().dialect.name
        work.write_at_commit(_plain_keyed(dialect), row, written=_WRITTEN[dialect])
    work.write_at_commit(_plain(AuditEvent, tuple(sorted(audit_row))), audit_row)
    for column, value in row.items():  # set, so nothing is left to load back
        submission.__dict__.setdefault(column, value)
    make_transient_to_detached(submission)
    session.add(submission)


@functools.cache
def _columns() -> tuple[str, ...]:
    return tuple(column.key for column in Submission.__table__.columns)


class PlainInsert:
    """The INSERT ``statement`` of the columns ``keys`` sent as its SQL text, each value
    converted by its column's type as SQLAlchemy's own execution converts it (the same
    ``before_cursor_execute`` events, the same text). The text and the converters are made once
    per database dialect; ``connection.execute`` looked the statement up in its cache and set
    its execution up anew for every row: 161 K instructions an INSERT under callgrind, 88 K sent
    this way. Columns with defaults to compute are refused (they would be left out)."""

    def __init__(self, statement: Insert, keys: Iterable[str]):
        self.statement, self.keys, self.table = statement, tuple(keys), statement.table
        self._plans: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def __call__(self, connection, values: dict):
        """Insert ``values`` (a value for each of ``keys``) on ``connection``."""
        dialect = connection.dialect
        plan = self._plans.get(dialect)
        if plan is None:
            plan = self._plans[dialect] = self._plan(dialect)
        sql, parameters = plan
        return connection.exec_driver_sql(sql, parameters(values))

    def _plan(self, dialect) -> tuple[str, Parameters]:
        compiled = self.statement.compile(dialect=dialect, column_keys=list(self.keys))
        parameters = Parameters(compiled, dialect, given=True)
        if sorted(parameters.names) != sorted(self.keys):
            raise ValueError(f"an INSERT into {self.table.name} of {sorted(self.keys)} would "
                             f"also write {sorted(set(parameters.names) - set(self.keys))}")
        return compiled.string, parameters


@functools.cache
def _plain(model, keys: tuple[str, ...]) -> PlainInsert:
    return PlainInsert(insert(model.__table__), keys)


@functools.cache
def _plain_keyed(dialect: str) -> PlainInsert:
    return PlainInsert(_keyed_statement(dialect), _columns())


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
