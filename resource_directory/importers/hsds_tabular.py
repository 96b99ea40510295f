"""Reads the HSDS 3.0 tabular data package: one CSV per table, described by datapackage.json."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .hsds_objects import IGNORED, stage_flat
from .report import ImportFailed
from .staging import Staged

NAME = "hsds-csv"

TABLE_FILES = {
    "organizations.csv": "organization",
    "programs.csv": "program",
    "services.csv": "service",
    "attributes.csv": "attribute",
    "service_at_location.csv": "service_at_location",
    "locations.csv": "location",
    "phones.csv": "phone",
    "contacts.csv": "contact",
    "addresses.csv": "address",
    "schedules.csv": "schedule",
    "funding.csv": "funding",
    "service_areas.csv": "service_area",
    "required_documents.csv": "required_document",
    "languages.csv": "language",
    "accessibility.csv": "accessibility",
    "taxonomy_terms.csv": "taxonomy_term",
    "cost_options.csv": "cost_option",
    "taxonomies.csv": "taxonomy",
}


def _package_file(path: Path) -> Path:
    return path / "datapackage.json" if path.is_dir() else path


def detect(path: Path) -> bool:
    return _package_file(path).name == "datapackage.json" and _package_file(path).is_file()


def read(path: Path, source: str) -> Staged:
    package_path = _package_file(path)
    folder = package_path.parent
    try:
        package = json.loads(package_path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ImportFailed(
            package_path, f"not valid JSON: {error.msg}", line=error.lineno
        ) from error
    staged = Staged(path, NAME, source)
    for resource in package.get("resources", []):
        kind, file_name = resource.get("name"), resource.get("path")
        if kind in IGNORED or not file_name:
            continue
        csv_path = folder / file_name
        if not csv_path.is_file():
            continue  # a package may describe tables it has no rows for
        fields = resource.get("schema", {}).get("fields", [])
        required = [f["name"] for f in fields if f.get("constraints", {}).get("required")]
        for line, row in read_csv(csv_path, required):
            stage_flat(staged, kind, row, f"{file_name} line {line}")
    return staged


def read_csv(path: Path, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Rows with their line numbers; a missing required column fails the whole file."""
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [name for name in required if name not in header]
            if missing:
                raise ImportFailed(path, f"missing required column {', '.join(missing)}", line=1)
            rows = []
            for row in reader:
                # line_num is where the row ends; multi-line cells make it differ from the start.
                rows.append((reader.line_num, {k: v for k, v in row.items() if k is not None}))
            return rows
    except (csv.Error, UnicodeDecodeError) as error:
        raise ImportFailed(path, f"not readable as CSV: {error}") from error
