"""The Whoosh fields that index without Whoosh's token chain give exactly Whoosh's postings."""

from __future__ import annotations

import json

import pytest
from whoosh import fields

from resource_directory.search.whoosh_indexing import StemmedText, WordCounts, stems
from resource_directory.search.whoosh_schema import TEXT_ANALYZER, WORDS_ANALYZER

AWKWARD = [
    "", "   ", "The food bank; the FOOD bank.", "a b c of the and", "the the counseling",
    "e.g. U.S. citizens only", "Español, niños y familias", "İstanbul straße ǅemal",
    "it's the client’s 24/7 line", "***", "food*bank", "Clothes, clothing; CLOTHED",
    "ages 0-5 and 60+", "first\u00a0aid", "Mon–Fri 9:00–17:00 ; Sat by appt.",
]


def strings_in(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_in(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_in(v)]
    return []


@pytest.fixture(scope="module")
def texts(cip_path) -> list[str]:
    return AWKWARD + strings_in(json.loads(cip_path.read_text(encoding="utf-8")))


def test_stemmed_text_indexes_every_real_text_as_whoosh_does(texts):
    whoosh_field = fields.TEXT(analyzer=TEXT_ANALYZER)
    fast_field = StemmedText(analyzer=TEXT_ANALYZER)
    assert len(texts) > 1000
    for text in texts:
        assert list(fast_field.index(text)) == list(whoosh_field.index(text)), text


def test_stems_are_the_terms_whoosh_gives_every_real_text(texts):
    # What PostgreSQL's explanations read a page's fields with.
    for text in texts:
        assert stems(text) == {token.text for token in TEXT_ANALYZER(text)}, text


def test_word_counts_index_every_real_text_as_whoosh_does(texts):
    whoosh_field = fields.TEXT(analyzer=WORDS_ANALYZER, phrase=False)
    fast_field = WordCounts(analyzer=WORDS_ANALYZER, phrase=False)
    for text in texts:
        assert list(fast_field.index(text)) == list(whoosh_field.index(text)), text


def test_queries_still_analyse_through_the_fields_analyzer():
    field = StemmedText(analyzer=TEXT_ANALYZER)
    assert list(field.process_text("Clothing for the Families")) == ["cloth", "famili"]
