"""The directory's JSON API (``/api/v1/directory``): search, one HSDS service, the HSDS export."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from carebridge.auth.access import requires
from carebridge.db import get_session
from carebridge.directory import editing, search, wording
from carebridge.directory.queries import search_query
from carebridge.errors import NotFound
from carebridge.i18n import _
from resource_directory.exporter import HsdsExport, export_organizations

bp = Blueprint("directory_api", __name__, url_prefix="/api/v1/directory")


def card_json(card: search.ResultCard) -> dict:
    hit = card.hit
    return {
        "id": hit.id,
        "service_id": hit.service_id,
        "name": hit.name,
        "organization": hit.organization,
        "score": round(hit.score, 4),
        "distance_km": round(hit.distance_km, 2) if hit.distance_km is not None else None,
        "source": card.source,
        "source_id": card.source_id,
        "description": hit.description,
        "categories": hit.categories,
        "languages": hit.languages,
        "address": hit.address,
        "city": hit.city,
        "postal_code": hit.postal_code,
        "phones": hit.phones,
        "hours": hit.hours_text,
        "open_now": card.open_now,
        "eligibility": card.eligibility,
        "fees": hit.fees_text,
        "free": hit.free,
        "url": hit.url,
        "last_verified": card.last_verified.isoformat() if card.last_verified else None,
        "out_of_date": card.out_of_date,
        "explanation": str(hit.explanation),
        "why": wording.worded_reasons(hit.explanation),
        "source_updated": card.source_updated.isoformat() if card.source_updated else None,
    }


@bp.get("/search")
@requires("directory.read")
def search_services():
    page = search.run(get_session(), search_query(request.args))
    results = page.results
    return {
        "total": results.total,
        "page": results.page,
        "per_page": results.per_page,
        "pages": results.pages,
        "results": [card_json(card) for card in page.cards],
        "facets": {"category": results.category_facets, "language": results.language_facets,
                   "serves": results.audience_facets},
        "corrections": results.corrections,
        "ignored_words": results.ignored_words,
    }


@bp.get("/services/<service_id>")
@requires("directory.read")
def get_service(service_id: str):
    db = get_session()
    hsds = HsdsExport(db)
    row = hsds.tables.by_id["service"].get(service_id)
    if row is None:
        raise NotFound(_("No such service in the directory."))
    return _without_emails_of_people(hsds.service(row, with_organization=True),
                                     editing.verifiers(db))


@bp.get("/export")
@requires("directory.read")
def export():
    # The same document `carebridge directory export` writes: HSDS organizations, services nested.
    db = get_session()
    verified_by = editing.verifiers(db)
    organizations = export_organizations(db)
    for organization in organizations:
        for service in organization.get("services", []):
            _without_emails_of_people(service, verified_by)
    return jsonify(organizations)


def _without_emails_of_people(service: dict, verified_by: dict[str, str]) -> dict:
    """The shared directory names who verified a service by agency and role
    (``x_verified_by``), never by a person's e-mail (HSDS ``assurer_email`` is left out)."""
    service.pop("assurer_email", None)
    if service.get("id") in verified_by:
        service["x_verified_by"] = verified_by[service["id"]]
    return service
