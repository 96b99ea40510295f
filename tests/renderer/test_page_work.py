"""The work of a fill page, counted: the statements it sends to the database."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from carebridge.db import database
from carebridge.forms import service
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work


class Statements:
    def __init__(self, engine):
        self.engine, self.seen = engine, []

    def __enter__(self):
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc):
        sa.event.remove(self.engine, "before_cursor_execute", self._record)

    def _record(self, conn, cursor, statement, *args):
        self.seen.append(statement)

    def touching(self, table: str) -> list[str]:
        return [s for s in self.seen if f"FROM {table}" in s or f"JOIN {table}" in s]


@pytest.fixture
def worker(auth, world, published):
    auth.login(world.email("alpha", "intake"))
    return auth.client


def test_the_version_to_fill_is_found_in_one_statement(app, worker):
    worker.get("/forms/intake-everything/fill")  # the first page of a session does its own setup
    with Statements(database(app).engine) as statements:
        assert worker.get("/forms/intake-everything/fill").status_code == 200
    assert len(statements.touching("form_definitions")) == 1, statements.seen


def test_a_missing_form_or_version_is_still_named_in_the_404(app, world, published):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with pytest.raises(service.NotFound, match="No form 'nope'"):
            service.get_version(session, "nope")
        with pytest.raises(service.NotFound):  # another agency's form is no form here
            set_tenant(session, world.agencies["beta"])
            service.get_version(session, "intake-everything")
        set_tenant(session, world.agencies["alpha"])
        with pytest.raises(service.NotFound, match="has no version 99"):
            service.get_version(session, "intake-everything", 99)
        assert service.get_version(session, "intake-everything").number >= 1
        first = service.get_version(session, "intake-everything", 1)
        assert first.definition.slug == "intake-everything"
