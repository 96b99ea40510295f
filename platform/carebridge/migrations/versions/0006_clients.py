"""Acknowledged flags (the attention list) and an agency's own needs

Revision ID: 0006_clients
Revises: 0005_clients
Create Date: 2026-11-30 03:20:00
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0006_clients'
down_revision = '0005_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name_key', sa.String(length=900), nullable=False,
                                      server_default=''))
        batch_op.create_index(batch_op.f('ix_clients_name_key'), ['name_key'], unique=False)

    op.create_table('client_flag_reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=False),
    sa.Column('flag', sa.String(length=100), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', carebridge.db.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_client_flag_reviews_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_client_flag_reviews_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_client_flag_reviews_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_flag_reviews')),
    sa.UniqueConstraint('submission_id', 'flag', name='uq_flag_review_once')
    )
    with op.batch_alter_table('client_flag_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_flag_reviews_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_flag_reviews_submission_id'), ['submission_id'], unique=False)

    op.create_table('agency_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('search_words', sa.JSON(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_agency_needs_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agency_needs')),
    sa.UniqueConstraint('agency_id', 'code', name='uq_agency_need_code')
    )
    with op.batch_alter_table('agency_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agency_needs_agency_id'), ['agency_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('agency_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agency_needs_agency_id'))
    op.drop_table('agency_needs')
    with op.batch_alter_table('client_flag_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_flag_reviews_submission_id'))
        batch_op.drop_index(batch_op.f('ix_client_flag_reviews_agency_id'))
    op.drop_table('client_flag_reviews')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_name_key'))
        batch_op.drop_column('name_key')
