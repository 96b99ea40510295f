"""Taxonomy terms for every import: source keywords mapped to Open Eligibility terms as data.

A directory's own vocabulary ("Food Boxes/Food Vouchers", "Older Adults") is mapped onto the
taxonomy in ``data/taxonomy_crosswalk.json``, a file people review and extend. A service is tagged
with the service terms its keywords map to (what it provides: the category filter) and the
situation terms (who it is for: the "who it serves" filter, link type ``audience``), and with any
term whose name one of its keywords or its own name states.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .importers.report import ImportReport
from .importers.staging import Staged
from .importers.writer import write_records
from .models import Service, TaxonomyTerm

SHIPPED = "taxonomy_crosswalk.json"
MAPPING_SOURCE = "taxonomy-mapping"
CATEGORY, AUDIENCE = "category", "audience"
# Words too general to tag a service by its name alone.
TOO_GENERAL = {"care", "help", "support", "services", "service", "other", "more", "all", "general"}


def normal(text: str) -> str:
    """Lower case, punctuation gone, "&" as "and", a plural s dropped: how names are compared."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("&", " and "))
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in words
    )


@dataclass
class Crosswalk:
    """Keyword (normalised) → term references, for what a service provides and whom it serves."""

    services: dict[str, list[str]] = field(default_factory=dict)
    situations: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_paths: Sequence[str | Path] = ()) -> Crosswalk:
        crosswalk = cls()
        shipped = resources.files("resource_directory") / "data" / SHIPPED
        for text in [shipped.read_text(encoding="utf-8")] + [
            Path(path).read_text(encoding="utf-8") for path in extra_paths
        ]:
            data = json.loads(text)
            for part in ("services", "situations"):
                table = getattr(crosswalk, part)
                for keyword, references in data.get(part, {}).items():
                    table.setdefault(normal(keyword), []).extend(references)
        return crosswalk


class TermIndex:
    """The loaded taxonomy terms, found by name or by the end of their path."""

    def __init__(self, terms: Iterable[TaxonomyTerm]) -> None:
        self.terms = {term.id: term for term in terms}
        self.paths: dict[str, list[str]] = {}  # term id → normalised names, root first
        for term_id in self.terms:
            self.paths[term_id] = self._path(term_id)
        self.by_name: dict[str, list[TaxonomyTerm]] = {}
        for term_id, path in self.paths.items():
            self.by_name.setdefault(path[-1], []).append(self.terms[term_id])

    def _path(self, term_id: str) -> list[str]:
        names, seen, current = [], set(), self.terms.get(term_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            names.append(normal(current.name))
            current = self.terms.get(current.parent_id) if current.parent_id else None
        return names[::-1]

    def root(self, term_id: str) -> str:
        current, seen = self.terms[term_id], set()
        while current.parent_id in self.terms and current.id not in seen:
            seen.add(current.id)
            current = self.terms[current.parent_id]
        return current.id

    def find(self, reference: str) -> list[TaxonomyTerm]:
        """Every term named ``reference``, or whose path ends with it ("Housing > Emergency
        Shelter")."""
        parts = [normal(part) for part in reference.split(">")]
        return [
            term
            for term in self.by_name.get(parts[-1], [])
            if self.paths[term.id][-len(parts):] == parts
        ]


def tag_services(
    session: Session,
    *,
    source: str | None = None,
    crosswalk: Crosswalk | None = None,
) -> ImportReport:
    """Tag services (of one source, or all) with taxonomy terms, written as HSDS attributes.

    Three general rules, none tuned per record: a keyword the crosswalk lists tags the terms it
    names; a keyword equal to a term's name (ignoring case, punctuation and plural s) tags that
    term; a specific term name (two words or more, or one long word) appearing as a phrase in
    the service's name tags it."""
    crosswalk = crosswalk or Crosswalk.load()
    index = TermIndex(session.scalars(select(TaxonomyTerm)))
    resolved: dict[tuple[str, str], list[TaxonomyTerm]] = {}

    def mapped(part: str, keyword: str) -> list[TaxonomyTerm]:
        key = (part, keyword)
        if key not in resolved:
            table = getattr(crosswalk, part)
            resolved[key] = [t for ref in table.get(keyword, []) for t in index.find(ref)]
        return resolved[key]

    # Terms under the same roots as the crosswalk's situations say whom a service is for.
    situation_roots = {
        index.root(term.id)
        for references in crosswalk.situations.values()
        for reference in references
        for term in index.find(reference)
    }

    def kind(term: TaxonomyTerm) -> str:
        return AUDIENCE if index.root(term.id) in situation_roots else CATEGORY

    phrases = [
        (re.compile(rf"\b{re.escape(name)}\b"), found)
        for name, found in index.by_name.items()
        if name and name not in TOO_GENERAL and (" " in name or len(name) >= 6)
    ]
    query = select(Service)
    if source is not None:
        query = query.where(Service.source == source)
    staged = Staged(Path("taxonomy mapping"), "taxonomy-mapping", MAPPING_SOURCE)
    for service in session.scalars(query):
        tags: dict[str, tuple[TaxonomyTerm, str]] = {}
        for keyword in (normal(k) for k in (service.keywords or "").split(",")):
            if not keyword:
                continue
            for term in mapped("services", keyword):
                tags.setdefault(term.id, (term, CATEGORY))
            for term in mapped("situations", keyword):
                tags[term.id] = (term, AUDIENCE)
            if keyword not in crosswalk.services and keyword not in crosswalk.situations:
                for term in index.by_name.get(keyword, []):
                    tags.setdefault(term.id, (term, kind(term)))
        name = normal(service.name)
        for pattern, found in phrases:
            if pattern.search(name):
                for term in found:
                    tags.setdefault(term.id, (term, kind(term)))
        for term_id, (_term, link_type) in sorted(tags.items()):
            staged.add(
                "attribute",
                {
                    "link_id": service.id,
                    "link_entity": "service",
                    "link_type": link_type,
                    "taxonomy_term_id": term_id,
                },
                source_id=f"{service.id}/{term_id}",
                position=f"service {service.id}",
            )
    # Only this source's tags are replaced: a mapping run over one source leaves the others.
    return write_records(session, staged, withdraw_missing=False)


def filter_choices(session: Session) -> tuple[list[str], list[str]]:
    """What the search form offers: the top categories services are filed under, and the
    situations ("who it serves") services are tagged with."""
    from .models import Attribute

    index = TermIndex(session.scalars(select(TaxonomyTerm)))
    tagged = session.execute(
        select(Attribute.taxonomy_term_id, Attribute.link_type).distinct()
    ).all()
    roots = {
        index.terms[index.root(term_id)].name
        for term_id, link_type in tagged
        if term_id in index.terms and link_type != AUDIENCE
    }
    audiences = {
        index.terms[term_id].name
        for term_id, link_type in tagged
        if term_id in index.terms and link_type == AUDIENCE
    }
    return sorted(roots), sorted(audiences)
