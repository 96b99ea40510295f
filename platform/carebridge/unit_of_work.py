"""One unit of work per request, CLI command or job: one session, one commit, then queued work.

Services change state through the session they are given and queue what must only happen once
the change is durable (plugin hooks such as ``submission_created``, search-index refreshes,
later notifications and jobs) with ``after_commit(session, fn, …)`` or
``hook_after_commit(session, "submission_created", …)``. The owner of the unit commits once at
its end and only then runs the queued work; a rolled-back unit runs none of it.

Owners: a request (``init_app``: committed when the response is below 400, rolled back
otherwise), and ``unit_of_work(app, tenant)`` for commands and jobs. Nothing else commits.
A unit whose row written at commit loses its unique key to another unit's (``KeyTaken``) writes
nothing; a request then answers by running its view once more, which finds the winner's row.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, Response, current_app, g, request
from sqlalchemy import event
from sqlalchemy.orm import Session

from carebridge.app_state import app_state

log = logging.getLogger(__name__)

#: Queued work may queue more (a hook that writes and notifies); past this many rounds it is a
#: loop, not a chain.
MAX_ROUNDS = 10


class KeyTaken(Exception):
    """A row this unit was to write at its commit was skipped: another unit committed a row with
    its unique key first. Nothing of this unit may be written: its owner rolls it back."""


class UnitOfWork:
    """A session and the work queued to run after its commit.

    Plain reads and writes (``connection()``: a login's look-up, a form's latest version, the
    rows of ``write_at_commit``) need no ORM transaction: until the session is used, they run
    on a connection of the unit's own, in one transaction (begun by its first write; a plain
    read is in the driver's). The session, once used, takes that transaction over as its
    own (its commit commits it, its rollback rolls it back, its ``after_commit`` event still
    follows the database's commit), so a request sees one transaction whichever way it
    reads. A page that only reads so skips the ORM's
    transaction bookkeeping, a tenth of a warm fill page.
    """

    def __init__(self, session: Session, hook=None):
        self.session = session
        self.hook = hook
        self._queued: list[tuple[str, Callable[[], object]]] = []
        self._rows: list[tuple[object, dict, Callable | None]] = []
        self._connection = None
        session.info["unit_of_work"] = self

    def connection(self):
        """The unit's Core connection: the session's once the session is in a transaction,
        else the unit's own (which the session joins when it is first used).

        Its transaction is not begun here: a statement through SQLAlchemy begins it, and a
        plain read (plain_reads.py) is in the driver's own (neither SQLite's nor psycopg's
        driver is sent anything for SQLAlchemy's BEGIN). A unit that only read so commits
        nothing; its connection rolls back as it returns to the pool. Beginning and
        committing a transaction nothing wrote in was 31 K instructions of a warm fill page."""
        session = self.session
        if session.in_transaction():
            return session.connection()
        connection = self._connection
        if connection is None:
            connection = self._connection = session.get_bind().connect()
            # The session's bind from now on: once used, it takes the transaction over.
            session.bind = connection
            session.join_transaction_mode = "control_fully"
        return connection

    def write_at_commit(self, statement, values: dict, *,
                        written: Callable[[object], bool] | None = None) -> None:
        """Execute the INSERT ``statement`` with ``values`` just before this unit commits, or
        before the session's next flush or ORM statement if one comes first (something may
        read, change or point to the row). Rows computed in full beforehand are written
        together with the commit, so the write transaction — SQLite's one writer lock, shared
        by every worker — is held for the writes alone, not for the response and the hooks
        that follow the view.

        ``statement`` may also be a function of the connection and ``values`` that sends the
        INSERT and returns its result. ``written(result)``: for an INSERT that skips a row
        whose unique key is taken (``ON CONFLICT DO NOTHING``), whether it wrote the row. When
        it did not, ``KeyTaken`` is raised where the rows are written (the commit, or that
        flush or statement) and none of the unit's later rows are: its owner rolls the unit
        back."""
        self._rows.append((statement, values, written))

    def write_rows(self) -> None:
        """Write the rows waiting for the commit (``write_at_commit``) now."""
        if self._rows:
            rows, self._rows = self._rows, []
            connection = self.connection()
            for statement, values, written in rows:
                result = (statement(connection, values) if callable(statement)
                          else connection.execute(statement, values))
                if written is not None and not written(result):
                    raise KeyTaken(statement.table.name)

    def after_commit(self, fn: Callable, /, *args, **kwargs) -> None:
        """Run ``fn(*args, **kwargs)`` once this unit has committed (never if it rolls back)."""
        name = getattr(fn, "__qualname__", repr(fn))
        self._queued.append((name, functools.partial(fn, *args, **kwargs)))

    def hook_after_commit(self, name: str, /, **kwargs) -> None:
        """Call plugin hook ``name`` with ``kwargs`` once this unit has committed."""
        if self.hook is None:
            raise RuntimeError("this unit of work has no plugin hooks to call")
        caller = getattr(self.hook, name)
        self._queued.append((f"hook {name}", functools.partial(caller, **kwargs)))

    def commit(self) -> None:
        """Commit, then run the queued work; what that work writes is committed after each
        piece. A piece that fails is logged and rolled back; the rest still runs (the unit's
        own change is already durable and must not be reported as failed)."""
        self._commit()
        for _round in range(MAX_ROUNDS):
            if not self._queued:
                return
            queued, self._queued = self._queued, []
            for name, work in queued:
                try:
                    work()
                    if self._left_to_commit():
                        self._commit()
                except Exception:
                    self.rollback_changes()  # what the failed piece meant to write goes too
                    log.exception("after-commit work failed", extra={"work": name})
        log.error("after-commit work still queued after %d rounds; dropped", MAX_ROUNDS,
                  extra={"dropped": len(self._queued)})
        self._queued.clear()

    def _commit(self) -> None:
        self.write_rows()
        session = self.session
        if session.in_transaction() or self._connection is None:
            session.commit()  # flushed, and the connection's transaction, once it took it
        if self._connection is not None and self._connection.in_transaction():
            self._connection.commit()

    def _left_to_commit(self) -> bool:
        """Whether queued work left something to commit: rows waiting for the commit, objects
        added, changed or deleted, or a transaction begun (by a statement, or by adding or
        deleting: the session begins one then). A hook with nothing to do (most submissions'
        ``submission_created``) leaves none of these; committing nothing anyway cost an API
        submission 0.13 M of its 4.98 M instructions."""
        session = self.session
        return bool(self._rows or session.in_transaction() or session.new or session.dirty
                    or session.deleted
                    or (self._connection is not None and self._connection.in_transaction()))

    def rollback(self) -> None:
        """Undo the unit's changes and forget its queued work."""
        self._queued.clear()
        self.rollback_changes()

    def rollback_changes(self) -> None:
        """Undo what is not yet committed (rows waiting included); queued work stays."""
        self._rows.clear()
        self.session.rollback()
        if self._connection is not None and self._connection.in_transaction():
            self._connection.rollback()

    def close(self) -> None:
        """Roll back what is left and give the connection back."""
        self.rollback()
        session = self.session
        # A session never used holds nothing to let go of (closing it anyway walked its empty
        # identity map through the ORM's state machine: 2% of a warm fill page).
        if session.in_transaction() or session.identity_map or session.new or session.deleted:
            session.close()
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    @property
    def pending(self) -> int:
        """How much work is queued (for tests and logs)."""
        return len(self._queued)


@event.listens_for(Session, "before_flush")
def _rows_before_flush(session: Session, _context, _instances) -> None:
    work = session.info.get("unit_of_work")
    if work is not None:
        work.write_rows()


@event.listens_for(Session, "do_orm_execute")
def _rows_before_statement(state) -> None:
    # A session with nothing else changed does not flush before a query, so a row waiting for
    # the commit would be unseen by a SELECT of the same request: written first, as a flush.
    work = state.session.info.get("unit_of_work")
    if work is not None and work._rows:
        work.write_rows()


def work_of(session: Session) -> UnitOfWork:
    """The unit of work ``session`` belongs to."""
    try:
        return session.info["unit_of_work"]
    except KeyError:
        raise RuntimeError(
            "this session belongs to no unit of work: use the request's session "
            "(carebridge.db.get_session) or carebridge.unit_of_work.unit_of_work(app, tenant)"
        ) from None


def after_commit(session: Session, fn: Callable, /, *args, **kwargs) -> None:
    """Run ``fn(*args, **kwargs)`` after ``session``'s unit of work commits."""
    work_of(session).after_commit(fn, *args, **kwargs)


def connection_of(session: Session):
    """The Core connection ``session``'s unit of work reads on (``UnitOfWork.connection``);
    the session's own for a session of no unit."""
    work = session.info.get("unit_of_work")
    return work.connection() if work is not None else session.connection()


def hook_after_commit(session: Session, name: str, /, **kwargs) -> None:
    """Call plugin hook ``name(**kwargs)`` after ``session``'s unit of work commits."""
    work_of(session).hook_after_commit(name, **kwargs)


def begin(app: Flask, tenant) -> UnitOfWork:
    """A new unit of work on ``app``'s database, its session scoped to ``tenant``."""
    state = app_state(app)
    return UnitOfWork(state.database.sessionmaker(info={"tenant": tenant}), state.hook)


@contextmanager
def unit_of_work(app: Flask, tenant) -> Iterator[Session]:
    """A unit of work for a command or job: yields its session, commits at the end (then runs
    the queued work) or rolls back on an exception. Runs inside ``app``'s context."""
    with app.app_context():
        work = begin(app, tenant)
        try:
            yield work.session
            work.commit()
        except BaseException:
            work.rollback()
            raise
        finally:
            work.close()


# The request's unit of work ---------------------------------------------------------------


def request_work() -> UnitOfWork:
    """The current request's unit of work, begun on first use (tenant set by authentication)."""
    # Through the context-local proxy once (a page asks five times; each attribute looked up
    # through ``g`` costs ~8 K instructions, its look-up failing inside before the proxy's).
    found = g._get_current_object()
    work = vars(found).get("unit_of_work")
    if work is None:
        from carebridge.tenancy import NO_TENANT

        work = found.unit_of_work = begin(current_app._get_current_object(), NO_TENANT)
    return work


def init_app(app: Flask) -> None:
    app.after_request(_end_request)
    app.teardown_appcontext(_close)
    app.register_error_handler(KeyTaken, _key_taken_in_view)


def _end_request(response: Response) -> Response:
    # After the view and its error handlers: a response below 400 is the request's success
    # and is made durable before it is sent; a refused or failed request leaves no trace.
    work = vars(g._get_current_object()).get("unit_of_work")  # the proxy once (~8 K instr.)
    if work is not None:
        if response.status_code < 400:
            try:
                work.commit()
            except KeyTaken:
                response = current_app.make_response(_view_again(work, "commit"))
                _end_request(response)
        else:
            work.rollback()
    return response


def _key_taken_in_view(_exc: KeyTaken):
    # The rows waiting for the commit were written early (a flush or query in the view).
    return _view_again(request_work(), "view")


def _view_again(work: UnitOfWork, found_at: str):
    """The view's answer after its unit lost a unique key to another request's row (an
    idempotency key submitted twice at once): the unit is rolled back, so nothing of the first
    run is written or queued, and the view runs once more in a new transaction, where it finds
    the winner's row and answers as for a replay. Once only: a key is taken for good."""
    work.rollback()
    if g.get("view_again"):
        raise RuntimeError("a unique key was taken again by a view run again")
    g.view_again = True
    log.info("unique key taken; the view runs again",
             extra={"endpoint": request.endpoint, "found_at": found_at})
    app = current_app._get_current_object()
    try:
        return app.dispatch_request()
    except Exception as exc:  # noqa: BLE001 (answered as the first run's errors are)
        return app.handle_user_exception(exc)


def _close(_exc) -> None:
    work = vars(g._get_current_object()).pop("unit_of_work", None)
    if work is not None:
        work.close()
