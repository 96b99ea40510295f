"""Care transition pages: start one, tick its checklist, read and print the handoff summary,
complete it (a closure asks for a reason and closes or hands over open tasks)."""

from __future__ import annotations

import json

from flask import Blueprint, Response, g, request, url_for
from sqlalchemy import select

from carebridge.auth.access import current_user, requires
from carebridge.auth.models import User
from carebridge.careplans import transitions
from carebridge.careplans.views import client_url
from carebridge.careplans.wording import GOAL_STATUS_LABELS, JUDGED_LABELS, SHARE_LABELS
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import InvalidInput
from carebridge.http import render_page, see_other

bp = Blueprint("transitions", __name__)


def _transition(transition_id: str):
    session = get_session()
    transition = transitions.get_transition(session, transition_id)
    # Reading a transition reads the client's record: audited as a read of the client.
    get_client(session, transition.client_id, user_id=current_user().id, via=g.via)
    return transition


def _page(transition, error=None, status=200):
    session = get_session()
    workers = list(session.scalars(select(User).where(User.is_active.is_(True))
                                   .order_by(User.email)))
    return render_page("careplans/transition.html", status=status, transition=transition,
                       client=transition.client, label=transitions.label,
                       summary=transitions.handoff_summary(session, transition.client),
                       error=error, errors={p.pointer: p.message for p in error.problems}
                       if error else {}, workers=workers, client_url=client_url,
                       goal_labels=GOAL_STATUS_LABELS, judged_labels=JUDGED_LABELS,
                       topic_labels=SHARE_LABELS)


@bp.route("/clients/<client_id>/transitions", methods=["GET", "POST"])
@requires("care_plans.read")
def client_transitions(client_id: str):
    session = get_session()
    client = get_client(session, client_id, user_id=current_user().id, via=g.via)
    error = None
    if request.method == "POST":
        _manage()
        try:
            transition = transitions.start(session, client, request.form.to_dict(),
                                           user=current_user())
        except InvalidInput as exc:
            error = exc
        else:
            return see_other(url_for("transitions.show", transition_id=transition.id))
    return render_page("careplans/transitions.html", status=422 if error else 200,
                       client=client, found=transitions.of_client(session, client),
                       kinds=transitions.KINDS, label=transitions.label, error=error,
                       client_url=client_url)


def _manage():
    from flask import abort

    from carebridge.auth.roles import can

    if not can(current_user().role, "care_plans.manage"):
        abort(403)


@bp.get("/transitions/<transition_id>")
@requires("care_plans.read")
def show(transition_id: str):
    return _page(_transition(transition_id))


@bp.post("/transitions/<transition_id>/items/<int:index>")
@requires("care_plans.manage")
def tick(transition_id: str, index: int):
    transition = _transition(transition_id)
    transitions.tick(get_session(), transition, index, request.form.get("done") == "1",
                     user=current_user())
    return see_other(url_for("transitions.show", transition_id=transition.id) + "#checklist")


@bp.post("/transitions/<transition_id>/complete")
@requires("care_plans.manage")
def complete(transition_id: str):
    transition = _transition(transition_id)
    try:
        transitions.complete(get_session(), transition, request.form.to_dict(),
                             user=current_user())
    except InvalidInput as exc:
        return _page(transition, exc, 422)
    return see_other(url_for("transitions.show", transition_id=transition.id))


@bp.get("/transitions/<transition_id>/summary")
@requires("care_plans.read")
def summary_print(transition_id: str):
    transition = _transition(transition_id)
    return render_page("careplans/handoff_print.html", transition=transition,
                       client=transition.client, label=transitions.label,
                       summary=transitions.handoff_summary(get_session(), transition.client),
                       goal_labels=GOAL_STATUS_LABELS, judged_labels=JUDGED_LABELS,
                       topic_labels=SHARE_LABELS)


@bp.get("/transitions/<transition_id>/summary.json")
@requires("care_plans.read")
def summary_download(transition_id: str):
    transition = _transition(transition_id)
    body = json.dumps(transitions.handoff_summary(get_session(), transition.client),
                      ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="handoff-{transition.client_id}.json"')
    response.headers["Cache-Control"] = "private, no-store"
    return response
