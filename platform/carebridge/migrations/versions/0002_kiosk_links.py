"""Kiosk links for intake forms (the renderer)

Revision ID: 0002_kiosk_links
Revises: 0001_core
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = "0002_kiosk_links"
down_revision = "0001_core"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kiosk_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("definition_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("idle_seconds", sa.Integer(), nullable=False),
        sa.Column("created_at", carebridge.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("revoked_at", carebridge.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_kiosk_links_agency_id_agencies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"],
                                name=op.f("fk_kiosk_links_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["definition_id"], ["form_definitions.id"],
                                name=op.f("fk_kiosk_links_definition_id_form_definitions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kiosk_links")),
        sa.UniqueConstraint("token", name=op.f("uq_kiosk_links_token")),
    )
    with op.batch_alter_table("kiosk_links") as batch:
        batch.create_index(batch.f("ix_kiosk_links_agency_id"), ["agency_id"])
        batch.create_index(batch.f("ix_kiosk_links_definition_id"), ["definition_id"])


def downgrade() -> None:
    op.drop_table("kiosk_links")
