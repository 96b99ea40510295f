"""Referral follow-ups as task rows: every open referral with a follow-up date gets its task
(owner: the worker who referred, else the client's care manager; due: the follow-up date),
as sending a referral now makes one

Revision ID: 0011_reminders_follow_up_tasks
Revises: 0010_i18n_merge
Create Date: 2026-11-30 06:30:00
"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0011_reminders_follow_up_tasks"
down_revision = "0010_i18n_merge"
branch_labels = None
depends_on = None

OPEN_STATUSES = ("sent", "accepted", "in_progress")

referrals = sa.table(
    "referrals", sa.column("id", sa.String), sa.column("client_id", sa.String),
    sa.column("agency_id", sa.Integer), sa.column("service_id", sa.String),
    sa.column("service", sa.JSON), sa.column("status", sa.String),
    sa.column("follow_up_on", sa.Date), sa.column("created_by_id", sa.Integer))
clients = sa.table("clients", sa.column("id", sa.String),
                   sa.column("care_manager_id", sa.Integer))
tasks = sa.table(
    "tasks", sa.column("client_id", sa.String), sa.column("title", sa.String),
    sa.column("responsible", sa.String), sa.column("owner_id", sa.Integer),
    sa.column("due", sa.Date), sa.column("status", sa.String), sa.column("source", sa.String),
    sa.column("source_ref", sa.String), sa.column("note", sa.Text),
    sa.column("created_at", sa.DateTime), sa.column("status_changed_at", sa.DateTime),
    sa.column("created_by_id", sa.Integer), sa.column("agency_id", sa.Integer))


def upgrade() -> None:
    bind = op.get_bind()
    has_task = sa.select(tasks.c.source_ref).where(tasks.c.source == "referral")
    rows = bind.execute(
        sa.select(referrals, clients.c.care_manager_id)
        .join(clients, clients.c.id == referrals.c.client_id)
        .where(referrals.c.status.in_(OPEN_STATUSES), referrals.c.follow_up_on.is_not(None),
               referrals.c.id.not_in(has_task))).mappings().all()
    now = datetime.now(UTC)
    made = [{
        "client_id": row["client_id"],
        # Written in the installation's source language: a migration has no user's locale.
        "title": f"Follow up: {(row['service'] or {}).get('name') or row['service_id']}"[:300],
        "responsible": "care_manager",
        "owner_id": row["created_by_id"] or row["care_manager_id"],
        "due": row["follow_up_on"], "status": "to_do", "source": "referral",
        "source_ref": row["id"], "note": "", "created_at": now, "status_changed_at": now,
        "created_by_id": row["created_by_id"], "agency_id": row["agency_id"],
    } for row in rows]
    if made:
        op.bulk_insert(tasks, made)


def downgrade() -> None:
    op.execute(tasks.delete().where(tasks.c.source == "referral"))
