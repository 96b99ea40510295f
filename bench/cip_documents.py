"""TEMPORARY: cip_2013.json records as ServiceDocuments, until the directory's importer lands.

The real mapping belongs to the data layer (``resource_directory/documents.py``); this one
exists only so the search benchmarks can run today. Replace it with the importer's documents.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from resource_directory.search.document import ServiceDocument


def shared_folder() -> Path:
    """The shared data folder beside the project root (or $CAREBRIDGE_SHARED); exit if absent."""
    shared = Path(
        os.environ.get("CAREBRIDGE_SHARED") or Path(__file__).resolve().parents[2] / "shared"
    )
    if not (shared / "data" / "ohana-san-mateo" / "cip_2013.json").is_file():
        sys.exit(f"This benchmark needs the shared data folder ({shared}); set CAREBRIDGE_SHARED.")
    return shared


def cip_records(shared: Path) -> list[dict]:
    path = shared / "data" / "ohana-san-mateo" / "cip_2013.json"
    return [entry[0] for entry in json.loads(path.read_text(encoding="utf-8"))]


def first(value) -> str:
    if isinstance(value, list):
        return str(value[0]) if value else ""
    return str(value or "")


def is_free(fees: str) -> bool:
    text = fees.strip().lower()
    return text.startswith(("none", "free", "no fee", "no charge"))


def cip_document(index: int, record: dict) -> ServiceDocument:
    """One record, keyed by its 0-based position (the id the relevance judgements use)."""
    phones = [
        phone["number"]
        for group in record.get("phones") or []
        for phone in group
        if "number" in phone
    ]
    return ServiceDocument(
        id=str(index),
        service_id=str(index),
        location_id=None,
        name=record.get("name", "").rstrip("."),
        organization=(record.get("agency") or "").rstrip("."),
        description=" ".join(
            filter(None, [record.get("description"), record.get("services_provided")])
        ),
        keywords=list(record.get("keywords") or []),
        eligibility=" ".join(
            filter(None, [record.get("eligibility_requirements"), record.get("target_group")])
        ),
        languages=[language.strip().lower() for language in record.get("languages_spoken") or []],
        city=first(record.get("city")).strip(),
        postal_code=first(record.get("zipcode"))[:5],
        free=is_free(record.get("fees") or ""),
        phones=phones,
        address=record.get("street_address") or "",
        hours_text=record.get("service_hours") or "",
        fees_text=record.get("fees") or "",
        url=first(record.get("urls")),
        source="cip_2013",
        source_id=str(index),
    )


def cip_documents(shared: Path) -> list[ServiceDocument]:
    return [cip_document(index, record) for index, record in enumerate(cip_records(shared))]
