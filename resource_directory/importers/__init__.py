"""Importers for directory data: HSDS JSON and CSV, Ohana CSV and flat community records."""

from .registry import (
    BUILTIN_FORMATS,
    FORMATS,
    ImportFormat,
    by_name,
    detect_format,
    import_path,
)
from .report import ImportFailed, ImportReport, Rejection

__all__ = [
    "BUILTIN_FORMATS",
    "FORMATS",
    "ImportFailed",
    "ImportFormat",
    "ImportReport",
    "Rejection",
    "by_name",
    "detect_format",
    "import_path",
]
