"""Every mapped class of the core in one import, for Alembic and for ``create_all`` in tests."""

from carebridge.agencies import Agency
from carebridge.audit import AuditEvent
from carebridge.auth.models import ApiToken, User
from carebridge.db import Base
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission

__all__ = [
    "Agency", "ApiToken", "AuditEvent", "Base", "Draft", "FormDefinition", "FormVersion",
    "Submission", "User",
]
