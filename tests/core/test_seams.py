"""The seams features are built on: one API test, errors by kind, htmx responses, commands,
template overrides, definition folders, i18n and structured logs."""

import logging

import pytest
from click.testing import CliRunner

from carebridge.cli import main
from carebridge.log import ContextFilter, KeyValueFormatter
from tests.conftest import PASSWORD, test_app


@pytest.fixture
def app(database_url, tmp_path):
    made = test_app(database_url, tmp_path / "instance", PLUGINS=["seams_plugin"])
    yield made
    made.extensions["carebridge"].database.engine.dispose()


@pytest.mark.parametrize(("path", "status", "body"), [
    ("/api/seams/things/1", 200, {"id": 1}),
    ("/api/seams/things/2", 422, {"message": "The thing is not right.",
                                  "errors": [{"pointer": "/name", "message": "Too short."}]}),
    ("/api/seams/things/3", 404, {"message": "No such thing.", "errors": []}),
    ("/api/seams/nothing-here", 404, {"message": "Not found.", "errors": []}),
    ("/api/v1/nothing-here", 404, {"message": "Not found.", "errors": []}),
    ("/api", 404, {"message": "Not found.", "errors": []}),
])
def test_everything_under_api_answers_json_even_a_plugins_errors(client, path, status, body):
    response = client.get(path)
    assert response.status_code == status
    assert response.json == body


@pytest.mark.parametrize(("path", "title"), [
    ("/seams/missing", "No such page."),
    ("/apiary", "Page not found"),
])
def test_outside_the_api_errors_are_pages(client, path, title):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert title in response.get_data(as_text=True)


def test_a_page_or_its_fragment_for_htmx_and_text_marked_for_translation(client):
    whole = client.get("/seams/page")
    assert '<main id="whole">' in whole.get_data(as_text=True)
    assert "HX-Request" in whole.headers["Vary"]
    part = client.get("/seams/page", headers={"HX-Request": "true"}).get_data(as_text=True)
    assert part.strip() == '<p id="part">Hello, 3 things, Goodbye, 1 form</p>'


def test_a_client_redirect_is_hx_redirect_for_htmx_and_303_otherwise(client):
    plain = client.post("/seams/go")
    assert (plain.status_code, plain.headers["Location"]) == (303, "/seams/page")
    assert "HX-Replace-Url" not in plain.headers
    htmx = client.post("/seams/go", headers={"HX-Request": "true"})
    assert (htmx.status_code, htmx.headers["HX-Redirect"]) == (200, "/seams/page")
    assert htmx.headers["HX-Replace-Url"] == "/seams/page"


def test_a_plugin_named_in_the_instance_config_adds_a_command(tmp_path):
    instance = tmp_path / "instance"
    runner = CliRunner()
    assert runner.invoke(main, ["--instance", str(instance), "init"]).exit_code == 0
    assert "seams-hello" not in runner.invoke(main, ["--instance", str(instance), "--help"]).output
    (instance / "carebridge.cfg").write_text('PLUGINS = ["seams_plugin"]\n')
    listed = runner.invoke(main, ["--instance", str(instance), "--help"])
    assert "seams-hello" in listed.output and "directory" in listed.output
    said = runner.invoke(main, ["--instance", str(instance), "seams-hello"])
    assert (said.exit_code, said.output) == (0, "hello from instance\n")


def test_before_init_the_built_in_commands_are_still_listed(tmp_path):
    result = CliRunner().invoke(main, ["--instance", str(tmp_path / "new"), "--help"])
    assert result.exit_code == 0
    assert "directory" in result.output and "csv-export" in result.output


@pytest.fixture
def admin(app, world):
    client = app.test_client()
    from tests.conftest import Auth

    Auth(client).login(world.email("alpha", "admin"), PASSWORD)
    return client


def test_a_form_with_a_page_of_its_own_uses_it_and_others_keep_the_default(admin, world):
    for slug in ("note", "other"):
        created = admin.post("/api/v1/forms", json={"title": slug.title(), "type": "object"},
                             headers=world.headers("alpha", "admin"))
        assert created.status_code == 201
    own = admin.get("/forms/note/fill").get_data(as_text=True)
    assert 'id="own-page"' in own and '<form id="cb-form"' in own
    other = admin.get("/forms/other/fill").get_data(as_text=True)
    assert 'id="own-page"' not in other and '<form id="cb-form"' in other


def test_the_editor_offers_a_plugins_definitions_as_starting_points(admin):
    gallery = admin.get("/forms/editor").get_data(as_text=True)
    assert "Food pantry visit" in gallery and "PHQ-9" in gallery
    started = admin.get("/forms/editor?start=1/food-pantry-visit.json").get_data(as_text=True)
    assert "People in the household" in started


def log_line(message, **extra) -> str:
    record = logging.LogRecord("carebridge.test", logging.INFO, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    ContextFilter().filter(record)
    return KeyValueFormatter().format(record)


def test_a_log_line_carries_the_request_user_and_agency_ids(app, world, capsys):
    client = app.test_client()
    from tests.conftest import Auth

    Auth(client).login(world.email("alpha", "intake"), PASSWORD)
    capsys.readouterr()
    response = client.get("/forms/", headers={"X-Request-ID": "req-123"})
    assert response.headers["X-Request-ID"] == "req-123"
    lines = [line for line in capsys.readouterr().err.splitlines() if " request " in line]
    user_id, agency_id = world.users[("alpha", "intake")], world.agencies["alpha"]
    assert lines == [lines[0]] and all(f" {part}" in lines[0] for part in (
        "request_id=req-123", f"user_id={user_id}", f"agency_id={agency_id}", "method=GET",
        "route=/forms/", "status=200"))


def test_a_request_id_is_made_when_none_or_a_strange_one_is_sent(client):
    made = client.get("/login").headers["X-Request-ID"]
    assert len(made) == 32
    odd = client.get("/login", headers={"X-Request-ID": "a b;c=d"}).headers["X-Request-ID"]
    assert odd != "a b;c=d" and len(odd) == 32


def test_submissions_are_logged_by_id_and_never_with_the_answers(app, world, capsys):
    client = app.test_client()
    headers = world.headers("alpha", "admin")
    client.post("/api/v1/forms", json={"title": "Note", "type": "object",
                                       "properties": {"name": {"type": "string"}}},
                headers=headers)
    capsys.readouterr()
    created = client.post("/api/v1/forms/note/submissions",
                          json={"data": {"name": "Maria Secret-Surname"}}, headers=headers)
    logged = capsys.readouterr().err
    assert f"submission_id={created.json['id']}" in logged
    assert f"action=create object_type=Submission object_id={created.json['id']}" in logged
    assert "Secret-Surname" not in logged


def test_the_formatter_quotes_values_with_spaces_and_marks_missing_ids():
    line = log_line("search index rebuilt", services=12, note="two words")
    assert line.endswith(
        'INFO carebridge.test search index rebuilt request_id=- user_id=- agency_id=- '
        'services=12 note="two words"')


def test_a_job_names_its_run_in_the_log():
    from carebridge import log

    with log.context(request_id="job-42"):
        assert "request_id=job-42" in log_line("job ran")
    assert "request_id=-" in log_line("job ran")


