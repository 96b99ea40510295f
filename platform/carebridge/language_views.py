"""The language switch on every page: remember the choice, save it to the user's profile."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, request, url_for

from carebridge import i18n
from carebridge.auth.access import current_user
from carebridge.db import get_session
from carebridge.http import see_other

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
    return see_other(_same_site(request.form.get("next")))


def _same_site(target: str | None) -> str:
    """Back to the page the switch was on; never to another site."""
    if target and target.startswith("/") and not target.startswith("//"):
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc:
            return target
    return url_for("auth.home")
