"""Client pages: the client's file (header, the sections features add, the timeline)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask import Blueprint, current_app, g, render_template
from flask_babel import get_locale
from markupsafe import Markup

from carebridge.auth.access import current_user, requires
from carebridge.clients import sections, timeline
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.forms.service import today
from carebridge.http import render_page
from carebridge.plugins import hook

bp = Blueprint("clients", __name__)


@bp.app_template_filter("agency_time")
def agency_time(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored (UTC) time as the agency's local time (``TIME_ZONE``)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(current_app.config["TIME_ZONE"])).strftime(pattern)


@bp.app_template_filter("language_name")
def language_name(tag: str) -> str:
    """A BCP 47 tag as the language's name in the page's locale ("es" → "Spanish")."""
    if not tag:
        return ""
    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name(str(get_locale())) or tag
    except (ValueError, UnknownLocaleError):
        return tag


@bp.app_template_filter("phone_display")
def phone_display(digits: str) -> str:
    """Stored digits as a person reads them: (650) 555-0100 for a US number."""
    if len(digits) == 10 and digits.isdigit():
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return digits


def age_on(birth: date | None, day: date) -> int | None:
    if birth is None:
        return None
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@bp.get("/clients/<client_id>")
@requires("clients.read")
def file(client_id: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via)
    found_sections = sections.collect(hook().client_file_sections(client=client, user=user))
    entries = timeline.collect(hook().client_timeline(client=client, user=user))
    # Each section is drawn with its own context, asked for only now that it is shown.
    drawn = [(section, Markup(render_template(section.template, client=client,
                                               **section.context())))
             for section in found_sections]
    return render_page("clients/file.html", client=client, sections=drawn,
                       timeline=entries, age=age_on(client.birth_date, today()))
