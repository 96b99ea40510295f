"""The job worker process: ``carebridge worker``, or the one ``carebridge serve`` starts."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

from flask import Flask

from carebridge.app_state import app_state
from carebridge.jobs import queue

log = logging.getLogger(__name__)


def run(app: Flask, threads: int, parent_pid: int | None = None) -> None:
    """Announce the worker to plugins, then take jobs until stopped."""
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s [%(process)d] %(levelname)s %(name)s: %(message)s")
    if parent_pid is not None:
        threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    app_state(app).hook.worker_started(app=app)
    jobs = queue(app)
    log.info("worker taking jobs from %s (%d threads; jobs: %s)", _safe_url(jobs.url), threads,
             ", ".join(sorted(jobs.functions)) or "none")
    jobs.run_worker(threads)


def _exit_with_parent(parent_pid: int) -> None:
    # A worker started by `serve` must not outlive it, even when the server is killed outright.
    while os.getppid() == parent_pid:
        time.sleep(1)
    log.info("the server (pid %d) has gone: stopping", parent_pid)
    os.kill(os.getpid(), signal.SIGTERM)


def _safe_url(url: str) -> str:
    """The URL without a password, for the log."""
    if "@" not in url:
        return url
    scheme, rest = url.split("://", 1)
    return f"{scheme}://…@{rest.rsplit('@', 1)[1]}"


def start_embedded(app: Flask) -> subprocess.Popen:
    """Start ``carebridge worker`` for this instance as a child of the current process."""
    # Not `-m carebridge.cli`: that would load the CLI module twice (as __main__ and by name).
    command = [sys.executable, "-c", "from carebridge.cli import main; main()",
               "--instance", app.instance_path, "worker",
               "--threads", str(int(app.config["JOBS_WORKER_THREADS"])),
               "--parent-pid", str(os.getpid())]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL)


def stop_embedded(process: subprocess.Popen, grace_seconds: float = 10) -> None:
    """Ask the worker to finish its running jobs (SIGINT); stop it outright after the grace."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGINT)
    try:
        process.wait(grace_seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
