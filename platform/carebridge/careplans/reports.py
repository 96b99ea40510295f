"""The agency's dashboard figures, computed from the record for a date range, a worker and a
program: caseloads, clients by status, needs identified and met, referrals and the closed-loop
rate, overdue tasks, assessments due and the share of clients with a reliable improvement.

Figures of a moment (caseload, clients by status, overdue tasks, assessments due) are as of
today; figures of a period count what happened between ``start`` and ``end`` (inclusive).
With a program, every figure counts only the clients enrolled in it on some day of the period
(at any time without one), and only those clients' tasks.
"""

from __future__ import annotations

import importlib.util
import statistics
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from carebridge.auth.models import User
from carebridge.careplans.models import FROM_REASSESSMENT, OPEN_TASK_STATUSES, Task
from carebridge.careplans.monitoring import score_series
from carebridge.clients.models import ACTIVE, MET, Client, ClientNeed, NeedEvent
from carebridge.forms.service import today
from carebridge.i18n import _
from carebridge.programs.service import enrolled_during

ASSESSMENTS_DUE_DAYS = 7


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    worker_id: int | None = None
    program_id: int | None = None

    def moment_range(self) -> tuple[datetime | None, datetime | None]:
        """The period as UTC instants (the end day included)."""
        low = datetime.combine(self.start, time.min, UTC) if self.start else None
        # A period that ends on the last day there is has no end to compare with.
        high = (datetime.combine(self.end + timedelta(days=1), time.min, UTC)
                if self.end and self.end < date.max else None)
        return low, high


def _within(column, filters: Filters):
    low, high = filters.moment_range()
    conditions = []
    if low is not None:
        conditions.append(column >= low)
    if high is not None:
        conditions.append(column < high)
    return conditions


def _clients(filters: Filters):
    query = select(Client.id).where(Client.status != "merged")
    if filters.worker_id is not None:
        query = query.where(Client.care_manager_id == filters.worker_id)
    if filters.program_id is not None:
        query = query.where(Client.id.in_(enrolled_during(filters.program_id, filters.start,
                                                          filters.end)))
    return query


def summary(session: Session, filters: Filters) -> dict:
    """Every figure of the dashboard as plain data (what the API answers and CSVs hold)."""
    clients = _clients(filters).subquery()
    by_status = dict(session.execute(
        select(Client.status, func.count()).where(Client.id.in_(select(clients.c.id)))
        .group_by(Client.status)).all())
    workers = {u.id: (u.name or u.email) for u in session.scalars(select(User))}
    caseload = [
        {"worker_id": worker_id, "worker": workers.get(worker_id) or str(_("Unassigned")),
         "clients": n}
        for worker_id, n in session.execute(
            select(Client.care_manager_id, func.count()).where(
                Client.id.in_(select(clients.c.id)), Client.status == ACTIVE)
            .group_by(Client.care_manager_id)).all()]
    caseload.sort(key=lambda row: (-row["clients"], row["worker"]))
    needs = _needs(session, filters, clients)
    referrals = _referrals(session, filters, clients)
    day = today()
    tasks = select(Task).where(Task.status.in_(OPEN_TASK_STATUSES))
    if filters.worker_id is not None:
        tasks = tasks.where(Task.owner_id == filters.worker_id)
    if filters.program_id is not None:
        tasks = tasks.where(Task.client_id.in_(select(clients.c.id)))
    open_tasks = list(session.scalars(tasks))
    overdue = [t for t in open_tasks if t.due < day]
    due_assessments = [t for t in open_tasks if t.source == FROM_REASSESSMENT
                       and t.due <= day + timedelta(days=ASSESSMENTS_DUE_DAYS)]
    return {
        "period": {"from": filters.start.isoformat() if filters.start else None,
                   "to": filters.end.isoformat() if filters.end else None,
                   "worker_id": filters.worker_id, "program_id": filters.program_id},
        "clients_active": by_status.get(ACTIVE, 0),
        "clients_by_status": by_status,
        "caseload_per_worker": caseload,
        "needs_identified": sum(row["identified"] for row in needs),
        "needs_met": sum(row["met"] for row in needs),
        "needs_by_code": needs,
        **referrals,
        "tasks_overdue": len(overdue),
        "assessments_due": len(due_assessments),
        "score_changes": _score_changes(session, filters, clients),
    }


def _needs(session: Session, filters: Filters, clients) -> list[dict]:
    in_file = ClientNeed.client_id.in_(select(clients.c.id))
    identified = dict(session.execute(
        select(ClientNeed.code, func.count()).where(in_file, *_within(ClientNeed.identified_at,
                                                                      filters))
        .group_by(ClientNeed.code)).all())
    # Met in the period: its history says "met" then, or (without history) its status does.
    met_ids: dict[int, str] = dict(session.execute(
        select(ClientNeed.id, ClientNeed.code).join(NeedEvent, NeedEvent.need_id == ClientNeed.id)
        .where(in_file, NeedEvent.status == MET, *_within(NeedEvent.at, filters))).all())
    met_ids.update(session.execute(select(ClientNeed.id, ClientNeed.code).where(
        in_file, ClientNeed.status == MET, *_within(ClientNeed.status_changed_at, filters))).all())
    met: dict[str, int] = {}
    for code in met_ids.values():
        met[code] = met.get(code, 0) + 1
    labels = dict(session.execute(select(ClientNeed.code, func.max(ClientNeed.label))
                                  .group_by(ClientNeed.code)).all())
    codes = sorted(set(identified) | set(met))
    return [{"code": code, "label": labels.get(code, code), "identified": identified.get(code, 0),
             "met": met.get(code, 0)} for code in codes]


def _referrals(session: Session, filters: Filters, clients) -> dict:
    """Referrals by status, the closed-loop rate (share of sent referrals with a recorded
    outcome), the share that got help and the median days from sending to the outcome."""
    empty = {"referrals_by_status": {}, "closed_loop_rate": None, "got_help_rate": None,
             "median_days_to_outcome": None, "referrals_installed": False}
    if importlib.util.find_spec("carebridge.referrals") is None:
        return empty
    from carebridge.referrals.models import COMPLETED, DRAFT, GOT_HELP, Referral, ReferralEvent

    rows = list(session.scalars(select(Referral).where(
        Referral.client_id.in_(select(clients.c.id)), *_within(Referral.created_at, filters))))
    by_status: dict[str, int] = {}
    for row in rows:
        by_status[row.status] = by_status.get(row.status, 0) + 1
    sent = [row for row in rows if row.status != DRAFT and row.sent_at is not None]
    with_outcome = [row for row in sent if row.outcome]
    days = []
    for row in with_outcome:
        done = session.scalar(select(func.min(ReferralEvent.at)).where(
            ReferralEvent.referral_id == row.id, ReferralEvent.status == COMPLETED))
        if done is not None:
            days.append((_aware(done) - _aware(row.sent_at)).total_seconds() / 86400)
    return {
        "referrals_by_status": by_status,
        "closed_loop_rate": _share(len(with_outcome), len(sent)),
        "got_help_rate": _share(sum(1 for row in sent if row.outcome == GOT_HELP), len(sent)),
        "median_days_to_outcome": round(statistics.median(days), 1) if days else None,
        "referrals_installed": True,
    }


def _score_changes(session: Session, filters: Filters, clients) -> dict:
    """Among clients with two or more scores (the latest in the period) on an instrument with a
    reliable-change threshold: how many improved reliably since their first."""
    low, high = filters.moment_range()
    measured = improved = 0
    for client in session.scalars(select(Client).where(Client.id.in_(select(clients.c.id)))):
        verdicts = []
        for series in score_series(session, client):
            if len(series.points) < 2 or series.reliable_change is None:
                continue
            last = _aware(series.points[-1].at)
            if (low is not None and last < low) or (high is not None and last >= high):
                continue
            verdicts.append(series.judged(series.change_since_first))
        if verdicts:
            measured += 1
            improved += "improved" in verdicts
    return {"clients_measured": measured, "clients_reliably_improved": improved,
            "share_reliably_improved": _share(improved, measured)}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


# Figures as tables (the CSV downloads and the tables beside the charts)

FIGURES = ("caseload", "clients_by_status", "needs", "referrals", "tasks", "score_changes")


def table(figures: dict, name: str) -> tuple[list[str], list[list]]:
    """One figure as a header and rows."""
    if name == "caseload":
        return ["worker", "active_clients"], [[r["worker"], r["clients"]]
                                              for r in figures["caseload_per_worker"]]
    if name == "clients_by_status":
        return ["status", "clients"], [[k, v] for k, v in sorted(
            figures["clients_by_status"].items())]
    if name == "needs":
        return ["need", "identified", "met"], [[r["label"], r["identified"], r["met"]]
                                               for r in figures["needs_by_code"]]
    if name == "referrals":
        rows = [[k, v] for k, v in sorted(figures["referrals_by_status"].items())]
        rows += [["closed_loop_rate", figures["closed_loop_rate"]],
                 ["got_help_rate", figures["got_help_rate"]],
                 ["median_days_to_outcome", figures["median_days_to_outcome"]]]
        return ["figure", "value"], rows
    if name == "tasks":
        return ["figure", "value"], [["tasks_overdue", figures["tasks_overdue"]],
                                     ["assessments_due", figures["assessments_due"]]]
    if name == "score_changes":
        changes = figures["score_changes"]
        return ["figure", "value"], [[k, changes[k]] for k in (
            "clients_measured", "clients_reliably_improved", "share_reliably_improved")]
    raise KeyError(name)


def bars(rows: list[tuple[str, float]], width: int = 560, bar_height: int = 26,
         label_width: int = 200) -> dict:
    """A horizontal bar chart's geometry: each bar's length, with its number beside it."""
    top = max([value for _, value in rows] or [0]) or 1
    room = width - label_width - 60
    return {"width": width, "height": max(bar_height * len(rows) + 10, 40),
            "label_width": label_width,
            "bars": [{"label": label, "value": value, "y": 5 + i * bar_height,
                      "length": round(room * value / top, 1), "height": bar_height - 8}
                     for i, (label, value) in enumerate(rows)]}
