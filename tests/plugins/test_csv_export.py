"""The bundled CSV export plugin: a form's submissions as a spreadsheet, for readers only."""

import csv
import html
import io

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from carebridge import create_app
from carebridge.audit import AuditEvent
from carebridge.cli import main
from carebridge.db import database
from carebridge.forms import service
from carebridge.renderer.compile import compile_definition
from carebridge.tenancy import ALL_AGENCIES, set_tenant
from carebridge.unit_of_work import unit_of_work
from carebridge_csv_export.table import Table, cells, safe

FORM = {
    "id": "visit-log", "title": "Visit log", "kind": "assessment",
    "schema": {
        "type": "object", "required": ["name"],
        "properties": {
            "name": {"type": "string", "title": "Full name"},
            "language": {"title": "Language", "oneOf": [
                {"const": "en", "title": "English"}, {"const": "es", "title": "Spanish"}]},
            "needs": {"type": "array", "title": "Needs", "uniqueItems": True,
                      "items": {"enum": ["Food", "Housing", "Transport"]}},
            "veteran": {"type": "boolean", "title": "Veteran"},
            "address": {"type": "object", "title": "Home address",
                        "properties": {"zip": {"type": "string", "title": "ZIP code"}}},
            "household": {"type": "array", "title": "Household members", "items": {
                "type": "object", "title": "Household member", "properties": {
                    "first_name": {"type": "string", "title": "First name"},
                    "age": {"type": "integer", "title": "Age"}}}},
            "contact": {"title": "Contact", "oneOf": [
                {"title": "By phone", "required": ["phone"],
                 "properties": {"phone": {"type": "string", "title": "Phone"}}},
                {"title": "By email", "required": ["email"],
                 "properties": {"email": {"type": "string", "title": "Email"}}}]},
            "note": {"type": "string", "title": "Note"},
        },
    },
}
ANA = {"name": "Ana Reyes", "language": "es", "needs": ["Food", "Transport"], "veteran": False,
       "address": {"zip": "94110"}, "contact": {"email": "ana@example.org"},
       "household": [{"first_name": "Kim", "age": 7}, {"first_name": "Lee"}],
       "note": "=HYPERLINK(\"http://evil\")"}
BEN = {"name": "Ben Okafor", "household": [{"first_name": "Ola", "age": 3},
                                            {"first_name": "Ife"}, {"first_name": "Tobi"}]}


def table_of(*submissions, labels=True):
    form = compile_definition(FORM)
    rows = [([str(i)], cells(form, data, labels=labels), 1) for i, data in enumerate(submissions)]
    header, lines = Table(["#"], rows).header_and_rows()
    return header, list(lines)


def test_columns_follow_the_form_and_are_headed_by_their_questions():
    header, (ana,) = table_of(ANA)
    assert header == [
        "#", "Full name", "Language", "Needs", "Veteran", "Home address › ZIP code",
        "Household member 1 › First name", "Household member 1 › Age",
        "Household member 2 › First name", "Contact › Email", "Note",
    ]
    assert ana[1:6] == ["Ana Reyes", "Spanish", "Food; Transport", "No", "94110"]
    assert ana[6:10] == ["Kim", "7", "Lee", "ana@example.org"]


def test_repeat_groups_get_as_many_numbered_columns_as_the_longest_needs():
    header, (ana, ben) = table_of(ANA, BEN)
    members = [h for h in header if h.startswith("Household member")]
    assert members == [
        "Household member 1 › First name", "Household member 1 › Age",
        "Household member 2 › First name", "Household member 3 › First name",
    ]
    assert ben[header.index("Household member 3 › First name")] == "Tobi"
    assert ana[header.index("Household member 3 › First name")] == ""


def test_answers_as_stored_instead_of_as_shown():
    header, (ana,) = table_of(ANA, labels=False)
    assert ana[header.index("Language")] == "es"
    assert ana[header.index("Veteran")] == "false"


def test_text_a_spreadsheet_would_run_is_made_plain():
    header, (ana,) = table_of(ANA)
    assert ana[header.index("Note")] == "'=HYPERLINK(\"http://evil\")"
    assert [safe(t) for t in ("+1 650", "-5", "@sum", "plain")] == [
        "'+1 650", "'-5", "'@sum", "plain"]


def test_answers_the_form_does_not_ask_come_last_under_their_pointer():
    header, (row,) = table_of({"name": "Cy", "legacy_code": "X1", "note": "n"})
    assert header[-1] == "legacy_code" and row[-1] == "X1"


@pytest.fixture
def visits(app, world):
    """Agency alpha has the visit log with two submissions; beta has none."""
    alpha = world.agencies["alpha"]
    with unit_of_work(app, alpha) as session, app.app_context():
        set_tenant(session, alpha)
        _, version, _ = service.publish(session, FORM, user_id=world.users[("alpha", "admin")])
        for data in (ANA, BEN):
            service.submit(session, version, data, user_id=world.users[("alpha", "intake")])
    return "/exports/visit-log.csv"


def read_csv(response) -> list[list[str]]:
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_a_care_manager_downloads_the_submissions(auth, world, visits):
    auth.login(world.email("alpha", "care_manager"))
    page = auth.client.get("/exports/").get_data(as_text=True)
    assert 'href="/exports/"' in page  # in the navigation
    assert "Visit log" in page and "2 submissions" in page
    response = auth.client.get(visits)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert 'filename="visit-log-submissions-' in response.headers["Content-Disposition"]
    header, ana, ben = read_csv(response)
    assert header[:4] == ["Reference", "Submitted at", "Form version", "Submitted by"]
    assert ana[3] == "intake@alpha.example.org" and ana[2] == "1"
    assert ana[header.index("Full name")] == "Ana Reyes"
    assert ben[header.index("Household member 3 › First name")] == "Tobi"


@pytest.mark.postgres
def test_every_export_is_audited_with_the_submissions_it_contained(app, auth, world, visits):
    auth.login(world.email("alpha", "admin"))
    auth.client.get(visits + "?since=2000-01-01")
    with unit_of_work(app, ALL_AGENCIES) as session:
        event = session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "FormDefinition", AuditEvent.action == "read")).one()
        assert event.user_id == world.users[("alpha", "admin")]
        assert event.detail == {"export": "csv", "submissions": 2, "since": "2000-01-01"}
        assert event.agency_id == world.agencies["alpha"]
        reads = session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "Submission", AuditEvent.action == "read")).all()
        from carebridge.forms.models import Submission

        assert sorted(e.object_id for e in reads) == sorted(session.scalars(
            select(Submission.id)))
        assert {(e.user_id, e.detail["export"]) for e in reads} == {
            (world.users[("alpha", "admin")], "csv")}


@pytest.mark.postgres
def test_a_date_range_limits_the_rows_and_a_bad_date_is_explained(auth, world, visits):
    auth.login(world.email("alpha", "admin"))
    assert len(read_csv(auth.client.get(visits + "?until=2000-12-31"))) == 1  # header only
    assert len(read_csv(auth.client.get(visits + "?since=2000-01-01&answers=codes"))) == 3
    bad = auth.client.get(visits + "?since=last+week")
    assert bad.status_code == 400
    assert "'last week' is not a date (YYYY-MM-DD)." in html.unescape(bad.get_data(as_text=True))
    backwards = auth.client.get(visits + "?since=2024-05-02&until=2024-05-01")
    assert "The range ends before it starts." in backwards.get_data(as_text=True)


def test_intake_workers_cannot_export_and_do_not_see_the_page(auth, world, visits):
    auth.login(world.email("alpha", "intake"))
    assert auth.client.get(visits).status_code == 403
    assert 'href="/exports/"' not in auth.client.get("/forms/").get_data(as_text=True)


def test_another_agency_cannot_export_this_agencys_form(auth, world, visits):
    auth.login(world.email("beta", "admin"))
    assert auth.client.get(visits).status_code == 404
    assert "Visit log" not in auth.client.get("/exports/").get_data(as_text=True)


def test_the_command_line_writes_the_same_table(tmp_path):
    runner = CliRunner()
    instance = tmp_path / "instance"

    def run(*args):
        return runner.invoke(main, ["--instance", str(instance), *args])

    assert run("init").exit_code == 0
    assert run("agency", "create", "north", "--name", "North Services").exit_code == 0
    app = create_app(instance_path=instance)
    with unit_of_work(app, ALL_AGENCIES) as session, app.app_context():
        from carebridge.agencies import agency_by_slug

        set_tenant(session, agency_by_slug(session, "north").id)
        _, version, _ = service.publish(session, FORM, user_id=None)
        service.submit(session, version, ANA, user_id=None)
    database(app).engine.dispose()
    out = tmp_path / "visits.csv"
    result = run("csv-export", "visit-log", "--agency", "north", "--codes", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "Wrote 1 submission to" in result.stderr
    header, ana = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert ana[header.index("Language")] == "es" and ana[3] == ""
    missing = run("csv-export", "nope", "--agency", "north")
    assert missing.exit_code == 1 and "Error:" in missing.stderr
    bad = run("csv-export", "visit-log", "--agency", "north", "--since", "tuesday")
    assert bad.exit_code == 1 and "'tuesday' is not a date" in bad.stderr
