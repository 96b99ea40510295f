"""Directory editors' pages: add and edit resources, mark them verified, review suggested edits."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.db import get_session
from carebridge.directory import editing, suggestions
from carebridge.directory.forms import ResourceForm
from carebridge.errors import InvalidInput

bp = Blueprint("directory_editor", __name__, url_prefix="/directory/edit")


@bp.route("/new", methods=["GET", "POST"])
@requires("directory.edit")
def new():
    form = ResourceForm()
    if form.validate_on_submit():
        db = get_session()
        try:
            service = editing.create_resource(
                db, editing.ResourceInput.from_data(form.data), current_user(), g.via
            )
        except InvalidInput as exc:
            _show(form, exc)
        else:
            flash(f"Added {service.name}.")
            return redirect(url_for("directory.service", service_id=service.id), code=303)
    return _page(form, None)


@bp.route("/services/<service_id>", methods=["GET", "POST"])
@requires("directory.edit")
def edit(service_id: str):
    db = get_session()
    current = editing.current_input(db, service_id)
    form = ResourceForm(data=vars(current))
    if form.validate_on_submit():
        try:
            editing.update_resource(
                db, service_id, editing.ResourceInput.from_data(form.data), current_user(), g.via
            )
        except InvalidInput as exc:
            _show(form, exc)  # answered with 422: the request's changes are rolled back
        else:
            flash("Saved. Search results show the change now.")
            return redirect(url_for("directory.service", service_id=service_id), code=303)
    return _page(form, service_id)


def _show(form: ResourceForm, exc: InvalidInput) -> None:
    for problem in exc.problems:
        form[problem.pointer].errors.append(problem.message)


def _page(form: ResourceForm, service_id: str | None):
    status = 422 if form.errors else 200
    return render_template("directory/edit.html", form=form, service_id=service_id), status


@bp.post("/services/<service_id>/verified")
@requires("directory.edit")
def verify(service_id: str):
    db = get_session()
    service = editing.mark_verified(db, service_id, current_user(), g.via)
    flash(f"Marked {service.name} as verified today.")
    return redirect(url_for("directory.service", service_id=service_id), code=303)


@bp.get("/suggestions")
@requires("directory.edit")
def review():
    return render_template("directory/suggestions.html",
                           suggestions=suggestions.open_suggestions(get_session(),
                                                                    current_user()))


@bp.post("/suggestions/<int:edit_id>")
@requires("directory.edit")
def close(edit_id: int):
    db = get_session()
    suggestions.close(db, edit_id, request.form.get("outcome", ""), current_user(), g.via)
    flash("Suggestion closed.")
    return redirect(url_for("directory_editor.review"), code=303)
