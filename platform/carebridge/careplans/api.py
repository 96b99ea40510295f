"""The care plans and tasks JSON API (``/api/v1``): plans from templates, their goals and
tasks, sign-off and versions, and a worker's tasks."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, g, request

from carebridge.api.blueprint import json_body
from carebridge.auth.access import caller, current_user, requires
from carebridge.careplans import appointments as appointments_service
from carebridge.careplans import service, tasks
from carebridge.careplans import views as pages
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _
from carebridge.whole_numbers import whole_number

bp = Blueprint("careplans_api", __name__, url_prefix="/api/v1")


def _plan(plan_id: str):
    return service.get_plan(get_session(), plan_id, user_id=caller().id, via=g.via)


@bp.post("/clients/<client_id>/care-plans")
@requires("care_plans.manage")
def create_plan(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    body = json_body()
    start = None
    if body.get("start_date") is not None:
        try:
            start = date.fromisoformat(body["start_date"])
        except (TypeError, ValueError):
            raise InvalidInput(_("The start date is not a date."),
                               [Problem("/start_date", _("Enter a date as YYYY-MM-DD."))]
                               ) from None
    plan = service.create_plan(session, client, body.get("template"), user=current_user(),
                               start=start, from_open_needs=body.get("from_open_needs") is True,
                               via=g.via)
    return service.snapshot(plan), 201


@bp.get("/clients/<client_id>/care-plans")
@requires("care_plans.read")
def list_plans(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    return {"care_plans": [service.snapshot(plan) for plan in service.plans_of(session, client)]}


@bp.get("/care-plans/<plan_id>")
@requires("care_plans.read")
def get_plan(plan_id: str):
    return service.snapshot(_plan(plan_id))


@bp.patch("/care-plans/<plan_id>")
@requires("care_plans.manage")
def update_plan(plan_id: str):
    plan = service.update_plan(get_session(), _plan(plan_id), json_body(), user=current_user(),
                               via=g.via)
    return service.snapshot(plan)


@bp.post("/care-plans/<plan_id>/goals")
@requires("care_plans.manage")
def add_goal(plan_id: str):
    goal = service.add_goal(get_session(), _plan(plan_id), json_body(), user=current_user(),
                            via=g.via)
    return service.goal_json(goal), 201


@bp.patch("/care-plans/<plan_id>/goals/<goal_id>")
@requires("care_plans.manage")
def update_goal(plan_id: str, goal_id: str):
    plan = _plan(plan_id)
    goal = service.update_goal(get_session(), plan, service.goal_of(plan, goal_id), json_body(),
                               user=current_user(), via=g.via)
    return service.goal_json(goal)


@bp.post("/care-plans/<plan_id>/tasks")
@requires("care_plans.manage")
def add_task(plan_id: str):
    task = service.add_task(get_session(), _plan(plan_id), json_body(), user=current_user(),
                            via=g.via)
    return service.task_json(task), 201


@bp.patch("/care-plans/<plan_id>/tasks/<task_id>")
@requires("care_plans.manage")
def update_task(plan_id: str, task_id: str):
    plan = _plan(plan_id)
    task = service.update_task(get_session(), plan, service.task_of(plan, task_id), json_body(),
                               user=current_user(), via=g.via)
    return service.task_json(task)


@bp.post("/care-plans/<plan_id>/sign")
@requires("care_plans.manage")
def sign(plan_id: str):
    plan = service.sign(get_session(), _plan(plan_id), json_body(), user=current_user(),
                        via=g.via)
    return service.snapshot(plan)


@bp.get("/care-plans/<plan_id>/versions")
@requires("care_plans.read")
def versions(plan_id: str):
    plan = _plan(plan_id)
    return {"versions": [
        {"number": v.number, "summary": v.summary, "at": v.at.isoformat(), "by": v.user_id,
         "plan": v.snapshot}
        for v in service.versions(get_session(), plan)]}


@bp.get("/tasks")
@requires("tasks.manage")
def list_tasks():
    owner = request.args.get("owner", "me")
    owner_id = None
    if owner == "me":
        owner_id = caller().id
    elif owner != "all":
        owner_id = whole_number(owner)  # never more digits than the database's ids hold
        if owner_id is None:
            raise InvalidInput(_("owner is 'me', 'all' or a user id."),
                               [Problem("/owner", _("Use 'me', 'all' or a user id."))])
    due_before = None
    if request.args.get("due_before"):
        try:
            due_before = date.fromisoformat(request.args["due_before"])
        except ValueError:
            raise InvalidInput(_("due_before is not a date."),
                               [Problem("/due_before", _("Enter a date as YYYY-MM-DD."))]
                               ) from None
    found = tasks.open_tasks(get_session(), owner_id=owner_id, due_before=due_before,
                             client_id=request.args.get("client") or None)
    return {"tasks": [service.task_json(task) for task in found]}


@bp.post("/tasks/<task_id>/status")
@requires("tasks.manage")
def task_status(task_id: str):
    body = json_body()
    note = body.get("note") if isinstance(body.get("note"), str) else ""
    task = tasks.set_status(get_session(), tasks.get_task(get_session(), task_id),
                            body.get("status"), user=current_user(), note=note, via=g.via)
    return service.task_json(task)


# Appointments

@bp.post("/clients/<client_id>/appointments")
@requires("care_plans.manage")
def book_appointment(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    appointment = appointments_service.book(session, client, json_body(), user=current_user(),
                                            via=g.via)
    return appointments_service.as_json(appointment), 201


@bp.get("/clients/<client_id>/appointments")
@requires("care_plans.read")
def client_appointments(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    return {"appointments": [appointments_service.as_json(a)
                             for a in appointments_service.of_client(session, client)]}


@bp.get("/clients/<client_id>/appointments.ics")
@requires("care_plans.read")
def client_calendar(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    return pages.client_calendar(session, client)


@bp.patch("/appointments/<appointment_id>")
@requires("care_plans.manage")
def change_appointment(appointment_id: str):
    session = get_session()
    appointment = appointments_service.change(
        session, appointments_service.get_appointment(session, appointment_id), json_body(),
        user=current_user(), via=g.via)
    return appointments_service.as_json(appointment)


@bp.get("/appointments/<appointment_id>.ics")
@requires("care_plans.read")
def appointment_calendar(appointment_id: str):
    return pages.appointment_calendar(
        appointments_service.get_appointment(get_session(), appointment_id))


@bp.get("/appointments.ics")
@requires("care_plans.read")
def worker_feed():
    return pages.worker_calendar(get_session(), current_user())


@bp.get("/clients/<client_id>/scores")
@requires("care_plans.read")
def client_scores(client_id: str):
    from carebridge.careplans.monitoring import score_series

    session = get_session()
    client = get_client(session, client_id, user_id=caller().id, via=g.via)
    return {"series": [series.as_json() for series in score_series(session, client)]}
