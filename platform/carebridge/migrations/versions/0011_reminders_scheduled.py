"""Scheduled reminders: one row per appointment or referral follow-up and kind, claimed once
by the job that sends it; each message sent names the reminder it was sent for

Revision ID: 0011_reminders_scheduled
Revises: 0011_reminders_follow_up_tasks
Create Date: 2026-11-30 06:45:00
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = "0011_reminders_scheduled"
down_revision = "0011_reminders_follow_up_tasks"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheduled_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.String(length=32), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("due_at", carebridge.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("outcome", sa.String(length=300), nullable=False),
        sa.Column("claimed_at", carebridge.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("finished_at", carebridge.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", carebridge.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", carebridge.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("agency_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["agency_id"], ["agencies.id"],
                                name=op.f("fk_scheduled_reminders_agency_id_agencies"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["client_id"], ["clients.id"],
                                name=op.f("fk_scheduled_reminders_client_id_clients"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scheduled_reminders")),
        sa.UniqueConstraint("subject", "subject_id", "kind",
                            name=op.f("uq_scheduled_reminders_subject_subject_id_kind")),
    )
    with op.batch_alter_table("scheduled_reminders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_scheduled_reminders_agency_id"), ["agency_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_scheduled_reminders_client_id"), ["client_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_scheduled_reminders_due_at"), ["due_at"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_scheduled_reminders_status"), ["status"],
                              unique=False)
    with op.batch_alter_table("sent_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminder_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_sent_messages_reminder_id"), ["reminder_id"],
                              unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_sent_messages_reminder_id_scheduled_reminders"),
            "scheduled_reminders", ["reminder_id"], ["id"], ondelete="SET NULL")


def downgrade() -> None:
    with op.batch_alter_table("sent_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_sent_messages_reminder_id_scheduled_reminders"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_sent_messages_reminder_id"))
        batch_op.drop_column("reminder_id")
    with op.batch_alter_table("scheduled_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_scheduled_reminders_status"))
        batch_op.drop_index(batch_op.f("ix_scheduled_reminders_due_at"))
        batch_op.drop_index(batch_op.f("ix_scheduled_reminders_client_id"))
        batch_op.drop_index(batch_op.f("ix_scheduled_reminders_agency_id"))
    op.drop_table("scheduled_reminders")
