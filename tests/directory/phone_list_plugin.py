"""A plugin adding a directory import format, as an outside one would: a CSV of name,phone."""

import csv
from pathlib import Path

from carebridge.plugin_api import ImportFormat, Staged, hookimpl


def detect(path: Path) -> bool:
    if not path.is_file() or path.suffix != ".csv":
        return False
    with path.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle), None) == ["name", "phone"]


def read(path: Path, source: str) -> Staged:
    staged = Staged(path, "phone-list", source)
    with path.open(newline="", encoding="utf-8") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            position = f"line {line}"
            if not row.get("name"):
                staged.reject("service", position, "missing name")
                continue
            organization = staged.add("organization", {"name": row["name"]},
                                      source_id=f"org:{row['name']}", position=position)
            service = staged.add("service", {"organization_id": organization,
                                             "name": row["name"], "status": "active"},
                                 source_id=row["name"], position=position)
            staged.add("phone", {"service_id": service, "number": row["phone"]},
                       source_id=f"{row['name']}/phone", position=position)
    return staged


@hookimpl
def register_importers():
    return [ImportFormat("phone-list", "a CSV of name,phone", detect, read)]
