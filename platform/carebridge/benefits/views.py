"""Benefits pages on a client's file: the household form (prefilled from the intake), a
screening's results while engines work and after, re-running it, and "will apply"."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, g, request, url_for
from werkzeug.routing import BuildError

from carebridge.auth.access import current_user, requires
from carebridge.benefits import apply_places, household_form, intake, records
from carebridge.benefits.engines import engines
from carebridge.benefits.household import Household, describe
from carebridge.benefits.results import program_name
from carebridge.clients.service import get_client
from carebridge.db import get_session
from carebridge.errors import InvalidInput
from carebridge.http import render_page, see_other
from carebridge.i18n import _

bp = Blueprint("benefits", __name__, url_prefix="/clients/<client_id>/benefits")

STATUS_ORDER = ("likely_eligible", "unknown", "likely_ineligible")
POLL_SECONDS = 2


def _client(client_id: str, audited: bool = True):
    return get_client(get_session(), client_id, user_id=current_user().id, via=g.via,
                      audited=audited)


@bp.get("/")
@requires("benefits.screen")
def client_screenings(client_id: str):
    client = _client(client_id)
    session = get_session()
    return render_page("benefits/screenings.html", client=client,
                       screenings=records.screenings_of(session, client.id),
                       client_url=client_file_url(client.id))


@bp.route("/new", methods=["GET", "POST"])
@requires("benefits.screen")
def new(client_id: str):
    client = _client(client_id)
    session = get_session()
    submission_id = request.values.get("submission_id") or None
    if request.method == "GET":
        source = request.args.get("from")
        if source:
            earlier = records.get_screening(session, source, client_id=client.id,
                                            user_id=current_user().id, via=g.via, audited=False)
            form = household_form.from_household(earlier.household)
            submission_id = earlier.submission_id
        else:
            prefill = intake.household_for(session, client)
            form = household_form.from_household(prefill.household, prefill.notes)
            submission_id = prefill.submission_id
        return _form_page(client, form, submission_id)
    form, household, rows_used, problems = household_form.from_request(request.form)
    if request.form.get("action") == "more":
        form = household_form.from_household(household, spare=household_form.SPARE_ROWS + 2)
        return _form_page(client, form, submission_id)
    if not problems:
        try:
            row = records.run(session, household, agency_id=current_user().agency_id,
                              user_id=current_user().id, via=g.via, client_id=client.id,
                              submission_id=_own_submission(session, client.id, submission_id))
        except InvalidInput as exc:
            problems = exc.problems
        else:
            if row.reused:
                flash(_("Nothing has changed since this screening: here it is again."))
            return see_other(url_for("benefits.show", client_id=client.id, screening_id=row.id))
    for problem in problems:
        form.error(problem, rows_used)
    return _form_page(client, form, submission_id, status=422)


def _own_submission(session, client_id: str, submission_id: str | None) -> str | None:
    """The intake a form says it came from, only if it is this client's (ids are not trusted)."""
    if not submission_id:
        return None
    from carebridge.forms.models import Submission

    found = session.get(Submission, submission_id)
    return found.id if found is not None and found.client_id == client_id else None


def _form_page(client, form, submission_id, status: int = 200):
    return render_page("benefits/household.html", status=status, client=client, form=form,
                       submission_id=submission_id, states=household_form.states(),
                       hf=household_form, client_url=client_file_url(client.id))


@bp.get("/<screening_id>")
@requires("benefits.screen")
def show(client_id: str, screening_id: str):
    client = _client(client_id)
    session = get_session()
    row = records.get_screening(session, screening_id, client_id=client.id,
                                user_id=current_user().id, via=g.via)
    records.refresh(session, row)
    return render_page("benefits/screening.html", "benefits/_results.html",
                       **_results_context(session, client, row))


@bp.get("/<screening_id>/results")
@requires("benefits.screen")
def results(client_id: str, screening_id: str):
    """The results part alone: what the page polls while a background engine works."""
    client = _client(client_id, audited=False)
    session = get_session()
    row = records.get_screening(session, screening_id, client_id=client.id,
                                user_id=current_user().id, via=g.via, audited=False)
    records.refresh(session, row)
    return render_page("benefits/_results.html", **_results_context(session, client, row))


@bp.post("/<screening_id>/rerun")
@requires("benefits.screen")
def rerun(client_id: str, screening_id: str):
    client = _client(client_id)
    session = get_session()
    earlier = records.get_screening(session, screening_id, client_id=client.id,
                                    user_id=current_user().id, via=g.via, audited=False)
    row = records.run(session, earlier.household, agency_id=current_user().agency_id,
                      user_id=current_user().id, via=g.via, client_id=client.id,
                      submission_id=earlier.submission_id)
    if row.reused:
        flash(_("Nothing has changed since this screening."))
    return see_other(url_for("benefits.show", client_id=client.id, screening_id=row.id))


@bp.post("/<screening_id>/apply/<program_id>")
@requires("benefits.screen")
@requires("clients.manage")  # it adds a need to the client's file
def will_apply(client_id: str, screening_id: str, program_id: str):
    client = _client(client_id)
    session = get_session()
    row = records.get_screening(session, screening_id, client_id=client.id,
                                user_id=current_user().id, via=g.via, audited=False)
    chosen = records.choose(session, client, row, program_id, user=current_user(), via=g.via)
    if chosen.need_added:
        flash(_("Added to %(name)s's needs: %(need)s.", name=client.display_name,
                need=chosen.need.label))
    else:
        flash(_("%(name)s already has this open need: %(need)s.", name=client.display_name,
                need=chosen.need.label))
    if chosen.goal is not None:
        flash(_("Care plan goal: %(goal)s.", goal=chosen.goal.statement))
    return see_other(url_for("benefits.show", client_id=client.id, screening_id=row.id)
                     + f"#program-{program_id}")


def _results_context(session, client, row) -> dict:
    household = Household.from_dict(row.household)
    table = engines(current_app)
    programs = []
    for result in row.result.get("programs", []):
        place = apply_places.place_for(session, result["id"])
        services = []
        if result["status"] != "likely_ineligible":
            services = apply_places.services_for(
                session, place, tuple(result.get("services", ())),
                zip_code=household.zip or client.postal_code[:5] or None,
                language=client.preferred_language or None)
        programs.append({
            **result,
            "name": program_name(result),
            "missing_words": [describe(household, pointer) for pointer in result["missing"]],
            "engine_name": getattr(table.get(result["engine"]), "name", result["engine"]),
            "apply_at": [(s, referral_url(client.id, s.id)) for s in services],
            "chosen": row.result.get("chosen", {}).get(result["id"]),
        })
    programs.sort(key=lambda p: STATUS_ORDER.index(p["status"]))
    once = sum(p["estimated_value"]["amount"] for p in programs
               if p["status"] == "likely_eligible" and p.get("estimated_value")
               and p["estimated_value"]["period"] == "once")
    working = row.is_working
    return {
        "client": client, "screening": row, "programs": programs, "working": working,
        "poll_url": url_for("benefits.results", client_id=client.id, screening_id=row.id),
        "page_url": url_for("benefits.show", client_id=client.id, screening_id=row.id),
        "poll_seconds": POLL_SECONDS,
        "pending": [getattr(table.get(e), "name", e) for e in
                    row.result.get("pending_engines", [])],
        "errors": row.result.get("errors", []),
        "totals": row.result.get("totals", {}), "once_total": once,
        "poverty": row.result.get("poverty_guideline"),
        "rules_changed": not working and records.rules_changed(session, row),
        "engine_names": {e: getattr(table.get(e), "name", e) for e in row.engines},
        "client_url": client_file_url(client.id),
        "household": household,
    }


def client_file_url(client_id: str) -> str:
    """The client's file (the clients feature's page)."""
    return url_for("clients.file", client_id=client_id)


def referral_url(client_id: str, service_id: str) -> str:
    """One click to refer: the new-referral page for this service where referrals exist, else
    the service's page in the directory."""
    for endpoint in ("referrals.new", "referrals.new_referral"):
        try:
            # The referrals page reads service_id; the link names it service.
            return url_for(endpoint, client_id=client_id, service_id=service_id,
                           service=service_id)
        except BuildError:
            continue
    return url_for("directory.service", service_id=service_id)
