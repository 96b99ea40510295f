"""Real workers: `carebridge worker` on each backend, and the one `carebridge serve` starts."""

import os
import socket
import time
import urllib.error
import urllib.request
import uuid

import jobs_plugin
import pytest

from carebridge import jobs
from carebridge.migrations import upgrade
from tests.conftest import skip_or_fail
from tests.jobs.processes import carebridge, stop, wait_until_finished, write_instance

REDIS_URL = os.environ.get("CAREBRIDGE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_url() -> str:
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        skip_or_fail(f"Redis at {REDIS_URL} is unreachable: {exc}")
    return REDIS_URL


def postgres_url() -> str:
    url = os.environ.get("CAREBRIDGE_TEST_POSTGRES_URL")
    if not url:
        skip_or_fail("CAREBRIDGE_TEST_POSTGRES_URL is not set: no PostgreSQL to test against")
    return url


BACKENDS = {
    "sqlite": lambda tmp: f"sqlite:///{tmp / 'queue' / 'jobs.sqlite3'}",
    "redis": lambda tmp: redis_url(),
    "postgresql": lambda tmp: postgres_url(),
}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request, tmp_path):
    """A queue URL and a fresh queue name on it; the queue is emptied afterwards."""
    url = BACKENDS[request.param](tmp_path)
    name = f"test-{uuid.uuid4().hex[:10]}"
    yield url, name
    if request.param != "sqlite":
        from carebridge.jobs import make_huey

        storage = make_huey(url, name).storage
        storage.flush_all()
        storage.close()


def test_a_worker_process_runs_queued_jobs_on_every_backend(backend, tmp_path, make_app):
    url, name = backend
    instance = write_instance(tmp_path / "worker", JOBS_URL=url, JOBS_NAME=name)
    queue = jobs.queue(make_app(tmp_path / "web", JOBS_URL=url, JOBS_NAME=name))
    ok = queue.enqueue(jobs_plugin.add, 20, 22, agency_id=1)
    refused = queue.enqueue(jobs_plugin.refuse, "a reason")
    assert queue.get(ok).status == "queued"

    worker = carebridge(instance, "worker", "--threads", "2")
    try:
        done = wait_until_finished(queue, ok)
        assert (done.status, done.result["sum"]) == ("done", 42)
        assert done.result["instance"] == str(instance)  # it ran in the worker's app
        assert wait_until_finished(queue, refused).error == "Refused: a reason"
    finally:
        output = stop(worker)
        queue.close()
    assert "jobs_plugin:add" in output  # the worker lists the jobs it can run


def test_a_job_is_running_while_the_worker_works_on_it(tmp_path, make_app):
    instance = write_instance(tmp_path / "i")
    queue = jobs.queue(make_app(instance))
    job_id = queue.enqueue(jobs_plugin.nap, 2)
    worker = carebridge(instance, "worker")
    try:
        deadline = time.monotonic() + 30
        while queue.get(job_id).status == "queued" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert queue.get(job_id).status == "running"
        assert wait_until_finished(queue, job_id).result == 2
    finally:
        stop(worker)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_starts_a_job_worker_and_takes_it_down_when_it_stops(tmp_path, make_app):
    instance = write_instance(tmp_path / "i", SERVE_WORKERS=1)
    upgrade(make_app(instance))
    queue = jobs.queue(make_app(instance))
    job_id = queue.enqueue(jobs_plugin.add, 1, 2)
    port = free_port()
    server = carebridge(instance, "serve", "--port", str(port))
    try:
        assert wait_until_finished(queue, job_id).result["sum"] == 3
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=10) as page:
            assert page.status == 200
    finally:
        output = stop(server)
    worker_pids = [line.split("pid ")[1].rstrip(")") for line in output.splitlines()
                   if "Job worker started" in line]
    assert worker_pids, output
    time.sleep(0.5)
    assert not os.path.exists(f"/proc/{worker_pids[0]}")  # no orphan left behind


def test_the_server_logs_each_request_without_what_its_address_carries(tmp_path, make_app):
    # A search for a client's name travels in a query string, a kiosk's secret in its path,
    # and both again in the next page's Referer: none of them may reach the log.
    instance = write_instance(tmp_path / "i", SERVE_WORKERS=1, JOBS_WORKER="external")
    upgrade(make_app(instance))
    port = free_port()
    server = carebridge(instance, "serve", "--port", str(port))
    secret = uuid.uuid4().hex
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for address in (f"/login?next=/clients%3Fq%3DMaria-{secret}", f"/kiosk/{secret}"):
            request = urllib.request.Request(f"http://127.0.0.1:{port}{address}", headers={
                "Referer": f"http://127.0.0.1:{port}/clients?q=Maria-{secret}"})
            try:
                urllib.request.urlopen(request, timeout=10).close()
            except urllib.error.HTTPError:
                pass  # the kiosk link is unknown: 404, logged all the same
    finally:
        output = stop(server)
    assert secret not in output
    assert "route=/login status=200" in output and "route=/kiosk/<token> status=404" in output


def test_serve_without_a_job_worker_leaves_jobs_queued(tmp_path, make_app):
    instance = write_instance(tmp_path / "i", SERVE_WORKERS=1, JOBS_WORKER="external")
    upgrade(make_app(instance))
    queue = jobs.queue(make_app(instance))
    job_id = queue.enqueue(jobs_plugin.add, 1, 2)
    port = free_port()
    server = carebridge(instance, "serve", "--port", str(port))
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).close()
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1)
        assert queue.get(job_id).status == "queued"
    finally:
        stop(server)
