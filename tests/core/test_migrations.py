"""Migrations and models agree: a migrated database is exactly what the models describe."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from carebridge.db import database
from carebridge.migrations import upgrade
from carebridge.models import target_metadata
from tests.conftest import test_app

pytestmark = pytest.mark.postgres


@pytest.fixture
def fresh_app(empty_database_url, tmp_path):
    """An app on an empty database, migrated here from nothing (not the suite's copy)."""
    app = test_app(empty_database_url, tmp_path / "fresh")
    upgrade(app)
    yield app
    database(app).engine.dispose()


def test_the_migrations_create_what_the_models_describe(fresh_app):
    with database(fresh_app).engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, target_metadata())
    assert differences == []


def schema_and_revision(app) -> tuple:
    """Every table's columns, indexes, keys and constraints, and the Alembic revision."""
    with database(app).engine.connect() as connection:
        inspector = sa.inspect(connection)
        tables = {}
        for table in sorted(inspector.get_table_names()):
            tables[table] = (
                [(c["name"], str(c["type"]), c["nullable"]) for c in inspector.get_columns(table)],
                sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                       for i in inspector.get_indexes(table)),
                sorted((f["name"] or "", tuple(f["constrained_columns"]), f["referred_table"])
                       for f in inspector.get_foreign_keys(table)),
                sorted((u["name"] or "", tuple(u["column_names"]))
                       for u in inspector.get_unique_constraints(table)),
            )
        revision = connection.execute(sa.text("SELECT version_num FROM alembic_version")).all()
    return tables, revision


def test_upgrading_twice_changes_nothing(fresh_app):
    once = schema_and_revision(fresh_app)
    assert "submissions" in once[0] and len(once[1]) == 1
    upgrade(fresh_app)
    assert schema_and_revision(fresh_app) == once


def test_the_history_has_one_head():
    from alembic.script import ScriptDirectory

    from carebridge.migrations import alembic_config

    assert len(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()) == 1
