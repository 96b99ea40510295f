"""A user-facing string that is not marked for translation fails here (templates and Python)."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT
from tests.i18n.marking import (
    python_files,
    template_files,
    unmarked_in_python,
    unmarked_in_template,
)

# Modules whose messages are not translated yet, each for its reason: listed so that the list
# can only shrink.
NOT_YET_TRANSLATED = {
    # jsonschema's own technical wording, kept word for word as the judge of record gives it,
    # for admins checking a definition (people see carebridge.forms.messages instead).
    "platform/carebridge/forms/validation.py",
}


@pytest.mark.parametrize("path", template_files(ROOT), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_in_a_template_is_marked_for_translation(app, path):
    assert unmarked_in_template(path.read_text(encoding="utf-8"), app.jinja_env) == []


@pytest.mark.parametrize("path", python_files(ROOT), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_message_a_view_or_service_shows_is_marked(path):
    if str(path.relative_to(ROOT)) in NOT_YET_TRANSLATED:
        pytest.skip("listed in NOT_YET_TRANSLATED")
    assert unmarked_in_python(path.read_text(encoding="utf-8")) == []


def test_the_checks_find_unmarked_text(app):
    page = '<h1>{{ _("Marked") }}</h1><p title="Tip">Plain words</p>{{ "Call for hours" }}'
    assert unmarked_in_template(page, app.jinja_env) == ["Call for hours", "Tip", "Plain words"]
    assert unmarked_in_template('<b>{{ _("a %(x)s", x="b c") }}</b> ·', app.jinja_env) == []
    code = 'flash(f"Added {name}.")\nflash(_("Saved."))\nraise NotFound("No such thing.")\n'
    assert [line for line, _ in unmarked_in_python(code)] == [1, 3]
