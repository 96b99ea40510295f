"""The database: declarative base, UTC timestamps, and the engine and sessions of an app."""

from __future__ import annotations

import functools
import os
from datetime import UTC, datetime
from pathlib import Path

from flask import Flask
from sqlalchemy import DateTime, MetaData, create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so Alembic migrations are identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """The core's tables hang off this metadata (the directory library keeps its own)."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC timestamp on every backend (SQLite stores naive values)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


def utcnow() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str, echo: bool = False) -> Engine:
    """An engine with the embedded defaults SQLite needs to be a good neighbour."""
    # Parameters stay out of error messages and logs: they hold clients' answers.
    kwargs: dict = {"echo": echo, "future": True, "hide_parameters": True}
    if url.startswith("sqlite"):
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        private_sqlite_file(url)
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


#: Owner only, like the secret key: the database holds clients' answers.
PRIVATE_MODE = 0o600


def private_sqlite_file(url: str) -> Path | None:
    """Create an SQLite database file readable by its owner only (or tighten an existing one
    and its -wal/-shm files). SQLite creates the -wal and -shm files with the database file's
    permissions, so they are private too."""
    database = make_url(url).database
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    path = Path(database)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
        except FileExistsError:
            pass
    for file in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if file.exists() and file.stat().st_mode & 0o077:
            file.chmod(PRIVATE_MODE)
    return path


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    if not _is_memory(dbapi_connection):
        cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def _is_memory(dbapi_connection) -> bool:
    rows = dbapi_connection.execute("PRAGMA database_list").fetchall()
    return all(not row[2] for row in rows)


class Database:
    """An app's engine and session factory (held by its ``AppState``)."""

    def __init__(self, url: str, echo: bool = False):
        self.engine = make_engine(url, echo)
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)


def init_app(app: Flask) -> Database:
    """The app's database (requests, commands and jobs open sessions through ``unit_of_work``)."""
    return Database(app.config["DATABASE_URL"], bool(app.config.get("DATABASE_ECHO")))


def database(app: Flask | None = None) -> Database:
    from carebridge.app_state import app_state

    return app_state(app).database


def get_session() -> Session:
    """The request's session (its unit of work's); its tenant is set by authentication."""
    return _request_work()().session


@functools.cache
def _request_work():
    # Imported once, not at every call (a page asks five times): unit_of_work imports this
    # module.
    from carebridge.unit_of_work import request_work

    return request_work
