"""A plugin adding a section and timeline entries to the client file, as referrals would."""

from datetime import UTC, datetime
from pathlib import Path

from carebridge.plugin_api import ClientFileSection, TimelineEntry, can, hookimpl


@hookimpl
def register_template_dirs():
    return [str(Path(__file__).parent / "templates")]


@hookimpl
def client_file_sections(client, user):
    if not can(user.role, "clients.read"):
        return []
    return [ClientFileSection("visits", "Home visits", "clients/_test_visits.html", order=5,
                              context=lambda: {"visits": ["Tuesday visit"]})]


@hookimpl
def client_timeline(client, user):
    return [TimelineEntry(datetime(2020, 1, 2, 18, 30, tzinfo=UTC), "visit", "Home visit",
                          url="/visits/1", detail="Met at home"),
            TimelineEntry(datetime(2030, 1, 1, tzinfo=UTC), "visit", "Planned visit")]
