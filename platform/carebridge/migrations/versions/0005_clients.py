"""Clients, their needs and need history; submissions and drafts for a client, with scores

Revision ID: 0005_clients
Revises: 0004_merge
Create Date: 2026-11-30 01:59:07.746385
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0005_clients'
down_revision = '0004_merge'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('clients',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('given_name', sa.String(length=200), nullable=False),
    sa.Column('family_name', sa.String(length=200), nullable=False),
    sa.Column('middle_name', sa.String(length=200), nullable=False),
    sa.Column('preferred_name', sa.String(length=200), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('preferred_language', sa.String(length=35), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address_line1', sa.String(length=300), nullable=False),
    sa.Column('address_line2', sa.String(length=300), nullable=False),
    sa.Column('city', sa.String(length=120), nullable=False),
    sa.Column('state', sa.String(length=2), nullable=False),
    sa.Column('postal_code', sa.String(length=10), nullable=False),
    sa.Column('external_ids', sa.JSON(), nullable=False),
    sa.Column('care_manager_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('closed_reason', sa.String(length=500), nullable=False),
    sa.Column('closed_at', carebridge.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('merged_into_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_clients_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['care_manager_id'], ['users.id'], name=op.f('fk_clients_care_manager_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_clients_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['merged_into_id'], ['clients.id'], name=op.f('fk_clients_merged_into_id_clients'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_clients'))
    )
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.create_index('ix_clients_agency_family_given', ['agency_id', 'family_name', 'given_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_clients_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clients_birth_date'), ['birth_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_clients_care_manager_id'), ['care_manager_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clients_phone'), ['phone'], unique=False)
        batch_op.create_index(batch_op.f('ix_clients_status'), ['status'], unique=False)

    op.create_table('client_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('client_id', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=True),
    sa.Column('identified_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status_changed_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_client_needs_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_client_needs_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_client_needs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_client_needs_submission_id_submissions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_needs'))
    )
    with op.batch_alter_table('client_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_needs_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_needs_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_needs_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_needs_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_needs_submission_id'), ['submission_id'], unique=False)

    op.create_table('client_need_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('need_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_client_need_events_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['need_id'], ['client_needs.id'], name=op.f('fk_client_need_events_need_id_client_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_client_need_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_client_need_events'))
    )
    with op.batch_alter_table('client_need_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_client_need_events_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_client_need_events_need_id'), ['need_id'], unique=False)

    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_drafts_client_id'), ['client_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_drafts_client_id_clients'), 'clients', ['client_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=32), nullable=True))
        # Submissions made before scoring was stored have none (an empty list, never NULL).
        batch_op.add_column(sa.Column('scores', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('flags', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.create_index(batch_op.f('ix_submissions_client_id'), ['client_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_submissions_client_id_clients'), 'clients', ['client_id'], ['id'], ondelete='SET NULL')



def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_submissions_client_id_clients'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_submissions_client_id'))
        batch_op.drop_column('flags')
        batch_op.drop_column('scores')
        batch_op.drop_column('client_id')

    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_drafts_client_id_clients'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_drafts_client_id'))
        batch_op.drop_column('client_id')

    with op.batch_alter_table('client_need_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_need_events_need_id'))
        batch_op.drop_index(batch_op.f('ix_client_need_events_agency_id'))

    op.drop_table('client_need_events')
    with op.batch_alter_table('client_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_client_needs_submission_id'))
        batch_op.drop_index(batch_op.f('ix_client_needs_status'))
        batch_op.drop_index(batch_op.f('ix_client_needs_code'))
        batch_op.drop_index(batch_op.f('ix_client_needs_client_id'))
        batch_op.drop_index(batch_op.f('ix_client_needs_agency_id'))

    op.drop_table('client_needs')
    with op.batch_alter_table('clients', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clients_status'))
        batch_op.drop_index(batch_op.f('ix_clients_phone'))
        batch_op.drop_index(batch_op.f('ix_clients_care_manager_id'))
        batch_op.drop_index(batch_op.f('ix_clients_birth_date'))
        batch_op.drop_index(batch_op.f('ix_clients_agency_id'))
        batch_op.drop_index('ix_clients_agency_family_given')

    op.drop_table('clients')
