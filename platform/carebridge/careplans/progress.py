"""Goal progress and need status over time, for the client file's charts: each goal's statuses
(read from its plan's versions, which keep every change) with its progress notes' days, and each
need's statuses (its events), drawn by the same module as the score charts.

Statuses are lanes, the better ones higher: a goal climbs proposed → active → achieved (not
achieved and cancelled below); a need identified → referred → met (declined and closed below).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.careplans.charts import BAND_FILLS, Chart, Reading, day, draw
from carebridge.careplans.models import (
    ACHIEVED,
    ACTIVE,
    CANCELLED,
    NOT_ACHIEVED,
    PROPOSED,
    CarePlan,
    PlanVersion,
)
from carebridge.careplans.wording import GOAL_STATUS_LABELS
from carebridge.clients.models import (
    DECLINED,
    IDENTIFIED,
    MET,
    NEED_CLOSED,
    REFERRED,
    Client,
    ClientNeed,
    NeedEvent,
)
from carebridge.clients.needs import STATUS_LABELS as NEED_STATUS_LABELS
from carebridge.db import utcnow
from carebridge.i18n import _, ngettext

GOAL_LANES = (CANCELLED, NOT_ACHIEVED, PROPOSED, ACTIVE, ACHIEVED)
NEED_LANES = (NEED_CLOSED, DECLINED, IDENTIFIED, REFERRED, MET)
#: Five lanes need less room than a score's bands.
STATUS_CHART_HEIGHT = 210


@dataclass(frozen=True)
class Change:
    """A status taken on a day, or (``status`` empty) a progress note written."""

    at: datetime
    status: str = ""
    label: str = ""
    note: str = ""


@dataclass
class History:
    """One goal's or one need's changes over time, oldest first."""

    key: str
    title: str
    name: str
    lanes: tuple[str, ...]
    labels: dict
    changes: list[Change] = field(default_factory=list)
    notes: list[Change] = field(default_factory=list)

    @property
    def rows(self) -> list[Change]:
        """Status changes and notes together, oldest first (the table beside the chart)."""
        return sorted([*self.changes, *self.notes], key=lambda c: (_naive(c.at), not c.status))

    def add(self, at: datetime, status: str) -> None:
        if not self.changes or self.changes[-1].status != status:
            self.changes.append(Change(at, status, str(self.labels.get(status, status))))


def goal_histories(session: Session, client: Client) -> list[History]:
    """Every goal of the client's plans (oldest plan first), each with its statuses as the
    plan's versions recorded them and its progress notes."""
    plans = list(session.scalars(select(CarePlan).where(CarePlan.client_id == client.id)
                                 .order_by(CarePlan.created_at, CarePlan.id)))
    found = []
    for plan in plans:
        histories = {goal.id: History(
            f"goal-{goal.id}", _("Goal: %(goal)s", goal=_short(goal.statement)),
            goal.statement, GOAL_LANES, GOAL_STATUS_LABELS) for goal in plan.goals}
        for version in session.scalars(select(PlanVersion).where(PlanVersion.plan_id == plan.id)
                                       .order_by(PlanVersion.number)):
            for goal in version.snapshot.get("goals", []):
                if goal.get("id") in histories and goal.get("status") in GOAL_LANES:
                    histories[goal["id"]].add(version.at, goal["status"])
        for goal in plan.goals:
            history = histories[goal.id]
            if not history.changes or history.changes[-1].status != goal.status:
                history.add(goal.status_changed_at, goal.status)  # a change no version kept
            history.notes = [Change(note.at, note=note.text) for note in goal.notes]
            found.append(history)
    return found


def need_histories(session: Session, client: Client) -> list[History]:
    """Every need of the client (oldest first) with its statuses over time."""
    needs = list(session.scalars(select(ClientNeed).where(ClientNeed.client_id == client.id)
                                 .order_by(ClientNeed.identified_at, ClientNeed.id)))
    events: dict[int, list[NeedEvent]] = {}
    for event in session.scalars(select(NeedEvent).where(
            NeedEvent.need_id.in_([need.id for need in needs])).order_by(NeedEvent.at,
                                                                         NeedEvent.id)):
        events.setdefault(event.need_id, []).append(event)
    found = []
    for need in needs:
        history = History(f"need-{need.id}", _("Need: %(need)s", need=need.label), need.label,
                          NEED_LANES, NEED_STATUS_LABELS)
        if not events.get(need.id) or events[need.id][0].status != IDENTIFIED:
            history.add(need.identified_at, IDENTIFIED)
        for event in events.get(need.id, []):
            history.add(event.at, event.status)
        if history.changes[-1].status != need.status:
            history.add(need.status_changed_at, need.status)  # a change no event kept
        found.append(history)
    return found


def chart(history: History, *, until: datetime | None = None) -> Chart:
    """The history as a step line across its status lanes, running on to ``until`` (now), with
    its progress notes marked on the time axis."""
    lanes = [{"min": index, "max": index, "label": str(history.labels.get(status, status))}
             for index, status in enumerate(history.lanes)]
    readings = [Reading(change.at, float(history.lanes.index(change.status)), "", change.label)
                for change in history.changes]
    marks = [(note.at, _("Progress note")) for note in history.notes]
    return draw(readings, lanes, title=history.title, description=describe(history),
                subject=history, domain=(-0.5, len(history.lanes) - 0.5), ticks=False,
                steps_until=until or utcnow(), marks=marks, height=STATUS_CHART_HEIGHT,
                fills=BAND_FILLS[len(history.lanes) - 1::-1])  # the better lanes, higher, green


def describe(history: History) -> str:
    """The chart in words: each status with its day, the notes, and where it stands now."""
    steps = "; ".join(_("%(status)s on %(day)s", status=change.label, day=day(change.at))
                      for change in history.changes)
    text = _("%(name)s: %(steps)s.", name=history.name, steps=steps)
    if history.notes:
        text += " " + ngettext("%(num)d progress note (%(days)s).",
                               "%(num)d progress notes (%(days)s).", len(history.notes),
                               days=", ".join(day(note.at) for note in history.notes))
    return text + " " + _("Now: %(status)s.", status=history.changes[-1].label)


def _naive(moment: datetime) -> datetime:
    return moment.replace(tzinfo=None) if moment.tzinfo is not None else moment


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"
