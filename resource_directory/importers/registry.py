"""The import formats, how a file's format is recognised, and `import_path` which runs one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from . import cip_json, hsds_json, hsds_tabular, ohana_csv
from .report import ImportFailed, ImportReport
from .staging import Staged
from .writer import write_records


@dataclass(frozen=True)
class ImportFormat:
    name: str
    description: str
    detect: Callable[[Path], bool]
    read: Callable[[Path, str], Staged]


# The built-in formats, checked in this order; the first whose `detect` accepts the path wins.
# An application adds its own by passing ``formats`` (Carebridge: the register_importers hook).
BUILTIN_FORMATS: tuple[ImportFormat, ...] = (
    ImportFormat(
        hsds_tabular.NAME,
        "HSDS 3.0 tabular data package (CSV + datapackage.json)",
        hsds_tabular.detect,
        hsds_tabular.read,
    ),
    ImportFormat(
        ohana_csv.NAME,
        "Ohana API CSV files (organizations.csv, locations.csv…)",
        ohana_csv.detect,
        ohana_csv.read,
    ),
    ImportFormat(
        cip_json.NAME,
        "flat community-information records (San Mateo cip_2013)",
        cip_json.detect,
        cip_json.read,
    ),
    ImportFormat(
        hsds_json.NAME,
        "HSDS 3.0 JSON objects, lists or API pages",
        hsds_json.detect,
        hsds_json.read,
    ),
)
FORMATS: Mapping[str, ImportFormat] = {f.name: f for f in BUILTIN_FORMATS}


def by_name(formats: Iterable[ImportFormat]) -> dict[str, ImportFormat]:
    """Formats keyed by name in detection order; the first of a name wins."""
    table: dict[str, ImportFormat] = {}
    for import_format in formats:
        table.setdefault(import_format.name, import_format)
    return table


def detect_format(path: Path | str, formats: Mapping[str, ImportFormat] = FORMATS) -> str:
    path = Path(path)
    if not path.exists():
        raise ImportFailed(path, "no such file or folder")
    for import_format in formats.values():
        if import_format.detect(path):
            return import_format.name
    raise ImportFailed(path, f"not a format the directory can import ({', '.join(formats)})")


def default_source(path: Path) -> str:
    """The data set's name: the file's stem, or the folder's name for a set of files."""
    if path.is_dir() or path.name == "datapackage.json":
        return (path if path.is_dir() else path.parent).name
    return path.name.split(".")[0]


def import_path(
    session: Session,
    path: Path | str,
    format: str | None = None,
    progress: bool = False,
    *,
    source: str | None = None,
    formats: Mapping[str, ImportFormat] = FORMATS,
    withdraw_missing: bool = True,
    tag: bool = True,
) -> ImportReport:
    """Import one file or folder whole, or not at all, in the caller's transaction (which the
    caller commits: a command's or job's unit of work); a refusal rolls it back.

    Services an earlier import of the same source had and this file lacks are marked inactive
    unless ``withdraw_missing`` is false (a file that holds only some of a source's records).
    Then its services are tagged with taxonomy terms (``tag``; see ``taxonomy_crosswalk``) in
    the same unit of work.
    """
    path = Path(path)
    name = format or detect_format(path, formats)
    if name not in formats:
        raise ImportFailed(path, f"unknown format {name!r} (known: {', '.join(formats)})")
    staged = formats[name].read(path, source or default_source(path))
    try:
        report = write_records(session, staged, progress=progress,
                               withdraw_missing=withdraw_missing)
        session.flush()  # the database's refusals surface here, as ImportFailed
    except SQLAlchemyError as error:
        session.rollback()
        reason = getattr(error, "orig", None) or error
        raise ImportFailed(path, f"the database refused the data: {reason}") from error
    except BaseException:
        session.rollback()
        raise
    if tag:
        from ..taxonomy import ensure_taxonomy, tag_services

        ensure_taxonomy(session)
        report.tagged = tag_services(session, source=staged.source).total_imported
        session.flush()  # committed by the caller, with the rest of its unit of work
    return report
