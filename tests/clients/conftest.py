"""Fixtures for the client features: clients made directly in an agency of the ``world``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from carebridge.clients.models import Client
from carebridge.unit_of_work import unit_of_work


@pytest.fixture
def make_client(world):
    """``make_client("alpha", given_name="Ana", …)`` → the new client's id."""

    def make(agency: str = "alpha", **fields) -> str:
        values = {"given_name": "María", "family_name": "López",
                  "birth_date": date(1980, 5, 17), **fields}
        with unit_of_work(world.app, world.agencies[agency]) as session:
            client = Client(**values)
            session.add(client)
            session.flush()
            return client.id

    return make


INSTRUMENTS = Path(__file__).parents[2] / "form_definitions" / "instruments"


def shipped(slug: str) -> dict:
    return json.loads((INSTRUMENTS / f"{slug}.json").read_text(encoding="utf-8"))


@pytest.fixture
def publish(client, world):
    """``publish("phq-9", agency="alpha")``: a shipped definition published in an agency."""

    def publish_(slug: str, agency: str = "alpha") -> None:
        response = client.post("/api/v1/forms", json=shipped(slug),
                               headers=world.headers(agency, "admin"))
        assert response.status_code in (201, 409), response.json

    return publish_


@pytest.fixture
def submit(client, world):
    """``submit("phq-9", answers, client_id=…)`` through the API → the JSON answer."""

    def submit_(slug: str, data: dict, *, client_id: str | None = None, agency: str = "alpha",
                role: str = "care_manager", status: int = 201) -> dict:
        body = {"data": data, **({"client_id": client_id} if client_id else {})}
        response = client.post(f"/api/v1/forms/{slug}/submissions", json=body,
                               headers=world.headers(agency, role))
        assert response.status_code == status, response.json
        return response.json

    return submit_
