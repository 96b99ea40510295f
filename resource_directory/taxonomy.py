"""Taxonomies (Open Eligibility by default) and tagging services with their terms."""

from __future__ import annotations

import csv
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .importers.report import ImportFailed, ImportReport
from .importers.staging import Staged
from .importers.writer import write_records
from .models import Service, TaxonomyTerm

OPEN_ELIGIBILITY = "open_eligibility_v2.0.json"
MAPPING_SOURCE = "taxonomy-mapping"
# Column names other taxonomy files use for the same things.
_CODE = ("code", "id", "taxonomy_id", "oe_id")
_NAME = ("name", "title", "term")
_PARENT = ("parent_code", "parent_id", "parent")
# Words too general to tag a service by name alone.
_TOO_GENERAL = {"care", "help", "support", "services", "service", "other", "more", "all"}


def _first(row: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return str(value).strip()
    return None


def _read_terms(path: Path) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    try:
        if path.suffix.lower() == ".csv":
            with path.open(newline="", encoding="utf-8-sig") as handle:
                return {}, list(csv.DictReader(handle))
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ImportFailed(path, f"not valid JSON: {error.msg}", line=error.lineno) from error
    if isinstance(data, dict):
        return data, list(data.get("terms", []))
    return {}, list(data)


def load_taxonomy(
    session: Session, path: Path | str | None = None, *, name: str | None = None
) -> ImportReport:
    """Load a taxonomy's terms with their parent links (Open Eligibility 2.0 when no path).

    A CSV or JSON file needs a code, a name and, for all but top terms, the parent's code
    (columns `code`/`id`, `name`/`title`, `parent_code`/`parent_id`)."""
    if path is None:
        path = Path(str(resources.files("resource_directory") / "data" / OPEN_ELIGIBILITY))
    path = Path(path)
    header, rows = _read_terms(path)
    taxonomy_name = name or header.get("name") or path.stem
    source = f"taxonomy:{taxonomy_name}"
    staged = Staged(path, "taxonomy", source)
    taxonomy_id = staged.add(
        "taxonomy",
        {
            "name": taxonomy_name,
            "description": header.get("description") or taxonomy_name,
            "uri": header.get("uri"),
            "version": header.get("version"),
        },
        source_id="taxonomy",
        position="taxonomy",
    )
    codes = {_first(row, _CODE) for row in rows}
    for index, row in enumerate(rows):
        position = f"line {index + 2}" if path.suffix.lower() == ".csv" else f"term {index}"
        code, term_name = _first(row, _CODE), _first(row, _NAME)
        if not code or not term_name:
            staged.reject("taxonomy_term", position, "a term needs a code and a name")
            continue
        parent = _first(row, _PARENT)
        if parent and parent not in codes:
            staged.reject("taxonomy_term", position, f"parent {parent} is not in the taxonomy")
            continue
        staged.add(
            "taxonomy_term",
            {
                "code": code,
                "name": term_name,
                "description": row.get("description") or "",
                "parent_id": staged_term_id(source, parent) if parent else None,
                "taxonomy": taxonomy_name,
                "taxonomy_id": taxonomy_id,
                "language": "en",
            },
            source_id=code,
            position=position,
        )
    report = write_records(session, staged)
    session.flush()  # committed by the caller, with the rest of its unit of work
    return report


def staged_term_id(source: str, code: str) -> str:
    from .importers.staging import record_id

    return record_id(source, "taxonomy_term", code)


def _normal(text: str) -> str:
    words = re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


def tag_services(session: Session, *, source: str | None = None) -> ImportReport:
    """Tag services with the terms their keywords name, or whose name contains a term's name.

    The rule is general, not tuned per record: a keyword equal to a term's name (ignoring case,
    punctuation and plural s) tags the service; so does a specific term name (two words or
    more, or one long word) appearing as a phrase in the service's name."""
    terms: dict[str, list[TaxonomyTerm]] = {}
    for term in session.scalars(select(TaxonomyTerm)):
        terms.setdefault(_normal(term.name), []).append(term)
    phrases = [
        (re.compile(rf"\b{re.escape(key)}\b"), found)
        for key, found in terms.items()
        if key and key not in _TOO_GENERAL and (" " in key or len(key) >= 6)
    ]
    query = select(Service)
    if source is not None:
        query = query.where(Service.source == source)
    staged = Staged(Path("taxonomy mapping"), "taxonomy-mapping", MAPPING_SOURCE)
    for service in session.scalars(query):
        matched: dict[str, TaxonomyTerm] = {}
        for keyword in (service.keywords or "").split(","):
            for term in terms.get(_normal(keyword), []):
                matched[term.id] = term
        name = _normal(service.name)
        for pattern, found in phrases:
            if pattern.search(name):
                matched.update((term.id, term) for term in found)
        for term_id in sorted(matched):
            staged.add(
                "attribute",
                {
                    "link_id": service.id,
                    "link_entity": "service",
                    "link_type": "category",
                    "taxonomy_term_id": term_id,
                },
                source_id=f"{service.id}/{term_id}",
                position=f"service {service.id}",
            )
    report = write_records(session, staged)
    session.flush()  # committed by the caller, with the rest of its unit of work
    return report
