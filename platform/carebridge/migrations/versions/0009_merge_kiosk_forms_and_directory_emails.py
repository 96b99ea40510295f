"""Join the kiosk-forms and directory-e-mails branches of the migration history into one head.

Revision ID: 0009_merge
Revises: 0008_renderfix, 0008_security_directory_emails
"""

revision = "0009_merge"
down_revision = ("0008_renderfix", "0008_security_directory_emails")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
