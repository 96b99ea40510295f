"""Reads the Ohana API CSV files (organizations.csv, locations.csv, services.csv, …)."""

from __future__ import annotations

from pathlib import Path

from .report import ImportFailed
from .staging import Staged

NAME = "ohana-csv"


def detect(path: Path) -> bool:
    return (
        path.is_dir()
        and (path / "organizations.csv").is_file()
        and (path / "locations.csv").is_file()
        and not (path / "datapackage.json").exists()
    )


def read(path: Path, source: str) -> Staged:
    raise ImportFailed(path, "Ohana CSV import is not written yet")
