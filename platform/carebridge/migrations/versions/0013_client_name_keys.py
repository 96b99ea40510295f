"""Clients' name keys again, keeping letters of every script: the key kept only a–z and 0–9, so
a name written in Cyrillic, Chinese, Arabic… had an empty key that no search found

Revision ID: 0013_client_name_keys
Revises: 0012_merge_programs_reminders
Create Date: 2026-12-01 04:30:00
"""

import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0013_client_name_keys"
down_revision = "0012_merge_programs_reminders"
branch_labels = None
depends_on = None

clients = sa.table(
    "clients", sa.column("id", sa.String), sa.column("given_name", sa.String),
    sa.column("middle_name", sa.String), sa.column("preferred_name", sa.String),
    sa.column("family_name", sa.String), sa.column("name_key", sa.String))


def name_key(*parts: str | None) -> str:
    """``carebridge.clients.models.name_key`` as of this revision (a migration keeps its own)."""
    decomposed = unicodedata.normalize("NFKD", " ".join(p for p in parts if p))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    kept = "".join(ch if ch.isalnum() or unicodedata.category(ch)[0] == "M" else " "
                   for ch in plain)
    return " ".join(kept.split())[:900]


def upgrade() -> None:
    bind = op.get_bind()
    rows = bind.execute(sa.select(clients.c.id, clients.c.given_name, clients.c.middle_name,
                                  clients.c.preferred_name, clients.c.family_name,
                                  clients.c.name_key)).all()
    for row in rows:
        key = name_key(row.given_name, row.middle_name, row.preferred_name, row.family_name)
        if key != row.name_key:  # only names outside a–z change
            bind.execute(clients.update().where(clients.c.id == row.id).values(name_key=key))


def downgrade() -> None:
    pass  # the wider keys hold every key the narrower ones did
