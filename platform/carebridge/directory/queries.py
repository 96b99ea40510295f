"""Request arguments → ``SearchQuery``, checked at the edge: one place for the API and the pages."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from carebridge.errors import CarebridgeError, Problem
from carebridge.i18n import _
from resource_directory.geography import locate
from resource_directory.search.backend import SearchQuery

PARAMETERS = ("q", "category", "serves", "language", "city", "zip", "radius_km", "lat", "lon",
              "open_now", "age", "free", "sort", "page", "per_page")
TRUE = {"1", "true", "on", "yes"}
FALSE = {"", "0", "false", "off", "no"}
MAX_TEXT = 200
MAX_RADIUS_KM = 500
MAX_PAGE = 1000
MAX_PER_PAGE = 100


class InvalidSearch(CarebridgeError):
    """A search parameter is malformed or names something the directory cannot place."""

    status = 400


@dataclass
class _Reader:
    args: Mapping[str, str]
    problems: list[Problem] = field(default_factory=list)

    def text(self, name: str) -> str | None:
        value = (self.args.get(name) or "").strip()
        if len(value) > MAX_TEXT:
            self.fail(name, _("Use at most %(count)d characters.", count=MAX_TEXT))
            return None
        return value or None

    def number(self, name: str, low: float, high: float, *, integer=False) -> float | None:
        raw = (self.args.get(name) or "").strip()
        if not raw:
            return None
        try:
            value = int(raw) if integer else float(raw)
        except ValueError:
            self.fail(name, _("'%(text)s' is not a whole number.", text=raw[:20]) if integer
                      else _("'%(text)s' is not a number.", text=raw[:20]))
            return None
        if not math.isfinite(value) or not low <= value <= high:
            self.fail(name, _("Use a value from %(low)s to %(high)s.", low=f"{low:g}",
                              high=f"{high:g}"))
            return None
        return value

    def flag(self, name: str) -> bool:
        raw = (self.args.get(name) or "").strip().lower()
        if raw in TRUE:
            return True
        if raw not in FALSE:
            self.fail(name, _("Use true or false."))
        return False

    def fail(self, name: str, message: str) -> None:
        self.problems.append(Problem(name, message))


def search_query(args: Mapping[str, str]) -> SearchQuery:
    """The query these arguments ask for, or ``InvalidSearch`` listing every problem."""
    read = _Reader(args)
    query = SearchQuery(
        text=read.text("q") or "",
        category=read.text("category"),
        serves=read.text("serves"),
        language=(read.text("language") or "").lower() or None,
        city=read.text("city"),
        zip=read.text("zip"),
        radius_km=read.number("radius_km", 0.1, MAX_RADIUS_KM),
        lat=read.number("lat", -90, 90),
        lon=read.number("lon", -180, 180),
        open_now=read.flag("open_now"),
        age=read.number("age", 0, 130),
        free=read.flag("free"),
        page=int(read.number("page", 1, MAX_PAGE, integer=True) or 1),
        per_page=int(read.number("per_page", 1, MAX_PER_PAGE, integer=True) or 20),
    )
    if query.zip and locate(query.zip) is None:
        read.fail("zip", _("ZIP %(zip)s is not a US ZIP code the directory knows.",
                           zip=query.zip))
    if (query.lat is None) != (query.lon is None):
        read.fail("lat" if query.lat is None else "lon", _("Give lat and lon together."))
    has_centre = bool(query.zip) or (query.lat is not None and query.lon is not None)
    if query.radius_km is not None and not has_centre:
        read.fail("radius_km", _("A radius needs a ZIP code (or lat and lon) to measure from."))
    sort = (args.get("sort") or "relevance").strip().lower()
    if sort not in ("relevance", "distance"):
        read.fail("sort", _("Sort by relevance or distance."))
    elif sort == "distance" and not has_centre:
        read.fail("sort", _("Sorting by distance needs a ZIP code (or lat and lon)."))
    else:
        query.sort = sort
    if read.problems:
        raise InvalidSearch(
            _("Check the search: %(problems)s",
              problems=" ".join(f"{p.pointer}: {p.message}" for p in read.problems)),
            read.problems,
        )
    return query
