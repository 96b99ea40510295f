"""Suggested edits to directory entries

Revision ID: 0003_suggested_edits
Revises: 0002_directory
Create Date: 2026-11-23 09:43:20.436841
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0003_suggested_edits'
down_revision = '0002_directory'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('directory_suggested_edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('service_name', sa.String(length=500), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', carebridge.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_directory_suggested_edits_agency_id_agencies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_directory_suggested_edits_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_directory_suggested_edits_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_directory_suggested_edits'))
    )
    with op.batch_alter_table('directory_suggested_edits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_directory_suggested_edits_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_directory_suggested_edits_status'), ['status'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('directory_suggested_edits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_directory_suggested_edits_status'))
        batch_op.drop_index(batch_op.f('ix_directory_suggested_edits_service_id'))

    op.drop_table('directory_suggested_edits')
