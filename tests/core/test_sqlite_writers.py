"""SQLite writers queue at a gate and go on the moment the writer before them ends.

Most tests switch SQLite's own retry off (busy timeout 0): a writer that reached SQLite while
another held its write lock would fail at once with "database is locked", so a test that
passes shows the writers were queued by the gate, not rescued by SQLite's sleep-and-poll.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time

import pytest

from carebridge import sqlite_writers
from carebridge.db import make_engine


def connect(path, wait: float = 10.0) -> sqlite3.Connection:
    """A gated connection that waits at most ``wait`` at the gate and not at all in SQLite."""
    args = sqlite_writers.connect_args(str(path), wait)
    connection = sqlite3.connect(path, factory=args["factory"], timeout=0,
                                 check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    return connection


@pytest.fixture
def path(tmp_path):
    path = tmp_path / "gate.db"
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE rows (writer TEXT, n INTEGER)")
    return path


def count(path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM rows").fetchone()[0]


def in_thread(work) -> threading.Thread:
    thread = threading.Thread(target=work, daemon=True)
    thread.start()
    return thread


def test_a_second_writer_waits_at_the_gate_and_goes_on_when_the_first_commits(path):
    first, second = connect(path), connect(path)
    first.execute("INSERT INTO rows VALUES ('first', 1)")
    errors = []

    def write():
        try:
            second.execute("INSERT INTO rows VALUES ('second', 1)")
            second.commit()
        except sqlite3.Error as error:  # pragma: no cover - the failure being guarded
            errors.append(error)

    waiting = in_thread(write)
    waiting.join(0.3)
    assert waiting.is_alive()  # queued at the gate, not refused by SQLite
    first.commit()
    waiting.join(5)
    assert not waiting.is_alive() and errors == []
    assert count(path) == 2


def test_eight_threads_writing_at_once_all_succeed_without_sqlites_retry(path):
    errors = []

    def writer(name):
        connection = connect(path)
        try:
            for n in range(40):
                connection.execute("SELECT count(*) FROM rows").fetchone()
                connection.execute("INSERT INTO rows VALUES (?, ?)", (name, n))
                connection.execute("UPDATE rows SET n = n WHERE writer = ?", (name,))
                connection.commit()
        except sqlite3.Error as error:  # pragma: no cover - the failure being guarded
            errors.append(error)
        finally:
            connection.close()

    threads = [in_thread(lambda name=f"t{i}": writer(name)) for i in range(8)]
    for thread in threads:
        thread.join(60)
    assert errors == []
    assert count(path) == 8 * 40


def _process_writer(path: str, name: str, rows: int, results) -> None:
    errors = []

    def writer(thread):
        connection = connect(path)
        try:
            for n in range(rows):
                connection.execute("INSERT INTO rows VALUES (?, ?)", (f"{name}-{thread}", n))
                connection.commit()
        except sqlite3.Error as error:
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [in_thread(lambda t=t: writer(t)) for t in range(3)]
    for thread in threads:
        thread.join(60)
    results.put(errors)


def test_processes_writing_at_once_queue_at_the_file_lock(path):
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    processes = [fork.Process(target=_process_writer, args=(str(path), f"p{i}", 30, results))
                 for i in range(3)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    assert [results.get(timeout=5) for _ in processes] == [[], [], []]
    assert count(path) == 3 * 3 * 30


def _write_when_told(path: str, go, results) -> None:
    connection = connect(path)
    go.wait(10)
    try:
        connection.execute("INSERT INTO rows VALUES ('child', 1)")
        connection.commit()
        results.put(None)
    except sqlite3.Error as error:
        results.put(repr(error))


def test_a_writer_in_another_process_waits_for_the_commit(path):
    fork = multiprocessing.get_context("fork")
    go, results = fork.Event(), fork.Queue()
    child = fork.Process(target=_write_when_told, args=(str(path), go, results))
    child.start()
    holder = connect(path)
    holder.execute("INSERT INTO rows VALUES ('parent', 1)")  # the gate and SQLite's lock
    go.set()
    child.join(0.5)
    assert child.is_alive()  # at the file lock, not refused by SQLite
    holder.commit()
    child.join(10)
    assert results.get(timeout=5) is None
    assert count(path) == 2


def _report_gate(path: str, results) -> None:
    gate = sqlite_writers.gate_for(path)
    results.put((gate._holder, gate._file))


def test_a_forked_process_starts_with_a_gate_of_its_own(path):
    # Forked while a thread here holds the gate (gunicorn forks its workers from the master).
    gate, turn = sqlite_writers.gate_for(str(path)), object()
    assert gate.enter(turn, timeout=1)
    fork = multiprocessing.get_context("fork")
    results = fork.Queue()
    child = fork.Process(target=_report_gate, args=(str(path), results))
    child.start()
    child.join(10)
    gate.leave(turn)
    assert results.get(timeout=5) == (None, None)


def test_readers_never_wait_at_the_gate(path):
    writer, reader = connect(path), connect(path, wait=0.01)
    writer.execute("INSERT INTO rows VALUES ('writer', 1)")
    began = time.monotonic()
    assert reader.execute("SELECT count(*) FROM rows").fetchone() == (0,)
    assert time.monotonic() - began < 0.5
    writer.commit()
    assert reader.execute("SELECT count(*) FROM rows").fetchone() == (1,)


def test_a_writer_that_waited_past_its_time_meets_sqlites_own_refusal(path):
    holder, late = connect(path), connect(path, wait=0.05)
    holder.execute("INSERT INTO rows VALUES ('holder', 1)")
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        late.execute("INSERT INTO rows VALUES ('late', 1)")
    late.rollback()
    holder.commit()
    late.execute("INSERT INTO rows VALUES ('late', 1)")  # the gate is not left stuck
    late.commit()
    assert count(path) == 2


@pytest.mark.parametrize("end", ["commit", "rollback", "close"])
def test_the_turn_ends_with_the_transaction(path, end):
    first, second = connect(path, wait=0.05), connect(path, wait=0.05)
    first.execute("INSERT INTO rows VALUES ('first', 1)")
    getattr(first, end)()
    second.execute("INSERT INTO rows VALUES ('second', 1)")
    second.commit()
    assert count(path) == (2 if end == "commit" else 1)


def test_a_write_outside_a_transaction_does_not_keep_the_gate(path):
    autocommit = connect(path, wait=0.05)
    autocommit.isolation_level = None
    autocommit.execute("INSERT INTO rows VALUES ('autocommit', 1)")
    other = connect(path, wait=0.05)
    other.execute("CREATE TABLE more (x)")  # DDL outside a transaction ends at once too
    other.execute("INSERT INTO rows VALUES ('other', 1)")
    other.commit()
    assert count(path) == 2


@pytest.mark.parametrize(("sql", "expected"), [
    ("SELECT * FROM rows", False),
    ("  select 1", False),
    ("PRAGMA foreign_keys", False),
    ("SAVEPOINT sa_1", False),
    ("RELEASE SAVEPOINT sa_1", False),
    ("ROLLBACK TO SAVEPOINT sa_1", False),
    ("BEGIN", False),
    ("BEGIN IMMEDIATE", True),
    ("INSERT INTO rows VALUES (1, 2)", True),
    ("UPDATE rows SET n = 1", True),
    ("DELETE FROM rows", True),
    ("REPLACE INTO rows VALUES (1, 2)", True),
    ("CREATE TABLE t (x)", True),
    ("WITH x AS (SELECT 1) INSERT INTO rows SELECT 'w', 1 FROM x", True),
])
def test_which_statements_pass_the_gate(sql, expected):
    assert sqlite_writers.writes(sql) is expected


def test_the_engine_gates_file_databases_and_not_memory_ones(tmp_path):
    on_file = make_engine(f"sqlite:///{tmp_path}/app.db")
    in_memory = make_engine("sqlite://")
    try:
        with on_file.begin() as connection:
            assert isinstance(connection.connection.dbapi_connection,
                              sqlite_writers.GatedConnection)
            connection.exec_driver_sql("CREATE TABLE t (x)")
        with in_memory.connect() as connection:
            assert not isinstance(connection.connection.dbapi_connection,
                                  sqlite_writers.GatedConnection)
    finally:
        on_file.dispose()
        in_memory.dispose()
    assert oct(os.stat(f"{tmp_path}/app.db-writers").st_mode & 0o777) == "0o600"
