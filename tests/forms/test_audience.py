"""Questions only staff see: left out on kiosks, never required, the schema unchanged."""

from __future__ import annotations

import pytest

from carebridge.config import DEFAULTS
from carebridge.errors import InvalidInput
from carebridge.forms import audience
from carebridge.forms.definitions import parse_definition


def form(**ui_fields) -> dict:
    return {
        "id": "visit", "title": "Visit", "kind": "intake",
        "schema": {"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "object",
                   "properties": {"name": {"type": "string", "title": "Name"},
                                  "notes": {"type": "string", "title": "Worker notes"},
                                  "household": {"type": "object", "properties": {
                                      "size": {"type": "integer"}}}},
                   "required": ["name"]},
        "ui": {"sections": [{"title": "You", "fields": ["name"]},
                            {"title": "Office use", "fields": ["notes", "household"]}],
               "fields": ui_fields},
        "translations": {"es": {"/ui/sections/1/title": "Uso de la oficina"}},
    }


def test_a_staff_only_question_is_left_out_of_the_kiosks_form_and_its_layout():
    document = form(**{"/notes": {"staff_only": True, "placeholder": "…"}})
    parse_definition(document, DEFAULTS)
    shown = audience.kiosk_document(document)
    assert list(shown["schema"]["properties"]) == ["name", "household"]
    assert shown["ui"]["sections"][1]["fields"] == ["household"]
    assert "/notes" not in shown["ui"]["fields"]
    assert document["schema"]["properties"]["notes"]  # the definition itself is unchanged


def test_a_section_left_empty_on_a_kiosk_is_not_shown():
    document = form(**{"/notes": {"staff_only": True}, "/household": {"staff_only": True}})
    assert [s["title"] for s in audience.kiosk_document(document)["ui"]["sections"]] == ["You"]


@pytest.mark.parametrize(("fields", "message"), [
    ({"/name": {"staff_only": True}}, "cannot be required"),
    ({"/household/size": {"staff_only": True}}, "Only a top-level question"),
])
def test_publishing_refuses_a_staff_only_mark_a_kiosk_could_not_honour(fields, message):
    with pytest.raises(InvalidInput) as refused:
        parse_definition(form(**fields), DEFAULTS)
    assert any(message in p.message for p in refused.value.problems)
