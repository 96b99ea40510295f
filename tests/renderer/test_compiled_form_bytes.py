"""The compiled-form cache is bounded by the bytes its forms really hold: the compiled fields
and their document, and what drawing keeps on them (shells, plans, groups kept whole), counted
as it is kept and given back when a bound per field empties a cache. The count is checked
against what tracemalloc sees allocated: memory counted, not timed."""

from __future__ import annotations

import gc
import json
import tracemalloc
from collections import OrderedDict

import pytest

from carebridge.renderer import compile as compiling
from carebridge.renderer import plans
from carebridge.renderer.state import FormState


@pytest.fixture
def cache(monkeypatch):
    """An empty compiled-form cache for this test."""
    monkeypatch.setattr(compiling, "_cache", OrderedDict())
    monkeypatch.setattr(compiling, "_cache_bytes", 0)
    return compiling


def draw(root_fields, form, data=None, action="/f") -> str:
    return str(root_fields(form, FormState.from_data(form, data or {}, action=action)))


def test_the_cache_counts_what_a_form_holds_compiled_and_drawn(long_form, root_fields, cache):
    warm_up = compiling.compile_definition(long_form.definition(146))  # imports, templates
    draw(root_fields, warm_up)
    text = json.dumps(long_form.definition(292))
    gc.collect()
    tracemalloc.start()
    try:
        document = json.loads(text)
        form = cache.compiled_for("bytes-292", document)
        compiled = tracemalloc.get_traced_memory()[0]
        counted_compiled = form.held
        for action in ("/a", "/b"):
            draw(root_fields, form, action=action)
        draw(root_fields, form, long_form.answers(document))
        gc.collect()
        drawn = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert 0.8 < counted_compiled / compiled < 1.25
    assert 0.8 < form.held / drawn < 1.25
    assert form.held > 3 * counted_compiled  # drawing keeps most of it
    assert cache.cache_usage() == (1, form.held)
    assert len(text) * 10 < counted_compiled  # the JSON is a small part of it


def test_past_its_bound_the_least_recently_used_forms_leave_with_what_drawing_kept(
        long_form, root_fields, cache, monkeypatch):
    first = cache.compiled_for("bound-a", long_form.definition(146))
    second = cache.compiled_for("bound-b", long_form.definition(146))
    monkeypatch.setattr(cache, "CACHE_MAX_BYTES", 2 * (first.held + second.held))
    assert cache.compiled_for("bound-a", long_form.definition(146)) is first  # used last
    assert cache.cache_usage() == (2, first.held + second.held)
    draw(root_fields, first)  # it keeps several times what compiling it held
    assert first.cached and not second.cached  # the other one made room
    assert cache.cache_usage() == (1, first.held)  # (the newest stays, even past the bound)
    # A form drawn after it left (a request that had it already) is no longer counted.
    draw(root_fields, second)
    assert cache.cache_usage() == (1, first.held)


def test_a_bound_per_field_gives_back_the_bytes_of_what_it_lets_go(
        long_form, root_fields, cache, monkeypatch):
    monkeypatch.setattr(plans, "PLANS_PER_FIELD", 1)
    form = cache.compiled_for("bound-per-field", long_form.definition(146))
    screened = {"section0": {"s0_screen": "Yes"}}
    draw(root_fields, form), draw(root_fields, form, screened)
    after_both = form.held
    for _ in range(5):  # each condition state drops the other's plan
        draw(root_fields, form), draw(root_fields, form, screened)
    assert form.held <= after_both * 1.05
    assert cache.cache_usage() == (1, form.held)
