"""The directory API's part of the OpenAPI document, added through ``register_openapi_paths``."""

from __future__ import annotations

from carebridge.directory.queries import MAX_PER_PAGE, MAX_RADIUS_KM

_ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "401": {"$ref": "#/components/responses/Unauthorized"},
    "403": {"$ref": "#/components/responses/Forbidden"},
}


def _param(name: str, schema: dict, description: str) -> dict:
    return {"name": name, "in": "query", "required": False, "schema": schema,
            "description": description}


_BOOL = {"type": "string", "enum": ["true", "false", "1", "0", "yes", "no", "on", "off"]}
SEARCH_PARAMETERS = [
    _param("q", {"type": "string", "maxLength": 200},
           "What the client needs, in everyday words (synonyms and spelling fixes apply)."),
    _param("category", {"type": "string"},
           "A taxonomy term's name or id; its narrower terms match too."),
    _param("serves", {"type": "string"},
           "Whom the service is for: a situation term such as 'Seniors' or 'Veterans'."),
    _param("language", {"type": "string"},
           "A language the service speaks, however written: 'Spanish', 'español', 'es', "
           "'Chinese (Cantonese)'."),
    _param("city", {"type": "string"},
           "The service's city, however written ('S. San Francisco', a ZIP code)."),
    _param("zip", {"type": "string", "pattern": r"^\d{5}"},
           "The client's ZIP code: the centre for radius_km and distance, and services whose "
           "declared area excludes it are left out. An unknown ZIP is a 400."),
    _param("radius_km", {"type": "number", "exclusiveMinimum": 0, "maximum": MAX_RADIUS_KM},
           "Only services within this distance of zip (or lat/lon)."),
    _param("lat", {"type": "number", "minimum": -90, "maximum": 90},
           "Latitude of the centre (with lon; wins over zip)."),
    _param("lon", {"type": "number", "minimum": -180, "maximum": 180},
           "Longitude of the centre (with lat)."),
    _param("open_now", _BOOL, "Only services open now by their weekly hours."),
    _param("age", {"type": "number", "minimum": 0, "maximum": 130},
           "The client's age, within the service's age limits."),
    _param("free", _BOOL, "Only free services."),
    _param("sort", {"type": "string", "enum": ["relevance", "distance"], "default": "relevance"},
           "distance needs zip or lat/lon."),
    _param("page", {"type": "integer", "minimum": 1, "default": 1}, "1-based page number."),
    _param("per_page", {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE,
                        "default": 20}, "Results per page."),
]

_STRINGS = {"type": "array", "items": {"type": "string"}}
RESULT = {
    "type": "object",
    "required": ["id", "service_id", "name", "organization", "score", "distance_km", "source",
                 "source_id"],
    "properties": {
        "id": {"type": "string", "description": "The service at one location"},
        "service_id": {"type": "string"},
        "name": {"type": "string"},
        "organization": {"type": "string"},
        "score": {"type": "number"},
        "distance_km": {"type": ["number", "null"]},
        "source": {"type": "string", "description": "The data set the record came from"},
        "source_id": {"type": "string", "description": "The record's id in that data set"},
        "description": {"type": "string"},
        "categories": _STRINGS,
        "languages": _STRINGS,
        "address": {"type": "string"},
        "city": {"type": "string"},
        "postal_code": {"type": "string"},
        "phones": _STRINGS,
        "hours": {"type": "string"},
        "open_now": {"type": ["boolean", "null"],
                     "description": "null when the directory has no weekly hours"},
        "eligibility": {"type": "string"},
        "fees": {"type": "string"},
        "free": {"type": "boolean"},
        "url": {"type": "string"},
        "last_verified": {"type": ["string", "null"], "format": "date"},
        "out_of_date": {"type": "boolean", "description": "Not verified for over a year"},
        "explanation": {"type": "string", "description": "Why it matched, with fields"},
        "why": {**_STRINGS, "description": "Why it matched, in plain words for staff"},
        "source_updated": {"type": ["string", "null"], "format": "date",
                           "description": "When that data set last changed the record"},
    },
}
_COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
SEARCH_RESULTS = {
    "type": "object",
    "required": ["total", "results", "facets"],
    "properties": {
        "total": {"type": "integer"},
        "page": {"type": "integer"},
        "per_page": {"type": "integer"},
        "pages": {"type": "integer"},
        "results": {"type": "array", "items": RESULT},
        "facets": {"type": "object",
                   "properties": {"category": _COUNTS, "language": _COUNTS, "serves": _COUNTS},
                   "description": "Counts over every matching service, not just this page"},
        "corrections": {"type": "object", "additionalProperties": {"type": "string"}},
        "ignored_words": _STRINGS,
    },
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def paths() -> dict:
    hsds = {"type": "object", "description": "An HSDS 3.0 object (openreferral.org)."}
    return {
        "/api/v1/directory/search": {"get": {
            "summary": "Search the shared resource directory",
            "parameters": SEARCH_PARAMETERS,
            "responses": {"200": _json(SEARCH_RESULTS, "One page of results"), **_ERRORS},
        }},
        "/api/v1/directory/services/{service_id}": {"get": {
            "summary": "One service as HSDS 3.0, its organization nested",
            "parameters": [{"name": "service_id", "in": "path", "required": True,
                            "schema": {"type": "string"}}],
            "responses": {"200": _json(hsds, "The service"), **_ERRORS,
                          "404": {"$ref": "#/components/responses/NotFound"}},
        }},
        "/api/v1/directory/export": {"get": {
            "summary": "The whole directory as HSDS 3.0 organizations with their services",
            "responses": {"200": _json({"type": "array", "items": hsds}, "Every organization"),
                          **_ERRORS},
        }},
    }
