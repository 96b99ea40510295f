"""Ids in request bodies ("assign the task to user Y", "this screening is of submission Z",
"merge client W into this one") are found in the caller's agency or not at all.

The demo agency's admin and care manager send every write route of ``app.url_map`` (pages,
htmx and API, each naming the demo agency's own objects in its path) a body that is valid as
far as it can be and names agency beta's user, client and submission in every id field the
product reads. Afterwards no row of the demo agency refers to a row of another agency, and no
answer showed beta's client or user.
"""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy import select

from carebridge.clients.models import Client
from carebridge.db import Base
from carebridge.tenancy import ALL_AGENCIES, TenantScoped
from carebridge.unit_of_work import unit_of_work
from tests.security.conftest import CONTACT
from tests.security.test_object_matrix import _values
from tests.security.test_route_matrix import Caller, _routes

#: References across agencies the product makes on purpose: a partner agency's worker acts on a
#: referral it received (the event is the sender's row, its author the receiver's user).
ACROSS_ON_PURPOSE = {("ReferralEvent", "user_id")}
MARKER = "Quillonia"


def _beta_objects(app, world, client) -> dict[str, str]:
    headers = world.headers("beta", "admin")
    assert client.post("/api/v1/forms", json=CONTACT, headers=headers).status_code == 201
    person = Client(given_name=MARKER, family_name=MARKER)
    with unit_of_work(app, world.agencies["beta"]) as session:
        session.add(person)
        session.flush()
        person_id = person.id
    submission = client.post(f"/api/v1/forms/{CONTACT['title'].lower().replace(' ', '-')}"
                             "/submissions", json={"data": {"name": MARKER},
                                                   "client_id": person_id},
                             headers=headers)
    return {"user": str(world.users[("beta", "care_manager")]), "client": person_id,
            "submission": submission.json.get("id", "") if submission.is_json else ""}


def _body(beta: dict[str, str]) -> dict:
    soon = (date.today() + timedelta(days=3)).isoformat()
    return {
        "owner_id": beta["user"], "worker_id": beta["user"], "user_id": beta["user"],
        "care_manager_id": beta["user"], "client_id": beta["client"], "other": beta["client"],
        "submission_id": beta["submission"], "goal_id": "1", "kind": "worker",
        "title": "Call the landlord", "due": soon, "statement": "Stable housing",
        "starts_at": f"{soon}T10:00", "duration_minutes": "30", "mode": "in_person",
        "note": "body ids", "with_whom": "Ana", "role": "Nurse", "service_id": "pantry",
        "given_name": "Ana", "family_name": "Reyes", "template": "care-plan",
        "confirm": "1", "data": {"name": "Ana"},
    }


def _references_across(app, agency_id: int) -> list[str]:
    found = []
    with unit_of_work(app, ALL_AGENCIES) as session:
        for mapper in Base.registry.mappers:
            model = mapper.class_
            if not issubclass(model, TenantScoped):
                continue
            for column in mapper.columns:
                for key in column.foreign_keys:
                    other = next((m.class_ for m in Base.registry.mappers
                                  if m.local_table is key.column.table), None)
                    if other is None or not issubclass(other, TenantScoped) or (
                            model.__name__, column.key) in ACROSS_ON_PURPOSE:
                        continue
                    target = sa.orm.aliased(other)
                    rows = session.execute(
                        select(sa.func.count()).select_from(model)
                        .join(target, getattr(target, key.column.key) == column)
                        .where(model.agency_id == agency_id, target.agency_id != agency_id)
                    ).scalar()
                    if rows:
                        found.append(f"{model.__name__}.{column.key} → {other.__name__} "
                                     f"of another agency ({rows})")
    return found


def test_ids_of_another_agency_in_any_body_are_never_followed(attacked):
    app, world, rows = attacked
    beta = _beta_objects(app, world, app.test_client())
    assert beta["submission"]
    body = _body(beta)
    shown = []
    for role in ("admin", "care_manager"):
        caller = Caller(app, world, "demo", role)
        for rule, method in _routes(app):
            if method == "GET" or rule.endpoint in ("auth.logout", "auth.login"):
                continue
            url = rule.build(_values(app, rule, rows), append_unknown=False)[1]
            if url.startswith("/api/"):
                answer = caller.client.open(url, method=method, json=body,
                                            headers=caller.bearer)
            else:
                answer = caller.client.open(url, method=method, data={
                    k: v for k, v in body.items() if isinstance(v, str)},
                    headers={"X-CSRFToken": caller.csrf})
            text = answer.get_data(as_text=True)
            answer.close()
            if MARKER in text or world.email("beta", "care_manager") in text:
                shown.append(f"{method} {rule.rule} as {role}: showed beta's data")
            assert answer.status_code < 500, f"{method} {url}: {answer.status_code}"
    assert shown == []
    assert _references_across(app, world.agencies["demo"]) == []
