"""Structured logging: one ``key=value`` line per event, stamped with request, user and agency.

Code logs with the standard module (``log = logging.getLogger(__name__)``, or this module's
``logger(__name__)`` on a hot path) and passes ids as ``extra={"submission_id": …}``; the
request id, user id and agency id are added here. Never log a client's data: no answers, names,
e-mail addresses, search text or free-text messages.
"""

from __future__ import annotations

import logging
import re
import sys
import time
import uuid
from contextvars import ContextVar

from flask import Flask, Response, g, has_request_context, request

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
        if not all(key in given for key in CONTEXT):
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
    """A standard logger whose records skip looking up their caller (file, line, function:
    a walk up the stack, a fifth of a line's cost in Python) whenever every handler they
    reach is Carebridge's own, whose lines never show it; with any other handler (a test's
    ``caplog``, a server's own logging set-up) the caller is found as always."""

    def findCaller(self, stack_info=False, stacklevel=1):  # noqa: N802  (logging's name)
        if not stack_info and _caller_unseen(self):
            return "(unknown file)", 0, "(unknown function)", None
        # One more frame up: this method's own.
        return super().findCaller(stack_info, stacklevel + 1)


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
            if (type(handler) is not _Stderr or type(handler.formatter) is not KeyValueFormatter
                    or any(type(f) is not ContextFilter for f in handler.filters)):
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


def _start() -> None:
    # From the environ: werkzeug's headers raise and catch an exception for a missing one.
    given = request.environ.get("HTTP_X_REQUEST_ID", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


#: The request lines' logger, found once (``getLogger`` takes the logging lock every time).
_requests = logger(LOGGER + ".request")


def _finish(response: Response) -> Response:
    found = g._get_current_object()  # through the proxies once, not for each value
    response.headers["X-Request-ID"] = found.get("request_id", "")
    if not _requests.isEnabledFor(logging.INFO):
        return response
    elapsed = time.perf_counter() - found.get("request_started", time.perf_counter())
    asked = request._get_current_object()
    rule = asked.url_rule
    # The route's pattern, not the path: paths and query strings can carry what a person typed.
    _requests.info(
        "request", extra={"method": asked.method, "route": rule.rule if rule else "-",
                          "status": response.status_code, "ms": round(elapsed * 1000, 1)},
    )
    return response
