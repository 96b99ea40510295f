"""Every mapped class of the core in one import, for Alembic and for ``create_all`` in tests."""

from carebridge.agencies import Agency
from carebridge.audit import AuditEvent
from carebridge.auth.models import ApiToken, User, UserSession
from carebridge.clients.models import Client, ClientNeed, NeedEvent
from carebridge.db import Base
from carebridge.directory.models import SuggestedEdit
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission
from carebridge.renderer.kiosk import KioskLink

__all__ = [
    "Agency", "ApiToken", "AuditEvent", "Base", "Client", "ClientNeed", "Draft", "FormDefinition",
    "FormVersion", "KioskLink", "NeedEvent", "Submission", "SuggestedEdit", "User",
    "UserSession",
]


def target_metadata() -> list:
    """Every metadata Alembic compares: the core's and the directory library's."""
    from resource_directory.models import DirectoryBase

    return [Base.metadata, DirectoryBase.metadata]
