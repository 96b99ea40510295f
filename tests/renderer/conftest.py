"""Renderer fixtures: an agency with the demanding test definitions published, and its users."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carebridge import create_app
from carebridge.db import database
from carebridge.forms import service
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work

SCHEMAS = Path(__file__).parent / "schemas"


def sample_definitions() -> list[dict]:
    return [json.loads(p.read_text()) for p in sorted(SCHEMAS.glob("*.json"))]


def definitions_dir(tmp_path: Path) -> str:
    """The shipped definitions folder, or (before it exists on this branch) a permissive one."""
    from carebridge.config import DEFAULTS

    shipped = Path(DEFAULTS["FORM_DEFINITIONS_DIR"])
    if (shipped / "definition.schema.json").is_file():
        return str(shipped)
    folder = tmp_path / "form_definitions"
    folder.mkdir(exist_ok=True)
    (folder / "definition.schema.json").write_text(json.dumps({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object", "required": ["id", "title", "kind", "schema"],
    }))
    return str(folder)


@pytest.fixture
def app(database_url, tmp_path):
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "test-secret", "DATABASE_URL": database_url,
         "FORM_DEFINITIONS_DIR": definitions_dir(tmp_path)},
        instance_path=tmp_path / "instance",
    )  # its database is migrated already (see tests/conftest.py)
    yield app
    database(app).engine.dispose()


@pytest.fixture
def published(app, world):
    """Agency "alpha" has every test definition published; returns their slugs."""
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with app.app_context():
            for document in sample_definitions():
                service.publish(session, document, user_id=world.users[("alpha", "admin")])
    return [d["id"] for d in sample_definitions()]


@pytest.fixture(scope="module")
def long_form():
    """bench/long_form.py: the generated MDS-sized assessments and their paths."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
    import long_form

    return long_form


@pytest.fixture(scope="module")
def root_fields(long_form):
    """The template macro that draws a form's fields, loaded as the bench loads it."""
    return long_form._environment().get_template("renderer/_field.html").module.root_fields
