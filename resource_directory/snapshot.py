"""Every directory row in memory, indexed by the columns that link them (for export and search)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import MODELS


class DirectoryRows:
    """One read of every table; a few thousand services fit in memory comfortably."""

    def __init__(self, session: Session):
        self.rows = {
            name: [dict(row._mapping) for row in session.execute(select(model.__table__))]
            for name, model in MODELS.items()
        }
        self.by_id = {name: {r["id"]: r for r in rows} for name, rows in self.rows.items()}
        self._index: dict[tuple[str, str], dict[str, list[dict[str, Any]]]] = {}

    def children(self, name: str, column: str, parent_id: str) -> list[dict[str, Any]]:
        key = (name, column)
        if key not in self._index:
            index: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in self.rows[name]:
                if row.get(column) is not None:
                    index[row[column]].append(row)
            self._index[key] = index
        return self._index[key].get(parent_id, [])
