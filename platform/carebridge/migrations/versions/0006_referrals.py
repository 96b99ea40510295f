"""Referrals, their events, consent withdrawals and partner organizations

Revision ID: 0006_referrals
Revises: 0005_clients
Create Date: 2026-11-30 03:12:00.102695
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0006_referrals'
down_revision = '0005_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('partner_organizations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.String(length=64), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_partner_organizations_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_partner_organizations_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partner_organizations')),
    sa.UniqueConstraint('organization_id', name=op.f('uq_partner_organizations_organization_id'))
    )
    with op.batch_alter_table('partner_organizations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_partner_organizations_agency_id'), ['agency_id'], unique=False)

    op.create_table('consent_withdrawals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_consent_withdrawals_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_consent_withdrawals_submission_id_submissions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_consent_withdrawals_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_withdrawals')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_consent_withdrawals_submission_id'))
    )
    with op.batch_alter_table('consent_withdrawals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consent_withdrawals_agency_id'), ['agency_id'], unique=False)

    op.create_table('referrals',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.String(length=32), nullable=False),
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('service', sa.JSON(), nullable=False),
    sa.Column('needs', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('urgency', sa.String(length=16), nullable=False),
    sa.Column('follow_up_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('outcome_reason', sa.Text(), nullable=False),
    sa.Column('consent_submission_id', sa.String(length=32), nullable=True),
    sa.Column('receiving_agency_id', sa.Integer(), nullable=True),
    sa.Column('shared', sa.JSON(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('sent_at', carebridge.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_referrals_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_referrals_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['consent_submission_id'], ['submissions.id'], name=op.f('fk_referrals_consent_submission_id_submissions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_referrals_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['receiving_agency_id'], ['agencies.id'], name=op.f('fk_referrals_receiving_agency_id_agencies'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referrals'))
    )
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referrals_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_follow_up_on'), ['follow_up_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_receiving_agency_id'), ['receiving_agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_service_id'), ['service_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_referrals_updated_at'), ['updated_at'], unique=False)

    op.create_table('referral_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('referral_id', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('actor_agency_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['actor_agency_id'], ['agencies.id'], name=op.f('fk_referral_events_actor_agency_id_agencies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_referral_events_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['referral_id'], ['referrals.id'], name=op.f('fk_referral_events_referral_id_referrals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_referral_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_events'))
    )
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_events_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_referral_events_referral_id'), ['referral_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('referral_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_events_referral_id'))
        batch_op.drop_index(batch_op.f('ix_referral_events_agency_id'))

    op.drop_table('referral_events')
    with op.batch_alter_table('referrals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referrals_updated_at'))
        batch_op.drop_index(batch_op.f('ix_referrals_status'))
        batch_op.drop_index(batch_op.f('ix_referrals_service_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_receiving_agency_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_follow_up_on'))
        batch_op.drop_index(batch_op.f('ix_referrals_client_id'))
        batch_op.drop_index(batch_op.f('ix_referrals_agency_id'))

    op.drop_table('referrals')
    with op.batch_alter_table('consent_withdrawals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consent_withdrawals_agency_id'))

    op.drop_table('consent_withdrawals')
    with op.batch_alter_table('partner_organizations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_partner_organizations_agency_id'))

    op.drop_table('partner_organizations')
