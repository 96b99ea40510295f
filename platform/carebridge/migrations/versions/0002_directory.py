"""Directory tables (HSDS 3.0)

Revision ID: 0002_directory
Revises: 0001_core
Create Date: 2026-11-23 09:31:26.946195
"""

import sqlalchemy as sa
from alembic import op

revision = '0002_directory'
down_revision = '0001_core'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dir_organization',
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('alternate_name', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('website', sa.String(length=1000), nullable=True),
    sa.Column('tax_status', sa.String(length=200), nullable=True),
    sa.Column('tax_id', sa.String(length=200), nullable=True),
    sa.Column('year_incorporated', sa.Integer(), nullable=True),
    sa.Column('legal_status', sa.String(length=200), nullable=True),
    sa.Column('logo', sa.String(length=1000), nullable=True),
    sa.Column('uri', sa.String(length=1000), nullable=True),
    sa.Column('parent_organization_id', sa.String(length=64), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_organization')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_organization_source'))
    )
    with op.batch_alter_table('dir_organization', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_organization_parent_organization_id'), ['parent_organization_id'], unique=False)

    op.create_table('dir_taxonomy',
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('uri', sa.String(length=1000), nullable=True),
    sa.Column('version', sa.String(length=50), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_taxonomy')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_taxonomy_source'))
    )
    op.create_table('dir_location',
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('location_type', sa.String(length=20), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('alternate_name', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('transportation', sa.Text(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('external_identifier', sa.String(length=200), nullable=True),
    sa.Column('external_identifier_type', sa.String(length=200), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['dir_organization.id'], name=op.f('fk_dir_location_organization_id_dir_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_location')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_location_source'))
    )
    with op.batch_alter_table('dir_location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_location_organization_id'), ['organization_id'], unique=False)

    op.create_table('dir_program',
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('alternate_name', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['dir_organization.id'], name=op.f('fk_dir_program_organization_id_dir_organization'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_program')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_program_source'))
    )
    with op.batch_alter_table('dir_program', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_program_organization_id'), ['organization_id'], unique=False)

    op.create_table('dir_taxonomy_term',
    sa.Column('code', sa.String(length=100), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('parent_id', sa.String(length=64), nullable=True),
    sa.Column('taxonomy', sa.String(length=300), nullable=True),
    sa.Column('language', sa.String(length=20), nullable=True),
    sa.Column('taxonomy_id', sa.String(length=64), nullable=True),
    sa.Column('term_uri', sa.String(length=1000), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['taxonomy_id'], ['dir_taxonomy.id'], name=op.f('fk_dir_taxonomy_term_taxonomy_id_dir_taxonomy'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_taxonomy_term')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_taxonomy_term_source'))
    )
    with op.batch_alter_table('dir_taxonomy_term', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_taxonomy_term_code'), ['code'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_taxonomy_term_parent_id'), ['parent_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_taxonomy_term_taxonomy_id'), ['taxonomy_id'], unique=False)

    op.create_table('dir_accessibility',
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('details', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_accessibility_location_id_dir_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_accessibility')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_accessibility_source'))
    )
    with op.batch_alter_table('dir_accessibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_accessibility_location_id'), ['location_id'], unique=False)

    op.create_table('dir_address',
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('attention', sa.String(length=500), nullable=True),
    sa.Column('address_1', sa.String(length=500), nullable=False),
    sa.Column('address_2', sa.String(length=500), nullable=True),
    sa.Column('city', sa.String(length=200), nullable=False),
    sa.Column('region', sa.String(length=200), nullable=True),
    sa.Column('state_province', sa.String(length=100), nullable=False),
    sa.Column('postal_code', sa.String(length=20), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=False),
    sa.Column('address_type', sa.String(length=20), nullable=False),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_address_location_id_dir_location'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_address')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_address_source'))
    )
    with op.batch_alter_table('dir_address', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_address_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_address_postal_code'), ['postal_code'], unique=False)

    op.create_table('dir_attribute',
    sa.Column('link_id', sa.String(length=64), nullable=True),
    sa.Column('taxonomy_term_id', sa.String(length=64), nullable=True),
    sa.Column('link_type', sa.String(length=100), nullable=True),
    sa.Column('link_entity', sa.String(length=100), nullable=True),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['taxonomy_term_id'], ['dir_taxonomy_term.id'], name=op.f('fk_dir_attribute_taxonomy_term_id_dir_taxonomy_term'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_attribute')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_attribute_source'))
    )
    with op.batch_alter_table('dir_attribute', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_attribute_link_id'), ['link_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_attribute_taxonomy_term_id'), ['taxonomy_term_id'], unique=False)

    op.create_table('dir_service',
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('program_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=500), nullable=False),
    sa.Column('alternate_name', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=True),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('status', sa.String(length=40), nullable=False),
    sa.Column('interpretation_services', sa.Text(), nullable=True),
    sa.Column('application_process', sa.Text(), nullable=True),
    sa.Column('fees_description', sa.Text(), nullable=True),
    sa.Column('wait_time', sa.Text(), nullable=True),
    sa.Column('fees', sa.Text(), nullable=True),
    sa.Column('accreditations', sa.Text(), nullable=True),
    sa.Column('licenses', sa.Text(), nullable=True),
    sa.Column('alert', sa.Text(), nullable=True),
    sa.Column('target_group', sa.Text(), nullable=True),
    sa.Column('keywords', sa.Text(), nullable=True),
    sa.Column('assurer_email', sa.String(length=300), nullable=True),
    sa.Column('last_verified', sa.Date(), nullable=True),
    sa.Column('last_modified', sa.DateTime(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['dir_organization.id'], name=op.f('fk_dir_service_organization_id_dir_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['program_id'], ['dir_program.id'], name=op.f('fk_dir_service_program_id_dir_program'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_service')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_service_source'))
    )
    with op.batch_alter_table('dir_service', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_service_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_service_program_id'), ['program_id'], unique=False)

    op.create_table('dir_cost_option',
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('option', sa.Text(), nullable=True),
    sa.Column('currency', sa.String(length=3), nullable=True),
    sa.Column('amount', sa.Float(), nullable=True),
    sa.Column('amount_description', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_cost_option_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_cost_option')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_cost_option_source'))
    )
    with op.batch_alter_table('dir_cost_option', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_cost_option_service_id'), ['service_id'], unique=False)

    op.create_table('dir_eligibility',
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('minimum_age', sa.Float(), nullable=True),
    sa.Column('maximum_age', sa.Float(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_eligibility_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_eligibility')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_eligibility_source'))
    )
    with op.batch_alter_table('dir_eligibility', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_eligibility_service_id'), ['service_id'], unique=False)

    op.create_table('dir_funding',
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('funding_source', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['organization_id'], ['dir_organization.id'], name=op.f('fk_dir_funding_organization_id_dir_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_funding_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_funding')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_funding_source'))
    )
    with op.batch_alter_table('dir_funding', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_funding_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_funding_service_id'), ['service_id'], unique=False)

    op.create_table('dir_required_document',
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('document', sa.Text(), nullable=True),
    sa.Column('uri', sa.String(length=1000), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_required_document_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_required_document')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_required_document_source'))
    )
    with op.batch_alter_table('dir_required_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_required_document_service_id'), ['service_id'], unique=False)

    op.create_table('dir_service_area',
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=500), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('extent', sa.Text(), nullable=True),
    sa.Column('extent_type', sa.String(length=40), nullable=True),
    sa.Column('uri', sa.String(length=1000), nullable=True),
    sa.Column('postal_codes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_service_area_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_service_area')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_service_area_source'))
    )
    with op.batch_alter_table('dir_service_area', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_service_area_service_id'), ['service_id'], unique=False)

    op.create_table('dir_service_at_location',
    sa.Column('service_id', sa.String(length=64), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_service_at_location_location_id_dir_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_service_at_location_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_service_at_location')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_service_at_location_source'))
    )
    with op.batch_alter_table('dir_service_at_location', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_service_at_location_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_service_at_location_service_id'), ['service_id'], unique=False)

    op.create_table('dir_contact',
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=64), nullable=True),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=300), nullable=True),
    sa.Column('title', sa.String(length=300), nullable=True),
    sa.Column('department', sa.String(length=300), nullable=True),
    sa.Column('email', sa.String(length=300), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_contact_location_id_dir_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['dir_organization.id'], name=op.f('fk_dir_contact_organization_id_dir_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['dir_service_at_location.id'], name=op.f('fk_dir_contact_service_at_location_id_dir_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_contact_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_contact')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_contact_source'))
    )
    with op.batch_alter_table('dir_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_contact_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_contact_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_contact_service_at_location_id'), ['service_at_location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_contact_service_id'), ['service_id'], unique=False)

    op.create_table('dir_holiday_schedule',
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=64), nullable=True),
    sa.Column('closed', sa.Boolean(), nullable=False),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('opens_at', sa.String(length=8), nullable=True),
    sa.Column('closes_at', sa.String(length=8), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_holiday_schedule_location_id_dir_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['dir_service_at_location.id'], name=op.f('fk_dir_holiday_schedule_service_at_location_id_dir_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_holiday_schedule_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_holiday_schedule')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_holiday_schedule_source'))
    )
    with op.batch_alter_table('dir_holiday_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_holiday_schedule_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_holiday_schedule_service_at_location_id'), ['service_at_location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_holiday_schedule_service_id'), ['service_id'], unique=False)

    op.create_table('dir_schedule',
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=64), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_to', sa.Date(), nullable=True),
    sa.Column('dtstart', sa.Date(), nullable=True),
    sa.Column('timezone', sa.Float(), nullable=True),
    sa.Column('until', sa.Date(), nullable=True),
    sa.Column('count', sa.Integer(), nullable=True),
    sa.Column('wkst', sa.String(length=2), nullable=True),
    sa.Column('freq', sa.String(length=10), nullable=True),
    sa.Column('interval', sa.Integer(), nullable=True),
    sa.Column('byday', sa.String(length=100), nullable=True),
    sa.Column('byweekno', sa.String(length=200), nullable=True),
    sa.Column('bymonthday', sa.String(length=200), nullable=True),
    sa.Column('byyearday', sa.String(length=200), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('opens_at', sa.String(length=8), nullable=True),
    sa.Column('closes_at', sa.String(length=8), nullable=True),
    sa.Column('schedule_link', sa.String(length=1000), nullable=True),
    sa.Column('attending_type', sa.Text(), nullable=True),
    sa.Column('notes', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_schedule_location_id_dir_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['dir_service_at_location.id'], name=op.f('fk_dir_schedule_service_at_location_id_dir_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_schedule_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_schedule')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_schedule_source'))
    )
    with op.batch_alter_table('dir_schedule', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_schedule_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_schedule_service_at_location_id'), ['service_at_location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_schedule_service_id'), ['service_id'], unique=False)

    op.create_table('dir_phone',
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('organization_id', sa.String(length=64), nullable=True),
    sa.Column('contact_id', sa.String(length=64), nullable=True),
    sa.Column('service_at_location_id', sa.String(length=64), nullable=True),
    sa.Column('number', sa.String(length=100), nullable=False),
    sa.Column('extension', sa.Float(), nullable=True),
    sa.Column('type', sa.String(length=40), nullable=True),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['dir_contact.id'], name=op.f('fk_dir_phone_contact_id_dir_contact'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_phone_location_id_dir_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organization_id'], ['dir_organization.id'], name=op.f('fk_dir_phone_organization_id_dir_organization'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_at_location_id'], ['dir_service_at_location.id'], name=op.f('fk_dir_phone_service_at_location_id_dir_service_at_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_phone_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_phone')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_phone_source'))
    )
    with op.batch_alter_table('dir_phone', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_phone_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_phone_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_phone_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_phone_service_at_location_id'), ['service_at_location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_phone_service_id'), ['service_id'], unique=False)

    op.create_table('dir_language',
    sa.Column('service_id', sa.String(length=64), nullable=True),
    sa.Column('location_id', sa.String(length=64), nullable=True),
    sa.Column('phone_id', sa.String(length=64), nullable=True),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('code', sa.String(length=20), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['location_id'], ['dir_location.id'], name=op.f('fk_dir_language_location_id_dir_location'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phone_id'], ['dir_phone.id'], name=op.f('fk_dir_language_phone_id_dir_phone'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['service_id'], ['dir_service.id'], name=op.f('fk_dir_language_service_id_dir_service'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dir_language')),
    sa.UniqueConstraint('source', 'source_id', name=op.f('uq_dir_language_source'))
    )
    with op.batch_alter_table('dir_language', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dir_language_location_id'), ['location_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_language_phone_id'), ['phone_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dir_language_service_id'), ['service_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('dir_language', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_language_service_id'))
        batch_op.drop_index(batch_op.f('ix_dir_language_phone_id'))
        batch_op.drop_index(batch_op.f('ix_dir_language_location_id'))

    op.drop_table('dir_language')
    with op.batch_alter_table('dir_phone', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_phone_service_id'))
        batch_op.drop_index(batch_op.f('ix_dir_phone_service_at_location_id'))
        batch_op.drop_index(batch_op.f('ix_dir_phone_organization_id'))
        batch_op.drop_index(batch_op.f('ix_dir_phone_location_id'))
        batch_op.drop_index(batch_op.f('ix_dir_phone_contact_id'))

    op.drop_table('dir_phone')
    with op.batch_alter_table('dir_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_schedule_service_id'))
        batch_op.drop_index(batch_op.f('ix_dir_schedule_service_at_location_id'))
        batch_op.drop_index(batch_op.f('ix_dir_schedule_location_id'))

    op.drop_table('dir_schedule')
    with op.batch_alter_table('dir_holiday_schedule', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_holiday_schedule_service_id'))
        batch_op.drop_index(batch_op.f('ix_dir_holiday_schedule_service_at_location_id'))
        batch_op.drop_index(batch_op.f('ix_dir_holiday_schedule_location_id'))

    op.drop_table('dir_holiday_schedule')
    with op.batch_alter_table('dir_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_contact_service_id'))
        batch_op.drop_index(batch_op.f('ix_dir_contact_service_at_location_id'))
        batch_op.drop_index(batch_op.f('ix_dir_contact_organization_id'))
        batch_op.drop_index(batch_op.f('ix_dir_contact_location_id'))

    op.drop_table('dir_contact')
    with op.batch_alter_table('dir_service_at_location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_service_at_location_service_id'))
        batch_op.drop_index(batch_op.f('ix_dir_service_at_location_location_id'))

    op.drop_table('dir_service_at_location')
    with op.batch_alter_table('dir_service_area', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_service_area_service_id'))

    op.drop_table('dir_service_area')
    with op.batch_alter_table('dir_required_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_required_document_service_id'))

    op.drop_table('dir_required_document')
    with op.batch_alter_table('dir_funding', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_funding_service_id'))
        batch_op.drop_index(batch_op.f('ix_dir_funding_organization_id'))

    op.drop_table('dir_funding')
    with op.batch_alter_table('dir_eligibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_eligibility_service_id'))

    op.drop_table('dir_eligibility')
    with op.batch_alter_table('dir_cost_option', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_cost_option_service_id'))

    op.drop_table('dir_cost_option')
    with op.batch_alter_table('dir_service', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_service_program_id'))
        batch_op.drop_index(batch_op.f('ix_dir_service_organization_id'))

    op.drop_table('dir_service')
    with op.batch_alter_table('dir_attribute', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_attribute_taxonomy_term_id'))
        batch_op.drop_index(batch_op.f('ix_dir_attribute_link_id'))

    op.drop_table('dir_attribute')
    with op.batch_alter_table('dir_address', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_address_postal_code'))
        batch_op.drop_index(batch_op.f('ix_dir_address_location_id'))

    op.drop_table('dir_address')
    with op.batch_alter_table('dir_accessibility', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_accessibility_location_id'))

    op.drop_table('dir_accessibility')
    with op.batch_alter_table('dir_taxonomy_term', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_taxonomy_term_taxonomy_id'))
        batch_op.drop_index(batch_op.f('ix_dir_taxonomy_term_parent_id'))
        batch_op.drop_index(batch_op.f('ix_dir_taxonomy_term_code'))

    op.drop_table('dir_taxonomy_term')
    with op.batch_alter_table('dir_program', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_program_organization_id'))

    op.drop_table('dir_program')
    with op.batch_alter_table('dir_location', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_location_organization_id'))

    op.drop_table('dir_location')
    op.drop_table('dir_taxonomy')
    with op.batch_alter_table('dir_organization', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dir_organization_parent_organization_id'))

    op.drop_table('dir_organization')
