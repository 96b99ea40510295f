"""Structured logging: one ``key=value`` line per event, stamped with request, user and agency.

Code logs with the standard module (``log = logging.getLogger(__name__)``) and passes ids as
``extra={"submission_id": …}``; the request id, user id and agency id are added here. Never log
a client's data: no answers, names, e-mail addresses, search text or free-text messages.
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
        ids = _current_ids()
        for key in CONTEXT:
            if not hasattr(record, key):
                setattr(record, key, ids.get(key, "-"))
        return True


class KeyValueFormatter(logging.Formatter):
    """``2026-01-02T03:04:05 INFO carebridge.forms.service submission created request_id=…``"""

    def format(self, record: logging.LogRecord) -> str:
        fields = {key: getattr(record, key, "-") for key in CONTEXT}
        fields.update((k, v) for k, v in vars(record).items() if k not in _STANDARD)
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        line = f"{stamp} {record.levelname} {record.name} {record.getMessage()}"
        line += "".join(f" {key}={_quote(value)}" for key, value in fields.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


#: A value with one of these is quoted (one regex search: a generator over three characters
#: per value was a tenth of an API submission's logging, three lines a request).
_NEEDS_QUOTES = re.compile(r'[ "=]').search


def _quote(value) -> str:
    text = value if type(value) is str else str(value)
    return f'"{text}"' if not text or _NEEDS_QUOTES(text) else text


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
    user = g.get("user")
    return {
        "request_id": g.get("request_id", "-"),
        "user_id": getattr(user, "id", "-"),
        "agency_id": getattr(user, "agency_id", "-"),
    }


def init_app(app: Flask) -> None:
    """Send the ``carebridge`` loggers' lines to stderr (once per process) and time requests."""
    logger = logging.getLogger(LOGGER)
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.addFilter(ContextFilter())
        handler.setFormatter(KeyValueFormatter())
        logger.addHandler(handler)
    logger.setLevel(str(app.config.get("LOG_LEVEL", "INFO")).upper())
    # Flask gives the app's logger (the same "carebridge" logger) a plain handler of its own
    # when none is set up: ours replaces it, so each line is written once, with ids.
    from flask.logging import default_handler

    logger.removeHandler(default_handler)
    app.before_request(_start)
    app.after_request(_finish)


def _start() -> None:
    given = request.headers.get("X-Request-ID", "")
    g.request_id = given if _REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


#: The request lines' logger, found once (``getLogger`` takes the logging lock every time).
_requests = logging.getLogger(LOGGER + ".request")


def _finish(response: Response) -> Response:
    response.headers["X-Request-ID"] = g.get("request_id", "")
    if not _requests.isEnabledFor(logging.INFO):
        return response
    elapsed = time.perf_counter() - g.get("request_started", time.perf_counter())
    rule = request.url_rule
    # The route's pattern, not the path: paths and query strings can carry what a person typed.
    _requests.info(
        "request", extra={"method": request.method, "route": rule.rule if rule else "-",
                          "status": response.status_code, "ms": round(elapsed * 1000, 1)},
    )
    return response
