"""Directory rows in memory, indexed by the columns that link them (for export and search)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from .models import MODELS

Row = dict[str, Any]


class DirectoryRows:
    """Rows of every table by name: all of them, or only those one service's documents read."""

    def __init__(self, rows: dict[str, list[Row]]):
        self.rows = {name: rows.get(name, []) for name in MODELS}
        self.by_id = {name: {r["id"]: r for r in rows} for name, rows in self.rows.items()}
        self._index: dict[tuple[str, str], dict[str, list[Row]]] = {}

    @classmethod
    def of_all(cls, session: Session) -> DirectoryRows:
        """One read of every table; a few thousand services fit in memory comfortably."""
        return cls({name: _read(session, name) for name in MODELS})

    @classmethod
    def of_service(cls, session: Session, service_id: str) -> DirectoryRows:
        """The service, its organization, locations and what hangs off them, and the taxonomy:
        what re-indexing one service after an edit needs, read without the rest."""
        table = {name: model.__table__ for name, model in MODELS.items()}
        services = _read(session, "service", table["service"].c.id == service_id)
        links = _read(session, "service_at_location",
                      table["service_at_location"].c.service_id == service_id)
        link_ids = [link["id"] for link in links]
        location_ids = [link["location_id"] for link in links if link.get("location_id")]
        organization_ids = [s["organization_id"] for s in services if s.get("organization_id")]

        def attached(name: str) -> list[Row]:
            """Rows of ``name`` that belong to the service, one of its links or locations."""
            columns = table[name].c
            conditions = []
            if "service_id" in columns:
                conditions.append(columns.service_id == service_id)
            if "service_at_location_id" in columns and link_ids:
                conditions.append(columns.service_at_location_id.in_(link_ids))
            if "location_id" in columns and location_ids:
                conditions.append(columns.location_id.in_(location_ids))
            return _read(session, name, or_(*conditions)) if conditions else []

        rows = {
            "service": services,
            "service_at_location": links,
            "organization": _read(session, "organization",
                                  table["organization"].c.id.in_(organization_ids)),
            "location": _read(session, "location", table["location"].c.id.in_(location_ids)),
            "attribute": _read(session, "attribute", table["attribute"].c.link_id == service_id),
            "taxonomy_term": _read(session, "taxonomy_term"),
        }
        for name in ("address", "schedule", "phone", "language", "cost_option", "service_area",
                     "eligibility"):
            rows[name] = attached(name)
        return cls(rows)

    def children(self, name: str, column: str, parent_id: str) -> list[Row]:
        key = (name, column)
        if key not in self._index:
            index: dict[str, list[Row]] = defaultdict(list)
            for row in self.rows[name]:
                if row.get(column) is not None:
                    index[row[column]].append(row)
            self._index[key] = index
        return self._index[key].get(parent_id, [])


def _read(session: Session, name: str, *where) -> list[Row]:
    query = select(MODELS[name].__table__)
    if where:
        query = query.where(*where)
    return [dict(row._mapping) for row in session.execute(query)]
