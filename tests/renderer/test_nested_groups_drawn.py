"""A blank form draws every question: those inside a plain nested object (the adult intake's
health insurance) and those in the sections after it, laid out as pages or as sections."""

from __future__ import annotations

import json

import pytest
from flask import render_template

from carebridge.builder import layout
from carebridge.renderer.compile import compile_definition
from carebridge.renderer.state import FormState
from tests.conftest import ROOT

ADULT_INTAKE = ROOT / "form_definitions/instruments/adult-intake.json"


def blank_page(app, document: dict) -> str:
    with app.test_request_context("/"):
        form = compile_definition(document)
        st = FormState.from_data(form, {}, live=False)
        return render_template("renderer/_preview.html", preview=form, st=st, problems=[],
                               warnings=[], untranslated=[])


@pytest.mark.parametrize("as_sections", [False, True], ids=["as written", "pages as sections"])
def test_a_nested_objects_questions_and_the_sections_after_it_are_drawn(app, as_sections):
    document = json.loads(ADULT_INTAKE.read_text(encoding="utf-8"))
    if as_sections:
        document = layout.use_pages(document, False)
    else:
        document["ui"].pop("pages")
    page = blank_page(app, document)
    for name in ("given_name", "insurance.coverage", "insurance.member_id", "needs_requested",
                 "most_urgent", "worker_notes"):
        assert f'name="{name}"' in page, name
    # drawn twice in one app (the second from what the first kept), the page is the same
    assert blank_page(app, document) == page
