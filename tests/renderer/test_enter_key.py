"""Enter in a box sends the page's own action (Send, or Next in a wizard), never a row's Remove,
Move or Add, an Open, or the wizard's Back.

Browsers press a form's first submit button when someone presses Enter in a text box (HTML's
"implicit submission"), with or without JavaScript. The fill page draws repeat-group buttons and
Back before its own action, so the first is the form's hidden default button, which carries it.
"""

from __future__ import annotations

import re

import pytest
from werkzeug.datastructures import MultiDict

from tests.renderer.plain_browser import submitted

pytestmark = pytest.mark.usefixtures("published")

SUBMIT_BUTTON = re.compile(r'<button\b[^>]*\btype="submit"[^>]*>')


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "intake"))
    return auth.client


def first_submit_button(html: str) -> str:
    """The ``_action`` of the first submit button inside the fill form."""
    form = html[html.index('<form id="cb-form"'):]
    button = SUBMIT_BUTTON.search(form[: form.index("</form>")])[0]
    return re.search(r'\bvalue="([^"]*)"', button)[1]


def test_with_rows_drawn_enter_sends_the_form_not_a_rows_remove(worker):
    html = worker.get("/forms/repeat-rows/fill").get_data(as_text=True)
    fields = MultiDict([*submitted(html), ("_action", "add:household")])
    html = worker.post("/forms/repeat-rows/fill", data=fields).get_data(as_text=True)
    assert 'value="remove:household.' in html  # a row, with its buttons, is drawn
    assert first_submit_button(html) == "submit"


def test_on_a_wizards_later_page_enter_goes_on_not_back(worker):
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    fields = MultiDict([(k, v) for k, v in submitted(html) if k != "name"]
                       + [("name", "Ana"), ("_action", "next")])
    html = worker.post("/forms/wizard-intake/fill", data=fields).get_data(as_text=True)
    assert 'value="back"' in html and "Where you live" in html
    assert first_submit_button(html) == "next"


def test_on_a_wizards_last_page_enter_sends(worker):
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    for _ in range(2):
        fields = MultiDict([(k, v) for k, v in submitted(html) if k not in ("name", "zip")]
                           + [("name", "Ana"), ("zip", "94401"), ("_action", "next")])
        html = worker.post("/forms/wizard-intake/fill", data=fields).get_data(as_text=True)
    assert "Check and send" in html
    assert first_submit_button(html) == "submit"
