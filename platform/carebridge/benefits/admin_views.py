"""The agency's programs page (benefits.manage): write a program's rule as JSON Schema over the
documented facts, try it on a test household before saving, and say where each program —
the agency's own and the engines' — is applied for."""

from __future__ import annotations

import json

from flask import Blueprint, current_app, flash, g, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.benefits import apply_places, catalog, programs, screening
from carebridge.benefits import household as household_mod
from carebridge.benefits.facts import FACTS
from carebridge.benefits.results import PERIODS
from carebridge.db import get_session
from carebridge.errors import InvalidInput, Problem
from carebridge.http import render_page, see_other
from carebridge.i18n import _, gettext

bp = Blueprint("benefits_admin", __name__, url_prefix="/benefits/programs")

EXAMPLE_RULE = {"properties": {"income_percent_of_poverty": {"maximum": 200}}}
EXAMPLE_HOUSEHOLD = {
    "state": "CA", "county": "San Mateo", "zip": "94401",
    "members": [
        {"relationship": "self", "age": 34, "income": {"employment": 1800}},
        {"relationship": "child", "age": 4, "income": {}},
    ],
    "expenses": {"rent": 1400, "utilities": 120},
}


@bp.get("/")
@requires("benefits.manage")
def index():
    session = get_session()
    own = catalog.list_programs(session)
    places = apply_places.all_places(session)
    return render_page("benefits/programs.html", programs=own, places=places,
                       own_ids={p.slug for p in own})


@bp.route("/new", methods=["GET", "POST"])
@requires("benefits.manage")
def new():
    return _edit(None)


@bp.route("/<program_id>", methods=["GET", "POST"])
@requires("benefits.manage")
def edit(program_id: str):
    return _edit(program_id)


def _edit(program_id: str | None):
    session = get_session()
    row = catalog.get_program(session, program_id) if program_id else None
    if request.method == "GET":
        document = row.document if row else {"id": "", "name": "", "rule": EXAMPLE_RULE}
        return _page(row, _fields(document), {})
    fields = dict(request.form)
    errors: dict[str, list[str]] = {}
    document = _document(fields, errors)
    preview = None
    if request.form.get("action") == "preview" and not errors:
        preview = _preview(session, document, fields.get("household", ""), errors)
    if request.form.get("action") == "preview" or errors:
        status = 422 if errors else 200
        return _page(row, fields, errors, preview, status)
    try:
        saved = catalog.save_program(session, document, user_id=current_user().id, via=g.via,
                                     slug=program_id, create=program_id is None)
    except InvalidInput as exc:
        _collect(exc.problems, errors)
        return _page(row, fields, errors, preview, 422)
    flash(_("Saved %(name)s. New screenings use it now.", name=saved.name))
    return see_other(url_for("benefits_admin.index"))


@bp.post("/_preview")  # program ids start with a letter: no clash
@requires("benefits.manage")
def preview():
    """The preview alone, for htmx: the rule on the test household, or why it cannot run."""
    errors: dict[str, list[str]] = {}
    document = _document(dict(request.form), errors)
    result = None
    if not errors:
        result = _preview(get_session(), document, request.form.get("household", ""), errors)
    return render_page("benefits/_preview.html", preview=result, preview_errors=errors)


@bp.post("/<program_id>/retire")
@requires("benefits.manage")
def retire(program_id: str):
    catalog.retire_program(get_session(), program_id, user_id=current_user().id, via=g.via)
    flash(_("Retired: new screenings leave it out; earlier screenings keep their results."))
    return see_other(url_for("benefits_admin.index"))


@bp.route("/<program_id>/where-to-apply", methods=["GET", "POST"])
@requires("benefits.manage")
def where_to_apply(program_id: str):
    session = get_session()
    place = apply_places.place_for(session, program_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {name: _lines(request.form.get(name, ""))
                  for name in ("services", "categories", "keywords")}
        try:
            apply_places.save_place(session, program_id,
                                    label=request.form.get("label", ""),
                                    need_code=request.form.get("need_code", "financial"),
                                    **values)
        except InvalidInput as exc:
            _collect(exc.problems, errors)
        else:
            flash(_("Saved where to apply for %(program)s.", program=program_id))
            return see_other(url_for("benefits_admin.index"))
        place = apply_places.Place(program_id, request.form.get("label", ""),
                                   tuple(values["services"]), tuple(values["categories"]),
                                   tuple(values["keywords"]),
                                   request.form.get("need_code", "financial"))
    from carebridge.assessments.vocabulary import shipped_vocabulary

    found = apply_places.services_for(session, place, limit=8)
    return render_page("benefits/where_to_apply.html", status=422 if errors else 200,
                       place=place, errors=errors, found=found,
                       needs=list(shipped_vocabulary()))


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


def _fields(document: dict) -> dict:
    value = document.get("value") or {}
    return {"id": document.get("id", ""), "name": document.get("name", ""),
            "description": document.get("description", ""),
            "rule": json.dumps(document.get("rule", {}), indent=2),
            "amount": "" if not value else f"{value['amount']:g}",
            "period": value.get("period", "month"),
            "services": "\n".join(document.get("services", [])),
            "household": json.dumps(EXAMPLE_HOUSEHOLD, indent=2)}


def _document(fields: dict, errors: dict) -> dict:
    document: dict = {"id": fields.get("id", "").strip(), "name": fields.get("name", "").strip()}
    if fields.get("description", "").strip():
        document["description"] = fields["description"].strip()
    try:
        document["rule"] = json.loads(fields.get("rule") or "true")
    except ValueError as exc:
        errors.setdefault("rule", []).append(_("The rule is not JSON: %(error)s", error=str(exc)))
        document["rule"] = True
    if fields.get("amount", "").strip():
        try:
            document["value"] = {"amount": float(fields["amount"]),
                                 "period": fields.get("period", "month")}
        except ValueError:
            errors.setdefault("amount", []).append(_("Enter an amount in dollars."))
    services = _lines(fields.get("services", ""))
    if services:
        document["services"] = services
    return document


def _collect(problems: list[Problem], errors: dict) -> None:
    for problem in problems:
        name = problem.pointer.strip("/").split("/")[0] or "rule"
        if name == "value":
            name = "amount"
        errors.setdefault(name, []).append(
            f"{problem.pointer}: {problem.message}" if name == "rule" else problem.message)


def _preview(session, document: dict, household_text: str, errors: dict):
    """The program judged on the test household: its result and the facts it saw."""
    try:
        program = programs.parse(document)
    except InvalidInput as exc:
        _collect(exc.problems, errors)
        return None
    try:
        data = json.loads(household_text or "{}")
    except ValueError as exc:
        errors.setdefault("household", []).append(
            _("The test household is not JSON: %(error)s", error=str(exc)))
        return None
    as_of = screening.today(current_app)
    try:
        household = household_mod.parse(data, as_of)
    except InvalidInput as exc:
        errors.setdefault("household", []).extend(f"{p.pointer}: {p.message}"
                                                  for p in exc.problems)
        return None
    context = screening.context_for(current_app, household, as_of, (program,))
    from carebridge.benefits.programs import AgencyProgramsEngine

    result = AgencyProgramsEngine().screen(household, context)[0]
    return {"result": result, "facts": context.facts.values,
            "unknown": sorted(context.facts.unknown),
            "missing": [household_mod.describe(household, p) for p in result.missing]}


def _page(row, fields: dict, errors: dict, preview=None, status: int = 200):
    return render_page("benefits/program.html", status=status, row=row, fields=fields,
                       errors=errors, preview=preview, facts=FACTS, periods=PERIODS,
                       # Said here: a template's gettext would read "212.5%)" as a placeholder.
                       described={fact.name: gettext(fact.description) for fact in FACTS})
