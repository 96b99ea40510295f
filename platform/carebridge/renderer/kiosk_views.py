"""The kiosk blueprint: admins make links; a link shows one intake form, clean for every client."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    render_template,
    request,
    url_for,
)

from carebridge.auth.access import current_user, requires
from carebridge.db import get_session
from carebridge.errors import InvalidInput, NotFound
from carebridge.forms import service
from carebridge.http import is_htmx, no_store, see_other
from carebridge.i18n import _
from carebridge.renderer import filling, kiosk
from carebridge.renderer.filling_flow import Filling, handle_post, page, time_zone
from carebridge.whole_numbers import whole_number

bp = Blueprint("kiosk", __name__)
#: The thank-you page's countdown to a clean form for the next person (it can be paused).
RESTART_SECONDS = 15
# Nothing a client typed may be kept by the browser or a proxy for the next client: every
# kiosk answer is sent with ``no_store``.


def _open(token: str) -> tuple[kiosk.KioskLink, Filling]:
    db = get_session()
    try:
        link = kiosk.open_kiosk(db, token)
        version = service.get_version(db, link.definition.slug)
    except NotFound:
        abort(404)
    shown = kiosk.shown_stamp(current_app.secret_key, link)
    return link, Filling(version, filling.compiled_form(version, kiosk=True), None, kiosk=link,
                         shown=shown)


@bp.get("/kiosk/<token>")
def fill(token: str):
    link, ctx = _open(token)
    st = filling.blank_state(ctx.form, None, time_zone=time_zone(),
                             action=url_for("kiosk.post", token=token))
    return no_store(page(ctx, st))


@bp.post("/kiosk/<token>")
def post(token: str):
    link, ctx = _open(token)
    if not is_htmx() and not kiosk.page_is_fresh(current_app.secret_key, link,
                                                  request.form.get("_shown", "")):
        # A page without JavaScript older than the idle time: left behind, or resent from the
        # browser's history by the next person. Start clean instead of answering it.
        return no_store(see_other(url_for("kiosk.fill", token=token)))
    return no_store(handle_post(ctx, url_for("kiosk.post", token=token)))


@bp.get("/kiosk/<token>/done")
def done(token: str):
    link, ctx = _open(token)
    return no_store(make_response(render_template(
        "renderer/kiosk_done.html", link=link, ctx=ctx, restart_seconds=RESTART_SECONDS)))


@bp.route("/forms/<slug>/kiosk", methods=["GET", "POST"])
@requires("forms.manage")
def links(slug: str):
    db = get_session()
    try:
        definition = service.get_definition(db, slug)
    except NotFound:
        abort(404)
    problems = []
    if request.method == "POST":
        idle = request.form.get("idle_seconds", "120")
        try:
            link = kiosk.create_kiosk_link(
                db, definition, user_id=current_user().id,
                idle_seconds=whole_number(idle.strip()) or -1,
                label=request.form.get("label", ""),
            )
        except InvalidInput as error:
            problems = error.problems or [error]
        else:
            flash(f"Kiosk link created: {url_for('kiosk.fill', token=link.token)}")
            return see_other(url_for("kiosk.links", slug=slug))
    return render_template("renderer/kiosk_links.html", definition=definition,
                           links=kiosk.kiosk_links(db, definition),
                           allowed=kiosk.may_run_on_kiosk(definition),
                           problems=problems), 422 if problems else 200


@bp.post("/forms/<slug>/kiosk/allowed")
@requires("forms.manage")
def allow(slug: str):
    db = get_session()
    try:
        definition = service.get_definition(db, slug)
    except NotFound:
        abort(404)
    allowed = request.form.get("allowed") == "yes"
    kiosk.allow_on_kiosk(db, definition, allowed, user_id=current_user().id)
    flash(_("Clients may now fill this form on a kiosk.") if allowed
          else _("This form no longer runs on kiosks; its links stop working."))
    return see_other(url_for("kiosk.links", slug=slug))


@bp.post("/forms/<slug>/kiosk/<int:link_id>/revoke")
@requires("forms.manage")
def revoke(slug: str, link_id: int):
    db = get_session()
    try:
        kiosk.revoke_kiosk_link(db, link_id)
    except NotFound:
        abort(404)
    flash("The kiosk link is turned off.")
    return see_other(url_for("kiosk.links", slug=slug))

