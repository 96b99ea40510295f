"""Kiosk pages: admins make links; a link shows one intake form, clean for every client."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.db import get_session
from carebridge.errors import InvalidInput, NotFound
from carebridge.forms import service
from carebridge.htmx import is_htmx
from carebridge.renderer import filling, kiosk
from carebridge.renderer.views import Filling, bp, handle_post, page, time_zone


def _no_store(response):
    # Nothing a client typed may be kept by the browser or a proxy for the next client.
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _open(token: str) -> tuple[kiosk.KioskLink, Filling]:
    db = get_session()
    try:
        link = kiosk.open_kiosk(db, token)
        version = service.get_version(db, link.definition.slug)
    except NotFound:
        abort(404)
    shown = kiosk.shown_stamp(current_app.secret_key, link)
    return link, Filling(version, filling.compiled(version), None, kiosk=link, shown=shown)


@bp.get("/kiosk/<token>")
def kiosk_fill(token: str):
    link, ctx = _open(token)
    st = filling.blank_state(ctx.form, None, time_zone=time_zone(),
                             action=url_for("renderer.kiosk_post", token=token))
    body, status = page(ctx, st)
    return _no_store(_response(body, status))


@bp.post("/kiosk/<token>")
def kiosk_post(token: str):
    link, ctx = _open(token)
    if not is_htmx() and not kiosk.page_is_fresh(current_app.secret_key, link,
                                                  request.form.get("_shown", "")):
        # A page without JavaScript older than the idle time: left behind, or resent from the
        # browser's history by the next person. Start clean instead of answering it.
        return _no_store(redirect(url_for("renderer.kiosk_fill", token=token), code=303))
    return _no_store(_response(handle_post(ctx, url_for("renderer.kiosk_post", token=token))))


@bp.get("/kiosk/<token>/done")
def kiosk_done(token: str):
    link, ctx = _open(token)
    html = render_template("renderer/kiosk_done.html", link=link, ctx=ctx)
    return _no_store(_response(html))


@bp.route("/forms/<slug>/kiosk", methods=["GET", "POST"])
@requires("forms.manage")
def kiosk_links(slug: str):
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
                idle_seconds=int(idle) if idle.isdigit() else -1,
                label=request.form.get("label", ""),
            )
        except InvalidInput as error:
            problems = error.problems or [error]
        else:
            db.commit()
            flash(f"Kiosk link created: {url_for('renderer.kiosk_fill', token=link.token)}")
            return redirect(url_for("renderer.kiosk_links", slug=slug), code=303)
    return render_template("renderer/kiosk_links.html", definition=definition,
                           links=kiosk.kiosk_links(db, definition), problems=problems)


@bp.post("/forms/<slug>/kiosk/<int:link_id>/revoke")
@requires("forms.manage")
def kiosk_revoke(slug: str, link_id: int):
    db = get_session()
    try:
        kiosk.revoke_kiosk_link(db, link_id)
    except NotFound:
        abort(404)
    db.commit()
    flash("The kiosk link is turned off.")
    return redirect(url_for("renderer.kiosk_links", slug=slug), code=303)


def _response(result, status: int = 200):
    from flask import make_response

    if isinstance(result, tuple):
        return make_response(*result)
    return make_response(result, status)
