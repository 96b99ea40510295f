"""Monitoring over time: a client's score series per scored instrument (oldest first), the
change since the first and the last assessment, whether it is a reliable change (the
instrument's published threshold, e.g. PHQ-9: 5 points), and the chart drawn on the server."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.careplans.charts import Chart, Reading, day, draw
from carebridge.careplans.charts import number as _number
from carebridge.careplans.tasks import stored_or_computed
from carebridge.clients.models import Client
from carebridge.forms.models import Submission
from carebridge.i18n import _


@dataclass
class Point:
    submission_id: str
    at: datetime
    value: float
    band: str | None


@dataclass
class Series:
    """One score of one instrument over time, with what the definition says about it."""

    form_id: str
    form_title: str
    name: str
    label: str
    points: list[Point] = field(default_factory=list)
    bands: list[dict] = field(default_factory=list)
    reliable_change: float | None = None
    better: str = "lower"

    @property
    def change_since_first(self) -> float | None:
        return self.points[-1].value - self.points[0].value if len(self.points) > 1 else None

    @property
    def change_since_last(self) -> float | None:
        return self.points[-1].value - self.points[-2].value if len(self.points) > 1 else None

    def judged(self, change: float | None) -> str | None:
        """``improved`` or ``worsened`` when ``change`` is reliable, ``no_reliable_change``
        when it is smaller than the threshold, None without a threshold or a change."""
        if change is None or self.reliable_change is None:
            return None
        if abs(change) < self.reliable_change:
            return "no_reliable_change"
        better = change < 0 if self.better == "lower" else change > 0
        return "improved" if better else "worsened"

    def as_json(self) -> dict:
        return {
            "form_id": self.form_id, "form_title": self.form_title, "name": self.name,
            "label": self.label,
            "points": [{"submission_id": p.submission_id, "at": p.at.isoformat(),
                        "value": p.value, "band": p.band} for p in self.points],
            "change_since_first": self.change_since_first,
            "change_since_last": self.change_since_last,
            "reliable_change_threshold": self.reliable_change,
            "reliable_change_since_first": self.judged(self.change_since_first),
            "reliable_change_since_last": self.judged(self.change_since_last),
            "bands": self.bands,
        }


def score_series(session: Session, client: Client) -> list[Series]:
    """Every score of every instrument the client has answered, each series oldest first."""
    submissions = session.scalars(select(Submission).where(Submission.client_id == client.id)
                                  .order_by(Submission.created_at, Submission.id))
    found: dict[tuple[str, str], Series] = {}
    for submission in submissions:
        version = submission.form_version
        rules = {rule.get("name"): rule for rule in
                 (version.document.get("scoring") or {}).get("scores", [])}
        for score in stored_or_computed(submission)[0]:
            value = score.get("value")
            if not isinstance(value, int | float) or isinstance(value, bool):
                continue
            key = (version.definition.slug, score.get("name"))
            rule = rules.get(score.get("name"), {})
            series = found.get(key)
            if series is None:
                series = found[key] = Series(version.definition.slug, version.definition.title,
                                             score.get("name"), score.get("label") or key[1])
            # The newest version's description of the score wins (bands, threshold).
            series.bands = [{"min": b["min"], "max": b["max"], "label": b["label"]}
                            for b in rule.get("bands", [])] or series.bands
            series.label = rule.get("label") or series.label
            series.reliable_change = rule.get("reliable_change", series.reliable_change)
            series.better = rule.get("better", series.better)
            series.points.append(Point(submission.id, submission.created_at, value,
                                       score.get("band")))
    return list(found.values())


def describe(series: Series) -> str:
    """The chart's description in words, for people who cannot see it."""
    first, last = series.points[0], series.points[-1]
    text = _("%(label)s went from %(first)s on %(first_day)s to %(last)s on %(last_day)s "
             "over %(n)s assessments.", label=series.label, first=_number(first.value),
             first_day=day(first.at), last=_number(last.value),
             last_day=day(last.at), n=len(series.points))
    verdict = series.judged(series.change_since_first)
    if verdict == "improved":
        text += " " + _("That is a reliable improvement.")
    elif verdict == "worsened":
        text += " " + _("That is a reliable worsening.")
    elif verdict == "no_reliable_change":
        text += " " + _("That is not a reliable change.")
    return text


def chart(series: Series) -> Chart:
    """The chart of ``series``: x by date, y by value, the instrument's bands behind."""
    return draw([Reading(p.at, p.value, _number(p.value), p.band or "") for p in series.points],
                series.bands, title=f"{series.form_title}: {series.label}",
                description=describe(series), subject=series)
