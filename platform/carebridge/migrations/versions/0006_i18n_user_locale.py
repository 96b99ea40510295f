"""A user's interface language (the switch on every page saves it to their profile)

Revision ID: 0006_i18n_user_locale
Revises: 0005_clients
Create Date: 2026-11-30 03:20:00
"""

import sqlalchemy as sa
from alembic import op

revision = '0006_i18n_user_locale'
down_revision = '0005_clients'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.add_column(sa.Column('locale', sa.String(length=35), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users') as batch:
        batch.drop_column('locale')
