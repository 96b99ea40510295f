"""The job queue: plugins register jobs, code enqueues them by function or name and polls."""

import time

import jobs_plugin
import pytest

from carebridge import jobs
from carebridge.errors import NotFound


def test_a_queued_job_runs_in_the_app_and_its_result_can_be_read(jobs_app):
    queue = jobs.queue(jobs_app)
    job_id = queue.enqueue(jobs_plugin.add, 2, 3, times=2)
    job = queue.get(job_id)
    assert job.status == "done"
    assert job.result == {"sum": 10, "instance": jobs_app.instance_path}
    assert job.name == "jobs_plugin:add"
    assert job.enqueued_at <= job.started_at <= job.finished_at


def test_jobs_are_enqueued_by_name_too_and_in_the_current_app(jobs_app):
    with jobs_app.app_context():
        job_id = jobs.enqueue("jobs_plugin:add", 1, 1)
        assert jobs.get(job_id).result["sum"] == 2


def test_a_domain_error_fails_the_job_with_its_readable_message(jobs_app):
    queue = jobs.queue(jobs_app)
    job = queue.get(queue.enqueue(jobs_plugin.refuse, "no income given"))
    assert (job.status, job.error, job.result) == ("failed", "Refused: no income given", None)


def test_an_unexpected_error_is_logged_and_the_record_keeps_no_client_data(jobs_app, caplog):
    queue = jobs.queue(jobs_app)
    job = queue.get(queue.enqueue(jobs_plugin.crash, "Jane Doe 1970-01-01"))
    assert job.status == "failed"
    assert "Jane" not in job.error and job.id in job.error
    assert "boom with Jane Doe" in caplog.text


@pytest.mark.parametrize("args", [(object(),), (float("nan"),), ({1, 2},)])
def test_arguments_must_be_json(jobs_app, args):
    with pytest.raises(TypeError, match="JSON"):
        jobs.queue(jobs_app).enqueue(jobs_plugin.add, *args)


def test_only_registered_functions_can_be_queued(jobs_app):
    with pytest.raises(LookupError, match="register_jobs"):
        jobs.queue(jobs_app).enqueue(time.sleep, 1)
    with pytest.raises(LookupError):
        jobs.queue(jobs_app).enqueue("os:system", "true")


def test_another_agencys_job_or_an_unknown_id_is_not_found(jobs_app):
    queue = jobs.queue(jobs_app)
    job_id = queue.enqueue(jobs_plugin.add, 1, 2, agency_id=7)
    assert queue.get(job_id, agency_id=7).status == "done"
    assert queue.get(job_id).status == "done"  # the operator's view: no agency
    for asked, agency in [(job_id, 8), ("0" * 32, 7), ("../../etc", None), ("", None)]:
        with pytest.raises(NotFound):
            queue.get(asked, agency_id=agency)


def test_the_api_form_of_a_job_has_iso_times_and_no_agency(jobs_app):
    queue = jobs.queue(jobs_app)
    shown = queue.get(queue.enqueue(jobs_plugin.add, 1, 2, agency_id=3)).as_dict()
    assert "agency_id" not in shown
    assert shown["status"] == "done" and shown["finished_at"].endswith("+00:00")


def test_values_are_remembered_between_calls_and_forgotten_after_the_keep_time(jobs_app):
    queue = jobs.queue(jobs_app)
    queue.remember("screening:abc", {"programs": [1, 2]})
    assert queue.recall("screening:abc") == {"programs": [1, 2]}
    assert queue.recall("screening:other") is None
    job_id = queue.enqueue(jobs_plugin.add, 1, 2)
    later = time.time() + queue.keep_seconds + 1
    assert queue.purge(now=later) == 2
    assert queue.recall("screening:abc") is None
    with pytest.raises(NotFound):
        queue.get(job_id)


def test_purge_keeps_what_is_recent(jobs_app):
    queue = jobs.queue(jobs_app)
    queue.remember("k", 1)
    queue.enqueue(jobs_plugin.add, 1, 2)
    assert queue.purge() == 0 and queue.recall("k") == 1


@pytest.mark.parametrize("url", ["mysql://x", "http://example.org/queue"])
def test_an_unknown_jobs_url_is_refused_with_the_choices(make_app, tmp_path, url):
    app = make_app(tmp_path, JOBS_URL=url)
    with pytest.raises(ValueError, match="sqlite:///FILE, redis://"):
        jobs.queue(app).huey  # noqa: B018 (the queue connects on first use)


def test_the_default_queue_is_a_file_in_the_instance_folder(make_app, tmp_path):
    app = make_app(tmp_path / "inst")
    assert app.config["JOBS_URL"] == f"sqlite:///{tmp_path / 'inst' / 'jobs.sqlite3'}"
    jobs.queue(app).enqueue(jobs_plugin.add, 1, 2)
    assert (tmp_path / "inst" / "jobs.sqlite3").is_file()
