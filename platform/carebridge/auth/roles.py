"""Roles and what each may do: the one table every permission check reads."""

from __future__ import annotations

from carebridge.i18n import lazy_gettext as _l

ADMIN = "admin"
CARE_MANAGER = "care_manager"
INTAKE = "intake"
DIRECTORY_EDITOR = "directory_editor"

ROLES = (ADMIN, CARE_MANAGER, INTAKE, DIRECTORY_EDITOR)

ROLE_LABELS = {
    ADMIN: _l("Agency admin"),
    CARE_MANAGER: _l("Care manager"),
    INTAKE: _l("Intake worker"),
    DIRECTORY_EDITOR: _l("Directory editor"),
}

# Permission names are "<noun>.<verb>"; features check permissions, never role names.
PERMISSIONS: dict[str, frozenset[str]] = {
    ADMIN: frozenset(
        {
            "forms.read", "forms.manage", "users.manage",
            "submissions.create", "submissions.read", "drafts.manage",
            "directory.read", "clients.read", "clients.manage",
            "referrals.read", "referrals.manage", "care_plans.read", "care_plans.manage",
            "tasks.manage", "reports.read", "benefits.screen", "benefits.manage",
            # Which directory organizations are this agency (referrals to them reach its inbox).
            "partners.manage",
            # The agency's programs (clients are enrolled in them by whoever manages clients).
            "programs.manage",
        }
    ),
    CARE_MANAGER: frozenset(
        {
            "forms.read", "submissions.create", "submissions.read", "drafts.manage",
            "directory.read", "clients.read", "clients.manage",
            "referrals.read", "referrals.manage", "care_plans.read", "care_plans.manage",
            "tasks.manage", "benefits.screen",
        }
    ),
    # Intake workers answer the phone: finding a service for the caller is their job too.
    INTAKE: frozenset({"forms.read", "submissions.create", "drafts.manage", "directory.read"}),
    DIRECTORY_EDITOR: frozenset({"forms.read", "directory.read", "directory.edit"}),
}


def can(role: str, permission: str) -> bool:
    return permission in PERMISSIONS.get(role, frozenset())
