"""Join the client features' branches of the migration history (benefits, builder, care plans,
clients, referrals, security) into one head.

Revision ID: 0007_merge_client_features
Revises: 0006_benefits, 0006_builder_drafts, 0006_careplans_transitions, 0006_clients,
0006_referrals, 0006_security
"""

revision = "0007_merge_client_features"
down_revision = ("0006_benefits", "0006_builder_drafts", "0006_careplans_transitions",
                 "0006_clients", "0006_referrals", "0006_security")
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
