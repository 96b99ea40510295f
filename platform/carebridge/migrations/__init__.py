"""Alembic migrations of the core and directory tables; ``upgrade(app)`` is what ``init`` runs."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from flask import Flask

HERE = Path(__file__).parent


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(app: Flask, revision: str = "heads") -> None:
    from carebridge.db import database

    config = alembic_config(app.config["DATABASE_URL"])
    with database(app).engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)
