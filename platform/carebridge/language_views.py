"""The language switch on every page: remember the choice, save it to the user's profile."""

from __future__ import annotations

from flask import Blueprint, abort, request, url_for

from carebridge import i18n
from carebridge.auth.access import current_user
from carebridge.db import get_session
from carebridge.http import same_site_path, see_other

bp = Blueprint("language", __name__)


@bp.post("/language")
def choose():
    """Show the site in the language chosen; a signed-in user keeps it in their profile."""
    chosen = i18n.choose(request.form.get("locale", ""))
    if chosen is None:
        abort(400)
    user = current_user()
    if user is not None:
        user.locale = chosen
        get_session().flush()
    # Back to the page the switch was on; never to another site.
    return see_other(same_site_path(request.form.get("next"), url_for("auth.home")))
