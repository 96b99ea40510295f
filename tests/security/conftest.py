"""Security fixtures: a form in agency alpha, requests as any role, and the audit trail."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work

CONTACT = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "Contact details",
    "type": "object",
    "required": ["name"],
    "properties": {"name": {"type": "string", "title": "Name", "minLength": 1},
                   "phone": {"type": "string", "title": "Phone"}},
}


class As:
    """API calls as one agency's user of one role."""

    def __init__(self, client, world, agency: str, role: str):
        self.client, self.headers = client, world.headers(agency, role)

    def get(self, path, **kw):
        return self.client.get(path, headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def post(self, path, body=None, **kw):
        return self.client.post(path, json=body,
                                headers={**self.headers, **kw.pop("headers", {})}, **kw)

    def put(self, path, body=None, **kw):
        return self.client.put(path, json=body,
                               headers={**self.headers, **kw.pop("headers", {})}, **kw)


@pytest.fixture
def as_(client, world):
    return lambda agency, role: As(client, world, agency, role)


@pytest.fixture
def contact_form(as_):
    response = as_("alpha", "admin").post("/api/v1/forms", CONTACT)
    assert response.status_code == 201, response.json
    return response.json["id"]


@pytest.fixture
def audit_trail(app):
    """The audit events so far, oldest first, as (action, object_type, object_id, via, user)."""

    def read(**where):
        with unit_of_work(app, ALL_AGENCIES) as session:
            rows = session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
            found = [(e.action, e.object_type, e.object_id, e.via, e.user_id, e.detail)
                     for e in rows]
        return found

    return read


@pytest.fixture(scope="session")
def target(tmp_path_factory):
    """A database with agency ``demo`` holding one of everything (built once per run)."""
    from tests.security.agency_data import build_target

    return build_target(tmp_path_factory.mktemp("target"))


@pytest.fixture
def attacked(target, tmp_path):
    """(app, world, rows) on a fresh copy of the ``target`` database."""
    from carebridge.db import database

    app, world = target.app(tmp_path)
    yield app, world, target.rows
    database(app).engine.dispose()


@pytest.fixture
def cli(app):
    """``cli("user", "unlock", email)``: the operator CLI on this test's app and database."""
    from click.testing import CliRunner

    from carebridge.cli import Context, main

    context = Context(app.instance_path)
    context._app = app
    runner = CliRunner()

    def run(*args, input=None, ok=True):
        result = runner.invoke(main, list(args), obj=context, input=input)
        if ok:
            assert result.exit_code == 0, result.output
        return result

    return run
