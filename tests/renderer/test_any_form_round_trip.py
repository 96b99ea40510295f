"""Any form an agency can define, with any answers a person can give in it: what is shown and
sent back unchanged is stored unchanged, and every page draws, labelled, without an error.

The definitions and answers are random (``any_form.py`` says which answers a person can give
in which widget, and why the others are not drawn); ``plain_browser.py`` reads a page as a
browser without JavaScript submits it. CI runs a fixed set of examples; for many more, run
``CAREBRIDGE_ANY_FORM_EXAMPLES=2000 pytest tests/renderer/test_any_form_round_trip.py``
(a new random set each run, with Hypothesis's example database to replay failures).
"""

from __future__ import annotations

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from werkzeug.datastructures import MultiDict

from carebridge.forms.models import Draft, Submission
from carebridge.forms.validation import is_valid, make_validator, problems
from carebridge.renderer.compile import compile_definition
from carebridge.renderer.formdata import defaults_of, from_form, to_form
from tests.renderer.any_form import forms_with_answers
from tests.renderer.plain_browser import submitted, unlabelled
from tests.renderer.test_any_form_found import publish, save_draft, sent, stored, typed

MANY = int(os.environ.get("CAREBRIDGE_ANY_FORM_EXAMPLES", "0"))


def examples(ci: int) -> settings:
    """``ci`` fixed examples (the same every run), or MANY random ones when asked."""
    return settings(
        max_examples=MANY or ci, derandomize=not MANY, deadline=None,
        database=settings.default.database if MANY else None, print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                               HealthCheck.filter_too_much],
    )


def assert_valid(document: dict, data: dict) -> None:
    validator = make_validator(document["schema"])
    assert is_valid(validator, data), problems(validator, data, for_people=False)


# -- the answers as form data -----------------------------------------------------------------


@examples(ci=150)
@given(forms_with_answers())
def test_answers_written_as_form_data_read_back_unchanged(case):
    document, data = case
    assert_valid(document, data)
    root = compile_definition(document).root
    assert typed(from_form(root, sent(to_form(root, data)))) == typed(data)


# -- the page, through a browser without JavaScript ---------------------------------------------


def field_errors(html: str) -> list[str]:
    return re.findall(r'class="field-error"><span class="visually-hidden">[^<]*</span>(.*?)</p>',
                      html)


def saved_draft(worker, slug: str, html: str) -> str:
    """Save the page as a browser sends it; the new draft's id."""
    saved = worker.post(f"/forms/{slug}/fill",
                        data=MultiDict([*submitted(html), ("_action", "save")]))
    assert saved.status_code == 200
    return re.search(r'id="draft-id" value="([0-9a-f]+)"', saved.get_data(as_text=True))[1]


def holds(data, expected) -> bool:
    """Whether ``data`` has every answer of ``expected`` (an object may have more)."""
    if isinstance(expected, dict):
        return isinstance(data, dict) and all(k in data and holds(data[k], v)
                                              for k, v in expected.items())
    return typed(data) == typed(expected)


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "intake"))
    return auth.client


def test_a_page_sent_back_unchanged_stores_its_answers_unchanged(app, world, worker):
    user_id = world.users[("alpha", "intake")]

    @examples(ci=40)
    @given(forms_with_answers())
    def check(case):
        document, data = case
        assert_valid(document, data)
        slug = document["id"]
        publish(app, world, document)
        # A form with Spanish texts is shown in Spanish (the browser asks for it).
        worker.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es" if document.get(
            "translations") else "en"
        # The blank page draws, every control labelled; sent back as it is, it keeps the
        # defaults it shows (and the fixed values), and drawn again it sends the same.
        blank = worker.get(f"/forms/{slug}/fill")
        assert blank.status_code == 200
        html = blank.get_data(as_text=True)
        assert unlabelled(html) == []
        first = stored(app, world, Draft, saved_draft(worker, slug, html))
        assert holds(first, defaults_of(compile_definition(document).root))
        again = worker.get(f"/forms/{slug}/fill?draft={saved_draft(worker, slug, html)}")
        assert typed(stored(app, world, Draft, saved_draft(worker, slug, again.get_data(
            as_text=True)))) == typed(first)
        # A draft holding the answers draws them; submitted unchanged, they are stored as
        # they were.
        draft_id = save_draft(app, world, slug, data, user_id)
        page = worker.get(f"/forms/{slug}/fill?draft={draft_id}")
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert unlabelled(html) == []
        done = worker.post(f"/forms/{slug}/fill",
                           data=MultiDict([*submitted(html), ("_action", "submit")]))
        assert done.status_code == 303, field_errors(done.get_data(as_text=True))
        submission_id = done.headers["Location"].rsplit("/", 1)[1]
        assert typed(stored(app, world, Submission, submission_id)) == typed(data)

    check()
