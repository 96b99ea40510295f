"""Reads HSDS 3.0 JSON: one object, a list of objects, an API page, or tabular JSON."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from .hsds_objects import guess_object, stage_flat, stage_object
from .report import ImportFailed
from .staging import Staged

NAME = "hsds-json"


def load_json(path: Path) -> Any:
    """Parse a JSON (or .json.gz) file, failing with the line of the first syntax error."""
    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            return json.load(handle)
    except json.JSONDecodeError as error:
        raise ImportFailed(path, f"not valid JSON: {error.msg}", line=error.lineno) from error
    except (OSError, UnicodeDecodeError) as error:
        raise ImportFailed(path, f"cannot be read: {error}") from error


def detect(path: Path) -> bool:
    name = path.name.lower()
    return path.is_file() and (name.endswith(".json") or name.endswith(".json.gz"))


def read(path: Path, source: str) -> Staged:
    data = load_json(path)
    staged = Staged(path, NAME, source)
    if isinstance(data, dict) and "contents" in data:  # an HSDS API page, "*_list"
        data = data["contents"]
        if not isinstance(data, list):
            raise ImportFailed(path, "`contents` of an HSDS page must be a list")
    if isinstance(data, dict) and data and all(key.endswith(".csv") for key in data):
        _read_tables(staged, data)
        return staged
    records = data if isinstance(data, list) else [data]
    for index, item in enumerate(records):
        position = f"record {index}" if isinstance(data, list) else "$"
        kind = guess_object(item) if isinstance(item, dict) else None
        if kind is None:
            staged.reject("unknown", position, "not an HSDS object this directory can store")
            continue
        stage_object(staged, kind, item, position)
    return staged


def _read_tables(staged: Staged, tables: dict[str, Any]) -> None:
    """HSDS tabular JSON: {"services.csv": [row, ...], ...}, the data package as JSON."""
    from .hsds_tabular import TABLE_FILES

    for file_name, rows in tables.items():
        kind = TABLE_FILES.get(file_name)
        if kind is None:
            continue
        for index, row in enumerate(rows or []):
            stage_flat(staged, kind, row, f"{file_name} row {index}")
