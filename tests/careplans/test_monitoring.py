"""Monitoring: a client's score series oldest first, the change since the first and the last
assessment and whether it is reliable (PHQ-9: 5 points, from the definition), and the chart
drawn on the server as accessible SVG with its bands, title, description and data table."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from tests.careplans.conftest import add_scored, make_client

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def phq_history(app, shipped, maria):
    """Three PHQ-9s, entered out of order: 18 in March, 14 in April, 9 in June."""
    add_scored(app, shipped, maria, "phq-9", 9, datetime(2026, 6, 1, 17, tzinfo=UTC),
               band="Mild depression")
    add_scored(app, shipped, maria, "phq-9", 18, datetime(2026, 3, 2, 17, tzinfo=UTC),
               band="Moderately severe depression")
    add_scored(app, shipped, maria, "phq-9", 14, datetime(2026, 4, 1, 17, tzinfo=UTC),
               band="Moderate depression")
    add_scored(app, shipped, maria, "gad-7", 12, datetime(2026, 3, 2, 17, tzinfo=UTC))
    return maria


def test_the_score_series_is_oldest_first_with_changes_judged(client, shipped, phq_history):
    response = client.get(f"/api/v1/clients/{phq_history}/scores",
                          headers=shipped.headers("alpha", "care_manager"))
    assert response.status_code == 200
    series = {(s["form_id"], s["name"]): s for s in response.json["series"]}
    phq = series[("phq-9", "total")]
    assert [p["value"] for p in phq["points"]] == [18, 14, 9]
    assert [p["at"][:10] for p in phq["points"]] == ["2026-03-02", "2026-04-01", "2026-06-01"]
    assert phq["points"][0]["band"] == "Moderately severe depression"
    assert phq["change_since_first"] == -9 and phq["change_since_last"] == -5
    assert phq["reliable_change_threshold"] == 5
    assert phq["reliable_change_since_first"] == "improved"
    assert phq["reliable_change_since_last"] == "improved"  # exactly the threshold counts
    gad = series[("gad-7", "total")]
    assert len(gad["points"]) == 1 and gad["change_since_first"] is None
    assert gad["reliable_change_since_first"] is None


def test_a_small_change_is_not_reliable_and_a_rise_is_a_worsening(app, client, shipped):
    someone = make_client(app, shipped, given="Li")
    for value, month in ((8, 1), (12, 2), (16, 3)):
        add_scored(app, shipped, someone, "phq-9", value, datetime(2026, month, 5, tzinfo=UTC))
    [phq] = [s for s in client.get(f"/api/v1/clients/{someone}/scores",
                                   headers=shipped.headers("alpha", "admin")).json["series"]]
    assert phq["reliable_change_since_last"] == "no_reliable_change"
    assert phq["reliable_change_since_first"] == "worsened"


def test_the_chart_is_accessible_svg_with_bands_and_a_table(client, auth, shipped, phq_history):
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{phq_history}/monitoring").get_data(as_text=True)
    [svg_text] = re.findall(r"<svg.*?</svg>", page, re.S)
    svg = ET.fromstring(svg_text)
    assert svg.get("role") == "img"
    labelled = svg.get("aria-labelledby").split()
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert [title.get("id"), desc.get("id")] == labelled
    assert title.text == "Patient Health Questionnaire (PHQ-9): PHQ-9 total"
    assert desc.text == ("PHQ-9 total went from 18 on Mar 2, 2026 to 9 on Jun 1, 2026 over 3 "
                         "assessments. That is a reliable improvement.")
    band_labels = [t.text for t in svg.findall(f"{SVG}text")]
    assert "Moderately severe depression" in band_labels and "Minimal depression" in band_labels
    assert len(svg.findall(f"{SVG}rect")) == 5 and len(svg.findall(f"{SVG}circle")) == 3
    ys = [float(c.get("cy")) for c in svg.findall(f"{SVG}circle")]
    assert ys[0] < ys[1] < ys[2]  # 18 is drawn higher than 14, 14 than 9
    table = page[page.index('<table class="scores">'):]
    assert re.findall(r"<td>(\d+)</td>", table)[:3] == ["18", "14", "9"]
    assert "−9" in page or "-9" in page
    # The GAD-7, taken once, is listed but not charted.
    assert "Taken once" in page and page.count("<svg") == 1


def test_other_agencies_get_404_for_scores(client, auth, app, shipped, phq_history):
    beta = shipped.headers("beta", "care_manager")
    assert client.get(f"/api/v1/clients/{phq_history}/scores", headers=beta).status_code == 404
    auth.login(shipped.email("beta", "care_manager"))
    assert client.get(f"/clients/{phq_history}/monitoring").status_code == 404


def test_the_days_are_written_in_the_readers_language_and_the_agencys_time_zone(
        client, auth, app, shipped, phq_history):
    # 03:00 UTC on Jun 2 is still Jun 1 in the agency's time zone (America/Los_Angeles).
    add_scored(app, shipped, phq_history, "phq-9", 7, datetime(2026, 6, 2, 3, tzinfo=UTC))
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{phq_history}/monitoring",
                      headers={"Accept-Language": "es"}).get_data(as_text=True)
    desc = ET.fromstring(re.findall(r"<svg.*?</svg>", page, re.S)[0]).find(f"{SVG}desc")
    assert "el 2 mar 2026" in desc.text and "el 1 jun 2026" in desc.text
    table = page[page.index('<table class="scores">'):]
    assert "2 mar 2026" in table and "Mar 2" not in page and "Jun 2" not in page
    assert "2 jun" not in page
