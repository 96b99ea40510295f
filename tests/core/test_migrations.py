"""Migrations and models agree: a migrated database is exactly what the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from carebridge.db import database
from carebridge.migrations import upgrade
from carebridge.models import target_metadata

pytestmark = pytest.mark.postgres


def test_the_migrations_create_what_the_models_describe(app):
    with database(app).engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, target_metadata())
    assert differences == []


def test_upgrading_twice_changes_nothing(app):
    upgrade(app)
    upgrade(app)


def test_the_history_has_one_head():
    from alembic.script import ScriptDirectory

    from carebridge.migrations import alembic_config

    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1
