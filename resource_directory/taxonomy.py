"""Taxonomies (Open Eligibility by default) and tagging services with their terms."""

from __future__ import annotations

import csv
import json
from importlib import resources
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .importers.report import ImportFailed, ImportReport
from .importers.staging import Staged
from .importers.writer import write_records
from .models import TaxonomyTerm
from .taxonomy_crosswalk import MAPPING_SOURCE, tag_services

__all__ = ["MAPPING_SOURCE", "ensure_taxonomy", "load_taxonomy", "tag_services"]

OPEN_ELIGIBILITY = "open_eligibility_v2.0.json"
# Column names other taxonomy files use for the same things.
_CODE = ("code", "id", "taxonomy_id", "oe_id")
_NAME = ("name", "title", "term")
_PARENT = ("parent_code", "parent_id", "parent")


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


def ensure_taxonomy(session: Session) -> None:
    """Load Open Eligibility when the directory has no taxonomy yet (imports tag with it)."""
    if session.scalar(select(TaxonomyTerm.id).limit(1)) is None:
        load_taxonomy(session)
