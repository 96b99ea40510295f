"""Fixtures every test shares: apps from the factory on SQLite (and PostgreSQL where asked)."""

from __future__ import annotations

import os
import re
import shutil
import socket
import uuid
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from carebridge import create_app
from carebridge.agencies import create_agency
from carebridge.auth.service import create_token, create_user
from carebridge.db import database
from carebridge.migrations import upgrade
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests import speedups

speedups.install()

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CAREBRIDGE_SHARED", ROOT.parent / "shared"))
IN_CI = os.environ.get("CI", "").lower() == "true"
PASSWORD = "correct horse battery"
ROLES = ("admin", "care_manager", "intake", "directory_editor")


def skip_or_fail(reason: str):
    """Skip on a user's machine; in CI the same absence is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (CI=true: this must run in CI)")
    pytest.skip(reason)


def shared_path(*parts: str) -> Path:
    path = SHARED.joinpath(*parts)
    if not path.exists():
        skip_or_fail(f"{path} is absent: the shared data folder is not beside this clone")
    return path


@pytest.fixture
def shared_data():
    """``shared_data("data", "x.json")``: a path into ../shared, or skip (fail in CI)."""
    return shared_path


def pytest_generate_tests(metafunc):
    # Storage-facing tests (marked `postgres`) run on SQLite and on PostgreSQL.
    if "db_backend" in metafunc.fixturenames:
        backends = ["sqlite"]
        if metafunc.definition.get_closest_marker("postgres"):
            backends.append("postgresql")
        metafunc.parametrize("db_backend", backends)


@pytest.fixture
def db_backend():  # replaced by parametrisation; here so tests without the marker get SQLite
    return "sqlite"


class Databases:
    """Migrated databases made once per test session and handed to each test as new.

    SQLite: a migrated file (and one that also holds the ``World``) is copied per test.
    PostgreSQL: one schema, migrated once; every table is emptied after each test.
    Migrating per test cost 0.3–1 s of each test's set-up.
    """

    def __init__(self, folder: Path):
        self.folder = folder
        self.templates: dict[str, Path] = {}
        self.world: World | None = None
        self.with_world: set[str] = set()  # URLs whose database already holds the World
        self.postgres: tuple | None = None  # (engine, schema, url)

    def sqlite(self, kind: str) -> Path:
        if kind not in self.templates:
            path = self.folder / f"{kind}.sqlite3"
            app = test_app(f"sqlite:///{path}", self.folder / f"instance-{kind}")
            upgrade(app)
            if kind == "world":
                self.world = build_world(app)
            database(app).engine.dispose()  # closes the file: its WAL is merged into it
            self.templates[kind] = path
        return self.templates[kind]

    def postgresql(self) -> str:
        if self.postgres is None:
            base = os.environ.get("CAREBRIDGE_TEST_POSTGRES_URL")
            if not base:
                skip_or_fail("CAREBRIDGE_TEST_POSTGRES_URL is not set: no PostgreSQL to test "
                             "against")
            schema = f"t_{uuid.uuid4().hex[:12]}"
            try:
                engine = sa.create_engine(base)
                with engine.begin() as conn:
                    conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
            except sa.exc.OperationalError as exc:
                skip_or_fail(f"PostgreSQL at {base} is unreachable: {exc.orig}")
            url = schema_url(base, schema)
            app = test_app(url, self.folder / "instance-postgresql")
            upgrade(app)
            database(app).engine.dispose()
            self.postgres = (engine, schema, url)
        return self.postgres[2]

    def empty_postgresql(self) -> None:
        """Empty every table but Alembic's (ids start again at 1, as in a new database)."""
        engine, schema, _url = self.postgres
        with engine.begin() as conn:
            tables = conn.execute(sa.text(
                "SELECT tablename FROM pg_tables WHERE schemaname = :schema "
                "AND tablename <> 'alembic_version'"), {"schema": schema}).scalars().all()
            if tables:
                names = ", ".join(f'"{schema}"."{name}"' for name in tables)
                conn.execute(sa.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))

    def close(self) -> None:
        if self.postgres is not None:
            engine, schema, _url = self.postgres
            with engine.begin() as conn:
                conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
            engine.dispose()


def schema_url(base: str, schema: str) -> str:
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


def test_app(database_url: str, instance: Path, **config):
    return create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url, **config},
        instance_path=instance,
    )


test_app.__test__ = False  # a factory, not a test


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    made = Databases(tmp_path_factory.mktemp("databases"))
    yield made
    made.close()


@pytest.fixture
def database_url(db_backend, tmp_path, request, databases):
    """A migrated database of this test's own; on SQLite it already holds the ``World`` when
    the test asks for ``world``."""
    if db_backend == "sqlite":
        kind = "world" if "world" in request.fixturenames else "migrated"
        path = tmp_path / "test.sqlite3"
        shutil.copyfile(databases.sqlite(kind), path)
        url = f"sqlite:///{path}"
        if kind == "world":
            databases.with_world.add(url)
        yield url
        return
    yield databases.postgresql()
    databases.empty_postgresql()


@pytest.fixture
def empty_database_url(db_backend, tmp_path):
    """A database with nothing in it (not even migrations), for the migration tests."""
    if db_backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'empty.sqlite3'}"
        return
    base = os.environ.get("CAREBRIDGE_TEST_POSTGRES_URL")
    if not base:
        skip_or_fail("CAREBRIDGE_TEST_POSTGRES_URL is not set: no PostgreSQL to test against")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    engine = sa.create_engine(base)
    with engine.begin() as conn:
        conn.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    yield schema_url(base, schema)
    with engine.begin() as conn:
        conn.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


@pytest.fixture(autouse=True, scope="session")
def cheap_password_hashing():
    """Same algorithm (Argon2id), lower cost: the suite creates many users."""
    from argon2 import PasswordHasher

    from carebridge.auth import service

    service.PASSWORD_HASHER = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


@pytest.fixture
def app(database_url, tmp_path):
    app = test_app(database_url, tmp_path / "instance")
    yield app
    database(app).engine.dispose()


@dataclass
class World:
    """Two agencies, each with one user per role and an API token for each user."""

    app: object
    agencies: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)

    def headers(self, agency: str, role: str) -> dict:
        return {"Authorization": f"Bearer {self.tokens[(agency, role)]}"}

    def email(self, agency: str, role: str) -> str:
        return f"{role}@{agency}.example.org"


def build_world(app) -> World:
    state = World(app)
    with unit_of_work(app, ALL_AGENCIES) as session:
        for slug in ("alpha", "beta"):
            agency = create_agency(session, slug, f"{slug.title()} Community Services")
            state.agencies[slug] = agency.id
            for role in ROLES:
                user = create_user(session, agency, state.email(slug, role), role, PASSWORD)
                state.users[(slug, role)] = user.id
                state.tokens[(slug, role)] = create_token(session, user)
    return state


@pytest.fixture
def world(app, databases) -> World:
    if app.config["DATABASE_URL"] in databases.with_world:
        made = databases.world
        return replace(made, app=app, agencies=dict(made.agencies), users=dict(made.users),
                       tokens=dict(made.tokens))
    return build_world(app)


@pytest.fixture
def client(app):
    return app.test_client()


def csrf_token(client, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page) or re.search(
        r'<meta name="csrf-token" content="([^"]+)"', page
    )
    assert match, f"no CSRF token on {path}"
    return match.group(1)


class Auth:
    """Log in and out through the HTML pages, CSRF token and all."""

    def __init__(self, client):
        self.client = client

    def csrf_token(self, path: str) -> str:
        return csrf_token(self.client, path)

    def login(self, email: str, password: str = PASSWORD):
        token = csrf_token(self.client, "/login")
        return self.client.post(
            "/login", data={"email": email, "password": password, "csrf_token": token}
        )

    def logout(self):
        token = csrf_token(self.client, "/forms/")
        return self.client.post("/logout", data={"csrf_token": token})


@pytest.fixture
def auth(client):
    return Auth(client)


# A local SMTP server for reminders: nothing leaves the machine.
class Inbox:
    """What a local SMTP server received."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def smtp(app):
    """A local SMTP server (aiosmtpd) the app sends to; its ``messages`` are what arrived."""
    inbox = Inbox()
    with socket.socket() as probe:  # a free port on loopback: nothing leaves the machine
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    from aiosmtpd.controller import Controller

    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port,
                      MAIL_FROM="reminders@alpha.example.org")
    yield inbox
    controller.stop()


# One Chromium for the whole run: Playwright's sync API allows one instance at a time, so the
# browser fixture lives here, defined once (a conftest that re-imported it would start a second).
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing: apt-get install chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("the playwright package is not installed")
    if not AXE.is_file():
        skip_or_fail(f"{AXE} is missing: run `make install` (npm ci)")
    playwright = sync_playwright().start()
    chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
    playwright.stop()


@pytest.fixture(scope="session", autouse=True)
def compiled_catalogs():
    """The interface's .mo files as `make install` builds them (fresh after a `git merge`)."""
    from tests.i18n.catalogs import compile_stale

    compile_stale()
