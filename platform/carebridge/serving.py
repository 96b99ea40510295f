"""Serving with gunicorn from inside the CLI (no separate config file to keep in step)."""

from __future__ import annotations

from gunicorn.app.base import BaseApplication

from carebridge.db import database


class _Server(BaseApplication):
    def __init__(self, app, options: dict):
        self._app = app
        self._options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self._options.items():
            self.cfg.set(key, value)

    def load(self):
        return self._app


def serve(app, host: str, port: int, workers: int, threads: int, job_worker: bool = False) -> None:
    """Serve until stopped; with ``job_worker``, a job worker lives as long as the server."""
    from carebridge import job_worker as jobs

    companions = []

    def on_starting(server):
        if job_worker:
            companions.append(jobs.start_embedded(app))
            server.log.info("Job worker started (pid %d)", companions[-1].pid)

    def on_exit(server):
        for process in companions:
            server.log.info("Stopping the job worker (pid %d)", process.pid)
            jobs.stop_embedded(process)

    _Server(app, {
        **options(host, port, workers, threads),
        # Connections must not be shared across the fork: each worker opens its own.
        "post_fork": lambda _server, _worker: database(app).engine.dispose(close=False),
        "on_starting": on_starting,
        "on_exit": on_exit,
    }).run()


def options(host: str, port: int, workers: int, threads: int) -> dict:
    """How gunicorn serves Carebridge; bench/throughput.py serves its bare Flask baseline with
    the same, so the two are compared under one server.

    No gunicorn access log: its line carries the request's path and query string and the
    referring page's, where a search for a client's name and a kiosk link's secret token
    travel. Every request's line is Carebridge's own (log.py: the route's pattern, status,
    time, and the request, user and agency ids)."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        "accesslog": None,
        "timeout": 60,
    }


def serve_plain(app, host: str, port: int, workers: int, threads: int) -> None:
    """Serve any WSGI ``app`` as Carebridge is served (a benchmark's baseline)."""
    _Server(app, options(host, port, workers, threads)).run()
