"""Care plan and task pages: a client's plans, one plan (goals, tasks, sign-off, versions),
its print view, and a worker's tasks (overdue, today, this week) or the team's."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, g, request, url_for
from sqlalchemy import select
from werkzeug.routing import BuildError

from carebridge import i18n
from carebridge.auth.access import current_user, requires
from carebridge.auth.models import User
from carebridge.auth.roles import can
from carebridge.careplans import appointments as appointments_service
from carebridge.careplans import (
    monitoring,
    progress,
    reminder_schedule,
    reminders,
    service,
    tasks,
)
from carebridge.careplans.models import (
    GOAL_STATUSES,
    RESPONSIBLE,
    SIGNATURE_KINDS,
    TASK_STATUSES,
)
from carebridge.careplans.templates import care_plan_templates
from carebridge.careplans.wording import (
    GOAL_STATUS_LABELS,
    JUDGED_LABELS,
    MESSAGE_STATUS_LABELS,
    MODE_LABELS,
    REMINDER_LABELS,
    RESPONSIBLE_LABELS,
    TASK_STATUS_LABELS,
)
from carebridge.clients.service import get_client
from carebridge.db import get_session, utcnow
from carebridge.errors import InvalidInput
from carebridge.forms.service import today
from carebridge.http import client_redirect, is_htmx, render_page, same_site_path, see_other
from carebridge.i18n import _

bp = Blueprint("careplans", __name__)


def client_url(client) -> str:
    """The client's file when the clients feature is installed, else their plans page."""
    try:
        return url_for("clients.file", client_id=client.id)
    except BuildError:
        return url_for("careplans.client_plans", client_id=client.id)


def _context(**extra) -> dict:
    return {"goal_statuses": GOAL_STATUSES, "task_statuses": TASK_STATUSES,
            "responsible_options": RESPONSIBLE, "signature_kinds": SIGNATURE_KINDS,
            "goal_labels": GOAL_STATUS_LABELS, "task_labels": TASK_STATUS_LABELS,
            "responsible_labels": RESPONSIBLE_LABELS, "client_url": client_url,
            "today": today(), **extra}


def _errors(exc: InvalidInput | None) -> dict:
    return {p.pointer: p.message for p in exc.problems} if exc else {}


@bp.route("/clients/<client_id>/care-plans", methods=["GET", "POST"])
@requires("care_plans.read")
def client_plans(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=current_user().id, via=g.via)
    error = None
    if request.method == "POST":
        if not can(current_user().role, "care_plans.manage"):
            abort(403)
        start = request.form.get("start_date") or None
        try:
            start_day = date.fromisoformat(start) if start else None
        except ValueError:
            start_day = None
        try:
            plan = service.create_plan(session, client, request.form.get("template"),
                                       user=current_user(), start=start_day,
                                       from_open_needs=request.form.get("from_open_needs") == "1")
        except InvalidInput as exc:
            error = exc
        else:
            return see_other(url_for("careplans.show", plan_id=plan.id))
    return render_page("careplans/client_plans.html", status=422 if error else 200,
                       **_context(client=client, plans=service.plans_of(session, client),
                                  templates=care_plan_templates(session), error=error,
                                  errors=_errors(error)))


def _plan_page(plan, *, status: int = 200, error: InvalidInput | None = None,
               fragment: str | None = None, **extra):
    session = get_session()
    workers = list(session.scalars(select(User).where(User.is_active.is_(True))
                                   .order_by(User.name, User.email)))
    return render_page("careplans/plan.html", fragment, status=status,
                       **_context(plan=plan, client=plan.client, error=error,
                                  errors=_errors(error), workers=workers,
                                  consents=reminders.consents(session, plan.client),
                                  versions=service.versions(session, plan), **extra))


@bp.get("/care-plans/<plan_id>")
@requires("care_plans.read")
def show(plan_id: str):
    plan = service.get_plan(get_session(), plan_id, user_id=current_user().id, via=g.via)
    return _plan_page(plan)


@bp.get("/care-plans/<plan_id>/print")
@requires("care_plans.read")
def print_view(plan_id: str):
    plan = service.get_plan(get_session(), plan_id, user_id=current_user().id, via=g.via)
    # The printed plan is the client's: in their language (or ?lang=, for the file).
    i18n.use_for_request(request.args.get("lang") or plan.client.preferred_language)
    return render_page("careplans/print.html", **_context(plan=plan, client=plan.client))


def _change(plan_id: str, change, anchor: str = ""):
    """Run ``change(session, plan)``; back to the plan (303), or the page with the problems
    shown where they are (422)."""
    session = get_session()
    plan = service.get_plan(session, plan_id, user_id=current_user().id, via=g.via)
    try:
        change(session, plan)
    except InvalidInput as exc:
        return _plan_page(plan, status=422, error=exc, failed=anchor)
    return client_redirect(url_for("careplans.show", plan_id=plan.id) + anchor)


@bp.post("/care-plans/<plan_id>")
@requires("care_plans.manage")
def update(plan_id: str):
    form = {k: request.form[k] for k in ("start_date", "review_date", "what_matters")
            if k in request.form}
    return _change(plan_id, lambda s, p: service.update_plan(s, p, form, user=current_user()),
                   "#details")


@bp.post("/care-plans/<plan_id>/goals")
@requires("care_plans.manage")
def add_goal(plan_id: str):
    form = {k: request.form[k] for k in ("statement", "measurable_outcome", "target",
                                         "target_date", "status") if k in request.form}
    return _change(plan_id, lambda s, p: service.add_goal(s, p, form, user=current_user()),
                   "#goals")


@bp.post("/care-plans/<plan_id>/goals/<goal_id>")
@requires("care_plans.manage")
def update_goal(plan_id: str, goal_id: str):
    form = {k: request.form[k] for k in ("status", "note", "target_date") if k in request.form}
    if is_htmx():
        # The goal alone, redrawn in place; a refused change falls back to the whole page.
        session = get_session()
        plan = service.get_plan(session, plan_id, user_id=current_user().id, via=g.via)
        goal = service.goal_of(plan, goal_id)
        try:
            service.update_goal(session, plan, goal, form, user=current_user())
        except InvalidInput as exc:
            return _plan_page(plan, status=422, error=exc, failed=f"#goal-{goal_id}")
        return render_page("careplans/plan.html", "careplans/_goal.html",
                           **_context(plan=plan, goal=goal, client=plan.client))

    def change(session, plan):
        service.update_goal(session, plan, service.goal_of(plan, goal_id), form,
                            user=current_user())

    return _change(plan_id, change, f"#goal-{goal_id}")


@bp.post("/care-plans/<plan_id>/tasks")
@requires("care_plans.manage")
def add_task(plan_id: str):
    form = {k: request.form[k] for k in ("title", "due", "responsible", "owner_id", "goal_id")
            if k in request.form}
    return _change(plan_id, lambda s, p: service.add_task(s, p, form, user=current_user()),
                   "#tasks")


@bp.post("/care-plans/<plan_id>/sign")
@requires("care_plans.manage")
def sign(plan_id: str):
    form = {k: request.form[k] for k in ("kind", "name") if k in request.form}
    return _change(plan_id, lambda s, p: service.sign(s, p, form, user=current_user()),
                   "#sign-off")


def _task_lists(team: bool):
    session = get_session()
    found = tasks.open_tasks(session, owner_id=None if team else current_user().id)
    upcoming = [a for a in appointments_service.of_worker(session, current_user().id, utcnow())
                if a.status == "scheduled"][:10]
    return render_page("careplans/tasks.html", "careplans/_task_groups.html", **_context(
        team=team, groups=tasks.grouped(found, today()), tasks_found=found,
        appointments=upcoming, zone=appointments_service.zone(), mode_labels=MODE_LABELS))


@bp.get("/tasks")
@requires("tasks.manage")
def my_tasks():
    return _task_lists(request.args.get("view") == "team")


@bp.post("/tasks/<task_id>/status")
@requires("tasks.manage")
def task_status(task_id: str):
    session = get_session()
    task = tasks.get_task(session, task_id)
    tasks.set_status(session, task, request.form.get("status"), user=current_user(),
                     note=request.form.get("note", ""))
    back = same_site_path(request.form.get("next"), url_for("careplans.my_tasks"))
    if is_htmx():
        # The task lists redrawn in place (the changed task leaves them when done).
        return _task_lists("view=team" in back)
    return client_redirect(back)


# Appointments

def ics_response(appointments, name: str, filename: str):
    from flask import Response

    response = Response(appointments_service.calendar(appointments, name),
                        mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


# The three downloads, for the pages and the API alike.
def appointment_calendar(appointment):
    return ics_response([appointment], _("Appointment"), f"appointment-{appointment.id}.ics")


def client_calendar(session, client):
    return ics_response(appointments_service.of_client(session, client),
                        _("Appointments: %(client)s", client=client.display_name),
                        f"appointments-{client.id}.ics")


def worker_calendar(session, user):
    return ics_response(appointments_service.of_worker(session, user.id),
                        _("Carebridge: %(worker)s", worker=user.name or user.email),
                        "carebridge-appointments.ics")


@bp.route("/clients/<client_id>/appointments", methods=["GET", "POST"])
@requires("care_plans.read")
def client_appointments(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=current_user().id, via=g.via)
    error = None
    if request.method == "POST":
        if not can(current_user().role, "care_plans.manage"):
            abort(403)
        form = {k: request.form[k] for k in ("with_whom", "location", "mode", "starts_at",
                                             "duration_minutes", "note") if k in request.form}
        try:
            appointments_service.book(session, client, form, user=current_user())
        except InvalidInput as exc:
            error = exc
        else:
            return see_other(url_for("careplans.client_appointments", client_id=client.id))
    return render_page("careplans/appointments.html", status=422 if error else 200,
                       **_context(client=client, error=error, errors=_errors(error),
                                  form=request.form,
                                  appointments=appointments_service.of_client(session, client),
                                  zone=appointments_service.zone(), mode_labels=MODE_LABELS,
                                  now=utcnow(), consents=reminders.consents(session, client),
                                  messages=reminders.messages_of(session, client),
                                  message_labels=MESSAGE_STATUS_LABELS,
                                  scheduled=reminder_schedule.upcoming(session, client, utcnow()),
                                  **REMINDER_LABELS))


@bp.post("/appointments/<appointment_id>/cancel")
@requires("care_plans.manage")
def cancel_appointment(appointment_id: str):
    session = get_session()
    appointment = appointments_service.get_appointment(session, appointment_id)
    appointments_service.change(session, appointment, {"status": "cancelled"},
                                user=current_user())
    return see_other(url_for("careplans.client_appointments", client_id=appointment.client_id))


@bp.get("/appointments/<appointment_id>.ics")
@requires("care_plans.read")
def appointment_ics(appointment_id: str):
    return appointment_calendar(appointments_service.get_appointment(get_session(),
                                                                     appointment_id))


@bp.get("/clients/<client_id>/appointments.ics")
@requires("care_plans.read")
def client_ics(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=current_user().id, via=g.via)
    return client_calendar(session, client)


@bp.get("/appointments.ics")
@requires("care_plans.read")
def my_ics():
    return worker_calendar(get_session(), current_user())


# Monitoring

def monitoring_context(session, client) -> dict:
    series = monitoring.score_series(session, client)
    return {"charts": [monitoring.chart(s) for s in series if len(s.points) > 1],
            "once": [s for s in series if len(s.points) == 1],
            "judged_labels": JUDGED_LABELS}


def progress_context(session, client) -> dict:
    """Each goal's and each need's statuses over time, as charts (goal progress, need status)."""
    now = utcnow()
    return {"goal_charts": [progress.chart(h, until=now)
                            for h in progress.goal_histories(session, client)],
            "need_charts": [progress.chart(h, until=now)
                            for h in progress.need_histories(session, client)]}


@bp.get("/clients/<client_id>/monitoring")
@requires("care_plans.read")
def client_monitoring(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=current_user().id, via=g.via)
    return render_page("careplans/monitoring.html",
                       **_context(client=client, **monitoring_context(session, client)))
