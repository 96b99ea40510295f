"""The embedded search backend: a Whoosh index in a directory, ranked by BM25F with synonyms."""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from zoneinfo import ZoneInfo

from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.matching import ReadTooFar
from whoosh.scoring import BM25F

from resource_directory.search.backend import (
    Explanation,
    SearchHit,
    SearchQuery,
    SearchResults,
    TermMatch,
)
from resource_directory.search.document import ServiceDocument
from resource_directory.search.geo import LocateZip, bounding_box, box_cells, haversine_km
from resource_directory.search.opening_hours import DEFAULT_TIME_ZONE, is_open
from resource_directory.search.query_analysis import Alternative, Concept, SynonymMap
from resource_directory.search.whoosh_best_of import BestOf
from resource_directory.search.whoosh_schema import (
    DAY_NAMES,
    FIELD_BOOSTS,
    FIELD_LENGTH_B,
    NO_SERVICE_AREA,
    TEXT_ANALYZER,
    age_months,
    build_schema,
    whoosh_fields,
)
from resource_directory.search.whoosh_tables import SearcherPool

# A synonym is good evidence but weaker than the client's own words; a corrected spelling
# is nearly as good as the word itself.
ALTERNATIVE_WEIGHT = {"query": 1.0, "synonym": 0.7, "spelling": 0.9}
# Within one concept the best alternative counts, plus a little for each further one, so a
# concept with many synonyms does not drown the others.
TIEBREAK = 0.2
PHRASE_SLOP = 2
# Memory for the writers' sorting pools; a larger pool means fewer runs to merge.
WRITER_MEMORY_MB = 256
# Rebuilding this many documents or more is worth starting writer processes for (merging
# their segments into one would cost as much as writing them, so they stay separate).
PARALLEL_FROM = 2000
MAX_WRITER_PROCS = 4
# How long an edit waits for another writer (an import, another worker) to finish.
WRITE_LOCK_TIMEOUT = 30.0


class UnknownLocation(ValueError):
    """Raised when a radius is asked for around a ZIP the directory cannot place."""


def analyze_terms(text: str) -> tuple[str, ...]:
    return tuple(token.text for token in TEXT_ANALYZER(text))


class WhooshBackend:
    """Search over a Whoosh index kept in ``path``; see ``SearchBackend``."""

    parallel_from = PARALLEL_FROM
    parallel_batch = 100  # documents handed to a writer process at a time

    def __init__(
        self,
        path: str | Path,
        *,
        synonyms: SynonymMap | None = None,
        locate_zip: LocateZip | None = None,
        time_zone: str = DEFAULT_TIME_ZONE,
    ) -> None:
        self.path = Path(path)
        self.synonyms = synonyms if synonyms is not None else SynonymMap.load()
        self.locate_zip = locate_zip
        self.time_zone = time_zone
        self.weighting = BM25F(**FIELD_LENGTH_B)
        self.path.mkdir(parents=True, exist_ok=True)
        if whoosh_index.exists_in(self.path):
            self.index = whoosh_index.open_dir(self.path)
        else:
            self.index = whoosh_index.create_in(self.path, build_schema())
        self._pool = SearcherPool(lambda: self.index, self.weighting)

    # Writing ---------------------------------------------------------------------------

    def rebuild(self, documents: Iterable[ServiceDocument], *, procs: int | None = None) -> int:
        """Replace the index. A large directory is written by several processes (``procs``,
        by default one per core up to MAX_WRITER_PROCS), each into its own segment."""
        self.index = whoosh_index.create_in(self.path, build_schema())
        self._pool.reset()
        procs = procs or min(os.cpu_count() or 1, MAX_WRITER_PROCS)
        documents = iter(documents)
        head = list(islice(documents, self.parallel_from))
        if procs > 1 and len(head) == self.parallel_from:
            writer = self.index.writer(
                procs=procs,
                multisegment=True,
                limitmb=WRITER_MEMORY_MB // procs,
                batchsize=self.parallel_batch,
            )
        else:
            writer = self.index.writer(limitmb=WRITER_MEMORY_MB)
        count = 0
        for document in chain(head, documents):
            writer.add_document(**whoosh_fields(document))
            count += 1
        writer.commit()
        return count

    def upsert(self, documents: Iterable[ServiceDocument]) -> int:
        count = 0
        with self.index.writer(timeout=WRITE_LOCK_TIMEOUT) as writer:
            for document in documents:
                writer.update_document(**whoosh_fields(document))
                count += 1
        return count

    def delete(self, ids: Iterable[str]) -> int:
        ids = list(ids)
        with self.index.writer(timeout=WRITE_LOCK_TIMEOUT) as writer:
            for document_id in ids:
                writer.delete_by_term("id", document_id)
        return len(ids)

    def __len__(self) -> int:
        return self.index.doc_count()

    # Searching -------------------------------------------------------------------------

    def search(self, query: SearchQuery) -> SearchResults:
        concepts = self.synonyms.concepts(query.text, analyze_terms)
        days = frozenset(self.synonyms.weekdays(query.text))
        centre = self._centre(query)
        clauses, notes = self._filters(query, centre)
        searcher = self._pool.searcher()
        tables = self._pool.tables(searcher)
        allowed = tables.allowed(searcher, clauses)
        corrections = correct_spelling(searcher, concepts)
        # A need no service mentions ("dad") cannot be met, so it must not veto the rest;
        # but when nothing the client asked for is known, nothing matches.
        known = [c for c in concepts if in_index(searcher, c)]
        ignored = [c.words for c in concepts if c not in known]
        concepts = known
        any_word = False
        if (ignored and not known) or allowed == set():
            matches = []
        else:
            matches = self._matches(searcher, tables, concepts, allowed, query, centre, days, True)
        if not matches and allowed != set() and sum(not c.optional for c in concepts) > 1:
            any_word = True
            matches = self._matches(
                searcher, tables, concepts, allowed, query, centre, days, False
            )
        results = self._page(
            searcher, tables, concepts, matches, query, centre, notes, days, any_word
        )
        results.corrections = corrections
        results.ignored_words = ignored
        return results

    def _centre(self, query: SearchQuery) -> tuple[float, float] | None:
        if query.lat is not None and query.lon is not None:
            return query.lat, query.lon
        if query.zip and self.locate_zip:
            centre = self.locate_zip(query.zip)
            if centre:
                return centre
        if query.radius_km is not None:
            raise UnknownLocation(
                f"Cannot search within {query.radius_km:g} km: "
                f"ZIP {query.zip or '(none)'} is not one the directory knows."
            )
        return None

    def _filters(self, query: SearchQuery, centre) -> tuple[list[q.Query], list[str]]:
        """One index clause per filter (each remembered on its own), and notes for people."""
        clauses: list[q.Query] = []
        notes: list[str] = []
        if query.category:
            clauses.append(q.Term("category_filter", query.category.strip().lower()))
            notes.append(f"category {query.category}")
        if query.language:
            clauses.append(q.Term("languages", query.language.strip().lower()))
            notes.append(f"speaks {query.language}")
        if query.city:
            clauses.append(q.Term("city", query.city.strip().lower()))
            notes.append(f"in {query.city}")
        if query.age is not None:
            age = age_months(query.age)
            clauses.append(q.NumericRange("minimum_age", None, age))
            clauses.append(q.NumericRange("maximum_age", age, None))
            notes.append(f"serves age {query.age:g}")
        if query.free:
            clauses.append(q.Term("free", True))
            notes.append("free")
        if query.zip and query.in_service_area:
            zip_code = query.zip.strip()
            clauses.append(
                q.Or([q.Term("service_area", zip_code), q.Term("service_area", NO_SERVICE_AREA)])
            )
            notes.append(f"serves ZIP {zip_code}")
        if query.radius_km is not None and centre:
            cells = box_cells(*bounding_box(*centre, query.radius_km))
            if cells is not None:
                clauses.append(q.Or([q.Term("geo_cells", cell) for cell in cells]))
            notes.append(f"within {query.radius_km:g} km of {query.zip or 'the given point'}")
        if query.open_now:
            notes.append(f"open {self._moment(query):%a %H:%M}")
        return clauses, notes

    def _moment(self, query: SearchQuery) -> datetime:
        zone = ZoneInfo(self.time_zone)
        return (
            query.at.astimezone(zone)
            if query.at and query.at.tzinfo
            else (query.at or datetime.now(zone))
        )

    def _matches(self, searcher, tables, concepts, allowed, query, centre, days, all_words):
        """(score, docnum, distance_km, opens on a day asked for) of every match that passes
        every filter."""
        text_query = build_text_query(concepts, all_words)
        results = searcher.search(text_query, filter=allowed, limit=None)
        needs_place = query.open_now or centre is not None or days
        if not needs_place:
            return [(score, docnum, None, False) for score, docnum in results.top_n]
        places = tables.places(searcher.reader())
        moment = self._moment(query) if query.open_now else None
        matches = []
        for score, docnum in results.top_n:
            lat, lon, openings, open_days = places[docnum]
            distance = None
            if centre and lat is not None and lon is not None:
                distance = haversine_km(centre[0], centre[1], lat, lon)
            if query.radius_km is not None and (distance is None or distance > query.radius_km):
                continue
            if moment and not is_open(openings, moment, self.time_zone):
                continue
            matches.append((score, docnum, distance, bool(days & open_days)))
        return matches

    def _page(self, searcher, tables, concepts, matches, query, centre, notes, days, any_word):
        reader = searcher.reader()
        ids = tables.ids(reader)
        if query.sort == "distance" and centre:
            matches.sort(key=lambda m: (m[2] is None, m[2] or 0.0, -m[0], ids[m[1]]))
        else:
            # Services open on a day the query names come first; ties are broken by id so
            # the order never depends on how the index was written.
            matches.sort(key=lambda m: (not m[3], -round(m[0], 9), ids[m[1]]))
        category_counts: Counter[str] = Counter()
        language_counts: Counter[str] = Counter()
        facets = tables.facets(reader)
        for _, docnum, _, _ in matches:
            categories, languages = facets[docnum]
            category_counts.update(categories)
            language_counts.update(languages)
        per_page = max(1, query.per_page)
        page = max(1, query.page)
        window = matches[(page - 1) * per_page : page * per_page]
        explained = explain_matches(reader, concepts, [m[1] for m in window])
        day_note = "open on " + " or ".join(DAY_NAMES[day].title() for day in sorted(days))
        hits = [
            self._hit(
                searcher, explained[docnum], score, docnum, distance,
                notes + [day_note] if on_day else notes, any_word,
            )
            for score, docnum, distance, on_day in window
        ]
        return SearchResults(
            total=len(matches),
            hits=hits,
            page=page,
            per_page=per_page,
            category_facets=dict(category_counts.most_common()),
            language_facets=dict(language_counts.most_common()),
            any_word=any_word,
        )

    def _hit(self, searcher, matched, score, docnum, distance, notes, any_word) -> SearchHit:
        stored = searcher.stored_fields(docnum)
        card = json.loads(stored["card"])
        explanation = Explanation(matches=matched, filters=list(notes), any_word=any_word)
        if distance is not None:
            explanation.filters.append(f"{distance:.1f} km away")
        return SearchHit(
            id=stored["id"], score=score, distance_km=distance, explanation=explanation, **card
        )


def build_text_query(concepts: list[Concept], all_words: bool) -> q.Query:
    required = [concept_query(c) for c in concepts if not c.optional]
    optional = [concept_query(c) for c in concepts if c.optional]
    if not required and not optional:
        return q.Every()
    if not required:
        return q.Or(optional)
    must = q.And(required) if all_words else q.Or(required)
    return q.AndMaybe(must, q.Or(optional)) if optional else must


def concept_query(concept: Concept) -> q.Query:
    return BestOf([alternative_query(a) for a in concept.alternatives], tiebreak=TIEBREAK)


def alternative_query(alternative: Alternative) -> q.Query:
    weight = ALTERNATIVE_WEIGHT[alternative.via]
    if len(alternative.terms) == 1 or alternative.via == "query":
        # The client's own words may be spread over the record: each must appear somewhere.
        return q.And(
            [
                q.Or([q.Term(f, term, boost=b * weight) for f, b in FIELD_BOOSTS.items()])
                for term in alternative.terms
            ]
        )
    # A synonym is a directory phrase ("family planning"): its words must stay together.
    return q.Or(
        [
            q.Phrase(f, list(alternative.terms), slop=PHRASE_SLOP, boost=b * weight)
            for f, b in FIELD_BOOSTS.items()
        ]
    )


def in_index(searcher, concept: Concept) -> bool:
    """Whether any alternative's every term occurs somewhere (else the concept is ignored)."""
    return any(
        all(any(searcher.doc_frequency(f, t) for f in FIELD_BOOSTS) for t in alt.terms)
        for alt in concept.alternatives
    )


def correct_spelling(searcher, concepts: list[Concept]) -> dict[str, str]:
    """Add a spelling alternative to single words the index has never seen.

    Only unknown words are corrected, so a correctly spelled query is never changed.
    """
    corrections: dict[str, str] = {}
    for concept in concepts:
        if len(concept.alternatives) != 1 or in_index(searcher, concept):
            continue
        word = concept.words
        if " " in word or len(word) < 4 or word.isdigit():
            continue
        maxdist = 1 if len(word) < 6 else 2
        for suggestion in searcher.suggest("vocabulary", word, limit=3, maxdist=maxdist):
            terms = analyze_terms(suggestion)
            if terms:
                concept.alternatives.append(Alternative(suggestion, terms, "spelling"))
                corrections[word] = suggestion
                break
    return corrections


def explain_matches(reader, concepts: list[Concept], docnums: list[int]) -> dict[int, list]:
    """For each document of a page: which concepts it matched (and through which alternative),
    in which fields. Each (field, term) posting list is walked once for the whole page."""
    wanted = sorted(set(docnums))
    found: dict[tuple[str, str], set[int]] = {}

    def having(fieldname: str, term: str) -> set[int]:
        key = (fieldname, term)
        if key not in found:
            found[key] = docs_having(reader, fieldname, term, wanted)
        return found[key]

    explained: dict[int, list[TermMatch]] = {docnum: [] for docnum in wanted}
    for concept in concepts:
        for alternative in concept.alternatives:
            for docnum in wanted:
                fields = tuple(
                    f
                    for f in FIELD_BOOSTS
                    if all(docnum in having(f, t) for t in alternative.terms)
                )
                if fields:
                    explained[docnum].append(
                        TermMatch(concept.words, alternative.text, alternative.via, fields)
                    )
    return explained


def docs_having(reader, fieldname: str, term: str, docnums: list[int]) -> set[int]:
    """Which of the (sorted) ``docnums`` contain ``term`` in ``fieldname``."""
    if (fieldname, term) not in reader:
        return set()
    postings = reader.postings(fieldname, term)
    having = set()
    for docnum in docnums:
        if not postings.is_active():
            break
        if postings.id() < docnum:
            try:
                postings.skip_to(docnum)
            except ReadTooFar:
                break
        if postings.is_active() and postings.id() == docnum:
            having.add(docnum)
    return having
