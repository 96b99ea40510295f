"""Fixtures for the client features: clients made directly in an agency of the ``world``."""

from __future__ import annotations

from datetime import date

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
