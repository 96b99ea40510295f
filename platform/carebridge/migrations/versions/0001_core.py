"""Core tables: agencies, users, tokens, audit, forms

Revision ID: 0001_core
Revises:
Create Date: 2026-11-23 09:12:37.104516
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0001_core'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('agencies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('settings', sa.JSON(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agencies')),
    sa.UniqueConstraint('slug', name=op.f('uq_agencies_slug'))
    )
    op.create_table('form_definitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('latest_version', sa.Integer(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_form_definitions_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_definitions')),
    sa.UniqueConstraint('agency_id', 'slug', name=op.f('uq_form_definitions_agency_id_slug'))
    )
    with op.batch_alter_table('form_definitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_definitions_agency_id'), ['agency_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_login_at', carebridge.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_users_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_agency_id'), ['agency_id'], unique=False)

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_used_at', carebridge.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('revoked_at', carebridge.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_api_tokens_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_api_tokens_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_api_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('object_type', sa.String(length=64), nullable=False),
    sa.Column('object_id', sa.String(length=64), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('detail', sa.JSON(), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_audit_events_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_audit_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_object_id'), ['object_id'], unique=False)

    op.create_table('form_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('definition_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('digest', sa.String(length=64), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_form_versions_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_form_versions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['definition_id'], ['form_definitions.id'], name=op.f('fk_form_versions_definition_id_form_definitions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_versions')),
    sa.UniqueConstraint('definition_id', 'number', name=op.f('uq_form_versions_definition_id_number'))
    )
    with op.batch_alter_table('form_versions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_form_versions_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_form_versions_definition_id'), ['definition_id'], unique=False)

    op.create_table('submissions',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('form_version_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=100), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_submissions_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_submissions_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['form_version_id'], ['form_versions.id'], name=op.f('fk_submissions_form_version_id_form_versions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('agency_id', 'idempotency_key', name=op.f('uq_submissions_agency_id_idempotency_key'))
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_submissions_form_version_id'), ['form_version_id'], unique=False)

    op.create_table('drafts',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('definition_id', sa.Integer(), nullable=False),
    sa.Column('form_version_id', sa.Integer(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submission_id', sa.String(length=32), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_drafts_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_drafts_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['definition_id'], ['form_definitions.id'], name=op.f('fk_drafts_definition_id_form_definitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['form_version_id'], ['form_versions.id'], name=op.f('fk_drafts_form_version_id_form_versions')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_drafts_submission_id_submissions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_drafts'))
    )
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_drafts_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_drafts_definition_id'), ['definition_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_drafts_definition_id'))
        batch_op.drop_index(batch_op.f('ix_drafts_agency_id'))

    op.drop_table('drafts')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submissions_form_version_id'))
        batch_op.drop_index(batch_op.f('ix_submissions_agency_id'))

    op.drop_table('submissions')
    with op.batch_alter_table('form_versions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_versions_definition_id'))
        batch_op.drop_index(batch_op.f('ix_form_versions_agency_id'))

    op.drop_table('form_versions')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_events_object_id'))
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_agency_id'))

    op.drop_table('audit_events')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_api_tokens_user_id'))
        batch_op.drop_index(batch_op.f('ix_api_tokens_agency_id'))

    op.drop_table('api_tokens')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_agency_id'))

    op.drop_table('users')
    with op.batch_alter_table('form_definitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_form_definitions_agency_id'))

    op.drop_table('form_definitions')
    op.drop_table('agencies')
