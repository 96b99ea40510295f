"""Background jobs: one queue per app (an SQLite file by default, Redis or PostgreSQL by URL).

Work too slow for a web request (a benefits screening on a rules engine that takes a minute to
load) runs in a worker process: ``carebridge worker``, or the one ``carebridge serve`` starts
beside itself when no outside worker is configured. Plugins offer functions through the
``register_jobs`` hook; code enqueues one by function or name with JSON arguments and gets a
job id back, which a page or an API client polls with ``get``. Huey moves the messages; this
module keeps its own record of each job (status, result, error, times) so every backend
answers the same questions.

Work that must happen on its own at set times (reminders due) is a periodic job: plugins
offer ``Periodic`` entries through ``register_periodic_jobs``, and every worker's Huey
consumer runs them on their schedule. Two workers may both run one: a periodic job must be
safe to run twice at once (claim its work in the database).

Enqueue only after the request's unit of work has committed: a job must never see (or act on)
data that a rolled-back request left behind. Until the request cycle has its after-commit
queue, call ``enqueue`` from the view once the service has committed.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from flask import Flask, current_app

from carebridge.app_state import app_state
from carebridge.errors import CarebridgeError, NotFound
from carebridge.i18n import _

log = logging.getLogger(__name__)

STATUSES = ("queued", "running", "done", "failed")
RUN_TASK_NAME = "carebridge.run_job"
_JOB_KEY = "job:"
_CACHE_KEY = "cache:"


@dataclass(frozen=True)
class Job:
    """What is known about one job; ``result`` is set when done, ``error`` when failed."""

    id: str
    name: str
    status: str
    agency_id: int | None
    enqueued_at: float
    started_at: float | None = None
    finished_at: float | None = None
    result: object = None
    error: str | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "failed")

    def as_dict(self) -> dict:
        """The job as an API answers it: times in ISO 8601, no agency id."""
        data = asdict(self)
        del data["agency_id"]
        for key in ("enqueued_at", "started_at", "finished_at"):
            if data[key] is not None:
                data[key] = datetime.fromtimestamp(data[key], UTC).isoformat()
        return data


@dataclass(frozen=True)
class Periodic:
    """A function the workers run on a schedule (cron fields, UTC), in the app's context.
    It takes keyword arguments only for tests and commands (a clock); the schedule passes
    none."""

    function: Callable
    minute: str = "*"
    hour: str = "*"

    @property
    def name(self) -> str:
        return job_name(self.function)


def job_name(function: Callable) -> str:
    """A job's name: where its function lives (``package.module:function``)."""
    return f"{function.__module__}:{function.__qualname__}"


def _dumps(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False).encode()


class JobQueue:
    """The app's queue: the jobs plugins registered, a Huey instance per process, the records."""

    def __init__(self, app: Flask, functions: list[Callable],
                 periodic: list[Periodic] | tuple[Periodic, ...] = ()):
        self.app = app
        self.functions = {job_name(f): f for f in functions}
        self.periodic = {p.name: p for p in periodic}
        self.url = app.config["JOBS_URL"]
        self.name = app.config["JOBS_NAME"]
        self.immediate = bool(app.config["JOBS_IMMEDIATE"])
        self.keep_seconds = float(app.config["JOBS_KEEP_SECONDS"])
        self._huey = None
        self._pid = None
        self._lock = threading.Lock()

    # -- the Huey instance -------------------------------------------------------------------

    @property
    def huey(self):
        """This process's Huey (rebuilt after a fork: connections never cross processes)."""
        if self._huey is None or self._pid != os.getpid():
            with self._lock:
                if self._huey is None or self._pid != os.getpid():
                    self._huey = self._make_huey()
                    self._pid = os.getpid()
        return self._huey

    def _make_huey(self):
        from huey import crontab, signals

        huey = make_huey(self.url, self.name, self.immediate)
        self._run_task = huey.task(name=RUN_TASK_NAME)(self._run)
        huey.periodic_task(crontab(minute="17"), name="carebridge.purge_jobs")(self.purge)
        self._periodic_tasks = {
            entry.name: huey.periodic_task(crontab(minute=entry.minute, hour=entry.hour),
                                           name=entry.name)(self._periodic_runner(entry))
            for entry in self.periodic.values()}
        huey.signal(signals.SIGNAL_INTERRUPTED)(self._interrupted)
        return huey

    def close(self) -> None:
        """Close this process's connection to the queue (it reopens on next use)."""
        if self._huey is not None and self._pid == os.getpid():
            self._huey.storage.close()

    # -- enqueueing and reading --------------------------------------------------------------

    def enqueue(self, function: Callable | str, *args, agency_id: int | None = None,
                **kwargs) -> str:
        """Queue ``function(*args, **kwargs)``; return the new job's id. Arguments must be JSON."""
        name = function if isinstance(function, str) else job_name(function)
        if name not in self.functions:
            raise LookupError(f"No job named {name!r}: register it with the register_jobs hook")
        try:
            payload = json.dumps([args, kwargs], allow_nan=False)
        except (TypeError, ValueError) as exc:
            raise TypeError(f"Job arguments must be JSON (ids, not objects): {exc}") from exc
        job = Job(uuid.uuid4().hex, name, "queued", agency_id, time.time())
        self._write(job)
        huey = self.huey
        huey.enqueue(self._run_task.s(job.id, name, payload))
        log.info("job %s queued: %s (agency %s)", job.id, name, agency_id)
        return job.id

    def get(self, job_id: str, agency_id: int | None = None) -> Job:
        """The job's record; another agency's job (or an unknown id) is ``NotFound``."""
        job = self._read(job_id) if isinstance(job_id, str) and job_id.isalnum() else None
        if job is None or (agency_id is not None and job.agency_id != agency_id):
            raise NotFound(_("There is no such job."))
        return job

    def _read(self, job_id: str) -> Job | None:
        from huey.constants import EmptyData

        raw = self.huey.storage.peek_data(_JOB_KEY + job_id)
        if raw is EmptyData:
            return None
        return Job(**json.loads(bytes(raw)))

    def _write(self, job: Job) -> None:
        self.huey.storage.put_data(_JOB_KEY + job.id, _dumps(asdict(job)))

    # -- running -----------------------------------------------------------------------------

    def _run(self, job_id: str, name: str, payload: str) -> None:
        """Run one job inside the app context and record how it went (never raises)."""
        job = self._read(job_id) or Job(job_id, name, "queued", None, time.time())
        job = _replace(job, status="running", started_at=time.time())
        self._write(job)
        try:
            args, kwargs = json.loads(payload)
            with self.app.app_context():
                result = self.functions[name](*args, **kwargs)
            job = _replace(job, status="done", result=json.loads(_dumps(result)))
        except CarebridgeError as exc:
            job = _replace(job, status="failed", error=exc.message)
        except Exception:
            # The message may hold a client's data: it goes to the worker's log, not the record.
            log.exception("job %s (%s) failed", job_id, name)
            job = _replace(job, status="failed",
                           error=f"The job failed unexpectedly (job {job_id} in the worker's log).")
        self._write(_replace(job, finished_at=time.time()))
        log.info("job %s %s", job_id, job.status)

    def _periodic_runner(self, entry: Periodic) -> Callable:
        def run(**kwargs):
            with self.app.app_context():
                try:
                    return entry.function(**kwargs)
                except Exception:
                    # The next run tries again; the trace goes to the worker's log.
                    log.exception("periodic job %s failed", entry.name)
                    return None

        run.__name__ = entry.function.__name__
        return run

    def run_periodic(self, function: Callable | str, **kwargs) -> object:
        """Run a periodic job here and now, as a worker's schedule would (with ``kwargs``:
        a test's clock); returns its result."""
        name = function if isinstance(function, str) else job_name(function)
        if name not in self.periodic:
            raise LookupError(f"No periodic job named {name!r}: register it with the "
                              "register_periodic_jobs hook")
        self.huey  # noqa: B018 (builds this process's Huey and its periodic tasks)
        return self._periodic_tasks[name].call_local(**kwargs)

    def _interrupted(self, signal, task, *args) -> None:
        job = self._read(task.args[0]) if task.args else None
        if job is not None and not job.finished:
            self._write(_replace(job, status="failed", finished_at=time.time(),
                                 error="The worker stopped while running this job; start it "
                                       "again."))

    def run_worker(self, threads: int = 2) -> None:
        """Take jobs until SIGINT (finish running jobs) or SIGTERM (stop now)."""
        if self.immediate:
            raise RuntimeError("JOBS_IMMEDIATE runs jobs where they are queued: no worker needed")
        consumer = self.huey.create_consumer(workers=threads, worker_type="thread",
                                             periodic=True, check_worker_health=True)
        consumer.run()

    # -- a small shared cache (results worth keeping between processes) ----------------------

    def remember(self, key: str, value: object) -> None:
        """Keep a JSON value under ``key`` for ``JOBS_KEEP_SECONDS`` (every process sees it)."""
        record = {"stored_at": time.time(), "value": value}
        self.huey.storage.put_data(_CACHE_KEY + key, _dumps(record))

    def recall(self, key: str) -> object | None:
        """The value ``remember`` kept under ``key``, or None."""
        from huey.constants import EmptyData

        raw = self.huey.storage.peek_data(_CACHE_KEY + key)
        if raw is EmptyData:
            return None
        record = json.loads(bytes(raw))
        if time.time() - record["stored_at"] > self.keep_seconds:
            return None
        return record["value"]

    def purge(self, now: float | None = None) -> int:
        """Forget finished jobs and cached values older than ``JOBS_KEEP_SECONDS``."""
        now = time.time() if now is None else now
        storage = self.huey.storage
        forgotten = 0
        for key, raw in storage.result_items().items():
            key = key.decode() if isinstance(key, bytes) else key
            try:
                record = json.loads(bytes(raw))
            except ValueError:
                continue
            if key.startswith(_JOB_KEY):
                stamp = record.get("finished_at")
            elif key.startswith(_CACHE_KEY):
                stamp = record.get("stored_at")
            else:
                continue
            if stamp is not None and now - stamp > self.keep_seconds:
                storage.delete_data(key)
                forgotten += 1
        return forgotten


def _replace(job: Job, **changes) -> Job:
    return Job(**{**asdict(job), **changes})


def make_huey(url: str, name: str, immediate: bool = False):
    """A Huey instance for a ``JOBS_URL``: ``sqlite:///path``, ``redis://…``, ``postgresql://…``."""
    import huey

    options = {"results": False, "immediate": immediate, "utc": True}
    scheme = urlsplit(url).scheme.split("+")[0]
    if scheme == "sqlite":
        # SQLAlchemy's convention: sqlite:///relative.db, sqlite:////absolute/path.db
        path = url.split("://", 1)[1].removeprefix("/")
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        from carebridge.db import private_sqlite_file

        private_sqlite_file(f"sqlite:///{path}")  # queued jobs' arguments are private too
        return huey.SqliteHuey(name, filename=path, **options)
    if scheme in ("redis", "rediss", "unix"):
        return huey.RedisHuey(name, url=url, **options)
    if scheme in ("postgresql", "postgres"):
        return huey.PostgresHuey(name, dsn=url.replace("+psycopg", "", 1), **options)
    raise ValueError(f"JOBS_URL {url!r}: use sqlite:///FILE, redis://HOST:PORT/DB or "
                     "postgresql://USER@HOST/DB")


def init_app(app: Flask) -> None:
    """Build the app's queue from the jobs every plugin registers."""
    if not app.config.get("JOBS_URL"):
        app.config["JOBS_URL"] = f"sqlite:///{Path(app.instance_path) / 'jobs.sqlite3'}"
    queue(app)


def queue(app: Flask | None = None) -> JobQueue:
    """The app's job queue (the current app's by default), built once from ``register_jobs``."""
    app = app or current_app._get_current_object()
    state = app_state(app)

    def build() -> JobQueue:
        return JobQueue(app, [f for found in state.hook.register_jobs() for f in found],
                        [p for found in state.hook.register_periodic_jobs() for p in found])

    return state.cached("jobs", build)


def enqueue(function: Callable | str, *args, agency_id: int | None = None, **kwargs) -> str:
    """Queue a registered job on the current app; return its id (call after the commit)."""
    return queue().enqueue(function, *args, agency_id=agency_id, **kwargs)


def get(job_id: str, agency_id: int | None = None) -> Job:
    """A job of the current app, as ``JobQueue.get``."""
    return queue().get(job_id, agency_id)
