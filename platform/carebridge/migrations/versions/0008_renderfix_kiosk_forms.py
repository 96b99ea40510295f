"""Which forms may run on a kiosk: an admin's choice per form (unset: intake forms may)

Revision ID: 0008_renderfix
Revises: 0007_merge_client_features
Create Date: 2026-11-30 03:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0008_renderfix'
down_revision = '0007_merge_client_features'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('form_definitions') as batch:
        batch.add_column(sa.Column('kiosk_allowed', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('form_definitions') as batch:
        batch.drop_column('kiosk_allowed')
