"""The agency's dashboard: figures for a period, a worker and a program, SVG bar charts with
the numbers beside them, a CSV per figure, and ``GET /api/v1/reports/summary``."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, request
from sqlalchemy import select

from carebridge.auth.access import requires
from carebridge.auth.models import User
from carebridge.careplans import reports
from carebridge.db import get_session
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.http import render_page
from carebridge.i18n import _
from carebridge.programs import service as programs
from carebridge.programs.models import Program
from carebridge.spreadsheet_cells import plain_cell
from carebridge.whole_numbers import whole_number

bp = Blueprint("reports", __name__)
api = Blueprint("reports_api", __name__, url_prefix="/api/v1")


def filters_from_request() -> reports.Filters:
    problems = []
    values = {}
    for name in ("from", "to"):
        text = request.args.get(name) or ""
        try:
            values[name] = date.fromisoformat(text) if text else None
        except ValueError:
            problems.append(Problem(f"/{name}", _("Enter a date as YYYY-MM-DD.")))
    worker = request.args.get("worker") or ""
    worker_id = whole_number(worker) if worker else None
    if worker and worker_id is None:
        problems.append(Problem("/worker", _("Choose a worker.")))
    program_id = _program(request.args.get("program") or "", problems)
    if problems:
        raise InvalidInput(_("The filters have problems."), problems)
    if values.get("from") and values.get("to") and values["to"] < values["from"]:
        raise InvalidInput(_("The period ends before it starts."),
                           [Problem("/to", _("The end cannot be before the start."))])
    return reports.Filters(values.get("from"), values.get("to"), worker_id, program_id)


def _program(text: str, problems: list[Problem]) -> int | None:
    """The program named by its id or its code (one of this agency's, inactive ones too)."""
    if not text:
        return None
    session = get_session()
    number = whole_number(text)
    found = (session.get(Program, number) if number is not None else
             programs.program_by_code(session, text))
    if found is None:
        problems.append(Problem("/program", _("Choose one of the agency's programs.")))
        return None
    return found.id


@bp.get("/reports")
@requires("reports.read")
def dashboard():
    session = get_session()
    error = None
    try:
        filters = filters_from_request()
    except InvalidInput as exc:
        error, filters = exc, reports.Filters()
    figures = reports.summary(session, filters)
    charts = {
        "caseload": reports.bars([(r["worker"], r["clients"])
                                  for r in figures["caseload_per_worker"]]),
        "clients_by_status": reports.bars(sorted(figures["clients_by_status"].items())),
        "needs": reports.bars([pair for r in figures["needs_by_code"] for pair in (
            (f"{r['label']} — {_('identified')}", r["identified"]),
            (f"{r['label']} — {_('met')}", r["met"]))]),
        "referrals": reports.bars(sorted(figures["referrals_by_status"].items())),
    }
    workers = list(session.scalars(select(User).where(User.is_active.is_(True))
                                   .order_by(User.email)))
    return render_page("careplans/dashboard.html", status=422 if error else 200,
                       figures=figures, charts=charts, workers=workers, error=error,
                       programs=programs.programs(session), args=request.args)


@bp.get("/reports/<figure>.csv")
@requires("reports.read")
def figure_csv(figure: str):
    if figure not in reports.FIGURES:
        raise NotFound(_("No such figure."))
    header, rows = reports.table(reports.summary(get_session(), filters_from_request()), figure)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([[plain_cell(value) for value in row] for row in rows])
    response = Response(out.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{figure}.csv"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@api.get("/reports/summary")
@requires("reports.read")
def summary_api():
    return reports.summary(get_session(), filters_from_request())
