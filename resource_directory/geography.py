"""Places: where a US ZIP code is (data bundled with `zipcodes`), how far apart, city names."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import lru_cache

import zipcodes

from .languages import fold

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


# Words people abbreviate in place names ("S. San Francisco", "Mt View").
_ABBREVIATIONS = {"s": "south", "so": "south", "n": "north", "no": "north", "e": "east",
                  "w": "west", "mt": "mount", "st": "saint", "ft": "fort", "pt": "point"}
_STATE_SUFFIX = re.compile(r",?\s+(ca|california)\.?$")


def city_key(text: str | None) -> str:
    """A city name as search compares it: folded, state dropped, abbreviations spelt out
    ("S. San Francisco, CA" → "south san francisco")."""
    folded = _STATE_SUFFIX.sub("", fold(text or ""))
    words = re.findall(r"[a-z0-9]+", folded)
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


@lru_cache(maxsize=4096)
def city_of_zip(postal_code: str | None) -> str | None:
    """The city a US ZIP code belongs to ("94063" → "Redwood City"), or None."""
    five = str(postal_code or "").strip()[:5]
    if len(five) != 5 or not five.isdigit():
        return None
    try:
        matches = zipcodes.matching(five)
    except (TypeError, ValueError):
        return None
    return matches[0]["city"].title() if matches else None


def closest_city(text: str, known: Iterable[str]) -> str | None:
    """The directory's city ``text`` means: the same key, the city of a ZIP code, or one
    misspelt by at most two letters ("Redwod City"); None when nothing is that close."""
    key = city_key(city_of_zip(text) or text)
    keys = {city_key(city): city for city in known if city}
    if key in keys:
        return keys[key]
    if len(key) < 5:
        return None
    close = [(edit_distance(key, other), other) for other in keys]
    close = [(d, other) for d, other in close if d <= (1 if len(key) < 8 else 2)]
    return keys[min(close)[1]] if close else None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance (insertions, deletions, substitutions)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
