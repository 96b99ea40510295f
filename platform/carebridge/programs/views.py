"""Programs pages: the agency's programs (admins define them), and enrolling a client in one or
exiting them on the client file (htmx swaps the file's programs section in place; without
JavaScript the forms post and come back to the file)."""

from __future__ import annotations

from flask import Blueprint, flash, g, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import Conflict, InvalidInput
from carebridge.forms.service import today
from carebridge.http import client_redirect, is_htmx, render_page, see_other
from carebridge.i18n import _
from carebridge.programs import service

bp = Blueprint("programs", __name__)


def section_context(client) -> dict:
    session = get_session()
    return {"enrolments": service.enrolments_of(session, client),
            "programs": service.programs(session, active_only=True), "today": today()}


def _answer(client, *, error: str = ""):
    """The programs section again for htmx (with the message), else back to the file."""
    if is_htmx():
        return render_page("programs/_section.html", "programs/_section.html", client=client,
                           message=error, status=422 if error else 200,
                           **section_context(client))
    if error:
        flash(error)
    return client_redirect(url_for("clients.file", client_id=client.id) + "#section-programs")


def _message(error: InvalidInput | Conflict) -> str:
    details = [p.message for p in getattr(error, "problems", None) or []]
    return " ".join([error.message, *details])


@bp.post("/clients/<client_id>/programs")
@requires("clients.manage")
def enrol(client_id: str):
    session = get_session()
    user = current_user()
    client = get_client(session, client_id, user_id=user.id, via=g.via, audited=False)
    try:
        service.enrol(session, client, service.form_answers(request.form, (
            "program", "start_date")), user=user, via=g.via)
    except (InvalidInput, Conflict) as error:
        return _answer(client, error=_message(error))
    return _answer(client)


@bp.post("/clients/<client_id>/programs/<int:enrolment_id>/exit")
@requires("clients.manage")
def exit_program(client_id: str, enrolment_id: int):
    session = get_session()
    user = current_user()
    client = get_client(session, client_id, user_id=user.id, via=g.via, audited=False)
    enrolment = service.get_enrolment(session, client, enrolment_id)
    try:
        service.exit_enrolment(session, enrolment, service.form_answers(request.form, (
            "end_date", "exit_reason")), user=user, via=g.via)
    except (InvalidInput, Conflict) as error:
        return _answer(client, error=_message(error))
    return _answer(client)


@bp.route("/agency/programs", methods=["GET", "POST"])
@requires("programs.manage")
def manage():
    """The agency's programs, and a form to add one."""
    session = get_session()
    errors, values = {}, {}
    if request.method == "POST":
        values = service.form_answers(request.form, ("code", "name", "description"))
        try:
            service.add_program(session, values, user=current_user(), via=g.via)
        except InvalidInput as error:
            errors = {p.pointer.strip("/"): p.message for p in error.problems}
        else:
            flash(_("Program added."))
            return see_other(url_for("programs.manage"))
    return render_page("programs/manage.html", programs=service.programs(session),
                       errors=errors, values=values, status=422 if errors else 200)


@bp.post("/agency/programs/<int:program_id>")
@requires("programs.manage")
def change(program_id: int):
    """Rename a program or (de)activate it."""
    session = get_session()
    program = service.get_program(session, program_id)
    data = service.form_answers(request.form, ("name",))
    if "description" in request.form:
        data["description"] = request.form["description"].strip()
    if "active" in request.form:
        data["active"] = request.form["active"] == "1"
    try:
        service.update_program(session, program, data, user=current_user(), via=g.via)
    except InvalidInput as error:
        flash(_message(error))
    else:
        flash(_("Program “%(name)s” saved.", name=program.name))
    return see_other(url_for("programs.manage") + f"#program-{program.id}")
