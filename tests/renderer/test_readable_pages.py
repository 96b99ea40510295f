"""The submission page and the print view read as words in the agency's time zone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from carebridge.agencies import Agency, set_time_zone
from carebridge.forms.models import Submission
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.api.conftest import Api

FORM = {
    "id": "income-check", "title": "Income check", "kind": "intake",
    "schema": {"type": "object", "properties": {
        "source": {"title": "Where does your income come from?", "type": "string",
                   "oneOf": [{"const": "wages", "title": "Wages from a job"},
                             {"const": "ssi", "title": "SSI"}]},
        "people": {"title": "People in the home", "type": "integer",
                   "oneOf": [{"const": 1, "title": "Just me"}, {"const": 2, "title": "Two"}]},
        "visit": {"title": "Visit time", "type": "string", "format": "date-time"},
    }},
}


@pytest.fixture
def api(client, world):
    return Api(client, world)


@pytest.fixture
def submission(api, world, app):
    assert api.post("/api/v1/forms", FORM).status_code == 201
    response = api.post("/api/v1/forms/income-check/submissions", {"data": {
        "source": "wages", "people": 2, "visit": "2024-07-01T17:30:00Z"}})
    submission_id = response.json["id"]
    with unit_of_work(app, ALL_AGENCIES) as session:
        session.scalar(select(Submission).where(Submission.id == submission_id)).created_at = \
            datetime(2024, 1, 15, 20, 0, tzinfo=UTC)
    return submission_id


@pytest.mark.parametrize("page", ["/forms/submissions/{id}",
                                  "/forms/income-check/submissions/{id}/print"])
def test_submission_pages_show_titles_and_local_times(auth, world, app, submission, page):
    auth.login(world.email("alpha", "admin"))
    html = auth.client.get(page.format(id=submission)).get_data(as_text=True)
    assert "Wages from a job" in html and "Two" in html
    assert ">wages<" not in html and ">2<" not in html
    assert "2024-07-01 10:30 PDT" in html  # the answer
    assert "2024-01-15 12:00 PST" in html  # when it was submitted
    assert "UTC" not in html
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = session.scalar(select(Agency).where(Agency.slug == "alpha"))
        set_time_zone(session, agency, "America/New_York")
    html = auth.client.get(page.format(id=submission)).get_data(as_text=True)
    assert "2024-07-01 13:30 EDT" in html and "2024-01-15 15:00 EST" in html


def test_an_agency_time_zone_must_be_a_real_one(app):
    from carebridge.errors import InvalidInput

    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = Agency(slug="zoneless", name="Zoneless", settings={})
        session.add(agency)
        session.flush()
        with pytest.raises(InvalidInput):
            set_time_zone(session, agency, "Mars/Olympus")


def test_the_cli_sets_an_agencys_time_zone(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from carebridge.cli import main

    monkeypatch.delenv("CAREBRIDGE_DATABASE_URL", raising=False)
    runner = CliRunner()
    base = ["--instance", str(tmp_path / "instance")]
    assert runner.invoke(main, [*base, "init"]).exit_code == 0
    assert runner.invoke(main, [*base, "agency", "create", "east", "--name", "East"]).exit_code == 0
    done = runner.invoke(main, [*base, "agency", "set-time-zone", "east", "America/Chicago"])
    assert done.exit_code == 0 and "America/Chicago" in done.output
    refused = runner.invoke(main, [*base, "agency", "set-time-zone", "east", "Mars/Olympus"])
    assert refused.exit_code == 1 and "is not a time zone" in refused.stderr
