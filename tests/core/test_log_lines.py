"""What a log line holds, whoever writes it, and what writing one costs: a line only
Carebridge's own handler writes skips looking up its caller, thread and process; any other
handler still gets them. Request ids are drawn without the system's randomness per request."""

import logging
import os
import re
import sys
import uuid
from inspect import currentframe

import pytest

from carebridge import log
from carebridge.db import database
from carebridge.log import ContextFilter, KeyValueFormatter, _lean_record

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


def test_a_lean_record_has_a_standard_records_fields_and_refuses_the_same_extras():
    lean = _lean_record("carebridge.test", logging.INFO, "n=%(n)s", ({"n": 1},), None, {"k": 2})
    standard = logging.getLogger("carebridge.test").makeRecord(
        "carebridge.test", logging.INFO, "(unknown file)", 0, "n=%(n)s", ({"n": 1},), None,
        "(unknown function)", {"k": 2})
    assert type(lean) is logging.LogRecord and list(vars(lean)) == list(vars(standard))
    unseen = {"created", "msecs", "relativeCreated", "thread", "threadName", "process",
              "processName", "taskName"}
    assert ({k: v for k, v in vars(lean).items() if k not in unseen}
            == {k: v for k, v in vars(standard).items() if k not in unseen})
    assert lean.getMessage() == "n=1" and abs(lean.relativeCreated - standard.relativeCreated) < 50
    for taken in ("message", "asctime", "name", "thread"):
        with pytest.raises(KeyError, match="Attempt to overwrite"):
            _lean_record("carebridge.test", logging.INFO, "x", (), None, {taken: 1})


def test_a_line_with_an_exception_carries_its_traceback(capsys, monkeypatch):
    as_a_server(monkeypatch)
    try:
        raise ValueError("broken on purpose")
    except ValueError:
        log.logger("carebridge.test").exception("it failed", extra={"n": 1})
    written = capsys.readouterr().err
    assert " ERROR carebridge.test it failed request_id=- user_id=- agency_id=- n=1\n" in written
    assert "ValueError: broken on purpose" in written


def test_a_request_id_is_32_hex_characters_drawn_without_uuid4(client, monkeypatch):
    monkeypatch.setattr(uuid, "uuid4", lambda: pytest.fail("uuid4 drawn for a request id"))
    made = {client.get("/login").headers["X-Request-ID"] for _ in range(3)}
    assert len(made) == 3 and all(re.fullmatch(r"[0-9a-f]{32}", made_id) for made_id in made)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked on POSIX only")
def test_forked_workers_draw_different_request_ids():
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the worker: its first id, to the parent
        os.write(write, log._ids.getrandbits(128).to_bytes(16, "big"))
        os._exit(0)
    os.waitpid(child, 0)
    assert os.read(read, 16) != log._ids.getrandbits(128).to_bytes(16, "big")
    os.close(read)
    os.close(write)


def test_a_line_is_written_to_a_stream_that_cannot_flush(monkeypatch):
    as_a_server(monkeypatch)

    class Unflushable:
        def __init__(self):
            self.written = []

        def write(self, text):
            self.written.append(text)

    stream = Unflushable()
    monkeypatch.setattr(sys, "stderr", stream)
    log.logger("carebridge.test").info("no flush here")
    assert len(stream.written) == 1 and stream.written[0].endswith(
        " INFO carebridge.test no flush here request_id=- user_id=- agency_id=-\n")
