"""Security: server-side login sessions, account lockout and deactivation, token expiry, and
idempotency keys scoped to user and form with the digest of their answers

Revision ID: 0006_security
Revises: 0005_clients
Create Date: 2026-11-30 03:20:00
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0006_security'
down_revision = '0005_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('user_sessions',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', carebridge.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('ended_reason', sa.String(length=16), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_user_sessions_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_sessions'))
    )
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_user_sessions_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_user_sessions_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_at', carebridge.db.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('deactivated_at', carebridge.db.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('expires_at', carebridge.db.UTCDateTime(timezone=True), nullable=True))

    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('request_digest', sa.String(length=64), nullable=True))
        batch_op.alter_column('idempotency_key', existing_type=sa.String(length=100),
                              type_=sa.String(length=300), existing_nullable=True)


def downgrade() -> None:
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.alter_column('idempotency_key', existing_type=sa.String(length=300),
                              type_=sa.String(length=100), existing_nullable=True)
        batch_op.drop_column('request_digest')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('expires_at')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deactivated_at')
        batch_op.drop_column('locked_at')
        batch_op.drop_column('failed_logins')
    with op.batch_alter_table('user_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_user_sessions_user_id'))
        batch_op.drop_index(batch_op.f('ix_user_sessions_agency_id'))
    op.drop_table('user_sessions')
