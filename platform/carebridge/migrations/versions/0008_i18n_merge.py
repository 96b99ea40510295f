"""Join the interface language's branch of the migration history (users.locale) to the client
features' head.

Revision ID: 0008_i18n_merge
Revises: 0006_i18n_user_locale, 0007_merge_client_features
"""

revision = "0008_i18n_merge"
down_revision = ("0006_i18n_user_locale", "0007_merge_client_features")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
