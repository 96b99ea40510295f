"""The public plugin API: the only names a plugin imports from Carebridge (``API_VERSION``).

Everything here is documented in ``docs/plugins.md`` and kept stable within a major version:
a name is added in a minor version and removed or changed only in a major one. A plugin that
needs something that is not here should ask for it to be added, not import core internals.
"""

from __future__ import annotations

from carebridge import audit as _audit
from carebridge.agencies import Agency, agency_by_slug
from carebridge.app_state import AppState, app_state
from carebridge.auth.access import current_user, login_required, requires
from carebridge.auth.roles import can
from carebridge.benefits.engines import ScreeningContext
from carebridge.benefits.facts import Facts
from carebridge.benefits.household import EXPENSES, Household, Member, describe, field_phrase
from carebridge.benefits.reasons import Reason
from carebridge.benefits.results import EstimatedValue, ProgramResult
from carebridge.careplans.reminders import OutgoingMessage, SendFailed
from carebridge.cli import Context as CommandContext
from carebridge.cli import pass_ctx as pass_command_context
from carebridge.cli import reports_errors
from carebridge.clients.sections import ClientFileSection
from carebridge.clients.timeline import TimelineEntry
from carebridge.db import get_session
from carebridge.errors import (
    CarebridgeError,
    Conflict,
    Forbidden,
    InvalidInput,
    NotFound,
    Problem,
)
from carebridge.extensions import csrf
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission
from carebridge.forms.service import (
    get_definition,
    get_submission,
    get_version,
    list_definitions,
)
from carebridge.http import (
    client_redirect,
    is_api_request,
    is_htmx,
    no_store,
    render_page,
    replace_url,
    see_other,
)
from carebridge.i18n import N_, _, gettext, lazy_gettext, ngettext
from carebridge.jobs import Periodic
from carebridge.jobs import enqueue as enqueue_job
from carebridge.jobs import get as get_job
from carebridge.jobs import queue as job_queue
from carebridge.plugins import hookimpl
from carebridge.renderer.compile import CompiledForm, Field
from carebridge.renderer.filling import compiled_form
from carebridge.renderer.formdata import best_branch
from carebridge.renderer.widget_table import Widget
from carebridge.renderer.widgets import errors_html, escape
from carebridge.spreadsheet_cells import plain_cell
from carebridge.tenancy import ALL_AGENCIES, set_tenant
from carebridge.unit_of_work import after_commit, hook_after_commit, unit_of_work
from resource_directory.importers import ImportFormat
from resource_directory.importers.staging import Staged

#: Major.minor: a plugin can check ``API_VERSION.split(".")[0] == "1"``.
API_VERSION = "1.8"

__all__ = [
    "API_VERSION",
    # Reminders to clients (register_message_senders)
    "OutgoingMessage", "SendFailed",
    "ClientFileSection", "TimelineEntry",
    # Hooks and app state
    "hookimpl", "app_state", "AppState",
    # Who is asking
    "current_user", "login_required", "requires", "can",
    # Storage: the request's session, units of work, work after the commit, tenancy, audit
    "get_session", "unit_of_work", "after_commit", "hook_after_commit", "set_tenant",
    "ALL_AGENCIES", "Agency", "agency_by_slug", "audit_read", "audit_read_many", "audit_change",
    # Forms and submissions
    "FormDefinition", "FormVersion", "Submission", "Draft", "get_definition", "get_version",
    "list_definitions", "get_submission", "compiled_form", "CompiledForm", "Field",
    "best_branch", "Widget", "escape", "errors_html",
    # The resource directory
    "ImportFormat", "Staged", "plain_cell",
    # Background jobs
    "enqueue_job", "get_job", "job_queue", "Periodic",
    # Benefits screening (an engine's inputs and results)
    "ScreeningContext", "Facts", "Household", "Member", "EXPENSES", "describe",
    "field_phrase",
    "ProgramResult", "EstimatedValue", "Reason",
    # Errors a view or service raises (the app answers them with the right 4xx)
    "CarebridgeError", "InvalidInput", "NotFound", "Forbidden", "Conflict", "Problem",
    # Responses
    "render_page", "client_redirect", "see_other", "replace_url", "no_store", "is_htmx",
    "is_api_request", "csrf",
    # Text for people
    "_", "gettext", "ngettext", "lazy_gettext", "N_",
    # Commands
    "CommandContext", "pass_command_context", "reports_errors",
]


def audit_read(session, obj, *, user_id: int | None, via: str = "web",
               detail: dict | None = None) -> None:
    """Record that ``user_id`` read ``obj`` (a submission, a form's answers…): every read of
    client data is audited, in the same unit of work as the read."""
    _audit.record(session, _audit.READ, obj, user_id=user_id, via=via, detail=detail)


def audit_read_many(session, objects, *, user_id: int | None, via: str = "web",
                    detail: dict | None = None) -> int:
    """Record a read of each of ``objects`` (say, every submission an export contained), so
    the trail answers "who saw this submission?" for each one. Returns how many. (API 1.2)"""
    return _audit.record_many(session, _audit.READ, objects, user_id=user_id, via=via,
                              detail=detail)


def audit_change(session, action: str, obj, *, user_id: int | None, via: str = "web",
                 detail: dict | None = None) -> None:
    """Record a change (``action`` is "create", "update" or "delete") to ``obj``."""
    if action not in (_audit.CREATE, _audit.UPDATE, _audit.DELETE):
        raise ValueError(f"unknown audit action {action!r}")
    _audit.record(session, action, obj, user_id=user_id, via=via, detail=detail)
