"""The needs vocabulary: each need's label, the directory terms and words that serve it, and
its standard codes. Shipped as ``form_definitions/needs.json``; an agency's needs extend it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from jsonschema import Draft202012Validator

from carebridge.config import PROJECT_ROOT
from carebridge.errors import InvalidInput, Problem
from carebridge.forms.validation import FORMAT_CHECKER, problems
from carebridge.i18n import _

SHIPPED = PROJECT_ROOT / "form_definitions" / "needs.json"
SCHEMA = PROJECT_ROOT / "form_definitions" / "needs.schema.json"
TAXONOMY = "open_eligibility_v2.0.json"


@dataclass(frozen=True)
class Coding:
    system: str
    code: str
    display: str = ""


@dataclass(frozen=True)
class GravityDomain:
    category: str
    condition_value_set: str | None = None
    service_request_value_set: str | None = None


@dataclass(frozen=True)
class TaxonomyTerm:
    code: str
    name: str


@dataclass(frozen=True)
class NeedEntry:
    """One need of the vocabulary (what ``resource_directory.matching`` serves)."""

    code: str
    label: str
    description: str = ""
    taxonomy_terms: tuple[TaxonomyTerm, ...] = ()
    search_words: tuple[str, ...] = ()
    gravity: tuple[GravityDomain, ...] = ()
    conditions: tuple[Coding, ...] = ()
    screening: tuple[Coding, ...] = ()

    @property
    def term_names(self) -> tuple[str, ...]:
        """The taxonomy terms' names, each once (Open Eligibility repeats names)."""
        return tuple(dict.fromkeys(term.name for term in self.taxonomy_terms))


@dataclass(frozen=True)
class NeedsVocabulary:
    entries: Mapping[str, NeedEntry] = field(default_factory=dict)

    def __contains__(self, code: object) -> bool:
        return code in self.entries

    def __iter__(self):
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, code: str) -> NeedEntry | None:
        return self.entries.get(code)

    def codes(self) -> list[str]:
        return list(self.entries)

    def extended(self, document: object) -> NeedsVocabulary:
        """This vocabulary with an agency's needs (a document shaped like needs.json) added.
        A new code adds a need; a code already here keeps its label unless the agency gives
        one and gains the agency's terms, words and codes."""
        merged = dict(self.entries)
        for entry in parse_vocabulary(document).entries.values():
            base = merged.get(entry.code)
            merged[entry.code] = entry if base is None else _merged(base, entry)
        return NeedsVocabulary(merged)


def _merged(base: NeedEntry, extra: NeedEntry) -> NeedEntry:
    def union(a: Iterable, b: Iterable) -> tuple:
        return tuple(dict.fromkeys([*a, *b]))

    return replace(
        base,
        label=extra.label or base.label,
        description=extra.description or base.description,
        taxonomy_terms=union(base.taxonomy_terms, extra.taxonomy_terms),
        search_words=union(base.search_words, extra.search_words),
        gravity=union(base.gravity, extra.gravity),
        conditions=union(base.conditions, extra.conditions),
        screening=union(base.screening, extra.screening),
    )


@lru_cache(maxsize=1)
def _validator():
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FORMAT_CHECKER)


@lru_cache(maxsize=1)
def taxonomy_names() -> dict[str, str]:
    """Open Eligibility term code → name."""
    path = resources.files("resource_directory") / "data" / TAXONOMY
    return {term["code"]: term["name"] for term in json.loads(path.read_text())["terms"]}


def parse_vocabulary(document: object) -> NeedsVocabulary:
    """Check a vocabulary document; raise ``InvalidInput`` listing every problem."""
    found = problems(_validator(), document, for_people=False)
    if not found:
        names = taxonomy_names()
        codes = set()
        for index, need in enumerate(document["needs"]):
            if need["code"] in codes:
                found.append(Problem(f"/needs/{index}/code",
                                     _("'%(code)s' is listed twice.", code=need["code"])))
            codes.add(need["code"])
            found += [
                Problem(f"/needs/{index}/taxonomy_terms/{position}",
                        _("'%(term)s' is not an Open Eligibility term code.", term=term))
                for position, term in enumerate(need.get("taxonomy_terms", []))
                if term not in names
            ]
    if found:
        raise InvalidInput(_("The needs vocabulary has problems."), found)
    names = taxonomy_names()
    return NeedsVocabulary({
        need["code"]: NeedEntry(
            code=need["code"],
            label=need["label"],
            description=need.get("description", ""),
            taxonomy_terms=tuple(TaxonomyTerm(c, names[c]) for c in need.get("taxonomy_terms", [])),
            search_words=tuple(need.get("search_words", [])),
            gravity=tuple(GravityDomain(**g) for g in need.get("gravity", [])),
            conditions=tuple(Coding(**c) for c in need.get("conditions", [])),
            screening=tuple(Coding(**c) for c in need.get("screening", [])),
        )
        for need in document["needs"]
    })


def load_vocabulary(path: str | Path) -> NeedsVocabulary:
    return parse_vocabulary(json.loads(Path(path).read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def shipped_vocabulary() -> NeedsVocabulary:
    """The vocabulary Carebridge ships (read once)."""
    return load_vocabulary(SHIPPED)
