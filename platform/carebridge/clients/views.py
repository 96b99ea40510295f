"""Client pages: search and caseload, a new client (duplicates warned), edit, close and reopen,
merge two records, and the client's file (header, the sections features add, the timeline)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from flask import Blueprint, current_app, flash, g, render_template, request, url_for
from flask_babel import get_locale
from markupsafe import Markup
from sqlalchemy import func, select

from carebridge import audit
from carebridge.auth.access import current_user, requires
from carebridge.auth.models import User
from carebridge.auth.roles import can
from carebridge.clients import sections, service, timeline
from carebridge.clients.attention import open_flags
from carebridge.clients.duplicates import likely_duplicates
from carebridge.clients.merging import client_references, merge_clients
from carebridge.clients.models import MERGED
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import Conflict, InvalidInput
from carebridge.forms.service import list_definitions, today
from carebridge.http import client_redirect, render_page, see_other
from carebridge.i18n import _
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


def _problems(error: InvalidInput) -> dict[str, str]:
    """Problems by field name, for messages beside the fields."""
    return {problem.pointer.strip("/").split("/")[0]: problem.message
            for problem in error.problems}


def _form_values() -> dict:
    values = {name: request.form.get(name, "") for name in FORM_FIELDS}
    system, value = request.form.get("external_system", ""), request.form.get("external_id", "")
    if system.strip() or value.strip():
        values["external_ids"] = [{"system": system, "value": value}]
    elif "external_system" in request.form:
        values["external_ids"] = []
    return values


FORM_FIELDS = ("given_name", "middle_name", "family_name", "preferred_name", "birth_date",
               "preferred_language", "phone", "email", "address_line1", "address_line2", "city",
               "state", "postal_code", "care_manager_id")


def _care_managers(db) -> list:
    users = db.scalars(select(User).where(User.agency_id == current_user().agency_id,
                                          User.is_active.is_(True)).order_by(User.email))
    return [user for user in users if can(user.role, "clients.manage")]


@bp.get("/clients/")
@requires("clients.read")
def index():
    db = get_session()
    user = current_user()
    q = request.args.get("q", "").strip()[:200]
    found = service.search_clients(db, q) if q else []
    for client in found:  # the results show client data: each is an audited read
        audit.record(db, audit.READ, client, user_id=user.id, via=g.via,
                     detail={"search": True})
    mine = service.caseload(db, user.id)
    return render_page("clients/index.html", "clients/_results.html", q=q, found=found,
                       caseload=mine)


@bp.route("/clients/new", methods=["GET", "POST"])
@requires("clients.manage")
def new():
    db = get_session()
    user = current_user()
    values = _form_values() if request.method == "POST" else {
        "care_manager_id": str(user.id) if can(user.role, "clients.manage") else ""}
    errors, duplicates = {}, []
    if request.method == "POST":
        try:
            cleaned = service.clean_fields(values, creating=True, today=today())
            duplicates = likely_duplicates(
                db, given_name=cleaned.get("given_name", ""),
                family_name=cleaned.get("family_name", ""),
                birth_date=cleaned.get("birth_date"), phone=cleaned.get("phone", ""))
            if not duplicates or request.form.get("confirmed") == "yes":
                client = service.create_client(db, values, user_id=user.id, via=g.via,
                                               today=today())
                flash(_("Client created."))
                return client_redirect(url_for("clients.file", client_id=client.id))
        except InvalidInput as error:
            errors = _problems(error)
    status = 422 if errors else (409 if duplicates else 200)
    return render_page("clients/edit.html", values=values, errors=errors,
                       duplicates=duplicates, client=None, managers=_care_managers(db),
                       status=status)


@bp.route("/clients/<client_id>/edit", methods=["GET", "POST"])
@requires("clients.manage")
def edit(client_id: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via)
    errors = {}
    if request.method == "POST":
        values = _form_values()
        try:
            service.update_client(db, client, values, user_id=user.id, via=g.via,
                                  today=today())
            flash(_("Changes saved."))
            return client_redirect(url_for("clients.file", client_id=client.id))
        except InvalidInput as error:
            errors = _problems(error)
    else:
        values = {name: getattr(client, name) or "" for name in FORM_FIELDS}
        values["birth_date"] = client.birth_date.isoformat() if client.birth_date else ""
        first = (client.external_ids or [{}])[0]
        values["external_system"], values["external_id"] = (first.get("system", ""),
                                                            first.get("value", ""))
    if request.method == "POST":
        values["external_system"] = request.form.get("external_system", "")
        values["external_id"] = request.form.get("external_id", "")
    return render_page("clients/edit.html", values=values, errors=errors, duplicates=[],
                       client=client, managers=_care_managers(db),
                       status=422 if errors else 200)


@bp.post("/clients/<client_id>/close")
@requires("clients.manage")
def close(client_id: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via)
    try:
        service.close_client(db, client, request.form.get("reason", ""), user_id=user.id,
                             via=g.via)
        flash(_("The file is closed."))
    except (InvalidInput, Conflict) as error:
        flash(error.message)
    return client_redirect(url_for("clients.file", client_id=client.id))


@bp.post("/clients/<client_id>/reopen")
@requires("clients.manage")
def reopen(client_id: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via)
    try:
        service.reopen_client(db, client, user_id=user.id, via=g.via)
        flash(_("The file is open again."))
    except Conflict as error:
        flash(error.message)
    return client_redirect(url_for("clients.file", client_id=client.id))


@bp.route("/clients/<client_id>/merge", methods=["GET", "POST"])
@requires("clients.manage")
def merge(client_id: str):
    """Merge another record (``other``) into this one, after a confirmation page."""
    db = get_session()
    user = current_user()
    keep = get_client(db, client_id, user_id=user.id, via=g.via)
    other_id = request.values.get("other", "")
    other = get_client(db, other_id, user_id=user.id, via=g.via)
    if request.method == "POST":
        try:
            merge_clients(db, keep, other, user_id=user.id, via=g.via)
        except Conflict as error:
            flash(error.message)
            return client_redirect(url_for("clients.file", client_id=keep.id))
        flash(_("%(other)s was merged into this record.", other=other.display_name))
        return client_redirect(url_for("clients.file", client_id=keep.id))
    return render_page("clients/merge.html", keep=keep, other=other,
                       moving=_counts_of(db, other))


def _counts_of(db, client) -> list[tuple[str, int]]:
    """How many rows of each table refer to ``client`` (what a merge moves)."""
    found = []
    for table, column in client_references():
        statement = select(func.count()).select_from(table).where(table.c[column] == client.id)
        if "agency_id" in table.c:
            statement = statement.where(table.c.agency_id == client.agency_id)
        count = db.execute(statement).scalar_one()
        if count:
            found.append((table.name.replace("_", " "), count))
    return found


@bp.get("/clients/<client_id>")
@requires("clients.read")
def file(client_id: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via)
    if client.status == MERGED and client.merged_into_id:
        flash(_("This record was merged into another; here is the one that remains."))
        return see_other(url_for("clients.file", client_id=client.merged_into_id))
    found_sections = sections.collect(hook().client_file_sections(client=client, user=user))
    entries = timeline.collect(hook().client_timeline(client=client, user=user))
    # Each section is drawn with its own context, asked for only now that it is shown.
    drawn = [(section, Markup(render_template(section.template, client=client,
                                               **section.context())))
             for section in found_sections]
    duplicates = likely_duplicates(
        db, given_name=client.given_name, family_name=client.family_name,
        birth_date=client.birth_date, phone=client.phone, exclude=client.id,
    ) if client.status != MERGED else []
    return render_page("clients/file.html", client=client, sections=drawn,
                       timeline=entries, age=age_on(client.birth_date, today()),
                       duplicates=duplicates, open_flags=open_flags(db, client),
                       forms=list_definitions(db) if can(user.role, "submissions.create")
                       else [])
