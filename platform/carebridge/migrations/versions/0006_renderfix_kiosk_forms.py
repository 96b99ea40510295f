"""Which forms may run on a kiosk: an admin's choice per form (unset: intake forms may)

Revision ID: 0006_renderfix
Revises: 0005_clients
Create Date: 2026-11-30 03:55:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_renderfix'
down_revision = '0005_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('form_definitions') as batch:
        batch.add_column(sa.Column('kiosk_allowed', sa.Boolean(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('form_definitions') as batch:
        batch.drop_column('kiosk_allowed')
