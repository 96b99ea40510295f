"""Directory pages for every worker: search, a service, suggesting an edit, the client list."""

from __future__ import annotations

import re

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.db import get_session
from carebridge.directory import client_list, search, suggestions, wording
from carebridge.directory.forms import SuggestionForm
from carebridge.directory.queries import InvalidSearch, search_query
from carebridge.directory.records import service_record
from carebridge.errors import InvalidInput
from carebridge.http import is_htmx, same_site_path
from carebridge.i18n import _
from resource_directory.taxonomy_crosswalk import filter_choices

bp = Blueprint("directory", __name__, url_prefix="/directory")

RADII_KM = (2, 5, 10, 25, 50)


@bp.app_template_global("worded_reasons")
def worded_reasons(explanation) -> list[str]:
    """Why a result is shown, in the reader's language (templates/directory/_results.html)."""
    return wording.worded_reasons(explanation)


@bp.app_template_filter("tel")
def tel_href(number: str) -> str:
    """A phone number as a ``tel:`` link a phone can dial ("650 780-7525" → "tel:6507807525")."""
    return "tel:" + re.sub(r"[^\d+]", "", number or "")


#: The schemes a link taken from directory data may have: an imported ``javascript:`` or
#: ``data:`` URL would run (or show) whatever its author wrote once clicked.
LINK_SCHEMES = ("http://", "https://", "mailto:", "tel:")


@bp.app_template_filter("link")
def safe_link(url: str | None) -> str:
    """``url`` when it is an http(s), mailto or tel link, else "" (shown as text, not linked)."""
    url = (url or "").strip()
    return url if url.lower().startswith(LINK_SCHEMES) else ""


@bp.get("/")
@requires("directory.read")
def index():
    db = get_session()
    page, problem = None, None
    try:
        page = search.run(db, search_query(request.args))
    except InvalidSearch as exc:
        problem = exc
    context = {"page": page, "problem": problem, "args": request.args,
               "on_list": set(client_list.service_ids())}
    if is_htmx():
        # htmx 2 swaps no 4xx response by default: the inline message needs a 200.
        return render_template("directory/_results.html", **context)
    categories, audiences = filter_choices(db)
    return render_template(
        "directory/search.html", **context, radii=RADII_KM, top_categories=categories,
        audiences=audiences,
        entries=client_list.entries(db), language=client_list.language(),
        languages=client_list.languages(),
    ), (400 if problem else 200)


@bp.get("/services/<service_id>")
@requires("directory.read")
def service(service_id: str):
    return _service_page(service_id, SuggestionForm())


def _service_page(service_id: str, form: SuggestionForm, status: int = 200):
    db = get_session()
    record = service_record(db, service_id)
    return render_template(
        "directory/service.html", record=record, form=form,
        stale=search.is_out_of_date(record.last_verified, search.today()),
        on_list=set(client_list.service_ids()), entries=client_list.entries(db),
        language=client_list.language(), languages=client_list.languages(),
    ), status


@bp.post("/services/<service_id>/suggestions")
@requires("directory.read")
def suggest(service_id: str):
    db = get_session()
    form = SuggestionForm()
    if form.validate_on_submit():
        suggestions.suggest(db, service_id, form.message.data, current_user())
        flash(_("Thank you: a directory editor will review your note."))
        return redirect(url_for("directory.service", service_id=service_id), code=303)
    return _service_page(service_id, form, 422)


# The client list -------------------------------------------------------------------------


@bp.get("/list")
@requires("directory.read")
def client_list_page():
    db = get_session()
    records = client_list.entries(db)
    code = client_list.language()
    return render_template(
        "directory/client_list.html", entries=records, language=code,
        languages=client_list.languages(), labels=client_list.labels(code),
        text=client_list.plain_text(records, code),
    )


@bp.get("/list.txt")
@requires("directory.read")
def client_list_text():
    code = client_list.language()
    text = client_list.plain_text(client_list.entries(get_session()), code)
    return Response(text, mimetype="text/plain", headers={"Content-Language": code})


@bp.post("/list")
@requires("directory.read")
def change_client_list():
    """Add, remove or clear entries, or choose the client's language (one form, many buttons)."""
    db = get_session()
    action, service_id = request.form.get("action", ""), request.form.get("service_id", "")
    if action == "add":
        client_list.add(db, service_id)
    elif action == "remove":
        client_list.remove(service_id)
    elif action == "clear":
        client_list.clear()
    elif action == "language":
        client_list.set_language(request.form.get("language", ""))
    else:
        raise InvalidInput(_("Add, remove, clear or choose a language."))
    if is_htmx():
        return render_template(
            "directory/_client_list.html", entries=client_list.entries(db),
            language=client_list.language(), languages=client_list.languages(),
            on_list=set(client_list.service_ids()), changed=service_id, oob=True,
        )
    return redirect(_back(), code=303)


def _back() -> str:
    return same_site_path(request.form.get("next"), url_for("directory.client_list_page"))
