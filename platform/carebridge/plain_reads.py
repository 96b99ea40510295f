"""The few reads every request makes, run straight on the DBAPI cursor of the unit's connection.

SQLAlchemy still builds each statement, compiles it once per dialect and supplies every column's
conversions (``bind_processor``/``result_processor``: a UTC timestamp from SQLite's text, a
boolean from its 0 or 1, a JSON path's formatting); what is skipped is its per-statement
execution (an execution context, a cursor result, a ``Row``), measured at ~70 µs a statement on
the project's machine against ~7 µs for SQLite's own work. The login's session look-up, an API
token's and a form's latest version run on every page and API call, so that was a fifth of a
warm fill page.

The read joins the connection's transaction exactly as SQLAlchemy's would (neither SQLite's
nor psycopg's driver is sent anything else). When the driver raises, the statement is run again
through SQLAlchemy, which reports the error its usual way and invalidates a lost connection.
An engine someone watches — ``echo``, or a listener on its execution events (tracing, a test
counting statements) — gets SQLAlchemy's execution for every read, so it sees them all.
"""

from __future__ import annotations

import functools
from collections import namedtuple
from collections.abc import Callable

from sqlalchemy import Connection, Select
from sqlalchemy.engine import Dialect

#: A parameter's value the caller must give.
_GIVEN = object()


class Parameters:
    """A compiled statement's parameters as its driver takes them: each value converted by its
    type's ``bind_processor``, in order for a positional dialect (SQLite's ``?``), by name
    otherwise (psycopg's ``%(name)s``). A parameter the caller does not give has the
    statement's own value (a JSON path's key, a literal) unless it is required, or every one
    is (``given=True``: an INSERT's values, all of which must be there: a ``KeyError``
    otherwise). Also used by the plain INSERTs of ``forms/submission_rows.py``."""

    __slots__ = ("names", "positional", "binds")

    def __init__(self, compiled, dialect: Dialect, *, given: bool = False):
        self.positional = compiled.positiontup is not None
        self.names = tuple(compiled.positiontup or compiled.binds)
        binds = [compiled.binds[name] for name in self.names]
        self.binds = tuple(
            (name, _GIVEN if given or bind.required else bind.effective_value,
             bind.type.dialect_impl(dialect).bind_processor(dialect))
            for name, bind in zip(self.names, binds, strict=True))

    def __call__(self, values: dict):
        converted = []
        for name, default, process in self.binds:
            value = values[name] if default is _GIVEN else values.get(name, default)
            converted.append(process(value) if process is not None else value)
        return tuple(converted) if self.positional else dict(zip(self.names, converted,
                                                                  strict=True))


class _Plan:
    """A statement compiled for one dialect, with its parameters' and columns' conversions."""

    __slots__ = ("sql", "parameters", "results", "row")

    def __init__(self, statement: Select, dialect: Dialect):
        compiled = statement.compile(dialect=dialect)
        self.sql = compiled.string
        self.parameters = Parameters(compiled, dialect)
        columns = statement.selected_columns
        self.results: tuple[Callable | None, ...] = tuple(
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in columns)
        self.row = namedtuple("PlainRow", [column.key for column in columns], rename=True)

    def made(self, raw: tuple):
        return self.row._make(value if process is None or value is None else process(value)
                              for process, value in zip(self.results, raw, strict=True))


@functools.lru_cache(maxsize=256)
def _plan(statement: Select, dialect: Dialect) -> _Plan:
    # Keyed by the statement object (each caller builds its statement once) and the engine's
    # dialect (tests make many engines; the cache stays bounded).
    return _Plan(statement, dialect)


def first_row(connection: Connection, statement: Select, values: dict):
    """The first row of ``statement`` with ``values`` on ``connection``, as a named tuple of
    converted values (read like SQLAlchemy's ``Row``: ``row.id``, ``row[0]``), or None."""
    if _watched(connection):
        return connection.execute(statement, values).first()
    plan = _plan(statement, connection.dialect)
    try:
        cursor = connection.connection.cursor()
        try:
            cursor.execute(plan.sql, plan.parameters(values))
            raw = cursor.fetchone()
        finally:
            cursor.close()
    except connection.dialect.loaded_dbapi.Error:
        # Through SQLAlchemy: the same answer if the fault has passed, else its own error
        # (a lost connection invalidated for the pool, parameters hidden from the message).
        return connection.execute(statement, values).first()
    return None if raw is None else plan.made(raw)


def _watched(connection: Connection) -> bool:
    # The engine's own listeners, then — only where SQLAlchemy's flag says the connection has
    # any listener at all (its joined view of them costs a fifth of the read to look at) —
    # those of this connection alone. Without the flag (a SQLAlchemy that renamed it), every
    # connection counts as watched: slower, never blind.
    engine = connection.engine
    return bool(engine.echo or _listened(engine.dispatch)
                or (getattr(connection, "_has_events", True) and _listened(connection.dispatch)))


def _listened(dispatch) -> bool:
    return bool(dispatch.before_execute or dispatch.after_execute
                or dispatch.before_cursor_execute or dispatch.after_cursor_execute)
