"""Reads on the driver's cursor answer exactly as SQLAlchemy would, in the same transaction."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlalchemy import JSON, Boolean, Column, Integer, MetaData, String, Table, bindparam, event

from carebridge.db import UTCDateTime, make_engine
from carebridge.plain_reads import first_row

METADATA = MetaData()
PEOPLE = Table(
    "plain_people", METADATA,
    Column("id", Integer, primary_key=True),
    Column("name", String(50)),
    Column("active", Boolean),
    Column("seen_at", UTCDateTime()),
    Column("settings", JSON),
)
ROWS = [
    {"id": 1, "name": "Ana", "active": True,
     "seen_at": datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=UTC),
     "settings": {"time_zone": "America/Los_Angeles", "size": 3}},
    {"id": 2, "name": "Bo", "active": False, "seen_at": None, "settings": {}},
    {"id": 3, "name": None, "active": None, "seen_at": None, "settings": None},
]
#: Every kind of column and parameter the hot reads use: a plain column, a boolean, a UTC
#: timestamp, a JSON path read as text (its key is a parameter of the statement's own), and
#: a parameter given by the caller.
STATEMENT = sa.select(
    PEOPLE.c.id, PEOPLE.c.name, PEOPLE.c.active, PEOPLE.c.seen_at,
    PEOPLE.c.settings["time_zone"].as_string().label("zone"),
).where(PEOPLE.c.id == bindparam("id"))


@pytest.fixture
def engine(empty_database_url):
    engine = make_engine(empty_database_url)
    METADATA.create_all(engine)
    with engine.begin() as connection:
        connection.execute(PEOPLE.insert(), ROWS)
    yield engine
    engine.dispose()


@pytest.mark.postgres
@pytest.mark.parametrize("person", [1, 2, 3])
def test_a_row_reads_as_sqlalchemy_reads_it_with_every_conversion(engine, person):
    with engine.connect() as connection:
        expected = connection.execute(STATEMENT, {"id": person}).first()
        found = first_row(connection, STATEMENT, {"id": person})
    assert tuple(found) == tuple(expected)
    assert [type(value) for value in found] == [type(value) for value in expected]
    assert found.id == person and found.zone == expected.zone


@pytest.mark.postgres
def test_timestamps_come_back_aware_and_in_utc(engine):
    with engine.connect() as connection:
        found = first_row(connection, STATEMENT, {"id": 1})
    assert found.seen_at == ROWS[0]["seen_at"]
    assert found.seen_at.tzinfo is not None
    assert found.active is True and found.zone == "America/Los_Angeles"


@pytest.mark.postgres
def test_no_row_is_none(engine):
    with engine.connect() as connection:
        assert first_row(connection, STATEMENT, {"id": 404}) is None


@pytest.mark.postgres
def test_the_read_sees_its_own_transaction_s_uncommitted_rows(engine):
    with engine.connect() as connection:
        connection.execute(PEOPLE.insert(), {"id": 7, "name": "Cy", "active": True})
        assert first_row(connection, STATEMENT, {"id": 7}).name == "Cy"
        connection.rollback()
        assert first_row(connection, STATEMENT, {"id": 7}) is None


@pytest.mark.postgres
def test_sqlalchemy_executes_nothing_for_a_read(engine, monkeypatch):
    executed = []
    real = sa.Connection.execute
    monkeypatch.setattr(sa.Connection, "execute",
                        lambda self, *args, **kw: executed.append(args) or real(self, *args, **kw))
    with engine.connect() as connection:
        for person in (1, 2, 3, 404):
            first_row(connection, STATEMENT, {"id": person})
    assert executed == []


@pytest.mark.postgres
@pytest.mark.parametrize("event_name", ["before_execute", "after_execute",
                                        "before_cursor_execute", "after_cursor_execute"])
def test_an_engine_someone_listens_to_sees_every_read(engine, event_name):
    seen = []
    event.listen(engine, event_name, lambda *args, **kw: seen.append(event_name))
    with engine.connect() as connection:
        found = first_row(connection, STATEMENT, {"id": 1})
    assert seen == [event_name]
    assert found.name == "Ana" and found.seen_at == ROWS[0]["seen_at"]


@pytest.mark.postgres
def test_a_connection_someone_listens_to_sees_every_read(engine):
    seen = []
    with engine.connect() as connection:
        event.listen(connection, "before_cursor_execute", lambda *args: seen.append(args[2]))
        first_row(connection, STATEMENT, {"id": 1})
    assert len(seen) == 1 and "plain_people" in seen[0]


def test_an_echoing_engine_logs_every_read(engine, caplog):
    engine.echo = True
    with engine.connect() as connection, caplog.at_level("INFO", "sqlalchemy.engine"):
        first_row(connection, STATEMENT, {"id": 2})
    assert any("plain_people" in record.getMessage() for record in caplog.records)


@pytest.mark.postgres
def test_a_driver_error_is_reported_by_sqlalchemy_with_the_parameters_hidden(engine):
    missing = sa.select(sa.table("no_such_table", sa.column("id")).c.id).where(
        sa.column("id") == bindparam("id"))
    with engine.connect() as connection, pytest.raises(sa.exc.DBAPIError) as raised:
        first_row(connection, missing, {"id": "secret-answer"})
    assert "secret-answer" not in str(raised.value)


def test_a_fault_that_has_passed_is_answered_by_sqlalchemy(engine, monkeypatch):
    with engine.connect() as connection:
        first_row(connection, STATEMENT, {"id": 1})  # compiled and kept
        real_cursor = connection.connection.cursor

        class FailingOnce:
            def __init__(self):
                self.failed = False

            def __call__(self):
                if not self.failed:
                    self.failed = True
                    raise connection.dialect.loaded_dbapi.OperationalError("disk I/O error")
                return real_cursor()

        failing = FailingOnce()
        monkeypatch.setattr(type(connection.connection), "cursor", lambda _self: failing())
        found = first_row(connection, STATEMENT, {"id": 1})
    assert found.name == "Ana"


def test_a_parameter_the_caller_must_give_is_never_left_empty(engine):
    from carebridge.plain_reads import Parameters

    insert = PEOPLE.insert().compile(dialect=engine.dialect, column_keys=["id", "name"])
    with pytest.raises(KeyError):  # an INSERT's values: all of them, or nothing is sent
        Parameters(insert, engine.dialect, given=True)({"id": 9})
    with engine.connect() as connection, pytest.raises(KeyError):  # a required bindparam
        first_row(connection, STATEMENT, {})
