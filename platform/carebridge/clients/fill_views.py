"""Filling any form for a client, from their file: the draft and the submission carry the
client, and the form opens in the client's preferred language when it has that translation."""

from __future__ import annotations

from flask import abort, g, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.auth.roles import can
from carebridge.clients.models import ACTIVE
from carebridge.clients.service import get_client
from carebridge.clients.views import bp
from carebridge.db import get_session
from carebridge.errors import NotFound
from carebridge.forms import service
from carebridge.forms.translations import languages
from carebridge.http import see_other
from carebridge.renderer import filling
from carebridge.renderer.filling_flow import Filling, handle_post, page, time_zone


def _language(version, client) -> str | None:
    """The client's language when the definition can be shown in it (else as written)."""
    wanted = (client.preferred_language or "").lower()
    if not wanted:
        return None
    offered = {tag.lower(): tag for tag in languages(version.document)}
    return offered.get(wanted) or offered.get(wanted.split("-")[0])


def _context(client, version) -> Filling:
    form = filling.compiled_form(version, language=_language(version, client))
    return Filling(version, form, current_user().id, client_id=client.id,
                   client_name=client.display_name)


@bp.get("/clients/<client_id>/forms/<slug>/fill")
@requires("submissions.create")
@requires("clients.read")
def fill(client_id: str, slug: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via)
    if client.status != ACTIVE:
        abort(409)
    draft_id = request.args.get("draft", "")
    data = None
    try:
        if draft_id and can(user.role, "drafts.manage"):
            draft = service.get_draft_of(db, slug, draft_id, user_id=user.id)
            if draft.client_id != client.id:
                abort(404)
            version, data = draft.form_version, draft.data
        else:
            draft_id = ""
            version = service.get_version(db, slug)
    except NotFound:
        abort(404)
    ctx = _context(client, version)
    st = filling.blank_state(ctx.form, data, time_zone=time_zone(), draft_id=draft_id,
                             action=url_for("clients.post_fill", client_id=client.id, slug=slug))
    return page(ctx, st)


@bp.post("/clients/<client_id>/forms/<slug>/fill")
@requires("submissions.create")
@requires("clients.read")
def post_fill(client_id: str, slug: str):
    db = get_session()
    user = current_user()
    client = get_client(db, client_id, user_id=user.id, via=g.via, audited=False)
    if client.status != ACTIVE:
        abort(409)
    number = request.form.get("_version", "")
    try:
        version = service.get_version(db, slug, int(number) if number.isdigit() else None)
    except NotFound:
        abort(404)
    return handle_post(_context(client, version),
                       url_for("clients.post_fill", client_id=client.id, slug=slug))


@bp.get("/clients/<client_id>/forms/")
@requires("submissions.create")
def choose_form(client_id: str):
    """The file's "fill a form" chooser without JavaScript: on to the chosen form."""
    get_client(get_session(), client_id, user_id=current_user().id, via=g.via, audited=False)
    slug = request.args.get("slug", "")
    if not slug:
        abort(404)
    return see_other(url_for("clients.fill", client_id=client_id, slug=slug))
