"""Goal progress and need status over time on the client file: for each goal, a chart of its
statuses (proposed → active → achieved…) with its progress notes' days marked; for each need,
its statuses (identified → referred → met…); each an accessible SVG (title, description) with a
table beside it that holds the same history, drawn by the score charts' module."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from carebridge.auth.models import User
from carebridge.careplans.models import GoalNote, PlanVersion
from carebridge.clients import needs
from carebridge.clients.models import ClientNeed, NeedEvent
from carebridge.unit_of_work import unit_of_work
from tests.careplans.conftest import make_client

SVG = "{http://www.w3.org/2000/svg}"


def at(day: str) -> datetime:
    return datetime.fromisoformat(day).replace(hour=15, tzinfo=UTC)


@pytest.fixture
def history(app, client, shipped):
    """Ana's plan (v1 Mar 1): her first goal went active on Mar 5 with a note, achieved on
    Apr 2 with another; her food need was identified Mar 2, referred Mar 10, met Mar 20."""
    ana = make_client(app, shipped, given="Ana", needs=("food",))
    headers = shipped.headers("alpha", "care_manager")
    plan = client.post(f"/api/v1/clients/{ana}/care-plans", json={"template": "care-plan"},
                       headers=headers).json
    goal = plan["goals"][0]
    url = f"/api/v1/care-plans/{plan['id']}/goals/{goal['id']}"
    client.patch(url, json={"status": "active", "note": "Applied for CalFresh."},
                 headers=headers)
    client.patch(url, json={"status": "achieved", "note": "Benefits arrived."}, headers=headers)
    alpha = shipped.agencies["alpha"]
    with unit_of_work(app, alpha) as session:
        for version in session.scalars(select(PlanVersion).where(
                PlanVersion.plan_id == plan["id"])):
            version.at = at({1: "2026-03-01", 2: "2026-03-05", 3: "2026-04-02"}[version.number])
        for note, day in zip(session.scalars(select(GoalNote).order_by(GoalNote.id)),
                             ("2026-03-05", "2026-04-02"), strict=True):
            note.at = at(day)
        need = session.scalar(select(ClientNeed).where(ClientNeed.client_id == ana))
        need.identified_at = at("2026-03-02")
        manager = session.get(User, shipped.users[("alpha", "care_manager")])
        needs.set_status(session, need, "referred", user_id=manager.id)
        needs.set_status(session, need, "met", user_id=manager.id)
        for event, day in zip(session.scalars(select(NeedEvent).where(
                NeedEvent.need_id == need.id).order_by(NeedEvent.id)),
                ("2026-03-10", "2026-03-20"), strict=True):
            event.at = at(day)
    return {"client": ana, "goal": goal, "goals": plan["goals"]}


def charts_on_the_file(client, auth, world, client_id) -> tuple[str, dict]:
    auth.login(world.email("alpha", "care_manager"))
    page = client.get(f"/clients/{client_id}").get_data(as_text=True)
    section = page[page.index('id="section-progress"'):page.index('id="section-timeline"')]
    svgs = {}
    for svg_text in re.findall(r"<svg.*?</svg>", section, re.S):
        svg = ET.fromstring(svg_text)
        svgs[svg.find(f"{SVG}title").text] = svg
    return section, svgs


def table_rows(section: str, key: str) -> list[list[str]]:
    table = re.search(rf'<table class="history" data-history="{key}">(.*?)</table>', section,
                      re.S).group(1)
    body = table[table.index("<tbody>"):]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_each_goal_is_charted_with_its_statuses_and_notes(client, auth, shipped, history):
    section, svgs = charts_on_the_file(client, auth, shipped, history["client"])
    statement = history["goal"]["statement"]
    title = f"Goal: {statement}" if len(statement) <= 60 else f"Goal: {statement[:59]}…"
    svg = svgs[title]
    assert svg.get("role") == "img"
    title_el, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert [title_el.get("id"), desc.get("id")] == svg.get("aria-labelledby").split()
    assert desc.text == (f"{statement}: Proposed on Mar 1, 2026; Active on Mar 5, 2026; "
                         "Achieved on Apr 2, 2026. 2 progress notes (Mar 5, 2026, Apr 2, 2026). "
                         "Now: Achieved.")
    # One point per status, climbing: proposed below active below achieved.
    ys = [float(c.get("cy")) for c in svg.findall(f"{SVG}circle")]
    assert len(ys) == 3 and ys[0] > ys[1] > ys[2]
    # The lanes are labelled; the notes are marked on the time axis, each with its day.
    lanes = [t.text for t in svg.findall(f"{SVG}text")]
    assert {"Proposed", "Active", "Achieved", "Not achieved", "Cancelled"} <= set(lanes)
    marks = [p for p in svg.findall(f"{SVG}path") if p.get("class") == "mark"]
    assert [m.find(f"{SVG}title").text for m in marks] == ["Progress note, Mar 5",
                                                           "Progress note, Apr 2"]
    # The table beside it holds the same history, oldest first.
    assert table_rows(section, f"goal-{history['goal']['id']}") == [
        ["Mar 1, 2026", "Proposed", "—"],
        ["Mar 5, 2026", "Active", "—"],
        ["Mar 5, 2026", "—", "Applied for CalFresh."],
        ["Apr 2, 2026", "Achieved", "—"],
        ["Apr 2, 2026", "—", "Benefits arrived."],
    ]


def test_the_days_are_written_in_the_readers_language(client, auth, shipped, history):
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{history['client']}",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    section = page[page.index('id="section-progress"'):page.index('id="section-timeline"')]
    assert "1 mar 2026" in section and "5 mar" in section and "2 abr 2026" in section
    assert not re.search(r"\b(Mar|Apr) \d", section)


def test_a_goal_never_changed_is_proposed_since_the_plan(client, auth, shipped, history):
    section, _svgs = charts_on_the_file(client, auth, shipped, history["client"])
    other = history["goals"][1]
    assert table_rows(section, f"goal-{other['id']}") == [["Mar 1, 2026", "Proposed", "—"]]


def test_each_need_is_charted_with_its_statuses(client, auth, shipped, history):
    section, svgs = charts_on_the_file(client, auth, shipped, history["client"])
    svg = svgs["Need: food"]
    assert svg.find(f"{SVG}desc").text == ("food: Identified on Mar 2, 2026; Referred on "
                                           "Mar 10, 2026; Met on Mar 20, 2026. Now: Met.")
    ys = [float(c.get("cy")) for c in svg.findall(f"{SVG}circle")]
    assert len(ys) == 3 and ys[0] > ys[1] > ys[2]
    key = re.search(r'data-history="(need-\d+)"', section).group(1)
    assert table_rows(section, key) == [["Mar 2, 2026", "Identified", "—"],
                                        ["Mar 10, 2026", "Referred", "—"],
                                        ["Mar 20, 2026", "Met", "—"]]


def test_the_charts_are_drawn_by_the_score_charts_module(app, shipped, history):
    """One drawing module: a status chart is the same Chart a score series gets, its line
    stepping (a status holds until it changes) where a score's joins its points."""
    from carebridge.careplans import charts, monitoring, progress
    from carebridge.clients.models import Client

    with unit_of_work(app, shipped.agencies["alpha"]) as session, app.app_context():
        ana = session.get(Client, history["client"])
        [need] = progress.need_histories(session, ana)
        drawn = progress.chart(need, until=at("2026-03-30"))
    assert isinstance(drawn, charts.Chart) and monitoring.chart.__module__ == monitoring.__name__
    assert drawn.path.startswith("M") and " H" in drawn.path and " V" in drawn.path
    assert " L" not in drawn.path


def test_without_plans_or_needs_the_section_says_so(client, auth, app, shipped):
    nobody = make_client(app, shipped, given="Bo")
    section, svgs = charts_on_the_file(client, auth, shipped, nobody)
    assert svgs == {}
    assert "No goals yet" in section and "No needs recorded yet." in section
