"""SQLite writers queue at a gate and are woken at once, instead of sleeping in SQLite's poll.

SQLite lets one connection write at a time. A second writer is not queued: SQLite's busy
handler makes it sleep and retry (1 ms, 2 ms, 5 ms, 10 ms … up to the busy timeout) while fresh
writers keep taking the lock, so under gunicorn's workers and threads concurrent submissions
spent most of their time asleep. Here a connection about to write first passes a gate: a
condition shared by the process's threads (woken the moment the holder commits or rolls back),
then a file lock beside the database shared with the other processes serving it. SQLite stays
the judge: the gate only orders writers that would otherwise collide, and a writer that waited
past the busy timeout goes on ungated, to SQLite's own lock and error.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
import threading
import time

#: Statements that never take SQLite's write lock. Anything else (INSERT, UPDATE, DELETE,
#: REPLACE, DDL, BEGIN IMMEDIATE, a CTE that writes…) passes the gate first.
_READS = ("SELECT", "PRAGMA", "SAVEPOINT", "RELEASE", "ROLLBACK", "COMMIT", "EXPLAIN", "VALUES")
#: Cross-process polls of the file lock: from this, doubling, up to the last (seconds).
_POLL_FIRST, _POLL_MOST = 0.0001, 0.002


def writes(sql: str) -> bool:
    """Whether ``sql`` may take SQLite's write lock (kept: statements repeat)."""
    known = _KNOWN.get(sql)
    if known is None:
        head = sql.lstrip()[:9].upper()
        if head.startswith("BEGIN"):
            known = "IMMEDIATE" in sql.upper() or "EXCLUSIVE" in sql.upper()
        else:
            known = not head.startswith(_READS)
        if len(_KNOWN) >= _KNOWN_MOST:
            _KNOWN.clear()
        _KNOWN[sql] = known
    return known


_KNOWN: dict[str, bool] = {}
_KNOWN_MOST = 4096


class WriterGate:
    """One database file's gate in this process (``gate_for`` keeps one per file)."""

    def __init__(self, path: str):
        self.path = f"{path}-writers"
        self._reset()

    def _reset(self) -> None:
        self._turn = threading.Condition(threading.Lock())
        self._holder: object | None = None
        self._file: int | None = None
        self._pid = os.getpid()

    def enter(self, connection: object, timeout: float) -> bool:
        """Let ``connection`` write, after the writers before it; False if it waited longer
        than ``timeout`` (it goes on ungated)."""
        deadline = time.monotonic() + timeout
        with self._turn:
            if self._holder is connection:
                return True
            while self._holder is not None:
                left = deadline - time.monotonic()
                if left <= 0 or not self._turn.wait(left):
                    return False
            self._holder = connection
        if self._lock_file(deadline):
            return True
        self._give_up()
        return False

    def leave(self, connection: object) -> None:
        """The holder's transaction ended: the next writer's turn."""
        with self._turn:
            if self._holder is not connection:
                return
            if self._file is not None:
                fcntl.flock(self._file, fcntl.LOCK_UN)
            self._holder = None
            self._turn.notify()

    def _lock_file(self, deadline: float) -> bool:
        # The other processes' writers: a file lock, released by the kernel if a process dies.
        # flock has no timeout, so it is polled, finely: SQLite's own first retry is 1 ms.
        if self._file is None:
            self._file = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
        pause = _POLL_FIRST
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return True
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    return False
                time.sleep(pause)
                pause = min(pause * 2, _POLL_MOST)

    def _give_up(self) -> None:
        with self._turn:
            self._holder = None
            self._turn.notify()

    def after_fork(self) -> None:
        # A forked child shares the parent's open file (and so its flock) and copies its
        # threads' state: it starts with a gate of its own.
        if self._file is not None and self._pid != os.getpid():
            os.close(self._file)
        self._reset()


_GATES: dict[str, WriterGate] = {}
_GATES_LOCK = threading.Lock()


def gate_for(path: str) -> WriterGate:
    """The process's gate for the database file at ``path``."""
    path = os.path.abspath(path)
    with _GATES_LOCK:
        gate = _GATES.get(path)
        if gate is None:
            gate = _GATES[path] = WriterGate(path)
        return gate


def _after_fork_in_child() -> None:
    for gate in _GATES.values():
        gate.after_fork()


os.register_at_fork(after_in_child=_after_fork_in_child)


class GatedCursor(sqlite3.Cursor):
    """Passes the connection's gate before a statement that writes."""

    def execute(self, sql, parameters=(), /):
        connection = self.connection
        if connection.passed or not connection.enter(sql):
            return super().execute(sql, parameters)
        try:
            return super().execute(sql, parameters)
        finally:
            connection.settle()

    def executemany(self, sql, parameters, /):
        connection = self.connection
        if connection.passed or not connection.enter(sql):
            return super().executemany(sql, parameters)
        try:
            return super().executemany(sql, parameters)
        finally:
            connection.settle()

    def executescript(self, script, /):
        connection = self.connection
        if connection.passed or not connection.enter("SCRIPT"):
            return super().executescript(script)
        try:
            return super().executescript(script)
        finally:
            connection.settle()


class GatedConnection(sqlite3.Connection):
    """An SQLite connection whose writes pass its database's gate, released when its
    transaction ends (commit, rollback, close, or a write that committed on its own)."""

    gate: WriterGate
    wait: float = 30.0
    #: This transaction has been to the gate (let through, or gone on after waiting too long).
    passed = False

    def cursor(self, factory=GatedCursor):
        return super().cursor(factory)

    def execute(self, sql, parameters=(), /):
        return self.cursor().execute(sql, parameters)

    def executemany(self, sql, parameters, /):
        return self.cursor().executemany(sql, parameters)

    def executescript(self, script, /):
        return self.cursor().executescript(script)

    def enter(self, sql: str) -> bool:
        """Wait for the gate if ``sql`` writes; True if it did."""
        if not writes(sql):
            return False
        self.passed = True
        self.gate.enter(self, self.wait)
        return True

    def settle(self) -> None:
        # A write outside a transaction (autocommit, DDL) or one SQLite rolled back has
        # already ended: the gate is not held until the next commit.
        if not self.in_transaction:
            self.leave()

    def commit(self):
        try:
            super().commit()
        finally:
            self.leave()

    def rollback(self):
        try:
            super().rollback()
        finally:
            self.leave()

    def close(self):
        try:
            super().close()
        finally:
            self.leave()

    def leave(self) -> None:
        if self.passed:
            self.passed = False
            self.gate.leave(self)


def connect_args(path: str, timeout: float) -> dict:
    """sqlite3.connect arguments for a database file: its gate, and SQLite's busy timeout as
    the longest wait at the gate."""
    gate = gate_for(path)

    class _Connection(GatedConnection):
        pass

    _Connection.gate = gate
    _Connection.wait = timeout
    return {"factory": _Connection, "timeout": timeout}
