"""A submission's rows sent as plain INSERTs (``forms.submission_rows.PlainInsert``) are the
statements SQLAlchemy's own execution sends: the same text and the same converted values, on
SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from carebridge.audit import AuditEvent
from carebridge.db import database
from carebridge.forms import service, submission_rows
from carebridge.forms.models import Submission
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work

pytestmark = pytest.mark.postgres  # storage-facing: SQLite and PostgreSQL
PHQ9 = Path(__file__).resolve().parents[2] / "form_definitions/instruments/phq-9.json"


@pytest.fixture
def version_id(app, world) -> int:
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with app.app_context():
            _form, version, _made = service.publish(session, json.loads(PHQ9.read_text()),
                                                     user_id=None)
        return version.id


def _sent(engine, send) -> list[tuple[str, object]]:
    """The statements and parameters ``send(connection)`` hands the driver (rolled back)."""
    sent = []

    def note(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    # A driver's JSON wrapper (psycopg's ``Json``) compares by identity: its value is compared.
    sent = _Unwrapped(sent)
    sa.event.listen(engine, "before_cursor_execute", note)
    try:
        with engine.connect() as connection:
            send(connection)
            connection.rollback()
    finally:
        sa.event.remove(engine, "before_cursor_execute", note)
    return sent


class _Unwrapped(list):
    def append(self, sent):
        statement, parameters = sent
        if isinstance(parameters, dict):
            parameters = {key: getattr(value, "obj", value) for key, value in parameters.items()}
        super().append((statement, parameters))


def _submission_row(world, version_id, **changed) -> dict:
    row = {column: None for column in submission_rows._columns()}
    row.update(id="0123456789abcdef0123456789abcdef",
               created_at=datetime(2026, 11, 30, 18, 5, 6, 789, tzinfo=UTC),
               form_version_id=version_id, data={"phq_1": 1, "note": "Ünïcode ✓", "list": [1, 2.5]},
               scores=[{"name": "total", "value": 9}], flags=[],
               agency_id=world.agencies["alpha"], **changed)
    return row


def _audit_row(world) -> dict:
    return {"at": datetime(2026, 11, 30, 18, 5, 6, tzinfo=UTC), "action": "create",
            "object_type": "Submission", "object_id": "x", "user_id": None, "via": "api",
            "detail": {"from": "test"}, "agency_id": world.agencies["alpha"]}


@pytest.mark.parametrize("table", ["submissions", "audit_events"])
def test_a_plain_insert_sends_what_sqlalchemy_would_send(app, world, version_id, table):
    engine = database(app).engine
    model, row = ((Submission, _submission_row(world, version_id)) if table == "submissions"
                  else (AuditEvent, _audit_row(world)))
    statement = sa.insert(model.__table__)
    plain = submission_rows.PlainInsert(statement, tuple(sorted(row)))
    assert _sent(engine, lambda c: plain(c, row)) == _sent(engine,
                                                           lambda c: c.execute(statement, row))


def test_a_keyed_plain_insert_sends_what_sqlalchemy_would_and_says_whether_it_wrote(
        app, world, version_id):
    engine = database(app).engine
    dialect = engine.dialect.name
    statement = submission_rows._keyed_statement(dialect)
    plain = submission_rows._plain_keyed(dialect)
    written = submission_rows._WRITTEN[dialect]
    row = _submission_row(world, version_id, idempotency_key="1:1:k", request_digest="d")
    assert _sent(engine, lambda c: plain(c, row)) == _sent(engine,
                                                           lambda c: c.execute(statement, row))
    with engine.connect() as connection:
        first = written(plain(connection, row))
        again = written(plain(connection, {**row, "id": "another"}))
        connection.rollback()
    assert (first, again) == (True, False)


def test_a_plain_insert_refuses_to_leave_out_a_column_with_a_default(app, world):
    # An audit event without its time would be written without it: SQLAlchemy would have
    # computed the column's default, a plain INSERT cannot.
    row = _audit_row(world)
    del row["at"]
    plain = submission_rows.PlainInsert(sa.insert(AuditEvent.__table__), tuple(sorted(row)))
    with database(app).engine.connect() as connection, pytest.raises(ValueError, match="at"):
        plain(connection, row)
