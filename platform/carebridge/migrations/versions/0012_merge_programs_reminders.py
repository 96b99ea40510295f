"""Join the programs branch (enrolments) and the reminders branch (scheduled reminders, follow-up
tasks) of the migration history into one head.

Revision ID: 0012_merge_programs_reminders
Revises: 0011_programs_enrolments, 0011_reminders_scheduled
"""

revision = "0012_merge_programs_reminders"
down_revision = ("0011_programs_enrolments", "0011_reminders_scheduled")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
