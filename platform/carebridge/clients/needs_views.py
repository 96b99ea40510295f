"""Needs pages: add a need to a client by hand, change its status or note (htmx updates the
needs section in place), and the agency's own needs vocabulary."""

from __future__ import annotations

from flask import flash, g, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.clients import needs
from carebridge.clients.service import get_client
from carebridge.clients.views import bp
from carebridge.db import get_session
from carebridge.errors import Conflict, InvalidInput
from carebridge.http import client_redirect, is_htmx, render_page
from carebridge.i18n import _


def needs_context(client) -> dict:
    db = get_session()
    return {"needs": needs.needs_of(db, client.id), "vocabulary": list(needs.vocabulary(db)),
            "statuses": needs.STATUS_LABELS}


def _answer(client, *, error: str = ""):
    """The needs section again for htmx (with a message), else back to the file."""
    if is_htmx():
        return render_page("clients/_needs.html", "clients/_needs.html", client=client,
                           message=error, **needs_context(client),
                           status=422 if error else 200)
    if error:
        flash(error)
    return client_redirect(url_for("clients.file", client_id=client.id) + "#section-needs")


@bp.post("/clients/<client_id>/needs")
@requires("clients.manage")
def add_need(client_id: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via, audited=False)
    try:
        needs.add_need(db, client, request.form.get("code", ""), user_id=user.id,
                       note=request.form.get("note", "")[:5000], via=g.via)
    except (InvalidInput, Conflict) as error:
        return _answer(client, error=error.message)
    return _answer(client)


@bp.post("/clients/<client_id>/needs/<need_id>")
@requires("clients.manage")
def change_need(client_id: str, need_id: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via, audited=False)
    need = needs.get_need(db, client, need_id)
    try:
        needs.set_status(db, need, request.form.get("status", need.status), user_id=user.id,
                         note=request.form.get("note", "")[:5000], via=g.via)
    except (InvalidInput, Conflict) as error:
        return _answer(client, error=error.message)
    return _answer(client)


@bp.route("/clients/needs-vocabulary", methods=["GET", "POST"])
@requires("forms.manage")
def vocabulary():
    """The needs this agency can record: the shipped ones and its own, which it adds here."""
    db = get_session()
    user = current_user()
    errors, values = {}, {}
    if request.method == "POST":
        values = {name: request.form.get(name, "") for name in
                  ("code", "label", "description", "search_words")}
        try:
            needs.add_agency_need(db, values["code"], values["label"],
                                  description=values["description"],
                                  search_words=values["search_words"].split(","),
                                  user_id=user.id, via=g.via)
            flash(_("Need added."))
            return client_redirect(url_for("clients.vocabulary"))
        except InvalidInput as error:
            errors = {p.pointer.strip("/"): p.message for p in error.problems}
    own = {need.code for need in needs.agency_needs(db)}
    return render_page("clients/vocabulary.html", entries=list(needs.vocabulary(db)), own=own,
                       errors=errors, values=values, status=422 if errors else 200)
