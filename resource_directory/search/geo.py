"""Distances on the Earth's surface: a bounding box to prefilter, haversine to decide."""

from __future__ import annotations

import math
from collections.abc import Callable

EARTH_RADIUS_KM = 6371.0088

# The data layer owns geography: it hands search a function from ZIP to centroid (lat, lon).
LocateZip = Callable[[str], "tuple[float, float] | None"]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) enclosing the circle; never smaller than it."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    # The circle's widest longitude (its tangent meridians), not the parallel through the centre,
    # which is slightly narrower; near a pole the box spans every longitude.
    ratio = math.sin(radius_km / EARTH_RADIUS_KM) / max(math.cos(math.radians(lat)), 1e-12)
    dlon = 180.0 if ratio >= 1 else math.degrees(math.asin(ratio))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
