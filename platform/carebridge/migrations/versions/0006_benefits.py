"""Benefit programs, where to apply and screenings kept on a client's file

Revision ID: 0006_benefits
Revises: 0005_clients
Create Date: 2026-11-30 03:07:30.429314
"""

import sqlalchemy as sa
from alembic import op

import carebridge.db

revision = '0006_benefits'
down_revision = '0005_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('benefit_apply_places',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('program_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=200), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('categories', sa.JSON(), nullable=False),
    sa.Column('keywords', sa.JSON(), nullable=False),
    sa.Column('need_code', sa.String(length=64), nullable=False),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_benefit_apply_places_agency_id_agencies'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit_apply_places')),
    sa.UniqueConstraint('agency_id', 'program_id', name=op.f('uq_benefit_apply_places_agency_id_program_id'))
    )
    with op.batch_alter_table('benefit_apply_places', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benefit_apply_places_agency_id'), ['agency_id'], unique=False)

    op.create_table('benefit_programs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('document', sa.JSON(), nullable=False),
    sa.Column('version', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_benefit_programs_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_benefit_programs_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit_programs')),
    sa.UniqueConstraint('agency_id', 'slug', name=op.f('uq_benefit_programs_agency_id_slug'))
    )
    with op.batch_alter_table('benefit_programs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benefit_programs_agency_id'), ['agency_id'], unique=False)

    op.create_table('benefit_screenings',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('client_id', sa.String(length=32), nullable=True),
    sa.Column('household', sa.JSON(), nullable=False),
    sa.Column('household_key', sa.String(length=64), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('engines', sa.JSON(), nullable=False),
    sa.Column('rules_version', sa.String(length=64), nullable=False),
    sa.Column('poverty_year', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('result', sa.JSON(), nullable=False),
    sa.Column('submission_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', carebridge.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('agency_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agency_id'], ['agencies.id'], name=op.f('fk_benefit_screenings_agency_id_agencies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['client_id'], ['clients.id'], name=op.f('fk_benefit_screenings_client_id_clients'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_benefit_screenings_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_benefit_screenings_submission_id_submissions'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_benefit_screenings'))
    )
    with op.batch_alter_table('benefit_screenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_benefit_screenings_agency_id'), ['agency_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_benefit_screenings_client_id'), ['client_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_benefit_screenings_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_benefit_screenings_household_key'), ['household_key'], unique=False)
        batch_op.create_index(batch_op.f('ix_benefit_screenings_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('benefit_screenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_benefit_screenings_status'))
        batch_op.drop_index(batch_op.f('ix_benefit_screenings_household_key'))
        batch_op.drop_index(batch_op.f('ix_benefit_screenings_created_at'))
        batch_op.drop_index(batch_op.f('ix_benefit_screenings_client_id'))
        batch_op.drop_index(batch_op.f('ix_benefit_screenings_agency_id'))

    op.drop_table('benefit_screenings')
    with op.batch_alter_table('benefit_programs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_benefit_programs_agency_id'))

    op.drop_table('benefit_programs')
    with op.batch_alter_table('benefit_apply_places', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_benefit_apply_places_agency_id'))

    op.drop_table('benefit_apply_places')
