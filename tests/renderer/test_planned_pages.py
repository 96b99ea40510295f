"""A page drawn from kept plans is byte for byte the page drawn one question at a time: for
every shipped and test definition, blank, answered, with the validator's errors and with an
error on every name."""

from __future__ import annotations

import pytest
from rendering_samples import HOSTILE, renderings


@pytest.fixture(scope="module")
def root_fields():
    import sys

    sys.path.insert(0, str(__import__("rendering_samples").ROOT / "bench"))
    import long_form

    return long_form._environment().get_template("renderer/_field.html").module.root_fields


def test_a_planned_page_is_the_page_drawn_question_by_question(root_fields):
    compared = 0
    one_by_one = dict(renderings(lambda form, st: (setattr(st, "planned", False),
                                                   str(root_fields(form, st)))[1]))
    for label, planned in renderings(lambda form, st: str(root_fields(form, st))):
        assert planned == one_by_one[label], label
        compared += 1
    assert compared == len(one_by_one) >= 150


def test_answers_and_errors_in_a_planned_page_are_escaped(root_fields):
    from markupsafe import escape

    escaped, answered = str(escape(HOSTILE)), 0
    for label, html in renderings(lambda form, st: str(root_fields(form, st))):
        assert "<b>" not in html, label
        answered += escaped in html
    assert answered > 20
