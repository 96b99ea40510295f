"""Join the interface language's branch of the migration history (users.locale) to main's head.

Revision ID: 0010_i18n_merge
Revises: 0006_i18n_user_locale, 0009_merge
"""

revision = "0010_i18n_merge"
down_revision = ("0006_i18n_user_locale", "0009_merge")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
