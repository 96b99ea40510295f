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


# Grid cells in degrees, finest first: a point is indexed in one cell of each size, and a
# radius search asks for the cells covering its bounding box at the finest size that needs
# at most MAX_CELLS of them (an index-friendly prefilter; haversine still decides).
CELL_SIZES = (0.02, 0.1, 0.5, 2.5)
MAX_CELLS = 120


def _cell(size: float, lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / size), math.floor(lon / size)


def point_cells(lat: float, lon: float) -> list[str]:
    """The cell names of one point, one per cell size."""
    return [f"{size:g}:{row}:{col}" for size in CELL_SIZES for row, col in [_cell(size, lat, lon)]]


def box_cells(min_lat: float, max_lat: float, min_lon: float, max_lon: float) -> list[str] | None:
    """Cell names covering the box at the finest workable size; None when even the coarsest
    would need too many, or the box crosses the date line (search then filters by distance
    alone)."""
    if min_lon < -180 or max_lon > 180:
        return None
    for size in CELL_SIZES:
        low_row, low_col = _cell(size, min_lat, min_lon)
        high_row, high_col = _cell(size, max_lat, max_lon)
        if (high_row - low_row + 1) * (high_col - low_col + 1) <= MAX_CELLS:
            return [
                f"{size:g}:{row}:{col}"
                for row in range(low_row, high_row + 1)
                for col in range(low_col, high_col + 1)
            ]
    return None
