"""Every mapped class of the core in one import, for Alembic and for ``create_all`` in tests."""

from carebridge.agencies import Agency
from carebridge.audit import AuditEvent
from carebridge.auth.models import ApiToken, User, UserSession
from carebridge.benefits.models import ApplyPlace, BenefitProgram, BenefitScreening
from carebridge.builder.models import BuilderDraft
from carebridge.careplans.casework import (
    CareTeamMember,
    CaseNote,
    HandoutGiven,
    NoteRevision,
    ReminderConsent,
    ScheduledReminder,
    SentMessage,
    Transition,
)
from carebridge.careplans.models import Appointment, CarePlan, Goal, GoalNote, PlanVersion, Task
from carebridge.clients.models import AgencyNeed, Client, ClientNeed, FlagReview, NeedEvent
from carebridge.db import Base
from carebridge.directory.models import SuggestedEdit
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission
from carebridge.programs.models import Enrolment, Program
from carebridge.referrals.models import (
    ConsentWithdrawal,
    PartnerOrganization,
    Referral,
    ReferralEvent,
)
from carebridge.renderer.kiosk import KioskLink

__all__ = [
    "Agency",
    "AgencyNeed",
    "ApiToken",
    "ApplyPlace",
    "Appointment",
    "AuditEvent",
    "Base",
    "BenefitProgram",
    "BenefitScreening",
    "BuilderDraft",
    "CarePlan",
    "CareTeamMember",
    "CaseNote",
    "Client",
    "ClientNeed",
    "ConsentWithdrawal",
    "Draft",
    "Enrolment",
    "FlagReview",
    "FormDefinition",
    "FormVersion",
    "Goal",
    "GoalNote",
    "HandoutGiven",
    "KioskLink",
    "NeedEvent",
    "NoteRevision",
    "PartnerOrganization",
    "PlanVersion",
    "Program",
    "Referral",
    "ReferralEvent",
    "ReminderConsent",
    "ScheduledReminder",
    "SentMessage",
    "Submission",
    "SuggestedEdit",
    "Task",
    "Transition",
    "User",
    "UserSession",
]


def target_metadata() -> list:
    """Every metadata Alembic compares: the core's and the directory library's."""
    from resource_directory.models import DirectoryBase

    return [Base.metadata, DirectoryBase.metadata]
