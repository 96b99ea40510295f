"""Where a US ZIP code is (its centroid, from data bundled with `zipcodes`) and how far apart."""

from __future__ import annotations

import math
from functools import lru_cache

import zipcodes

EARTH_RADIUS_KM = 6371.0088


@lru_cache(maxsize=4096)
def locate(postal_code: str | None) -> tuple[float, float] | None:
    """(latitude, longitude) of a ZIP code's centroid, or None when it is not a known ZIP."""
    if not postal_code:
        return None
    five = str(postal_code).strip()[:5]
    if len(five) != 5 or not five.isdigit():
        return None
    try:
        matches = zipcodes.matching(five)
    except (TypeError, ValueError):
        return None
    if not matches:
        return None
    place = matches[0]
    try:
        return float(place["lat"]), float(place["long"])
    except (KeyError, TypeError, ValueError):
        return None


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def distance_km(
    origin: str | tuple[float, float], destination: str | tuple[float, float]
) -> float | None:
    """Distance between two ZIP codes or points; None when either ZIP is unknown."""
    points = [locate(p) if isinstance(p, str) else p for p in (origin, destination)]
    if points[0] is None or points[1] is None:
        return None
    return haversine_km(points[0], points[1])
