"""The embedded search backend: a Whoosh index in a directory, ranked by BM25F with synonyms."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from datetime import datetime
from itertools import chain, islice
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
from whoosh import index as whoosh_index
from whoosh import query as q
from whoosh.scoring import BM25F

from resource_directory.geography import city_key, closest_city
from resource_directory.languages import filter_keys, language_label
from resource_directory.search.backend import (
    Explanation,
    SearchHit,
    SearchQuery,
    SearchResults,
    TermMatch,
    UnknownLocation,
)
from resource_directory.search.document import ServiceDocument
from resource_directory.search.geo import LocateZip, bounding_box, box_cells, haversine_km
from resource_directory.search.opening_hours import DEFAULT_TIME_ZONE, is_open
from resource_directory.search.query_analysis import Alternative, Concept, SynonymMap
from resource_directory.search.ranking import rank_arrays
from resource_directory.search.understanding import CategoryHints, HintLearner, understand
from resource_directory.search.whoosh_best_of import BestOf
from resource_directory.search.whoosh_indexing import LeanCodec
from resource_directory.search.whoosh_schema import (
    CATEGORY_BOOSTS,
    DAY_NAMES,
    FIELD_BOOSTS,
    FIELD_LENGTH_B,
    NO_SERVICE_AREA,
    TEXT_ANALYZER,
    age_months,
    build_schema,
    whoosh_fields,
)
from resource_directory.search.whoosh_scores import TermScores, alternative_scores, best_of
from resource_directory.search.whoosh_tables import SearcherPool, facet_counts, ranked_order
from resource_directory.search.written_filters import with_written_filters

# A synonym is good evidence but weaker than the client's own words; a corrected spelling
# is nearly as good as the word itself; a taxonomy category says what the service is for.
ALTERNATIVE_WEIGHT = {"query": 1.0, "synonym": 0.7, "spelling": 0.9, "category": 0.5}
# A service only filed under a category the query hints at covers that concept by this much.
CATEGORY_CREDIT = 0.5
# Within one concept the best alternative counts, plus a little for each further one, so a
# concept with many synonyms does not drown the others.
TIEBREAK = 0.2
PHRASE_SLOP = 2
PHRASE_FIELDS = ("name", "categories", "keywords", "description")
# Memory for the writers' sorting pools; a larger pool means fewer runs to merge.
WRITER_MEMORY_MB = 256
# Rebuilding this many documents or more is worth starting writer processes for (merging
# their segments into one would cost as much as writing them, so they stay separate).
PARALLEL_FROM = 2000
MAX_WRITER_PROCS = 4
# How long an edit waits for another writer (an import, another worker) to finish.
WRITE_LOCK_TIMEOUT = 30.0
# Learnt at each rebuild from the documents: which words hint at which categories.
HINTS_FILE = "category_hints.json"


__all__ = ["UnknownLocation", "WhooshBackend", "analyze_terms"]

# Per document number: matches, score, credit.
Scored = tuple[np.ndarray, np.ndarray, np.ndarray]


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
        self._hints_cache: tuple[int, CategoryHints] | None = None

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
                codec=LeanCodec(),
            )
        else:
            writer = self.index.writer(limitmb=WRITER_MEMORY_MB, codec=LeanCodec())
        count = 0
        learnt = HintLearner()
        for document in chain(head, documents):
            writer.add_document(**whoosh_fields(document))
            learnt.add(document)
            count += 1
        writer.commit()
        (self.path / HINTS_FILE).write_text(json.dumps(learnt.hints().to_json()),
                                            encoding="utf-8")
        return count

    def upsert(self, documents: Iterable[ServiceDocument]) -> int:
        documents = list(documents)
        with self.index.writer(timeout=WRITE_LOCK_TIMEOUT) as writer:
            for document in documents:
                writer.update_document(**whoosh_fields(document))
        # A new category name is known at once; word hints are learnt again at each rebuild.
        hints = self._hints() or CategoryHints()
        if hints.add_names(c for d in documents for c in d.categories):
            (self.path / HINTS_FILE).write_text(json.dumps(hints.to_json()), encoding="utf-8")
        return len(documents)

    def optimize(self) -> None:
        """Merge segments so deleted documents no longer count in the BM25 statistics."""
        self.index.optimize()

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
        searcher = self._pool.searcher()
        tables = self._pool.tables(searcher)
        query = with_written_filters(query, cities_of(searcher))
        plan = understand(query.text, self.synonyms, analyze_terms, WhooshVocabulary(searcher),
                          self._hints())
        centre = self._centre(query)
        clauses, notes = self._filters(searcher, query, centre)
        mask = tables.allowed_mask(searcher, clauses)  # None: no filter; remembered per set
        if query.only_ids is not None:
            mask = only_documents(searcher, query.only_ids, mask, tables.size)
        # A need no service mentions ("dad") cannot be met, so it must not veto the rest;
        # but when nothing the client asked for is known, nothing matches.
        known = [c for c in plan.concepts if in_index(searcher, c)]
        ignored = [c.words for c in plan.concepts if c not in known]
        if (ignored and not known) or (mask is not None and not mask.any()):
            ranked, every = {}, True
        elif not known:
            ranked, every = self._everything(searcher, mask), True
        else:
            parts = [self._concept_scores(searcher, tables, c, mask) for c in known]
            typed = [typed_frequency(searcher, c) for c in known]
            kept, scores, _coverage, every = rank_arrays(
                known, [p[0] for p in parts], [p[1] for p in parts], [p[2] for p in parts],
                typed, searcher.doc_count(),
            )
            ranked = dict(zip(kept.tolist(), scores.tolist(), strict=True))
        any_word = not every and sum(not c.optional for c in known) > 1
        matches = self._placed(searcher, tables, ranked, query, centre, plan.weekdays)
        results = self._page(
            searcher, tables, known, matches, query, centre, notes, plan.weekdays, any_word
        )
        results.corrections = plan.corrections
        results.ignored_words = ignored
        return results

    def _hints(self) -> CategoryHints | None:
        path = self.path / HINTS_FILE
        try:
            stamp = path.stat().st_mtime_ns
        except FileNotFoundError:
            return None
        if self._hints_cache is None or self._hints_cache[0] != stamp:
            data = json.loads(path.read_text(encoding="utf-8"))
            self._hints_cache = (stamp, CategoryHints.from_json(data))
        return self._hints_cache[1]

    @staticmethod
    def _concept_scores(searcher, tables, concept: Concept, allowed) -> Scored:
        """Per document: whether it matches, the best alternative's score (plus a tie-break
        share of the other kind), credit 1 for a direct match, CATEGORY_CREDIT for a category
        one.
        Scored from the cached per-term arrays (``whoosh_scores``), exactly as Whoosh would
        score ``concept_query``."""
        scores = tables.term_scores
        direct = [a for a in concept.alternatives if a.via != "category"]
        category = [a for a in concept.alternatives if a.via == "category"]
        groups = []
        for alternatives, credit in ((direct, 1.0), (category, CATEGORY_CREDIT)):
            if alternatives:
                parts = [
                    alternative_scores(searcher, scores, a, ALTERNATIVE_WEIGHT[a.via],
                                       FIELD_BOOSTS, CATEGORY_BOOSTS, PHRASE_FIELDS,
                                       PHRASE_SLOP)
                    for a in alternatives
                ]
                groups.append((*best_of(parts, TIEBREAK), credit))
        matches, score, credit = groups[0][0], groups[0][1], np.full(scores.size, groups[0][2])
        for other_matches, other, other_credit in groups[1:]:
            both = matches & other_matches
            score = np.where(
                both, np.maximum(score, other) + TIEBREAK * np.minimum(score, other),
                np.where(matches, score, other),
            )
            credit = np.where(matches, np.maximum(credit, other_credit), other_credit)
            matches = matches | other_matches
        if allowed is not None:
            matches = matches & allowed
        return matches, score, credit

    @staticmethod
    def _everything(searcher, allowed) -> dict[int, float]:
        docnums = (np.flatnonzero(allowed).tolist() if allowed is not None
                   else searcher.reader().all_doc_ids())
        return dict.fromkeys(docnums, 0.0)

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

    def _filters(self, searcher, query: SearchQuery, centre) -> tuple[list[q.Query], list[str]]:
        """One index clause per filter (each remembered on its own), and notes for people."""
        clauses: list[q.Query] = []
        notes: list[str] = []
        if query.category:
            clauses.append(q.Term("category_filter", query.category.strip().lower()))
            notes.append(f"category {query.category}")
        if query.serves:
            clauses.append(q.Term("category_filter", query.serves.strip().lower()))
            notes.append(f"serves {query.serves}")
        keys = filter_keys(query.language)
        if keys:
            clauses.append(q.Or([q.Term("languages", key) for key in keys]))
            notes.append(f"speaks {language_label(query.language)}")
        if query.city:
            city = closest_city(query.city, cities_of(searcher)) or city_key(query.city)
            clauses.append(q.Term("city", city))
            notes.append(f"in {city.title()}")
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

    def _placed(self, searcher, tables, ranked, query, centre, days):
        """(score, docnum, distance_km, opens on a day asked for) of every ranked service
        within the radius and open when asked."""
        needs_place = query.open_now or centre is not None or days
        if not needs_place:
            return [(score, docnum, None, False) for docnum, score in ranked.items()]
        places = tables.places(searcher.reader())
        moment = self._moment(query) if query.open_now else None
        matches = []
        for docnum, score in ranked.items():
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
        if query.sort == "distance" and centre:
            ids = tables.ids(reader)
            matches.sort(key=lambda m: (m[2] is None, m[2] or 0.0, -m[0], ids[m[1]]))
        else:
            # Services open on a day the query names come first; ties are broken by id so
            # the order never depends on how the index was written.
            matches = ranked_order(matches, tables.id_ranks(reader))
        position = np.full(tables.size, -1, dtype=np.int64)
        if matches:
            position[np.fromiter((m[1] for m in matches), dtype=np.int64,
                                 count=len(matches))] = np.arange(len(matches))
        category_counts, language_counts, audience_counts = (
            facet_counts(pairs, position) for pairs in tables.facet_pairs(reader)
        )
        per_page = max(1, query.per_page)
        page = max(1, query.page)
        window = matches[(page - 1) * per_page : page * per_page]
        explained = explain_matches(searcher, tables.term_scores, concepts,
                                    [m[1] for m in window])
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
            category_facets=category_counts,
            language_facets=language_counts,
            audience_facets=audience_counts,
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


def cities_of(searcher) -> list[str]:
    """The cities the indexed services are in, as the city filter compares them."""
    return [city.decode() if isinstance(city, bytes) else city
            for city in searcher.lexicon("city")]


def only_documents(searcher, ids: frozenset[str], allowed: np.ndarray | None,
                   size: int) -> np.ndarray:
    """The live documents with these ids, among those allowed (not remembered: ids change
    with every query)."""
    found = np.zeros(size, dtype=bool)
    if ids:
        query = q.Or([q.Term("id", i) for i in sorted(ids)])
        found[np.fromiter(searcher.docs_for_query(query), dtype=np.int64)] = True
    return found if allowed is None else found & allowed


def concept_query(concept: Concept) -> q.Query:
    return BestOf([alternative_query(a) for a in concept.alternatives], tiebreak=TIEBREAK)


def alternative_query(alternative: Alternative) -> q.Query:
    weight = ALTERNATIVE_WEIGHT[alternative.via]
    if alternative.via == "category":
        # A taxonomy term: the service is tagged with it (or with a term of that name).
        return q.Or([q.Phrase(f, list(alternative.terms), boost=b * weight)
                     if len(alternative.terms) > 1 else q.Term(f, alternative.terms[0],
                                                                boost=b * weight)
                     for f, b in CATEGORY_BOOSTS.items()])
    if len(alternative.terms) == 1 or alternative.via in ("query", "spelling"):
        # The client's own words may be spread over the record: each must appear somewhere.
        return q.And(
            [
                q.Or([q.Term(f, term, boost=b * weight) for f, b in FIELD_BOOSTS.items()])
                for term in alternative.terms
            ]
        )
    # A synonym is a directory phrase ("family planning"): its words must stay together, in the
    # fields that describe what a service does (phrases cost a position walk per field).
    return q.Or(
        [
            q.Phrase(f, list(alternative.terms), slop=PHRASE_SLOP, boost=FIELD_BOOSTS[f] * weight)
            for f in PHRASE_FIELDS
        ]
    )


def typed_frequency(searcher, concept: Concept) -> int:
    """How many services use the concept's words as typed (0 when none does: a word only the
    lexicon or a spelling fix connects to the directory)."""
    typed = next((a for a in concept.alternatives if a.via == "query"), None)
    if typed is None:
        return 0
    counts = [
        max(searcher.doc_frequency(f, term) for f in FIELD_BOOSTS) for term in typed.terms
    ]
    return min(counts, default=0)


def fields_of(alternative: Alternative) -> tuple[str, ...]:
    return tuple(CATEGORY_BOOSTS) if alternative.via == "category" else tuple(FIELD_BOOSTS)


def in_index(searcher, concept: Concept) -> bool:
    """Whether any alternative's every term occurs somewhere (else the concept is ignored)."""
    return any(
        all(any(searcher.doc_frequency(f, t) for f in fields_of(alt)) for t in alt.terms)
        for alt in concept.alternatives
    )


class WhooshVocabulary:
    """The directory's words as the index's ``vocabulary`` field has them (see ``spelling``)."""

    def __init__(self, searcher) -> None:
        self.searcher = searcher

    def frequency(self, word: str) -> int:
        return self.searcher.doc_frequency("vocabulary", word)

    def near(self, word: str, maxdist: int) -> list[str]:
        return self.searcher.suggest("vocabulary", word, limit=3, maxdist=maxdist)


def explain_matches(searcher, scores: TermScores, concepts: list[Concept],
                    docnums: list[int]) -> dict[int, list]:
    """For each document of a page: which concepts it matched (and through which alternative),
    in which fields, read from the cached per-term score arrays (a term is in a field when it
    scores there)."""
    wanted = sorted(set(docnums))
    explained: dict[int, list[TermMatch]] = {docnum: [] for docnum in wanted}
    if not wanted:
        return explained
    for concept in concepts:
        for alternative in concept.alternatives:
            having = {
                f: np.logical_and.reduce(
                    [scores.term(searcher, f, t)[wanted] > 0 for t in alternative.terms]
                )
                for f in fields_of(alternative)
            }
            for position, docnum in enumerate(wanted):
                fields = tuple(f for f, found in having.items() if found[position])
                if fields:
                    explained[docnum].append(
                        TermMatch(concept.words, alternative.text, alternative.via, fields)
                    )
    return explained
