"""What an import did: counts per table, every rejected record with its reason and position."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


class ImportFailed(Exception):
    """The file could not be imported at all; nothing from it was stored."""

    def __init__(self, path: Path | str, message: str, *, line: int | None = None):
        self.path = Path(path)
        self.line = line
        self.reason = message
        where = f"{self.path}, line {line}" if line is not None else str(self.path)
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Rejection:
    """One record left out, where it was in the file and why."""

    table: str
    position: str  # "line 12", "record 17", "$.services[0].phones[1]"
    reason: str

    def __str__(self) -> str:
        return f"{self.position} ({self.table}): {self.reason}"


@dataclass
class ImportReport:
    path: Path
    format: str
    source: str
    imported: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    # Services of this source that the file no longer has: marked inactive, kept for history.
    withdrawn: Counter[str] = field(default_factory=Counter)
    rejections: list[Rejection] = field(default_factory=list)
    # Kept records with something dropped, such as a link to a record that does not exist.
    warnings: list[Rejection] = field(default_factory=list)
    # Taxonomy tags added to this source's services after the import (see taxonomy_crosswalk).
    tagged: int = 0

    @property
    def rejected(self) -> Counter[str]:
        return Counter(r.table for r in self.rejections)

    @property
    def total_imported(self) -> int:
        return sum(self.imported.values())

    @property
    def total_updated(self) -> int:
        return sum(self.updated.values())

    @property
    def total_unchanged(self) -> int:
        return sum(self.unchanged.values())

    @property
    def total_rejected(self) -> int:
        return len(self.rejections)

    @property
    def total_withdrawn(self) -> int:
        return sum(self.withdrawn.values())

    def summary(self) -> str:
        """One line for a terminal or a flash message."""
        withdrawn = (
            f", {self.total_withdrawn} no longer in the file (marked inactive)"
            if self.total_withdrawn else ""
        )
        return (
            f"{self.path.name} ({self.format}): {self.total_imported} imported, "
            f"{self.total_updated} updated, {self.total_unchanged} unchanged, "
            f"{self.total_rejected} rejected{withdrawn}"
        )

    def by_kind(self) -> list[str]:
        """One line per kind of record with what that kind is, organizations and services first:
        "services: 1689 imported — what people are referred to"."""
        kinds = set(self.imported) | set(self.updated) | set(self.unchanged) | set(
            self.rejected) | set(self.withdrawn)
        lines = []
        order = list(KIND_MEANINGS)
        for kind in sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), k)):
            counts = [
                f"{n} {label}" for n, label in (
                    (self.imported[kind], "imported"), (self.updated[kind], "updated"),
                    (self.unchanged[kind], "unchanged"), (self.rejected[kind], "rejected"),
                    (self.withdrawn[kind], "marked inactive"),
                ) if n
            ]
            meaning = KIND_MEANINGS.get(kind)
            plural = PLURALS.get(kind, f"{kind.replace('_', ' ')}s")
            lines.append(f"{plural}: {', '.join(counts)}" + (f" — {meaning}" if meaning else ""))
        if self.tagged:
            lines.append(f"taxonomy tags: {self.tagged} added — the categories and the groups "
                         "each service serves, for filters and search")
        return lines


# What each kind of HSDS record is, for an import summary read by people.
KIND_MEANINGS = {
    "organization": "the agencies that run services",
    "service": "what people are referred to",
    "location": "the places services are delivered",
    "service_at_location": "which service is offered where",
    "address": "street addresses of locations",
    "phone": "numbers to call",
    "schedule": "opening hours",
    "eligibility": "who qualifies, with age limits",
    "language": "languages spoken",
    "cost_option": "what services cost",
    "service_area": "the areas services cover",
    "accessibility": "access for people with disabilities",
    "contact": "named contacts",
    "program": "groups of related services",
    "required_document": "documents to bring",
    "attribute": "taxonomy tags",
    "taxonomy_term": "taxonomy terms",
    "taxonomy": "taxonomies",
}
PLURALS = {"address": "addresses", "eligibility": "eligibility rules",
           "service_at_location": "services at locations", "accessibility": "accessibility notes",
           "taxonomy": "taxonomies"}
