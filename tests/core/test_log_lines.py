"""What a log line holds, whoever writes it, and what writing one costs: a line only
Carebridge's own handler writes skips looking up its caller; any other handler still gets it."""

import logging
import re
import sys
from inspect import currentframe

import pytest

from carebridge import log
from carebridge.db import database
from carebridge.log import ContextFilter, KeyValueFormatter

STAMP = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d"


def as_a_server(monkeypatch) -> None:
    """Logging as a server has it: Carebridge's handler alone (pytest's capture handler, which
    it puts on the root logger as each test starts, set aside until the test ends)."""
    monkeypatch.setattr(logging.root, "handlers", [])


@pytest.fixture
def caller_lookups(monkeypatch):
    """How many times a logger walked up the stack to find where it was called from."""
    counted = []

    def counting():
        counted.append(1)
        return sys._getframe(1)  # as logging's own: the frame of findCaller

    monkeypatch.setattr(logging, "currentframe", counting)
    return counted


@pytest.fixture
def submit(app, world):
    client = app.test_client()
    headers = world.headers("alpha", "intake")
    admin = world.headers("alpha", "admin")
    made = client.post("/api/v1/forms", json={"title": "Note", "type": "object"}, headers=admin)
    assert made.status_code == 201

    def submit(request_id="req-1"):
        answer = client.post("/api/v1/forms/note/submissions", json={"data": {}},
                             headers={**headers, "X-Request-ID": request_id})
        assert answer.status_code == 201
        return answer.json["id"]

    return submit


def test_an_api_submission_writes_these_three_lines(submit, world, capsys, monkeypatch):
    as_a_server(monkeypatch)
    capsys.readouterr()
    made = submit("req-1")
    lines = capsys.readouterr().err.splitlines()
    ids = (f"request_id=req-1 user_id={world.users[('alpha', 'intake')]} "
           f"agency_id={world.agencies['alpha']}")
    assert [re.sub(r"ms=\d+\.\d", "ms=…", line) for line in lines] == [
        f"{line[:19]} {expected}" for line, expected in zip(lines, [
            f"INFO carebridge.audit audit {ids} action=create object_type=Submission "
            f"object_id={made} via=api",
            f"INFO carebridge.forms.service submission created {ids} submission_id={made} "
            f"form_version_id=1 via=api",
            f"INFO carebridge.request request {ids} method=POST "
            "route=/api/v1/forms/<slug>/submissions status=201 ms=…",
        ], strict=True)]
    assert all(re.fullmatch(STAMP, line[:19]) for line in lines)


def test_lines_only_carebridge_writes_do_not_look_up_their_caller(submit, capsys, monkeypatch,
                                                                   caller_lookups):
    as_a_server(monkeypatch)
    submit()
    assert len(capsys.readouterr().err.splitlines()) == 3
    assert caller_lookups == []


def test_a_handler_that_may_show_the_caller_gets_it(submit, caplog, caller_lookups):
    with caplog.at_level(logging.INFO, "carebridge"):
        submit()
        line = currentframe().f_lineno + 1
        log.logger("carebridge.test").info("from the test", extra={"n": 1})
    assert len(caller_lookups) == 4
    created = next(r for r in caplog.records if r.getMessage() == "submission created")
    assert (created.module, created.funcName) == ("service", "submit_once")
    mine = caplog.records[-1]
    assert (mine.filename, mine.lineno, mine.funcName) == (
        "test_log_lines.py", line, "test_a_handler_that_may_show_the_caller_gets_it")


def test_a_line_asking_for_its_stack_still_looks_up_its_caller(capsys, monkeypatch, caller_lookups):
    as_a_server(monkeypatch)
    log.logger("carebridge.test").info("with its stack", stack_info=True)
    assert "with its stack" in capsys.readouterr().err
    assert caller_lookups == [1]


def test_a_log_level_above_info_writes_no_info_line(database_url, tmp_path, world, capsys,
                                                    monkeypatch):
    from tests.conftest import test_app

    as_a_server(monkeypatch)
    quiet = test_app(database_url, tmp_path / "quiet", LOG_LEVEL="WARNING")
    capsys.readouterr()
    answer = quiet.test_client().post("/api/v1/forms", json={"title": "Note", "type": "object"},
                                      headers=world.headers("alpha", "admin"))
    assert answer.status_code == 201
    assert capsys.readouterr().err == ""
    loud = test_app(database_url, tmp_path / "loud")  # the level is the process's: back to INFO
    for made in (quiet, loud):
        database(made).engine.dispose()


def test_each_second_has_its_own_stamp():
    formatter = KeyValueFormatter()

    def stamped(created):
        record = logging.LogRecord("carebridge.test", logging.INFO, "", 0, "tick", (), None)
        record.created = created
        ContextFilter().filter(record)
        return formatter.format(record)[:19]

    assert [stamped(t) for t in (0.2, 0.9, 1.0, 86400.5, 0.5)] == [
        "1970-01-01T00:00:00", "1970-01-01T00:00:00", "1970-01-01T00:00:01",
        "1970-01-02T00:00:00", "1970-01-01T00:00:00"]


def test_values_are_quoted_only_when_they_must_be():
    record = logging.LogRecord("carebridge.test", logging.INFO, "", 0, "values", (), None)
    record.__dict__.update(count=3, flag=True, empty="", words="two words", eq="a=b",
                           request_id="given")
    ContextFilter().filter(record)
    assert KeyValueFormatter().format(record)[20:] == (
        'INFO carebridge.test values request_id=given user_id=- agency_id=- count=3 flag=True '
        'empty="" words="two words" eq="a=b"')


def test_the_standard_loggers_of_other_libraries_are_left_as_they_are():
    log.logger("carebridge.test")
    assert type(logging.getLogger("sqlalchemy.engine")) is logging.Logger
    assert type(logging.getLogger("carebridge.test")) is not logging.Logger
