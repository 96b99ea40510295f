"""The migration gives clients named outside the Latin alphabet the name key search needs (it
was empty), and leaves every other key as it was."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from carebridge.agencies import create_agency
from carebridge.clients.models import Client
from carebridge.db import database
from carebridge.migrations import upgrade
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import test_app

pytestmark = pytest.mark.postgres

BEFORE = "0012_merge_programs_reminders"
clients = sa.table("clients", sa.column("id"), sa.column("name_key"))


def test_names_in_other_scripts_get_their_keys(empty_database_url, tmp_path):
    app = test_app(empty_database_url, tmp_path / "fresh")
    upgrade(app, BEFORE)
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, "alpha", "Alpha")
        for cid, given, family in (("c-ru", "Мария", "Иванова"), ("c-es", "José-Luis", "García")):
            session.add(Client(id=cid, given_name=given, family_name=family,
                               agency_id=agency.id))
    engine = database(app).engine
    with engine.begin() as db:  # the key the old function wrote for a Cyrillic name
        db.execute(clients.update().where(clients.c.id == "c-ru").values(name_key=""))
    upgrade(app)
    with engine.connect() as db:
        keys = dict(db.execute(sa.select(clients.c.id, clients.c.name_key)).all())
    assert keys == {"c-ru": "мария иванова", "c-es": "jose luis garcia"}
    engine.dispose()
