"""Security: remove the editors' e-mails that verifying a service stored in the shared
directory (``assurer_email``); who verified is kept as agency and role in the audit trail

Revision ID: 0008_security_directory_emails
Revises: 0007_merge_client_features
Create Date: 2026-11-30 03:50:00
"""

from alembic import op

revision = '0008_security_directory_emails'
down_revision = '0007_merge_client_features'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE dir_service SET assurer_email = NULL "
               "WHERE assurer_email IN (SELECT email FROM users)")


def downgrade() -> None:
    pass  # the e-mails are not kept anywhere to put back
