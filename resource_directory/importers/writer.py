"""Writes staged records: insert new ones, update changed ones, reject what cannot be stored."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import click
from sqlalchemy import Boolean, Date, DateTime, Float, Integer, Table, insert, select, update
from sqlalchemy.orm import Session

from ..models import MODELS
from .report import ImportReport, Rejection
from .staging import Staged, StagedRecord

BOOKKEEPING = {"id", "source", "source_id"}
LINK_COLUMNS = {"url", "website"}
# An explicit scheme ("javascript:", "data:"), not a host and its port ("example.org:8080").
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):(?!\d)", re.IGNORECASE)
_URL_BLANKS = re.compile(r"[\t\n\r]")
INACTIVE = "inactive"  # HSDS service status: not currently delivered (reversible)
TRUE_WORDS = {"true", "t", "yes", "y", "1"}
CHUNK = 500


class InvalidValue(ValueError):
    """A value that does not fit its column; the message names the column."""


def _coerce(table: Table, name: str, value: Any) -> Any:
    column = table.c[name]
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = column.type
    try:
        if isinstance(kind, Boolean):
            return value if isinstance(value, bool) else str(value).strip().lower() in TRUE_WORDS
        if isinstance(kind, Integer):
            return int(float(value))
        if isinstance(kind, Float):
            return float(value)
        if isinstance(kind, DateTime):
            if isinstance(value, dt.datetime):
                moment = value
            else:
                moment = dt.datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
            return moment
        if isinstance(kind, Date):
            return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])
    except (TypeError, ValueError) as error:
        expected = kind.python_type.__name__
        raise InvalidValue(f"{name} {value!r} is not a valid {expected}") from error
    text = str(value).strip()
    length = getattr(kind, "length", None)
    if length and len(text) > length:
        raise InvalidValue(f"{name} is longer than {length} characters")
    return text


def _unsafe_link(text: str) -> bool:
    """A link whose scheme is not http(s). Browsers drop tabs and line breaks inside a URL, so
    ``java\tscript:`` is read as it would be followed."""
    match = _SCHEME.match(_URL_BLANKS.sub("", text).strip())
    return match is not None and match.group(1).lower() not in ("http", "https")


def _defaults(table: Table) -> dict[str, Any]:
    return {
        c.name: c.default.arg
        for c in table.columns
        if c.default is not None and not callable(c.default.arg)
    }


def _required(table: Table) -> list[str]:
    return [
        c.name
        for c in table.columns
        if not c.nullable and c.default is None and c.name not in BOOKKEEPING
    ]


@contextmanager
def _progress(length: int, label: str, show: bool) -> Iterator[Any]:
    # A bar only for a person watching: never in logs, pipes or tests.
    if show and sys.stderr.isatty():
        with click.progressbar(length=length, label=label, file=sys.stderr) as bar:
            yield bar
    else:

        class Silent:
            def update(self, steps: int) -> None:
                pass

        yield Silent()


def write_records(session: Session, staged: Staged, *, progress: bool = False,
                  withdraw_missing: bool = True) -> ImportReport:
    """Store `staged` in the session's transaction; the caller commits or rolls back.

    A source's file is its whole truth: services imported from it before that it no longer has
    are marked inactive (``withdraw_missing``), not deleted, so what refers to them keeps them.
    """
    report = ImportReport(staged.path, staged.format, staged.source)
    report.rejections.extend(staged.rejections)
    by_table: dict[str, list[StagedRecord]] = defaultdict(list)
    for record in staged.records:
        by_table[record.table].append(record)
    known_ids: dict[str, set[str]] = {}
    renamed: dict[str, str] = {}  # id in the file -> id already stored for the same record

    def ids_of(table: Table) -> set[str]:
        if table.name not in known_ids:
            known_ids[table.name] = set(session.scalars(select(table.c.id)))
        return known_ids[table.name]

    with _progress(len(staged.records), f"Importing {staged.path.name}", progress) as bar:
        for table in (t for t in tables_in_order() if t[0] in by_table):
            name, model_table = table
            _write_table(
                session, model_table, by_table[name], staged.source, report, ids_of, renamed
            )
            bar.update(len(by_table[name]))
    if withdraw_missing and "service" in by_table:
        _withdraw(session, MODELS["service"].__table__, by_table["service"], staged.source,
                  report)
    return report


def _withdraw(session: Session, table: Table, records: list[StagedRecord], source: str,
              report: ImportReport) -> None:
    """Mark inactive the services of ``source`` the file no longer lists (a record the file
    has but that was rejected this time is left as it was)."""
    listed = {record.source_id for record in records}
    gone = [
        row.id
        for row in session.execute(
            select(table.c.id, table.c.source_id, table.c.status).where(table.c.source == source)
        )
        if row.source_id not in listed and row.status != INACTIVE
    ]
    for start in range(0, len(gone), CHUNK):
        ids = gone[start : start + CHUNK]
        session.execute(update(table).where(table.c.id.in_(ids)).values(status=INACTIVE))
    report.withdrawn["service"] += len(gone)


def tables_in_order() -> list[tuple[str, Table]]:
    """HSDS names with their tables, parents before children."""
    by_table_name = {model.__table__.name: name for name, model in MODELS.items()}
    metadata = next(iter(MODELS.values())).metadata
    return [(by_table_name[t.name], t) for t in metadata.sorted_tables if t.name in by_table_name]


#: Tables of reference data several sources share: a record whose id is already stored is the
#: same term, used again.
SHARED_VOCABULARIES = frozenset({"taxonomy", "taxonomy_term"})


def _write_table(session, table, records, source, report, ids_of, renamed) -> None:
    hsds_name = next(name for name, model in MODELS.items() if model.__table__ is table)
    existing = {
        row.source_id: dict(row._mapping)
        for row in session.execute(select(table).where(table.c.source == source))
    }
    taken = ids_of(table)
    defaults = _defaults(table)
    required = _required(table)
    foreign = {
        fk.parent.name: fk.column.table for fk in table.foreign_keys if fk.parent.table is table
    }
    seen_source_ids: dict[str, str] = {}
    seen_ids: set[str] = set()
    inserts: list[dict[str, Any]] = []

    for record in records:

        def reject(reason: str, record: StagedRecord = record) -> None:
            report.rejections.append(Rejection(hsds_name, record.position, reason))

        if record.source_id in seen_source_ids:
            reject(f"the same record appears earlier, at {seen_source_ids[record.source_id]}")
            continue
        row = dict(defaults)
        try:
            for column, value in record.values.items():
                if column in table.c and column not in BOOKKEEPING:
                    coerced = _coerce(table, column, value)
                    if coerced is not None or column not in defaults:
                        row[column] = coerced
        except InvalidValue as error:
            reject(str(error))
            continue
        for column in LINK_COLUMNS & row.keys():
            if row[column] and _unsafe_link(row[column]):
                report.warnings.append(Rejection(
                    hsds_name, record.position,
                    f"dropped {column} {row[column]!r}: a link must start with http:// or "
                    "https://"))
                row[column] = None
        missing = [c for c in required if row.get(c) is None]
        if missing:
            reject(f"missing {', '.join(missing)}")
            continue
        dangling = False
        for column, target in foreign.items():
            target_id = row.get(column)
            if target_id is None:
                continue
            target_id = renamed.get(target_id, target_id)
            row[column] = target_id
            if target_id in ids_of(target):
                continue
            if not table.c[column].nullable:
                reject(f"{column} {target_id} matches no {target.name.removeprefix('dir_')}")
                dangling = True
                break
            report.warnings.append(
                Rejection(
                    hsds_name,
                    record.position,
                    f"dropped {column} {target_id}: no such {target.name.removeprefix('dir_')}",
                )
            )
            row[column] = None
        if dangling:
            continue
        if "link_id" in row and row["link_id"]:
            row["link_id"] = renamed.get(row["link_id"], row["link_id"])

        wanted_id = str(record.values["id"])
        before = existing.get(record.source_id)
        if before is not None:
            seen_source_ids[record.source_id] = record.position
            if before["id"] != wanted_id:
                renamed[wanted_id] = before["id"]
            row = {c.name: row.get(c.name) for c in table.columns if c.name not in BOOKKEEPING}
            if all(before[c] == v for c, v in row.items()):
                report.unchanged[hsds_name] += 1
            else:
                session.execute(update(table).where(table.c.id == before["id"]).values(**row))
                report.updated[hsds_name] += 1
            continue
        if wanted_id in taken and hsds_name in SHARED_VOCABULARIES:
            # A file that carries the terms it uses (an HSDS export) names the taxonomy the
            # directory already holds: a reference to that term, not a second copy of it.
            seen_source_ids[record.source_id] = record.position
            report.unchanged[hsds_name] += 1
            continue
        if wanted_id in taken or wanted_id in seen_ids:
            reject(f"id {wanted_id} is already used by another record")
            continue
        seen_source_ids[record.source_id] = record.position
        seen_ids.add(wanted_id)
        inserts.append({**row, "id": wanted_id, "source": source, "source_id": record.source_id})
        report.imported[hsds_name] += 1

    columns = [c.name for c in table.columns]
    for start in range(0, len(inserts), CHUNK):
        chunk = [{c: row.get(c) for c in columns} for row in inserts[start : start + CHUNK]]
        session.execute(insert(table), chunk)
    taken.update(seen_ids)
