"""Builder drafts: forms being built, kept on the server between edits

Revision ID: 0006_builder_drafts
Revises: 0005_clients
Create Date: 2026-11-30 03:15:00.000000
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0006_builder_drafts'
down_revision = '0005_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('builder_drafts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('history', sa.JSON(), nullable=False),
    sa.Column('base_version', sa.Integer(), nullable=True),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_builder_drafts_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_builder_drafts_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_builder_drafts'))
    )
    with op.batch_alter_table('builder_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_builder_drafts_agency_id'), ['agency_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('builder_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_builder_drafts_agency_id'))

    op.drop_table('builder_drafts')
