"""The dashboard's figures against a caseload built by hand: every figure, with and without the
period, the worker and the program filters, in the API, the page (charts with numbers) and the
CSVs."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta

import pytest

from carebridge.careplans.tasks import add_task
from carebridge.clients.models import Client, ClientNeed, NeedEvent
from carebridge.programs.models import Enrolment, Program
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import add_scored, agency_today, make_client

pytestmark = pytest.mark.postgres  # the figures and rows on both databases

MARCH = "from=2026-03-01&to=2026-03-31"


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=12, tzinfo=UTC)


@pytest.fixture
def caseload(app, shipped):
    """Five clients: two of the care manager's, one of the admin's, one closed, one unassigned;
    needs, tasks and PHQ-9s with known dates; enrolments in two programs.

    In March, housing had Ana (from February, still in) and Dee (March 10–25), not Cruz (left
    February 20); behavioral health had Ben (from March 1) and Cruz (from March 31), not Eli
    (from April 10)."""
    w = shipped
    cm, admin = w.users[("alpha", "care_manager")], w.users[("alpha", "admin")]
    c1 = make_client(app, w, given="Ana")
    c2 = make_client(app, w, given="Ben")
    c3 = make_client(app, w, given="Cruz")
    c4 = make_client(app, w, given="Dee")
    c5 = make_client(app, w, given="Eli", care_manager=False)  # nobody's
    make_client(app, w, "beta", given="Other agency")  # never counted in alpha
    with unit_of_work(app, w.agencies["alpha"]) as session:
        session.get(Client, c3).care_manager_id = admin
        session.get(Client, c4).status = "closed"

        def need(client, code, identified, status="identified", changed=None, event=None):
            row = ClientNeed(client_id=client, code=code, label=code.title(), status=status,
                             identified_at=at(identified),
                             status_changed_at=at(changed or identified))
            row.agency_id = w.agencies["alpha"]
            session.add(row)
            session.flush()
            if event:
                history = NeedEvent(need_id=row.id, status="met", at=at(event))
                history.agency_id = w.agencies["alpha"]
                session.add(history)

        programs = {}
        for code, name in (("housing", "Housing stability"),
                           ("behavioral_health", "Behavioral health")):
            program = Program(code=code, name=name, agency_id=w.agencies["alpha"])
            session.add(program)
            session.flush()
            programs[code] = program.id
        for client, code, start, end in (
                (c1, "housing", "2026-02-15", None), (c3, "housing", "2026-01-01", "2026-02-20"),
                (c4, "housing", "2026-03-10", "2026-03-25"),
                (c2, "behavioral_health", "2026-03-01", None),
                (c3, "behavioral_health", "2026-03-31", None),
                (c5, "behavioral_health", "2026-04-10", None)):
            session.add(Enrolment(client_id=client, program_id=programs[code],
                                  start_date=date.fromisoformat(start),
                                  end_date=date.fromisoformat(end) if end else None,
                                  agency_id=w.agencies["alpha"]))

        need(c1, "food", "2026-03-05", "met", "2026-03-20", event="2026-03-20")
        need(c1, "housing", "2026-03-10")
        need(c2, "food", "2026-02-01")
        need(c3, "legal", "2026-03-15", "met", "2026-03-25")
        today = agency_today()
        for title, due, owner, source, status in (
                ("Overdue", today - timedelta(days=1), cm, "manual", "to_do"),
                ("Today", today, cm, "manual", "to_do"),
                ("Done late", today - timedelta(days=5), cm, "manual", "done"),
                ("Re-assess soon", today + timedelta(days=3), admin, "reassessment", "to_do"),
                ("Re-assess later", today + timedelta(days=20), cm, "reassessment", "to_do")):
            task = add_task(session, client_id=c1, title=title, due=due, owner_id=owner,
                            source=source, agency_id=w.agencies["alpha"])
            task.status = status
    for client, first, last in ((c1, 18, 9), (c2, 12, 10), (c3, 9, 16)):
        add_scored(app, w, client, "phq-9", first, at("2026-03-01"))
        add_scored(app, w, client, "phq-9", last, at("2026-03-29"))
    return {"cm": cm, "admin": admin, **programs}


def figures(client, world, query=""):
    response = client.get(f"/api/v1/reports/summary?{query}",
                          headers=world.headers("alpha", "admin"))
    assert response.status_code == 200
    return response.json


def test_every_figure_for_march(client, shipped, caseload):
    got = figures(client, shipped, MARCH)
    assert got["clients_active"] == 4
    assert got["clients_by_status"] == {"active": 4, "closed": 1}
    assert {r["worker"]: r["clients"] for r in got["caseload_per_worker"]} == {
        "care_manager@alpha.example.org": 2, "admin@alpha.example.org": 1, "Unassigned": 1}
    assert got["needs_identified"] == 3 and got["needs_met"] == 2
    assert {r["code"]: (r["identified"], r["met"]) for r in got["needs_by_code"]} == {
        "food": (1, 1), "housing": (1, 0), "legal": (1, 1)}
    assert got["tasks_overdue"] == 1
    assert got["assessments_due"] == 1
    assert got["score_changes"] == {"clients_measured": 3, "clients_reliably_improved": 1,
                                    "share_reliably_improved": 0.3333}
    for key in ("referrals_by_status", "closed_loop_rate"):
        assert key in got


def test_the_worker_filter(client, shipped, caseload):
    got = figures(client, shipped, f"{MARCH}&worker={caseload['cm']}")
    assert got["clients_active"] == 2
    assert got["clients_by_status"] == {"active": 2, "closed": 1}
    assert got["needs_identified"] == 2 and got["needs_met"] == 1
    assert got["tasks_overdue"] == 1 and got["assessments_due"] == 0
    assert got["score_changes"]["clients_measured"] == 2
    assert got["score_changes"]["share_reliably_improved"] == 0.5


def test_every_figure_for_a_program_in_march(client, shipped, caseload):
    """Housing in March is Ana (active, the care manager's) and Dee (closed)."""
    got = figures(client, shipped, f"{MARCH}&program={caseload['housing']}")
    assert got["period"]["program_id"] == caseload["housing"]
    assert got["clients_active"] == 1
    assert got["clients_by_status"] == {"active": 1, "closed": 1}
    assert {r["worker"]: r["clients"] for r in got["caseload_per_worker"]} == {
        "care_manager@alpha.example.org": 1}
    assert got["needs_identified"] == 2 and got["needs_met"] == 1
    assert {r["code"]: (r["identified"], r["met"]) for r in got["needs_by_code"]} == {
        "food": (1, 1), "housing": (1, 0)}
    assert got["tasks_overdue"] == 1  # Ana's tasks only
    assert got["assessments_due"] == 1
    assert got["score_changes"] == {"clients_measured": 1, "clients_reliably_improved": 1,
                                    "share_reliably_improved": 1.0}
    assert got["referrals_by_status"] == {}
    assert got["closed_loop_rate"] is None
    # The program named by its code is the same filter.
    assert figures(client, shipped, f"{MARCH}&program=housing") == got


def test_every_figure_for_another_program_in_march(client, shipped, caseload):
    """Behavioral health in March is Ben (the care manager's) and Cruz (the admin's, enrolled
    on the period's last day); Eli came in April."""
    got = figures(client, shipped, f"{MARCH}&program=behavioral_health")
    assert got["clients_active"] == 2
    assert got["clients_by_status"] == {"active": 2}
    assert {r["worker"]: r["clients"] for r in got["caseload_per_worker"]} == {
        "care_manager@alpha.example.org": 1, "admin@alpha.example.org": 1}
    assert got["needs_identified"] == 1 and got["needs_met"] == 1  # Cruz's legal need
    assert {r["code"]: (r["identified"], r["met"]) for r in got["needs_by_code"]} == {
        "legal": (1, 1)}
    assert got["tasks_overdue"] == 0 and got["assessments_due"] == 0
    assert got["score_changes"] == {"clients_measured": 2, "clients_reliably_improved": 0,
                                    "share_reliably_improved": 0.0}
    with_worker = figures(client, shipped,
                          f"{MARCH}&program=behavioral_health&worker={caseload['cm']}")
    assert with_worker["clients_active"] == 1  # Ben
    assert with_worker["needs_identified"] == 0
    assert with_worker["score_changes"]["clients_measured"] == 1
    april = figures(client, shipped, "from=2026-04-01&to=2026-04-30&program=behavioral_health")
    assert april["clients_active"] == 3  # Ben, Cruz and Eli
    assert april["needs_identified"] == 0


def test_a_program_without_a_period_counts_everyone_ever_enrolled(client, shipped, caseload):
    got = figures(client, shipped, "program=housing")  # Ana, Cruz and Dee
    assert got["clients_active"] == 2
    assert got["clients_by_status"] == {"active": 2, "closed": 1}
    assert got["needs_identified"] == 3 and got["needs_met"] == 2
    assert got["score_changes"]["clients_measured"] == 2


def test_a_program_of_nobody_or_of_another_agency_is_422(client, shipped, caseload):
    headers = shipped.headers("alpha", "admin")
    assert client.get("/api/v1/reports/summary?program=nothing",
                      headers=headers).status_code == 422
    beta = client.post("/api/v1/programs", json={"code": "beta_only", "name": "Beta's"},
                       headers=shipped.headers("beta", "admin")).json["id"]
    assert client.get(f"/api/v1/reports/summary?program={beta}",
                      headers=headers).status_code == 422


def test_without_a_period_everything_counts(client, shipped, caseload):
    got = figures(client, shipped)
    assert got["needs_identified"] == 4 and got["needs_met"] == 2
    february = figures(client, shipped, "from=2026-02-01&to=2026-02-28")
    assert february["needs_identified"] == 1 and february["needs_met"] == 0
    assert february["score_changes"]["clients_measured"] == 0
    assert february["score_changes"]["share_reliably_improved"] is None


def test_bad_filters_are_422(client, shipped):
    headers = shipped.headers("alpha", "admin")
    assert client.get("/api/v1/reports/summary?from=march",
                      headers=headers).status_code == 422
    assert client.get("/api/v1/reports/summary?from=2026-03-10&to=2026-03-01",
                      headers=headers).status_code == 422


@pytest.mark.postgres
@pytest.mark.parametrize("query", [
    "worker=99999999999999999999999", "worker=%C2%B2", "program=99999999999999999999999",
    "program=%C2%B2",
])
def test_a_worker_or_program_that_is_no_id_is_422(client, shipped, query, db_backend):
    answered = client.get(f"/api/v1/reports/summary?{query}",
                          headers=shipped.headers("alpha", "admin"))
    assert answered.status_code == 422


def test_a_period_may_end_on_the_last_day_there_is(client, shipped, caseload):
    everything = figures(client, shipped)
    until_the_end = figures(client, shipped, "from=0001-01-01&to=9999-12-31")
    assert {k: v for k, v in until_the_end.items() if k != "period"} == {
        k: v for k, v in everything.items() if k != "period"}


def test_only_those_who_may_read_reports_see_them(client, auth, shipped):
    assert client.get("/api/v1/reports/summary",
                      headers=shipped.headers("alpha", "care_manager")).status_code == 403
    auth.login(shipped.email("alpha", "care_manager"))
    assert client.get("/reports").status_code == 403


def test_the_dashboard_page_charts_and_csvs(client, auth, shipped, caseload):
    auth.login(shipped.email("alpha", "admin"))
    page = client.get(f"/reports?{MARCH}").get_data(as_text=True)
    assert 'data-figure="clients_active">4<' in page
    assert 'data-figure="needs_met">2<' in page
    assert 'data-figure="share_reliably_improved">33% (1 / 3)' in page
    assert page.count('role="img"') >= 3
    assert "care_manager@alpha.example.org: 2" in page  # the chart's description in words
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/needs.csv?{MARCH}")
                                       .get_data(as_text=True))))
    assert rows == [["need", "identified", "met"], ["Food", "1", "1"], ["Housing", "1", "0"],
                    ["Legal", "1", "1"]]
    caseload_csv = client.get(f"/reports/caseload.csv?{MARCH}&worker={caseload['admin']}")
    assert caseload_csv.get_data(as_text=True).splitlines() == [
        "worker,active_clients", "admin@alpha.example.org,1"]
    assert client.get("/reports/secrets.csv").status_code == 404
    for name in ("clients_by_status", "referrals", "tasks", "score_changes"):
        assert client.get(f"/reports/{name}.csv").status_code == 200


def csv_rows(client, name, query):
    answer = client.get(f"/reports/{name}.csv?{query}")
    assert answer.status_code == 200
    return list(csv.reader(io.StringIO(answer.get_data(as_text=True))))


def test_the_program_filter_on_the_page_and_in_every_csv(client, auth, shipped, caseload):
    auth.login(shipped.email("alpha", "admin"))
    query = f"{MARCH}&program={caseload['housing']}"
    page = client.get(f"/reports?{query}").get_data(as_text=True)
    assert f'<option value="{caseload["housing"]}" selected>Housing stability' in page
    assert 'data-figure="clients_active">1<' in page
    assert 'data-figure="share_reliably_improved">100% (1 / 1)' in page
    assert f"program={caseload['housing']}" in page  # the CSV links keep the filter
    assert csv_rows(client, "caseload", query) == [
        ["worker", "active_clients"], ["care_manager@alpha.example.org", "1"]]
    assert csv_rows(client, "clients_by_status", query) == [
        ["status", "clients"], ["active", "1"], ["closed", "1"]]
    assert csv_rows(client, "needs", query) == [
        ["need", "identified", "met"], ["Food", "1", "1"], ["Housing", "1", "0"]]
    assert csv_rows(client, "referrals", query) == [
        ["figure", "value"], ["closed_loop_rate", ""], ["got_help_rate", ""],
        ["median_days_to_outcome", ""]]
    assert csv_rows(client, "tasks", query) == [
        ["figure", "value"], ["tasks_overdue", "1"], ["assessments_due", "1"]]
    assert csv_rows(client, "score_changes", query) == [
        ["figure", "value"], ["clients_measured", "1"], ["clients_reliably_improved", "1"],
        ["share_reliably_improved", "1.0"]]
    assert client.get(f"/reports/needs.csv?{MARCH}&program=nothing").status_code == 422


def test_another_agency_sees_none_of_it(client, shipped, caseload):
    got = client.get("/api/v1/reports/summary",
                     headers=shipped.headers("beta", "admin")).json
    assert got["clients_active"] == 1 and got["needs_identified"] == 0
    assert got["tasks_overdue"] == 0


def test_referral_figures(client, app, shipped, caseload):
    models = pytest.importorskip("carebridge.referrals.models")
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        clients = session.query(Client).filter(Client.given_name == "Ana").all()
        made = []
        for status, outcome, sent, done in (
                ("completed", "got_help", "2026-03-02", "2026-03-06"),
                ("completed", "did_not_get_help", "2026-03-03", "2026-03-13"),
                ("sent", None, "2026-03-04", None),
                ("draft", None, None, None)):
            referral = models.Referral(client_id=clients[0].id, service_id="s1", status=status,
                                       outcome=outcome, created_at=at("2026-03-01"),
                                       sent_at=at(sent) if sent else None)
            referral.agency_id = shipped.agencies["alpha"]
            session.add(referral)
            session.flush()
            if done:
                event = models.ReferralEvent(referral_id=referral.id, status="completed",
                                             outcome=outcome, at=at(done))
                event.agency_id = shipped.agencies["alpha"]
                session.add(event)
            made.append(referral)
    got = figures(client, shipped, MARCH)
    assert got["referrals_by_status"] == {"completed": 2, "sent": 1, "draft": 1}
    assert got["closed_loop_rate"] == 0.6667  # 2 of the 3 sent have an outcome
    assert got["got_help_rate"] == 0.3333
    assert got["median_days_to_outcome"] == 7.0  # 4 and 10 days
    # Ana is in housing: her referrals count there, and in no other program.
    housing = figures(client, shipped, f"{MARCH}&program=housing")
    assert housing["referrals_by_status"] == got["referrals_by_status"]
    assert housing["closed_loop_rate"] == 0.6667
    assert housing["median_days_to_outcome"] == 7.0
    other = figures(client, shipped, f"{MARCH}&program=behavioral_health")
    assert other["referrals_by_status"] == {} and other["closed_loop_rate"] is None
