"""Exporting a form's submissions: which ones, in what order, written as CSV, and audited."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carebridge.plugin_api import (
    FormDefinition,
    FormVersion,
    InvalidInput,
    Problem,
    Submission,
    _,
    audit_read,
    audit_read_many,
    compiled_form,
)
from carebridge_csv_export.table import Table, cells

LEADING = ["Reference", "Submitted at", "Form version", "Submitted by"]
BOM = "\ufeff"  # so spreadsheet programs read the file as UTF-8


@dataclass(frozen=True)
class Range:
    """Submissions made on ``since`` … ``until`` (whole days in the agency's time zone)."""

    since: date | None = None
    until: date | None = None

    @classmethod
    def parse(cls, since: str | None, until: str | None) -> Range:
        problems = []
        days = {}
        for name, text in (("since", since), ("until", until)):
            if not text:
                continue
            try:
                days[name] = date.fromisoformat(text)
            except ValueError:
                problems.append(Problem(f"/{name}", _("'%(text)s' is not a date (YYYY-MM-DD).",
                                                         text=text)))
        if not problems and "since" in days and "until" in days and days["since"] > days["until"]:
            problems.append(Problem("/until", _("The range ends before it starts.")))
        if problems:
            raise InvalidInput(_("The date range cannot be read."), problems)
        return cls(days.get("since"), days.get("until"))

    def describe(self) -> dict:
        return {k: v.isoformat() for k, v in (("since", self.since), ("until", self.until)) if v}


def submission_counts(session: Session) -> dict[int, int]:
    """Submissions per form definition of the current agency."""
    rows = session.execute(
        select(FormVersion.definition_id, func.count(Submission.id))
        .join(Submission, Submission.form_version_id == FormVersion.id)
        .group_by(FormVersion.definition_id)
    )
    return dict(rows.all())


def submissions(session: Session, definition: FormDefinition, within: Range,
                time_zone: str) -> list[Submission]:
    query = (
        select(Submission)
        .join(FormVersion, Submission.form_version_id == FormVersion.id)
        .where(FormVersion.definition_id == definition.id)
        .order_by(Submission.created_at, Submission.id)
    )
    zone = ZoneInfo(time_zone)
    if within.since:
        query = query.where(Submission.created_at >= datetime.combine(within.since, time(), zone))
    if within.until:
        end = datetime.combine(within.until + timedelta(days=1), time(), zone)
        query = query.where(Submission.created_at < end)
    return list(session.scalars(query))


def score_columns(found: list[Submission]) -> list[tuple[str, str]]:
    """Each score (name, label) the submissions carry, in the order first met: its value and
    band become two columns after the leading ones."""
    columns: dict[str, str] = {}
    for submission in found:
        for score in submission.scores or []:
            columns.setdefault(score["name"], score["label"])
    return list(columns.items())


def score_cells(submission: Submission, scored: list[tuple[str, str]]) -> list[str]:
    by_name = {score["name"]: score for score in submission.scores or []}
    cells_ = []
    for name, _label in scored:
        score = by_name.get(name)
        cells_ += [str(score["value"]), score.get("band") or ""] if score else ["", ""]
    return cells_


def export_csv(session: Session, definition: FormDefinition, *, within: Range = Range(),
               labels: bool = True, time_zone: str, user_id: int | None,
               via: str = "web") -> tuple[str, int]:
    """The CSV text and the number of submissions in it; the export is audited as a read of
    the form and a read of each submission it contained."""
    found = submissions(session, definition, within, time_zone)
    zone = ZoneInfo(time_zone)
    scored = score_columns(found)
    rows = []
    for submission in found:
        version = submission.form_version
        form = compiled_form(version)
        lead = [
            submission.id,
            submission.created_at.astimezone(zone).isoformat(timespec="seconds"),
            str(version.number),
            submission.created_by.email if submission.created_by is not None else "",
            submission.client_id or "",
            *score_cells(submission, scored),
            "; ".join(f"{flag['label']} ({flag['severity']})" for flag in submission.flags or []),
        ]
        rows.append((lead, cells(form, submission.data, labels=labels), version.number))
    leading = [*LEADING, "Client", *(f"{label}{suffix}" for _name, label in scored
                                     for suffix in ("", " band")), "Flags"]
    header, lines = Table(leading, rows).header_and_rows()
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(lines)
    audit_read(session, definition, user_id=user_id, via=via,
               detail={"export": "csv", "submissions": len(found), **within.describe()})
    audit_read_many(session, found, user_id=user_id, via=via,
                    detail={"export": "csv", "form": definition.slug})
    return buffer.getvalue(), len(found)
