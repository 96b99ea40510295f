"""Structured logging: one ``key=value`` line per event, stamped with request, user and agency.

Code logs with the standard module (``log = logging.getLogger(__name__)``, or this module's
``logger(__name__)`` on a hot path) and passes ids as ``extra={"submission_id": …}``; the
request id, user id and agency id are added here. Never log a client's data: no answers, names,
e-mail addresses, search text or free-text messages.
"""

from __future__ import annotations

import logging
import os
import random
import re
import sys
import time
from collections.abc import Mapping
from contextvars import ContextVar

from flask import Flask, Response, g, has_request_context, request

from carebridge.transport import REQUEST_ID

LOGGER = "carebridge"
#: Ids every line carries ("-" when there is none, e.g. a command before any login).
CONTEXT = ("request_id", "user_id", "agency_id")
#: A job or command can name its own run: ``with log.context(request_id="job-42"): …``.
_outside_request: ContextVar[dict | None] = ContextVar("carebridge_log_context", default=None)
_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime",
                                                                          *CONTEXT}


class ContextFilter(logging.Filter):
    """Adds the ids of the current request (or job) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        given = record.__dict__
        # Three tests, not a generator over CONTEXT: this runs for every line.
        if "request_id" not in given or "user_id" not in given or "agency_id" not in given:
            ids = _current_ids()
            for key in CONTEXT:
                if key not in given:
                    given[key] = ids.get(key, "-")
        return True


class KeyValueFormatter(logging.Formatter):
    """``2026-01-02T03:04:05 INFO carebridge.forms.service submission created request_id=…``"""

    #: The last second stamped and its text: a request's lines mostly share one second.
    _stamped: tuple[int, str] = (-1, "")

    def format(self, record: logging.LogRecord) -> str:
        fields = record.__dict__
        second = int(record.created)
        stamped = self._stamped
        if stamped[0] != second:
            stamped = self._stamped = (
                second, time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(second)))
        parts = [f"{stamped[1]} {record.levelname} {record.name} {record.getMessage()}"]
        # The ids first, then the record's extras in the order they were given.
        parts += [f" {key}={_quote(fields.get(key, '-'))}" for key in CONTEXT]
        parts += [f" {key}={_quote(value)}" for key, value in fields.items()
                  if key not in _STANDARD]
        if record.exc_info:
            parts.append("\n" + self.formatException(record.exc_info))
        return "".join(parts)


#: A value with one of these is quoted (one regex search: a generator over three characters
#: per value was a tenth of an API submission's logging, three lines a request).
_NEEDS_QUOTES = re.compile(r'[ "=]').search


def _quote(value) -> str:
    kind = type(value)
    if kind is int:  # ids, counts and statuses: never quoted
        return str(value)
    text = value if kind is str else str(value)
    return f'"{text}"' if not text or _NEEDS_QUOTES(text) else text


class _Logger(logging.Logger):
    """A standard logger whose records are made lean whenever every handler they reach is
    Carebridge's own, whose lines show neither where a record was logged nor from which thread
    or process: the caller is not looked up (a walk up the stack, a fifth of a line's cost) and
    those fields are left unset, as logging leaves them when told not to collect them
    (``_lean_record``). With any other handler (a test's ``caplog``, a server's own logging
    set-up) or record factory, records are made as always."""

    def _log(self, level, msg, args, exc_info=None, extra=None, stack_info=False,
             stacklevel=1):
        if (stack_info or logging.getLogRecordFactory() is not logging.LogRecord
                or not _caller_unseen(self)):
            # One more frame up to the caller: this method's own.
            return super()._log(level, msg, args, exc_info, extra, stack_info, stacklevel + 1)
        if exc_info:  # as logging's own _log
            if isinstance(exc_info, BaseException):
                exc_info = (type(exc_info), exc_info, exc_info.__traceback__)
            elif not isinstance(exc_info, tuple):
                exc_info = sys.exc_info()
        self.handle(_lean_record(self.name, level, msg, args, exc_info, extra))


#: A record's fields no line of ours shows: where it was logged (not looked up), and the
#: thread and process (None, as logging's ``logThreads = False`` and the like leave them).
#: Finding them was ~15% of a request line's instructions (callgrind): the thread's name, the
#: process's, the pid and the file name split from the path.
_UNSEEN = {**vars(logging.LogRecord("", 0, "(unknown file)", 0, "", (), None,
                                    "(unknown function)")),
           "thread": None, "threadName": None, "processName": None, "process": None}
#: When logging started, in ``time.time()`` seconds (each record's ``relativeCreated``).
_STARTED = _UNSEEN["created"] - _UNSEEN["relativeCreated"] / 1000
if "taskName" in _UNSEEN:  # Python 3.12: the asyncio task, not looked up either
    _UNSEEN["taskName"] = None


def _lean_record(name: str, level: int, msg, args, exc_info, extra) -> logging.LogRecord:
    """``logging.LogRecord(name, level, …)`` and the ``extra`` added as ``Logger.makeRecord``
    adds them, without the fields of ``_UNSEEN``."""
    if args and len(args) == 1 and isinstance(args[0], Mapping) and args[0]:
        args = args[0]  # as LogRecord's own: ``log.info("%(n)s", {"n": 1})``
    now = time.time()
    record = object.__new__(logging.LogRecord)
    fields = record.__dict__
    fields.update(_UNSEEN)
    fields.update(name=name, msg=msg, args=args, levelname=logging.getLevelName(level),
                  levelno=level, exc_info=exc_info, created=now,
                  msecs=int((now - int(now)) * 1000) + 0.0,
                  relativeCreated=(now - _STARTED) * 1000)
    if extra is not None:
        for key in extra:
            if key in ("message", "asctime") or key in fields:
                raise KeyError(f"Attempt to overwrite {key!r} in LogRecord")
            fields[key] = extra[key]
    return record


def _caller_unseen(logger: logging.Logger) -> bool:
    """Whether no handler a record of ``logger`` reaches, nor the logger's own filters, could
    use where it was logged: the handlers are all ours (formatted by ``KeyValueFormatter``,
    filtered by ``ContextFilter`` alone), and there is at least one."""
    if logger.filters:
        return False
    ours = False
    current: logging.Logger | None = logger
    while current is not None:
        for handler in current.handlers:
            if type(handler) is not _Stderr or type(handler.formatter) is not KeyValueFormatter:
                return False
            for found in handler.filters:  # a loop, not any(): no generator for each line
                if type(found) is not ContextFilter:
                    return False
            ours = True
        if not current.propagate:
            break
        current = current.parent
    return ours


def logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)``, its records made without looking up their caller whenever
    no handler could show it (``_Logger``); levels, handlers and records are otherwise the
    standard module's."""
    found = logging.getLogger(name)
    if type(found) is logging.Logger:
        found.__class__ = _Logger  # this logger only: other libraries' are left as they are
    return found


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (test runners swap it)."""

    def __init__(self):
        super().__init__()

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value):
        pass

    def emit(self, record: logging.LogRecord) -> None:
        """``StreamHandler.emit``, reading ``sys.stderr`` once and flushing it under the lock
        ``handle`` already holds (``flush`` takes it again and reads the stream twice more)."""
        try:
            text = self.format(record) + self.terminator
            stream = sys.stderr
            stream.write(text)
            flush = getattr(stream, "flush", None)  # as StreamHandler's: a stream may have none
            if flush is not None:
                flush()
        except RecursionError:  # as StreamHandler's own
            raise
        except Exception:
            self.handleError(record)


class context:  # noqa: N801  (used as ``with log.context(...)``)
    """Ids for the log lines of a command or job (a request has its own)."""

    def __init__(self, **ids):
        self.ids = {k: v for k, v in ids.items() if k in CONTEXT}

    def __enter__(self):
        self._token = _outside_request.set({**(_outside_request.get() or {}), **self.ids})
        return self

    def __exit__(self, *_exc):
        _outside_request.reset(self._token)


def _current_ids() -> dict:
    if not has_request_context():
        return _outside_request.get() or {}
    found = g._get_current_object()  # once, not through the proxy for each id
    user = found.get("user")
    return {
        "request_id": found.get("request_id", "-"),
        "user_id": getattr(user, "id", "-"),
        "agency_id": getattr(user, "agency_id", "-"),
    }


def init_app(app: Flask) -> None:
    """Send the ``carebridge`` loggers' lines to stderr (once per process) and time requests."""
    ours = logging.getLogger(LOGGER)
    if not any(isinstance(h, _Stderr) for h in ours.handlers):
        handler = _Stderr()
        handler.addFilter(ContextFilter())
        handler.setFormatter(KeyValueFormatter())
        ours.addHandler(handler)
    ours.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    # Flask gives the app's logger (the same "carebridge" logger) a plain handler of its own
    # when none is set up: ours replaces it, so each line is written once, with ids.
    from flask.logging import default_handler

    ours.removeHandler(default_handler)
    app.before_request(_start)
    app.after_request(_finish)


#: Where request ids are drawn: an id must be unique, not secret, and ``uuid4`` reads the
#: system's randomness (a system call) for every request. Seeded from that randomness, and
#: again in each forked worker, so that no two workers draw the same ids.
_ids = random.Random()
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_ids.seed)


def _start() -> None:
    found = g._get_current_object()  # through the proxies once, not for each value
    # From the environ: werkzeug's headers raise and catch an exception for a missing one.
    given = request._get_current_object().environ.get("HTTP_X_REQUEST_ID", "")
    found.request_id = given if _REQUEST_ID.fullmatch(given) else f"{_ids.getrandbits(128):032x}"
    found.request_started = time.perf_counter()


#: The request lines' logger, found once (``getLogger`` takes the logging lock every time).
_requests = logger(LOGGER + ".request")


def _finish(response: Response) -> Response:
    found = g._get_current_object()  # through the proxies once, not for each value
    asked = request._get_current_object()
    # The answer's X-Request-ID, added with the other headers by transport.AnswerHeaders: set
    # through werkzeug's ``response.headers`` it was ~10 K instructions a request (callgrind).
    asked.environ[REQUEST_ID] = found.get("request_id", "")
    if not _requests.isEnabledFor(logging.INFO):
        return response
    elapsed = time.perf_counter() - found.get("request_started", time.perf_counter())
    rule = asked.url_rule
    # The route's pattern, not the path: paths and query strings can carry what a person typed.
    _requests.info(
        "request", extra={"method": asked.method, "route": rule.rule if rule else "-",
                          "status": response.status_code, "ms": round(elapsed * 1000, 1)},
    )
    return response
