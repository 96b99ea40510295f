"""Any household, through the screening page and back: the answers a worker sees on the
household form are the answers screened again, "don't know" included.

A screening kept with any household the API accepts (``test_any_household``'s households)
is opened as the start of a new one (``/benefits/new?from=…``); the page is sent back exactly
as a browser without JavaScript sends it, in English or Spanish. The same household must come
out — same people, ages, flags, statuses, each income source and each unknown — so the kept
screening is the one found again, not a new one for a household nobody entered.
"""

from __future__ import annotations

import json
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from werkzeug.datastructures import MultiDict

from carebridge.benefits import records
from carebridge.benefits.models import BenefitScreening
from carebridge.unit_of_work import unit_of_work
from tests.benefits.conftest import make_client
from tests.benefits.test_any_household import as_api, households
from tests.renderer.plain_browser import submitted

EXAMPLES = int(os.environ.get("CAREBRIDGE_ANY_HOUSEHOLD_EXAMPLES", "25"))


def keep_screening(world, client_id: str, data: dict) -> tuple[str, dict]:
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        row = records.run(session, as_api(data), agency_id=world.agencies["alpha"],
                          user_id=None, client_id=client_id, app=world.app)
        return row.id, row.household


def screenings(world) -> int:
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        return session.scalar(select(func.count()).select_from(BenefitScreening))


@settings(max_examples=EXAMPLES, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=households(), language=st.sampled_from(["en", "es-US"]))
def test_a_kept_household_reads_back_from_its_form_unchanged(client, auth, world, data,
                                                             language):
    auth.login(world.email("alpha", "care_manager"))
    client_id = make_client(world.app, world.agencies["alpha"])
    screening_id, household = keep_screening(world, client_id, data)
    before = screenings(world)

    headers = {"Accept-Language": language}
    page = client.get(f"/clients/{client_id}/benefits/new?from={screening_id}", headers=headers)
    assert page.status_code == 200
    sent = MultiDict([(k, v) for k, v in submitted(page.get_data(as_text=True), "household-form")
                      if k != "action"] + [("action", "run")])
    answer = client.post(f"/clients/{client_id}/benefits/new", data=sent, headers=headers)

    assert answer.status_code == 303, answer.get_data(as_text=True)[-3000:]
    assert in_any_order(screened(world, answer.headers["Location"])) == in_any_order(household)
    assert answer.headers["Location"].endswith(f"/benefits/{screening_id}")
    assert screenings(world) == before


def in_any_order(household: dict) -> dict:
    """The household with its people in one order (the form lists the client first)."""
    return {**household, "members": sorted(household["members"], key=json.dumps)}


def screened(world, location: str) -> dict:
    """The household of the screening a page's address names."""
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        return session.get(BenefitScreening, location.rsplit("/", 1)[1]).household
