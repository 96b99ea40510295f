"""Any broken form definition: a clear refusal naming where, or a form whose pages all work.

An agency admin writes definitions by hand, pastes them from elsewhere and edits them in
place. Hypothesis takes the shipped definitions and breaks them the ways people do — a key
deleted, a value of the wrong kind, a keyword added where it means something else, a part
copied to another place, a ``$ref`` that loops or points nowhere, a hostile text — and
publishes the result through the API. Either the API refuses it (a 4xx, a message, each
problem at a JSON Pointer into what was sent) and nothing is published, or the form is
published and its fill page, a saved draft, a submission, the print view and the editor all
answer without a server error and without letting a text out unescaped.
"""

from __future__ import annotations

import copy
import itertools
import json
import os
import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from tests.forms.test_shipped_definitions import DEFINITIONS
from tests.json_places import at, places
from tests.renderer.plain_browser import submitted

NUMBERS = itertools.count(1)
MANY = int(os.environ.get("CAREBRIDGE_BROKEN_DEFINITION_EXAMPLES", "0"))
HOSTILE = '<script>alert("x")</script>'
TRICKY_VALUES = (
    None, True, False, 0, -1, 1.5, 10**20, 1e308, "", "x", HOSTILE, "é" * 3, "\u0000",
    "#", "#/$defs/nowhere", "#/schema", "^(a+)+$", "[", "/", "~", [], [None], [HOSTILE], {},
    {"$ref": "#"}, {"$ref": "#/$defs/nowhere"}, {"type": "object"}, {"enum": []},
    {"const": None}, {"type": "array", "items": {"$ref": "#"}},
    {"type": "string", "title": HOSTILE, "description": HOSTILE},
    {"type": "string", "format": "date", "minimum": "x"},
    {"type": "integer", "minimum": 5, "maximum": 1}, {"not": {}},
    {"type": "object", "properties": {HOSTILE: {"type": "string"}}},
    {"oneOf": [{"type": "string"}, {"type": "string"}]},
)
KEYWORDS = (
    "$ref", "$defs", "$id", "$anchor", "if", "then", "else", "allOf", "anyOf", "oneOf", "not",
    "items", "prefixItems", "contains", "enum", "const", "pattern", "format", "minimum",
    "maximum", "minLength", "maxItems", "default", "examples", "required", "properties",
    "additionalProperties", "unevaluatedProperties", "dependentRequired", "dependentSchemas",
    "propertyNames", "title", "description", "readOnly", "widget", "pages", "fields",
    "translations", "scores", "bands", "flags", "needs", "when", "sections", "x-unknown",
)


@st.composite
def broken_definitions(draw):
    """A shipped definition with one to three mistakes made in it."""
    slug = draw(st.sampled_from(sorted(DEFINITIONS)))
    document = copy.deepcopy(DEFINITIONS[slug])
    for _ in range(draw(st.integers(1, 3))):
        spots = list(places(document))
        where = draw(st.sampled_from(spots))
        kind = draw(st.sampled_from(("replace", "delete", "add", "copy")))
        parent = at(document, where[:-1]) if where else None
        if kind == "replace" and where:
            parent[where[-1]] = copy.deepcopy(draw(st.sampled_from(TRICKY_VALUES)))
        elif kind == "delete" and where:
            del parent[where[-1]]
        elif kind == "add":
            target = at(document, where)
            value = copy.deepcopy(draw(st.sampled_from(TRICKY_VALUES)))
            if isinstance(target, dict):
                target[draw(st.sampled_from(KEYWORDS))] = value
            elif isinstance(target, list):
                target.insert(draw(st.integers(0, len(target))), value)
        elif kind == "copy" and where:
            source = at(document, draw(st.sampled_from(spots)))
            parent[where[-1]] = copy.deepcopy(source)
    if isinstance(document, dict) and "id" in document:
        document["id"] = f"broken-{next(NUMBERS)}"  # a new form each time
    return document


def examples(ci: int) -> settings:
    return settings(
        max_examples=MANY or ci, derandomize=not MANY, deadline=None,
        database=settings.default.database if MANY else None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                               HealthCheck.data_too_large],
    )


@pytest.fixture
def admin(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    return client


def assert_answers(response, where: str) -> str:
    assert response.status_code < 500, (where, response.status_code)
    page = response.get_data(as_text=True)
    assert HOSTILE not in page, f"{where} shows a text unescaped"
    return page


def pointers_into(document, pointer: str) -> bool:
    """Whether ``pointer`` names a place in ``document`` (or the place a missing key would be)."""
    node = document
    parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer.split("/")[1:]]
    for i, part in enumerate(parts):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return i == len(parts) - 1  # a missing key or item: its parent exists
    return True


@examples(ci=60)
@given(document=broken_definitions())
def test_a_broken_definition_is_refused_clearly_or_works_everywhere(api, admin, document):
    response = api.post("/api/v1/forms", document)
    assert response.status_code in (201, 400, 409, 413, 422), (
        response.status_code, json.dumps(document)[:2000])
    event(f"answered {response.status_code}")
    if response.status_code != 201:
        body = response.json
        assert body["message"], body
        for problem in body["errors"]:
            assert problem["message"], problem
            assert pointers_into(document, problem["pointer"]), (problem, body)
        if isinstance(document, dict) and isinstance(document.get("id"), str):
            assert api.get(f"/api/v1/forms/{document['id']}").status_code == 404
        return

    slug = response.json["id"]
    page = assert_answers(admin.get(f"/forms/{slug}/fill"), "the fill page")
    saved = admin.post(f"/forms/{slug}/fill",
                       data=MultiDict([*submitted(page), ("_action", "save")]))
    assert_answers(saved, "saving a blank draft")
    sent = admin.post(f"/forms/{slug}/fill",
                      data=MultiDict([*submitted(page), ("_action", "submit")]))
    assert_answers(sent, "submitting the blank page")
    made = api.post(f"/api/v1/forms/{slug}/submissions", {"data": {}})
    assert made.status_code in (200, 201, 400, 422), made.status_code
    if made.status_code in (200, 201):
        assert_answers(admin.get(f"/forms/{slug}/submissions/{made.json['id']}/print"),
                       "the print view")
    assert_answers(admin.get(f"/forms/editor?slug={slug}"), "the editor")
    assert_answers(admin.get("/forms/"), "the list of forms")
    if "done" in saved.headers.get("Location", ""):
        assert_answers(admin.get(saved.headers["Location"]), "the thank-you page")
    assert re.search(r"<form\b", page), "the fill page has no form"
