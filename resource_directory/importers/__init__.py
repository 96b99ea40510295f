"""Importers for directory data: HSDS JSON and CSV, Ohana CSV and flat community records."""

from .registry import FORMATS, ImportFormat, detect_format, import_path, register_format
from .report import ImportFailed, ImportReport, Rejection

__all__ = [
    "FORMATS",
    "ImportFailed",
    "ImportFormat",
    "ImportReport",
    "Rejection",
    "detect_format",
    "import_path",
    "register_format",
]
