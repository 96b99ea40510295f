"""Join the kiosk-link and directory branches of the migration history into one head.

Revision ID: 0004_merge
Revises: 0002_kiosk_links, 0003_suggested_edits
"""

revision = "0004_merge"
down_revision = ("0002_kiosk_links", "0003_suggested_edits")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
