"""Fixtures for the directory: a fresh database per test and the shared data sets."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, event, text
from sqlalchemy.orm import Session

from resource_directory.models import DirectoryBase

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def shared_data() -> Path | None:
    shared = Path(os.environ.get("CAREBRIDGE_SHARED", PROJECT_ROOT.parent / "shared"))
    return shared / "data" if (shared / "data").is_dir() else None


@pytest.fixture(scope="session")
def data_dir() -> Path:
    found = shared_data()
    if found is None:
        pytest.skip("the shared data folder (../shared or CAREBRIDGE_SHARED) is not here")
    return found


@pytest.fixture(scope="session")
def hsds_dir(data_dir: Path) -> Path:
    return data_dir / "hsds-3.0"


@pytest.fixture(scope="session")
def cip_path(data_dir: Path) -> Path:
    return data_dir / "ohana-san-mateo" / "cip_2013.json"


def _sqlite_engine():
    engine = create_engine("sqlite://")

    @event.listens_for(engine, "connect")
    def enforce_foreign_keys(connection, _record):
        # SQLite ignores foreign keys unless asked; PostgreSQL always checks them.
        connection.execute("PRAGMA foreign_keys=ON")

    return engine


POSTGRES_URL = os.environ.get("CAREBRIDGE_TEST_POSTGRES_URL")


@pytest.fixture(params=["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"])
def engine(request):
    if request.param == "sqlite":
        engine = _sqlite_engine()
        DirectoryBase.metadata.create_all(engine)
        yield engine
        engine.dispose()
        return
    url = POSTGRES_URL
    # Each test gets its own schema, dropped afterwards, so runs never see each other's rows.
    schema = f"test_directory_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    DirectoryBase.metadata.create_all(engine)
    yield engine
    engine.dispose()
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def session(engine):
    with Session(engine) as session:
        yield session
