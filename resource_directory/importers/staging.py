"""Records read from a file, in HSDS terms, before anything is written to the database."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .report import Rejection

# Ids minted for records without one are derived from where they came from, so importing the
# same file into two databases (or twice into one) gives the same ids.
ID_NAMESPACE = uuid.UUID("6f0c3b8e-6d8a-4a53-9a57-3c2f1e0b7a11")

#: Control characters a file's text may carry but no directory text is made of (a NUL, which
#: PostgreSQL cannot store; a bell): deleted as records are staged. Tabs and line breaks stay.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _without_controls(value: Any) -> Any:
    return _CONTROLS.sub("", value) if isinstance(value, str) else value


def record_id(source: str, table: str, source_id: str) -> str:
    """The stable id of a record that arrived without one."""
    return str(uuid.uuid5(ID_NAMESPACE, f"{source}\x1f{table}\x1f{source_id}"))


@dataclass
class StagedRecord:
    table: str  # HSDS object name: "service", "phone"
    values: dict[str, Any]  # column name -> raw value; "id" when the file gives one
    source_id: str
    position: str


@dataclass
class Staged:
    """Everything a reader got from one file."""

    path: Path
    format: str
    source: str
    records: list[StagedRecord] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    _index: dict[tuple[str, str], StagedRecord] = field(default_factory=dict, repr=False)

    def add(
        self,
        table: str,
        values: dict[str, Any],
        *,
        source_id: str,
        position: str,
        merge: bool = False,
    ) -> str:
        """Stage one record and return its id (minting a stable one when it has none).

        With `merge`, a record staged again (HSDS repeats an organization inside each of its
        services) fills in the first one instead of counting as a duplicate.
        """
        values = {key: _without_controls(value) for key, value in values.items()}
        if not values.get("id"):
            values["id"] = record_id(self.source, table, source_id)
        earlier = self._index.get((table, source_id)) if merge else None
        if earlier is not None:
            for key, value in values.items():
                if earlier.values.get(key) in (None, "") and value not in (None, ""):
                    earlier.values[key] = value
            return str(earlier.values["id"])
        record = StagedRecord(table, values, source_id, position)
        self.records.append(record)
        self._index.setdefault((table, source_id), record)
        return str(values["id"])

    def reject(self, table: str, position: str, reason: str) -> None:
        self.rejections.append(Rejection(table, position, reason))
