"""Alembic environment: runs on the app's connection when given one, else on the configured URL."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from carebridge.models import target_metadata

config = context.config


def run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata(),
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        run(conn)
