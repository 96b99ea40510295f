"""One unit of work per request or command: one commit, and queued work only after it."""

import logging

import pytest
import recording_plugin
from sqlalchemy import func, select

from carebridge.forms.models import Submission
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import after_commit, unit_of_work
from tests.conftest import test_app


@pytest.fixture
def recording(database_url, tmp_path):
    app = test_app(database_url, tmp_path / "recording", PLUGINS=["recording_plugin"])
    recording_plugin.heard.clear()
    yield app
    app_engine = app.extensions["carebridge"].database.engine
    app_engine.dispose()


@pytest.fixture
def note_form(recording, world):
    client = recording.test_client()
    response = client.post("/api/v1/forms", json={"title": "Note", "type": "object"},
                           headers=world.headers("alpha", "admin"))
    assert response.status_code == 201
    return client


def submissions(app) -> int:
    with unit_of_work(app, ALL_AGENCIES) as session:
        return session.scalar(select(func.count()).select_from(Submission))


@pytest.mark.postgres
def test_a_hook_runs_after_the_commit_of_a_request_that_succeeds(recording, world, note_form):
    answer = note_form.post("/api/recording/submit?form=note",
                            headers=world.headers("alpha", "admin"))
    assert answer.status_code == 200
    assert recording_plugin.heard == [("submission_created", answer.json["id"], 1)]
    assert submissions(recording) == 1


@pytest.mark.postgres
def test_a_hook_never_runs_for_a_request_that_is_refused(recording, world, note_form):
    answer = note_form.post("/api/recording/submit?form=note&fail=1",
                            headers=world.headers("alpha", "admin"))
    assert answer.status_code == 409
    assert answer.json["message"] == "refused after the submission was added"
    assert recording_plugin.heard == []
    assert submissions(recording) == 0


def test_the_api_hook_fires_once_per_new_submission_not_for_a_replay(recording, world,
                                                                     note_form):
    headers = {**world.headers("alpha", "admin"), "Idempotency-Key": "k-1"}
    first = note_form.post("/api/v1/forms/note/submissions", json={"data": {}}, headers=headers)
    again = note_form.post("/api/v1/forms/note/submissions", json={"data": {}}, headers=headers)
    assert first.json["id"] == again.json["id"]
    assert recording_plugin.heard == [("submission_created", first.json["id"], 1)]


def test_a_command_unit_runs_its_work_after_commit_and_none_after_an_error(recording):
    ran = []
    with unit_of_work(recording, ALL_AGENCIES) as session:
        after_commit(session, ran.append, "first")
        assert ran == []
    assert ran == ["first"]
    with pytest.raises(RuntimeError), unit_of_work(recording, ALL_AGENCIES) as session:
        after_commit(session, ran.append, "second")
        raise RuntimeError("the command failed")
    assert ran == ["first"]


def test_work_that_fails_after_the_commit_is_logged_and_the_rest_still_runs(recording, caplog):
    ran = []

    def broken():
        raise ValueError("a plugin's bug")

    with caplog.at_level(logging.ERROR, "carebridge"):
        with unit_of_work(recording, ALL_AGENCIES) as session:
            after_commit(session, broken)
            after_commit(session, ran.append, "next")
    assert ran == ["next"]
    assert any(r.getMessage() == "after-commit work failed" for r in caplog.records)


def test_work_queued_by_queued_work_runs_too(recording):
    ran = []
    with unit_of_work(recording, ALL_AGENCIES) as session:
        after_commit(session, lambda: after_commit(session, ran.append, "chained"))
    assert ran == ["chained"]


def test_a_session_outside_any_unit_of_work_cannot_queue(recording):
    from carebridge.db import database

    session = database(recording).sessionmaker()
    with pytest.raises(RuntimeError, match="no unit of work"):
        after_commit(session, print)
    session.close()


def test_rows_a_failed_piece_of_work_meant_to_write_are_dropped_with_it(recording, world):
    from sqlalchemy import insert

    from carebridge.audit import AuditEvent
    from carebridge.db import utcnow
    from carebridge.unit_of_work import work_of

    def row(name):
        return {"at": utcnow(), "action": "create", "object_type": "note", "object_id": name,
                "user_id": None, "via": "cli", "detail": {},
                "agency_id": world.agencies["alpha"]}

    def broken(session):
        work_of(session).write_at_commit(insert(AuditEvent.__table__), row("from-broken"))
        raise ValueError("a plugin's bug")

    def fine(session):
        work_of(session).write_at_commit(insert(AuditEvent.__table__), row("from-fine"))

    with unit_of_work(recording, ALL_AGENCIES) as session:
        work_of(session).write_at_commit(insert(AuditEvent.__table__), row("own"))
        after_commit(session, broken, session)
        after_commit(session, fine, session)
    with unit_of_work(recording, ALL_AGENCIES) as session:
        written = set(session.scalars(select(AuditEvent.object_id)
                                      .where(AuditEvent.object_type == "note")))
    assert written == {"own", "from-fine"}


def test_a_row_waiting_for_the_commit_is_seen_by_a_query_of_the_same_unit(recording, world):
    from sqlalchemy import insert

    from carebridge.audit import AuditEvent
    from carebridge.db import utcnow
    from carebridge.unit_of_work import work_of

    with unit_of_work(recording, ALL_AGENCIES) as session:
        work_of(session).write_at_commit(insert(AuditEvent.__table__), {
            "at": utcnow(), "action": "create", "object_type": "note", "object_id": "waiting",
            "user_id": None, "via": "cli", "detail": {}, "agency_id": world.agencies["alpha"]})
        # Nothing else changed in the session: no flush would write the row before this query.
        seen = session.scalars(select(AuditEvent.object_id)
                               .where(AuditEvent.object_type == "note")).all()
    assert seen == ["waiting"]


# What a unit commits ---------------------------------------------------------------------------


@pytest.fixture
def commits(recording):
    """The app's commits as they happen: ``session`` for each ORM commit, ``database`` for each
    transaction the database commits."""
    from sqlalchemy import event

    from carebridge.db import database

    seen: list[str] = []
    state = database(recording)
    event.listen(state.sessionmaker, "after_commit", lambda _s: seen.append("session"))
    event.listen(state.engine, "commit", lambda _c: seen.append("database"))
    return seen


def audit_row(world, name):
    from carebridge.db import utcnow

    return {"at": utcnow(), "action": "create", "object_type": "note", "object_id": name,
            "user_id": None, "via": "cli", "detail": {}, "agency_id": world.agencies["alpha"]}


def notes(app) -> set[str]:
    from carebridge.audit import AuditEvent

    with unit_of_work(app, ALL_AGENCIES) as session:
        return set(session.scalars(select(AuditEvent.object_id)
                                   .where(AuditEvent.object_type == "note")))


def test_a_submission_whose_hooks_write_nothing_is_committed_once(recording, world, note_form,
                                                                  commits):
    answer = note_form.post("/api/v1/forms/note/submissions", json={"data": {}},
                            headers=world.headers("alpha", "admin"))
    assert answer.status_code == 201
    assert recording_plugin.heard == [("submission_created", answer.json["id"], 1)]
    assert commits == ["database", "session"]


def test_work_that_writes_nothing_after_the_commit_commits_nothing(recording, commits):
    ran = []
    with unit_of_work(recording, ALL_AGENCIES) as session:
        session.execute(select(1))
        after_commit(session, ran.append, "done")
    assert ran == ["done"]
    assert commits == ["database", "session"]


def test_what_work_after_the_commit_adds_is_committed(recording, world, commits):
    from carebridge.audit import AuditEvent

    def add(session):
        session.add(AuditEvent(**audit_row(world, "added")))

    with unit_of_work(recording, ALL_AGENCIES) as session:
        after_commit(session, add, session)
    assert commits == ["session", "database", "session"]
    assert notes(recording) == {"added"}


def test_what_work_after_the_commit_changes_is_committed(recording, world, commits):
    from carebridge.audit import AuditEvent

    with unit_of_work(recording, ALL_AGENCIES) as session:
        session.add(AuditEvent(**audit_row(world, "before")))
    with unit_of_work(recording, ALL_AGENCIES) as session:
        loaded = session.scalar(select(AuditEvent).where(AuditEvent.object_id == "before"))

        def change():
            loaded.object_id = "after"  # loaded before the commit: changed, no statement

        after_commit(session, change)
    assert commits == ["database", "session"] * 3  # the last: what the work changed
    assert notes(recording) == {"after"}


def test_rows_work_after_the_commit_waits_to_write_are_committed(recording, world, commits):
    from sqlalchemy import insert

    from carebridge.audit import AuditEvent
    from carebridge.unit_of_work import work_of

    def write(session):
        work_of(session).write_at_commit(insert(AuditEvent.__table__), audit_row(world, "row"))

    with unit_of_work(recording, ALL_AGENCIES) as session:
        after_commit(session, write, session)
    # The unit's own commit (the session's, nothing written), then the row the queued work
    # left: written on the unit's connection and committed once, no ORM transaction for it.
    assert commits == ["session", "database"]
    assert notes(recording) == {"row"}


def test_what_work_after_the_commit_deletes_is_committed(recording, world):
    from carebridge.audit import AuditEvent

    with unit_of_work(recording, ALL_AGENCIES) as session:
        session.add(AuditEvent(**audit_row(world, "gone")))
    with unit_of_work(recording, ALL_AGENCIES) as session:
        loaded = session.scalar(select(AuditEvent).where(AuditEvent.object_id == "gone"))
        after_commit(session, session.delete, loaded)
    assert notes(recording) == set()


# Reads on the unit's connection ----------------------------------------------------------------


def _note(world, name):
    from sqlalchemy import insert

    from carebridge.audit import AuditEvent

    return insert(AuditEvent.__table__), audit_row(world, name)


@pytest.mark.postgres
def test_a_unit_that_only_reads_on_its_connection_begins_no_orm_transaction(recording,
                                                                             commits):
    from carebridge.unit_of_work import connection_of

    with unit_of_work(recording, ALL_AGENCIES) as session:
        assert connection_of(session).execute(select(1)).scalar() == 1
        assert not session.in_transaction()
    assert commits == ["database"]


@pytest.mark.postgres
def test_a_unit_whose_reads_were_plain_commits_nothing_and_gives_its_connection_back(
        recording, world, commits):
    from sqlalchemy import literal

    from carebridge.db import database
    from carebridge.plain_reads import first_row
    from carebridge.unit_of_work import connection_of

    pool = database(recording).engine.pool
    before = pool.checkedout()
    with unit_of_work(recording, ALL_AGENCIES) as session:
        assert first_row(connection_of(session), select(literal(7).label("n")), {}).n == 7
        assert not session.in_transaction()
    assert commits == []  # nothing begun, nothing to commit: the pool rolled the read back
    assert pool.checkedout() == before
    # The next unit reads and writes on a connection as fresh.
    with unit_of_work(recording, ALL_AGENCIES) as session:
        assert first_row(connection_of(session), select(literal(8).label("n")), {}).n == 8
        connection_of(session).execute(*_note(world, "after a plain read"))
    assert commits == ["database"]
    assert notes(recording) == {"after a plain read"}


@pytest.mark.postgres
def test_the_session_takes_over_the_transaction_its_unit_began(recording, world, commits):
    from carebridge.audit import AuditEvent
    from carebridge.unit_of_work import connection_of

    with unit_of_work(recording, ALL_AGENCIES) as session:
        connection = connection_of(session)
        connection.execute(*_note(world, "core"))
        # The ORM sees the Core row: one transaction, whichever way the unit reads.
        assert session.scalar(select(AuditEvent.object_id)
                              .where(AuditEvent.object_type == "note")) == "core"
        session.add(AuditEvent(**audit_row(world, "orm")))
        assert connection_of(session) is connection
    # Committed once, the database's commit before the session's after_commit event.
    assert commits == ["database", "session"]
    assert notes(recording) == {"core", "orm"}


@pytest.mark.postgres
def test_a_failed_unit_undoes_what_it_wrote_on_its_connection_and_through_the_orm(recording,
                                                                                 world):
    from carebridge.audit import AuditEvent
    from carebridge.unit_of_work import connection_of

    with pytest.raises(ValueError), unit_of_work(recording, ALL_AGENCIES) as session:
        connection_of(session).execute(*_note(world, "core"))
        session.add(AuditEvent(**audit_row(world, "orm")))
        session.flush()
        raise ValueError("refused")
    with pytest.raises(ValueError), unit_of_work(recording, ALL_AGENCIES) as session:
        connection_of(session).execute(*_note(world, "core only"))
        raise ValueError("refused")
    assert notes(recording) == set()


@pytest.mark.postgres
def test_work_after_the_commit_reads_and_writes_in_a_transaction_of_its_own(recording, world):
    from carebridge.audit import AuditEvent
    from carebridge.unit_of_work import connection_of

    def later(session):
        connection_of(session).execute(*_note(world, "later core"))
        session.add(AuditEvent(**audit_row(world, "later orm")))

    with unit_of_work(recording, ALL_AGENCIES) as session:
        connection_of(session).execute(*_note(world, "first"))
        after_commit(session, later, session)
    assert notes(recording) == {"first", "later core", "later orm"}


def test_the_unit_gives_its_connection_back(recording):
    from carebridge.db import database
    from carebridge.unit_of_work import connection_of

    pool = database(recording).engine.pool
    before = pool.checkedout()
    with unit_of_work(recording, ALL_AGENCIES) as session:
        connection_of(session).execute(select(1))
        assert pool.checkedout() == before + 1
    assert pool.checkedout() == before
    with pytest.raises(ValueError), unit_of_work(recording, ALL_AGENCIES) as session:
        connection_of(session).execute(select(1))
        raise ValueError("refused")
    assert pool.checkedout() == before
