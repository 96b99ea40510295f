"""The "needs attention today" page and acknowledging a flag with a note."""

from __future__ import annotations

from flask import flash, g, request, url_for

from carebridge import audit
from carebridge.auth.access import current_user, requires
from carebridge.clients import attention
from carebridge.clients.views import bp
from carebridge.db import get_session
from carebridge.errors import Conflict, InvalidInput
from carebridge.http import client_redirect, render_page, same_site_path
from carebridge.i18n import _


@bp.get("/clients/attention")
@requires("clients.manage")
def attention_list():
    db = get_session()
    user = current_user()
    items = attention.attention_list(db)
    for client in {item.client.id: item.client for item in items}.values():
        audit.record(db, audit.READ, client, user_id=user.id, via=g.via,
                     detail={"attention_list": True})
    return render_page("clients/attention.html", items=items)


@bp.post("/clients/attention/<submission_id>/<flag>")
@requires("clients.manage")
def acknowledge(submission_id: str, flag: str):
    db = get_session()
    user = current_user()
    back = same_site_path(request.form.get("next"), url_for("clients.attention_list"),
                          under="/clients/")
    try:
        attention.acknowledge(db, submission_id, flag, request.form.get("note", ""),
                              user_id=user.id, via=g.via)
        flash(_("Acknowledged."))
    except (InvalidInput, Conflict) as error:
        flash(error.message)
    return client_redirect(back)
