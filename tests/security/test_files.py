"""The SQLite database and its -wal/-shm files are readable by their owner only."""

from __future__ import annotations

import os
import stat

import sqlalchemy as sa

from carebridge.db import database
from tests.conftest import test_app


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_a_new_database_and_its_wal_and_shm_files_are_private(tmp_path):
    old = os.umask(0o022)  # a typical umask: files would be world-readable
    try:
        path = tmp_path / "instance" / "carebridge.sqlite3"
        app = test_app(f"sqlite:///{path}", tmp_path / "instance")
        with database(app).engine.begin() as connection:
            connection.execute(sa.text("CREATE TABLE t (x INTEGER)"))
            connection.execute(sa.text("INSERT INTO t VALUES (1)"))
            assert (tmp_path / "instance" / "carebridge.sqlite3-wal").exists()
            for suffix in ("", "-wal", "-shm"):
                assert _mode(f"{path}{suffix}") == 0o600, suffix
        database(app).engine.dispose()
    finally:
        os.umask(old)


def test_an_existing_world_readable_database_is_tightened(tmp_path):
    path = tmp_path / "old.sqlite3"
    path.touch()
    path.chmod(0o644)
    app = test_app(f"sqlite:///{path}", tmp_path / "instance")
    assert _mode(path) == 0o600
    database(app).engine.dispose()


def test_the_job_queue_file_is_private_too(tmp_path):
    from carebridge.jobs import make_huey

    path = tmp_path / "jobs.sqlite3"
    make_huey(f"sqlite:///{path}", "test")
    assert _mode(path) == 0o600
