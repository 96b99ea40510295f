"""Stored answers read as question and answer pairs: titles, never codes; times where the
agency is."""

from __future__ import annotations

import json
from pathlib import Path

from carebridge.config import DEFAULTS
from carebridge.forms.readable import answers

INSTRUMENTS = Path(DEFAULTS["FORM_DEFINITIONS_DIR"]) / "instruments"

DOCUMENT = {
    "title": "Check-in",
    "schema": {
        "type": "object",
        "$defs": {"money": {"type": "number", "title": "Amount"}},
        "properties": {
            "seen_at": {"title": "Seen at", "type": "string", "format": "date-time"},
            "mood": {"title": "How are you feeling?", "type": "integer",
                     "oneOf": [{"const": 1, "title": "Low"}, {"const": 2, "title": "Okay"},
                               {"const": 3, "title": "Good"}]},
            "sources": {"title": "Where does your income come from?", "type": "array",
                        "items": {"enum": ["wages", "ssi"], "oneOf": [
                            {"const": "wages", "title": "Wages from a job"},
                            {"const": "ssi", "title": "SSI"}]}},
            "jobs": {"title": "Jobs", "type": "array", "items": {
                "title": "Job", "type": "object",
                "properties": {"pay": {"$ref": "#/$defs/money"}}}},
            "ok": {"title": "All fine?", "type": "boolean"},
        },
    },
}


def by_question(found):
    return {a.question: a for a in found}


def test_choices_read_as_their_titles_never_their_codes():
    found = by_question(answers(DOCUMENT, {"mood": 2, "sources": ["wages"], "ok": False},
                                "America/Los_Angeles"))
    assert found["How are you feeling?"].text == "Okay"
    assert found["How are you feeling?"].chosen == ["Okay"]
    assert found["Where does your income come from?"].chosen == ["Wages from a job"]
    assert found["All fine?"].text == "No"


def test_times_are_shown_in_the_agencys_zone():
    data = {"seen_at": "2024-07-01T17:30:00Z"}
    assert answers(DOCUMENT, data, "America/Los_Angeles")[0].text == "2024-07-01 10:30 PDT"
    assert answers(DOCUMENT, data, "America/New_York")[0].text == "2024-07-01 13:30 EDT"


def test_groups_keep_their_order_and_numbered_items():
    found = by_question(answers(DOCUMENT, {"jobs": [{"pay": 12.5}, {"pay": 20}]}, "UTC"))
    jobs = found["Jobs"]
    assert [p.question for p in jobs.parts] == ["Job 1", "Job 2"]
    assert jobs.parts[0].parts[0].question == "Amount" and jobs.parts[0].parts[0].text == "12.5"


def test_an_answer_the_schema_does_not_name_is_still_shown():
    found = answers(DOCUMENT, {"extra_note": "hi"}, "UTC")
    assert found[0].question == "Extra note" and found[0].text == "hi"


def test_the_adult_intake_reads_as_words():
    document = json.loads((INSTRUMENTS / "adult-intake.json").read_text(encoding="utf-8"))
    data = {"given_name": "Ana", "has_income": True,
            "income_sources": [{"source": "wages", "amount": 1200}]}
    found = by_question(answers(document, data, "America/Los_Angeles"))
    sources = next(a for q, a in found.items() if a.pointer == "/income_sources")
    texts = [p.text for item in sources.parts for p in item.parts]
    assert "wages" not in texts
    assert any("age" in t.lower() for t in texts)  # "Wages…" by its title
