"""The drawing module of the client file's charts: where the points, the line, the shaded bands
and the marks go in an SVG of values over time — PHQ-9 totals, a goal's status, a need's. One
geometry for all of them; the SVG itself is the template ``careplans/_chart.html``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import flask_babel
from babel.dates import format_skeleton

WIDTH, HEIGHT = 680, 260
LEFT, RIGHT, TOP, BOTTOM = 40, 200, 26, 36
BAND_FILLS = ("#eef5ee", "#f7f3e3", "#fbeadb", "#f8e0dc", "#f3d3d0", "#eed0e8")


def day(moment: datetime, *, year: bool = True) -> str:
    """A moment's day in the agency's time zone, short, as the reader's language writes it
    ("Mar 2, 2026" or "Mar 2"; in Spanish "2 mar 2026" or "2 mar"). A naive moment is UTC."""
    local = flask_babel.to_user_timezone(moment)
    return format_skeleton("yMMMd" if year else "MMMd", local, locale=flask_babel.get_locale())


@dataclass(frozen=True)
class Reading:
    """One point to draw: when, its value, the label written over it and its band's name."""

    at: datetime
    value: float
    label: str = ""
    band: str = ""


@dataclass
class Chart:
    """Everything the template draws, in SVG user units; ``subject`` is what it shows (a score
    series, a goal, a need) for the template's table beside it."""

    title: str
    description: str
    width: int
    height: int
    plot: tuple[int, int, int, int]  # left, top, right, bottom
    bands: list[dict]
    points: list[dict]
    y_ticks: list[dict]
    path: str
    marks: list[dict] = field(default_factory=list)
    subject: Any = None

    @property
    def series(self):  # the score charts' name for their subject
        return self.subject


def draw(readings: Sequence[Reading], bands: Sequence[dict], *, title: str, description: str,
         subject: Any = None, domain: tuple[float, float] | None = None, ticks: bool = True,
         steps_until: datetime | None = None, marks: Sequence[tuple[datetime, str]] = (),
         height: int = HEIGHT, fills: Sequence[str] = BAND_FILLS) -> Chart:
    """The chart of ``readings`` (oldest first): x by time, y by value, ``bands`` (``{"min",
    "max", "label"}``, lowest first) shaded behind.

    Scores are joined point to point. A status holds until it changes: with ``steps_until`` the
    line steps from one reading to the next and runs on to that moment. ``marks`` are moments
    shown on the time axis (a progress note's day) with their label; ``domain`` fixes the
    value range (status lanes from -0.5 to n - 0.5) and ``ticks`` writes the values on the axis;
    ``fills`` colour the bands from the lowest up (green to red: a low score is the good one).
    """
    left, top, right, bottom = LEFT, TOP, WIDTH - RIGHT, height - BOTTOM
    values = [r.value for r in readings]
    if domain is None:
        high = max([*values, *(b["max"] for b in bands)] or [1])
        low = min([*values, *(b["min"] for b in bands), 0])
    else:
        low, high = domain
    span = (high - low) or 1

    def y(value: float) -> float:
        return round(bottom - (value - low) / span * (bottom - top), 1)

    moments = [_seconds(r.at) for r in readings] + [_seconds(m) for m, _ in marks]
    if steps_until is not None:
        moments.append(_seconds(steps_until))
    first, last = min(moments), max(moments)

    def x(moment: datetime) -> float:
        if last == first:
            return (left + right) / 2
        return round(left + (_seconds(moment) - first) / (last - first) * (right - left), 1)

    shaded = []
    for index, band in enumerate(bands):
        # Whole-number bands meet half-way between one's max and the next one's min.
        upper, lower = y(min(band["max"] + 0.5, high)), y(max(band["min"] - 0.5, low))
        shaded.append({"label": band["label"], "y": min(upper, lower),
                       "height": abs(lower - upper), "fill": fills[index % len(fills)],
                       "label_y": round((upper + lower) / 2 + 4, 1)})
    points = [{"x": x(r.at), "y": y(r.value), "value": r.label,
               "day": day(r.at, year=False), "band": r.band} for r in readings]
    path = ""
    for index, point in enumerate(points):
        if index == 0:
            path = f"M{point['x']},{point['y']}"
        elif steps_until is not None:
            path += f" H{point['x']} V{point['y']}"
        else:
            path += f" L{point['x']},{point['y']}"
    if steps_until is not None and points:
        path += f" H{x(steps_until)}"
    y_ticks = ([{"y": y(t), "label": number(t)}
                for t in sorted({low, high, *(b["min"] for b in bands)})] if ticks else [])
    drawn_marks = [{"x": x(moment), "label": label, "day": day(moment, year=False)}
                   for moment, label in marks]
    return Chart(title, description, WIDTH, height, (left, top, right, bottom), shaded, points,
                 y_ticks, path, drawn_marks, subject)


def _seconds(moment: datetime) -> float:
    # Stored times are UTC; a naive one (SQLite) is read as UTC so all compare.
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).timestamp()


def number(value: float) -> str:
    """A value as people write it: 9, not 9.0; 2.5 as is."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"
