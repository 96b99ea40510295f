"""The work of the two busiest requests, counted (never timed): a warm PHQ-9 fill page and an
API submission — the statements they send, the flushes, and that a warm page never reads a
definition's JSON; publishing a new version is seen at once, by every worker."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from carebridge import create_app
from carebridge.auth.models import ApiToken
from carebridge.db import database, utcnow
from carebridge.forms import published, service
from carebridge.forms.models import FormDefinition, Submission
from carebridge.tenancy import ALL_AGENCIES, set_tenant
from carebridge.unit_of_work import unit_of_work

ROOT = Path(__file__).resolve().parents[2]
PHQ9 = json.loads((ROOT / "form_definitions/instruments/phq-9.json").read_text())
ANSWERS = {f"phq_{i}": 1 for i in range(1, 10)}
SUBMIT = "/api/v1/forms/phq-9/submissions"


class Work:
    """The statements sent to ``engine`` and the flushes that wrote something, while open."""

    def __init__(self, engine):
        self.engine, self.statements, self.flushes, self.commits = engine, [], 0, []

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._statement)
        sa.event.listen(self.engine, "commit", self._commit)
        sa.event.listen(sa.orm.Session, "after_flush", self._flush)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._statement)
        sa.event.remove(self.engine, "commit", self._commit)
        sa.event.remove(sa.orm.Session, "after_flush", self._flush)

    def _statement(self, conn, cursor, statement, *args):
        self.statements.append(" ".join(statement.split()))

    def _commit(self, conn):
        self.commits.append(len(self.statements))  # how many statements came before it

    def _flush(self, session, context):
        self.flushes += 1

    def starting(self, *words: str) -> list[str]:
        return [s for s in self.statements if s.upper().startswith(words)]


def publish(app, world, document: dict) -> None:
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        service.publish(session, document, user_id=world.users[("alpha", "admin")])


class Api:
    """Requests with the intake worker's API token."""

    def __init__(self, client, world):
        self.client, self.headers = client, world.headers("alpha", "intake")

    def get(self, path):
        return self.client.get(path, headers=self.headers)

    def post(self, path, body, headers=None):
        return self.client.post(path, json=body, headers={**self.headers, **(headers or {})})


@pytest.fixture
def api(client, world):
    return Api(client, world)


@pytest.fixture
def phq9(app, world):
    publish(app, world, PHQ9)
    return "/forms/phq-9/fill"


@pytest.fixture
def worker(auth, world, phq9):
    auth.login(world.email("alpha", "intake"))
    assert auth.client.get(phq9).status_code == 200  # cold: the version's JSON is read once
    return auth.client


def test_a_warm_fill_page_sends_two_statements_and_no_definition(app, worker, phq9):
    with Work(database(app).engine) as work:
        page = worker.get(phq9)
    assert page.status_code == 200
    assert "PHQ-9" in page.get_data(as_text=True)
    # The login (its session, user and agency in one) and the latest version of the form.
    assert len(work.statements) <= 2, work.statements
    assert not any("form_versions.document" in s for s in work.statements), work.statements
    assert work.flushes == 0


def test_a_warm_fill_page_loads_no_object_and_the_login_is_one_row(app, worker, phq9):
    from carebridge.agencies import Agency
    from carebridge.auth.models import User, UserSession

    loaded = []

    def count(target, _context):
        loaded.append(type(target).__name__)

    models = (User, Agency, UserSession)
    for model in models:
        sa.event.listen(model, "load", count)
    try:
        with Work(database(app).engine) as work:
            page = worker.get(phq9)
    finally:
        for model in models:
            sa.event.remove(model, "load", count)
    assert page.status_code == 200
    assert loaded == []
    logins = work.starting("SELECT USER_SESSIONS")
    assert len(logins) == 1 and "agencies" in logins[0]  # the user's agency joined, not loaded
    # The page still names the reader and their agency.
    assert "intake@alpha.example.org" in page.get_data(as_text=True)
    assert "Alpha Community Services" in page.get_data(as_text=True)


def test_a_warm_fill_page_reads_on_the_driver_s_cursor(app, worker, phq9, monkeypatch):
    # The login and the version (plain_reads.py): SQLAlchemy builds and converts them, but
    # executes nothing for them.
    executed = []
    real = sa.Connection.execute
    monkeypatch.setattr(sa.Connection, "execute",
                        lambda self, *args, **kw: executed.append(args) or real(self, *args, **kw))
    page = worker.get(phq9)
    assert page.status_code == 200 and "intake@alpha.example.org" in page.get_data(as_text=True)
    assert executed == []


def test_a_warm_fill_page_begins_no_orm_transaction(app, worker, phq9):
    # It only reads (the login, the version) on its unit of work's connection.
    begun = []

    def began(*args):
        begun.append(args)

    sa.event.listen(sa.orm.Session, "after_begin", began)
    try:
        with Work(database(app).engine) as work:
            assert worker.get(phq9).status_code == 200
    finally:
        sa.event.remove(sa.orm.Session, "after_begin", began)
    assert begun == [] and len(work.statements) == 2


def test_an_api_call_s_token_is_read_on_the_driver_s_cursor(app, api, phq9, monkeypatch):
    assert api.get("/api/v1/forms/phq-9").status_code == 200  # the token's minute touch
    executed = []
    real = sa.Connection.execute
    monkeypatch.setattr(sa.Connection, "execute",
                        lambda self, *args, **kw: executed.append(args) or real(self, *args, **kw))
    assert api.get("/api/v1/forms/phq-9").status_code == 200
    assert not any("api_tokens" in str(args[0]) for args in executed), executed


def test_a_role_change_counts_at_the_next_page(app, world, worker, phq9):
    from carebridge.auth.models import User

    assert worker.get(phq9).status_code == 200
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.get(User, world.users[("alpha", "intake")]).role = "directory_editor"
    assert worker.get(phq9).status_code == 403


def test_the_first_page_reads_the_definition_once_and_keeps_it_decoded(app, world, auth, phq9):
    auth.login(world.email("alpha", "intake"))
    with app.app_context():
        cache = published.decoded_definitions()
        assert cache.usage()[0] == 0
    with Work(database(app).engine) as work:
        assert auth.client.get(phq9).status_code == 200
    reads = [s for s in work.statements if "form_versions.document" in s]
    assert len(reads) == 1, work.statements
    assert cache.usage()[0] == 1 and cache.usage()[1] > 1000
    with Work(database(app).engine) as work:
        assert auth.client.get(phq9).status_code == 200
    assert not any("form_versions.document" in s for s in work.statements)


@pytest.mark.parametrize("keyed", [True, False], ids=["idempotency-key", "no-key"])
def test_an_api_submission_is_two_inserts_and_no_flush(app, world, api, phq9, keyed):
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201  # the token's minute touch
    headers = {"Idempotency-Key": "visit-2"} if keyed else {}
    with Work(database(app).engine) as work:
        response = api.post(SUBMIT, {"data": ANSWERS}, headers=headers)
    assert response.status_code == 201, response.get_json()
    # The token, the version, (the key), then the submission and its audit event as two plain
    # INSERTs: the ORM's unit of work has nothing to flush. A keyed submission needs no
    # savepoint: its INSERT skips a row whose key another request took.
    assert work.flushes == 0
    inserts = work.starting("INSERT")
    assert sorted(s.split()[2] for s in inserts) == ["audit_events", "submissions"], inserts
    assert work.starting("UPDATE") == []
    assert len(work.starting("SELECT")) == (3 if keyed else 2), work.statements
    assert len(work.statements) == (5 if keyed else 4), work.statements
    assert not any("SAVEPOINT" in s.upper() for s in work.statements)
    assert not any("form_versions.document" in s for s in work.statements)


def test_a_replayed_key_answers_200_and_stores_nothing_more(app, world, api, phq9):
    headers = {"Idempotency-Key": "visit-3"}
    first = api.post(SUBMIT, {"data": ANSWERS}, headers=headers)
    with Work(database(app).engine) as work:
        again = api.post(SUBMIT, {"data": ANSWERS}, headers=headers)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["id"] == first.get_json()["id"]
    assert work.starting("INSERT") == [] and work.flushes == 0


def test_a_submission_is_audited_with_its_id(app, world, api, phq9):
    from carebridge.audit import AuditEvent

    made = api.post(SUBMIT, {"data": ANSWERS}, headers={"Idempotency-Key": "k"}).get_json()
    with unit_of_work(app, ALL_AGENCIES) as session:
        stored = session.get(Submission, made["id"])
        event = session.scalar(sa.select(AuditEvent).where(AuditEvent.object_id == made["id"]))
        assert stored is not None and stored.created_at is not None
        assert (event.action, event.object_type, event.via) == ("create", "Submission", "api")
        assert event.user_id == world.users[("alpha", "intake")]


def test_a_token_records_its_use_once_a_minute(app, world, api, phq9):
    token_user = world.users[("alpha", "intake")]

    def last_used():
        with unit_of_work(app, ALL_AGENCIES) as session:
            return session.scalar(sa.select(ApiToken.last_used_at)
                                  .where(ApiToken.user_id == token_user))

    assert api.get("/api/v1/forms").status_code == 200
    first = last_used()
    assert first is not None
    assert api.get("/api/v1/forms").status_code == 200
    assert last_used() == first
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.execute(sa.update(ApiToken).where(ApiToken.user_id == token_user)
                        .values(last_used_at=utcnow() - timedelta(minutes=5)))
    assert api.get("/api/v1/forms").status_code == 200
    assert last_used() > first - timedelta(seconds=1)


def test_a_new_version_is_seen_at_once_and_its_elder_leaves_the_cache(app, world, worker,
                                                                     phq9):
    with app.app_context():
        cache = published.decoded_definitions()
    assert cache.usage()[0] == 1
    publish(app, world, {**PHQ9, "title": "PHQ-9, reworded"})
    assert cache.usage()[0] == 0  # the older version is dropped after the commit
    page = worker.get(phq9).get_data(as_text=True)
    assert "PHQ-9, reworded" in page
    assert cache.usage()[0] == 1


def test_another_worker_sees_a_version_published_elsewhere(app, world, worker, phq9, tmp_path):
    # A second app on the same database is another gunicorn worker (or server): its warm cache
    # is never told about the publish, and still draws the new version.
    other = create_app({**app.config, "SECRET_KEY": app.config["SECRET_KEY"]},
                       instance_path=tmp_path / "other")
    try:
        from tests.conftest import Auth

        elsewhere = Auth(other.test_client())
        elsewhere.login(world.email("alpha", "intake"))
        assert "PHQ-9, reworded" not in elsewhere.client.get(phq9).get_data(as_text=True)
        publish(app, world, {**PHQ9, "title": "PHQ-9, reworded"})
        assert "PHQ-9, reworded" in elsewhere.client.get(phq9).get_data(as_text=True)
        with other.app_context():
            kept = published.decoded_definitions().usage()[0]
        assert kept == 2  # both versions, each under its own id and digest
    finally:
        database(other).engine.dispose()


def test_the_cache_is_bounded_by_count_and_by_bytes(app, world, phq9):
    cache = published.DecodedDefinitions(max_documents=2, max_bytes=10_000)
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        form = session.scalar(sa.select(FormDefinition).where(FormDefinition.slug == "phq-9"))
        version = service.get_version(session, "phq-9")

        class Row:  # a version as the cache sees it: id, digest, definition
            def __init__(self, id_, digest):
                self.id, self.digest, self.definition_id = id_, digest, form.id

        small = {"x": "y" * 100}
        for n in range(3):
            cache.put(Row(100 + n, f"d{n}"), small)
        assert cache.usage()[0] == 2 and cache.get(100, "d0") is None
        assert cache.get(102, "d2") is small
        cache.put(Row(200, "big"), {"x": "y" * 20_000})  # larger than the whole cache: not kept
        assert cache.get(200, "big") is None
        assert cache.get(version.id, version.digest) is None  # another cache than the app's
        assert cache.forget_definition(form.id) == 2
        assert cache.usage() == (0, 0)


def test_a_warm_token_revoked_elsewhere_or_its_user_changed_counts_at_once(app, world, api,
                                                                          phq9):
    # The token's look-up keeps nothing between requests: a revocation, a role change or a
    # deactivation made by another worker (here: another unit of work) counts at the next call.
    from carebridge.auth.models import User

    user_id = world.users[("alpha", "intake")]
    for _ in range(3):
        assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.get(User, user_id).role = "directory_editor"  # may not submit
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 403
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.get(User, user_id).role = "intake"
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.get(User, user_id).is_active = False
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 401
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.get(User, user_id).is_active = True
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.execute(sa.update(ApiToken).where(ApiToken.user_id == user_id)
                        .values(revoked_at=utcnow()))
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 401
    with unit_of_work(app, ALL_AGENCIES) as session:
        stored = session.scalar(sa.select(sa.func.count()).select_from(Submission)
                                .where(Submission.created_by_id == user_id))
    assert stored == 5


def test_the_token_and_its_user_are_one_core_row_and_the_orm_user_loads_when_asked(
        app, world, api, phq9):
    from carebridge.auth.models import User
    from carebridge.auth.service import TokenUser, user_for_token
    from carebridge.db import get_session

    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201  # the minute touch
    token = api.headers["Authorization"].removeprefix("Bearer ")
    with app.test_request_context():
        session = get_session()
        with Work(database(app).engine) as work:
            caller = user_for_token(session, token)
            assert isinstance(caller, TokenUser)
            assert (caller.id, caller.agency_id, caller.role) == (
                world.users[("alpha", "intake")], world.agencies["alpha"], "intake")
        assert len(work.statements) == 1, work.statements
        assert not session.dirty and not session.new
        assert not any(isinstance(o, User) for o in session.identity_map.values())
        set_tenant(session, caller.agency_id)  # as authentication does
        with Work(database(app).engine) as work:
            assert caller.email == world.email("alpha", "intake")  # loaded now, when asked for
            assert caller.agency.id == world.agencies["alpha"]
            assert isinstance(caller.user(), User) and caller.user() is caller.user()
        assert len(work.statements) == 1, work.statements


def test_an_api_view_asking_for_the_user_gets_the_orm_object(app, world, api, phq9):
    from flask import g

    from carebridge.auth.access import current_user
    from carebridge.auth.models import User

    headers = api.headers
    with app.test_request_context("/api/v1/forms", headers=headers):
        app.preprocess_request()
        assert not isinstance(g.user, User)
        user = current_user()
        assert isinstance(user, User) and user.id == world.users[("alpha", "intake")]
        assert g.user is user and current_user() is user


def test_an_expired_token_opens_nothing(app, world, api, phq9):
    user_id = world.users[("alpha", "intake")]
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.execute(sa.update(ApiToken).where(ApiToken.user_id == user_id)
                        .values(expires_at=utcnow() - timedelta(seconds=1)))
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 401


def test_the_version_look_up_names_the_agency_itself_and_sees_only_its_forms(app, world, api,
                                                                             phq9):
    # get_version writes the session's agency into its statement (not tenancy's criteria):
    # another agency's form of the same slug, or one only it has, is never found.
    with unit_of_work(app, world.agencies["beta"]) as session:
        set_tenant(session, world.agencies["beta"])
        service.publish(session, {**PHQ9, "title": "Beta's PHQ-9"},
                        user_id=world.users[("beta", "admin")])
        service.publish(session, {**PHQ9, "id": "beta-only", "title": "Beta only"},
                        user_id=world.users[("beta", "admin")])
    assert api.get("/api/v1/forms/phq-9").get_json()["title"] != "Beta's PHQ-9"
    assert api.get("/api/v1/forms/beta-only").status_code == 404
    assert api.post("/api/v1/forms/beta-only/submissions", {"data": ANSWERS}).status_code == 404
    made = api.post(SUBMIT, {"data": ANSWERS}).get_json()
    with unit_of_work(app, ALL_AGENCIES) as session:
        stored = session.get(Submission, made["id"])
        assert stored.agency_id == world.agencies["alpha"]
        assert stored.form_version.agency_id == world.agencies["alpha"]
    with Work(database(app).engine) as work:
        assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201
    version_reads = [s for s in work.statements if "FROM form_versions" in s]
    assert len(version_reads) == 1 and version_reads[0].count("agency_id = ?") == 2


def test_an_unkeyed_submission_writes_its_rows_last_then_commits(app, world, api, phq9):
    # SQLite has one writer at a time across every worker: the write transaction begins at the
    # first INSERT and must hold nothing but the writes and the commit.
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201  # the token's minute touch
    with Work(database(app).engine) as work:
        assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201
    kinds = [s.split()[0] for s in work.statements]
    assert kinds == ["SELECT", "SELECT", "INSERT", "INSERT"], work.statements
    assert work.commits == [4]


def test_a_keyed_submission_writes_its_rows_last_then_commits(app, world, api, phq9):
    # As an unkeyed one: the INSERT that skips a taken key is sent with the commit, not when
    # the view makes the submission (the write lock is not held while the response is built).
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201  # the token's minute touch
    with Work(database(app).engine) as work:
        made = api.post(SUBMIT, {"data": ANSWERS}, headers={"Idempotency-Key": "visit-4"})
    assert made.status_code == 201
    kinds = [s.split()[0] for s in work.statements]
    assert kinds == ["SELECT", "SELECT", "SELECT", "INSERT", "INSERT"], work.statements
    assert "ON CONFLICT" in work.statements[3]
    assert work.commits == [5]


def test_rows_waiting_for_the_commit_are_never_written_by_a_rolled_back_unit(app, world, phq9):
    with pytest.raises(RuntimeError), unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with app.test_request_context():
            version = service.get_version(session, "phq-9")
            made = service.submit(session, version, ANSWERS,
                                  user_id=world.users[("alpha", "intake")], via="api")
        assert session.get(Submission, made.id) is made  # the session's own, before the write
        made_id = made.id
        raise RuntimeError("the unit fails after the submission")
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.get(Submission, made_id) is None


def test_a_flush_before_the_commit_writes_the_waiting_rows_first(app, world, phq9):
    # Something that changes the new submission (an intake linking its client, a draft
    # pointing to it) flushes: the rows it needs are written before that flush.
    from carebridge.audit import AuditEvent

    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with app.test_request_context():
            version = service.get_version(session, "phq-9")
            made = service.submit(session, version, ANSWERS,
                                  user_id=world.users[("alpha", "intake")], via="api")
        made.flags = []
        session.flush()
        assert session.scalar(sa.select(sa.func.count()).select_from(Submission)
                              .where(Submission.id == made.id)) == 1
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.get(Submission, made.id).flags == []
        assert session.scalar(sa.select(AuditEvent.action)
                              .where(AuditEvent.object_id == made.id)) == "create"


def test_the_idempotency_look_up_is_one_plain_select_in_the_agency(app, world, api, phq9):
    assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201  # the token's minute touch
    with Work(database(app).engine) as work:
        made = api.post(SUBMIT, {"data": ANSWERS}, headers={"Idempotency-Key": "visit-9"})
    assert made.status_code == 201
    lookups = [s for s in work.statements if "submissions.idempotency_key = ?" in s]
    assert len(lookups) == 1 and "JOIN" not in lookups[0]
    assert "submissions.agency_id = ?" in lookups[0]
    again = api.post(SUBMIT, {"data": ANSWERS}, headers={"Idempotency-Key": "visit-9"})
    assert (again.status_code, again.get_json()) == (200, made.get_json())


def test_a_warm_submission_loads_no_version_or_user_object_and_a_cold_one_keeps_the_document(
        app, world, api, phq9):
    from carebridge.auth.models import ApiToken, User
    from carebridge.forms.models import FormDefinition, FormVersion

    loaded = []

    def count(target, _context):
        loaded.append(type(target).__name__)

    models = (FormVersion, FormDefinition, User, ApiToken)
    for model in models:
        sa.event.listen(model, "load", count)
    try:
        with unit_of_work(app, ALL_AGENCIES) as session:
            form_id = session.scalar(sa.select(FormDefinition.id)
                                     .where(FormDefinition.agency_id == world.agencies["alpha"]))
            published.decoded_definitions().forget_definition(form_id)  # a cold worker
        assert api.post(SUBMIT, {"data": ANSWERS}).status_code == 201  # cold: read, kept
        assert "FormVersion" in loaded
        loaded.clear()
        made = api.post(SUBMIT, {"data": ANSWERS}).get_json()  # warm
        assert loaded == []
    finally:
        for model in models:
            sa.event.remove(model, "load", count)
    with unit_of_work(app, ALL_AGENCIES) as session:
        stored = session.get(Submission, made["id"])
        assert stored.form_version.definition.slug == "phq-9"
        assert stored.agency_id == world.agencies["alpha"]
        assert stored.scores == made["scores"] and stored.flags == made["flags"]


def test_a_new_submission_is_made_without_attribute_events_and_stored_whole(app, world, api,
                                                                          phq9):
    columns = [getattr(Submission, c.key) for c in Submission.__table__.columns]
    sets = []

    def noted(target, value, old, initiator):
        sets.append(initiator.key)

    for column in columns:
        sa.event.listen(column, "set", noted)
    try:
        made = api.post(SUBMIT, {"data": ANSWERS}).get_json()
    finally:
        for column in columns:
            sa.event.remove(column, "set", noted)
    # Only the agency, checked for the session's tenant as a flush would check it.
    assert sets == ["agency_id"]
    with unit_of_work(app, ALL_AGENCIES) as session:
        stored = session.get(Submission, made["id"])
        assert (stored.data, stored.scores, stored.flags) == (ANSWERS, made["scores"],
                                                               made["flags"])
        assert stored.form_version.definition.slug == "phq-9"
        assert stored.created_by_id == world.users[("alpha", "intake")]
        assert stored.agency_id == world.agencies["alpha"] and stored.created_at is not None
        assert (stored.idempotency_key, stored.request_digest, stored.client_id) == (None,) * 3
