"""After a submit: the device forgets the answers, and Back then submit again makes no second
submission (the browser side is in browser/test_shared_devices.py)."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from carebridge.forms.models import Submission
from carebridge.renderer.backups import backup_key, user_prefix
from carebridge.unit_of_work import unit_of_work
from tests.renderer.test_views import form_fields

pytestmark = pytest.mark.usefixtures("published")


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "intake"))
    return auth.client


def count_submissions(app, world) -> int:
    with unit_of_work(app, world.agencies["alpha"]) as session:
        return session.scalar(select(func.count()).select_from(Submission))


def test_local_backups_are_keyed_to_the_person(worker, world):
    me = world.users[("alpha", "intake")]
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    assert f'data-backup="{backup_key(me, "wizard-intake")}"' in html
    assert backup_key(me, "wizard-intake").startswith(user_prefix(me))
    # Logging out forgets every backup of this person (local_backups.js reads the prefix).
    assert f'data-forget-backups="{user_prefix(me)}"' in html
    assert "local_backups.js" in html


def test_the_done_page_clears_the_backups_the_submit_made_obsolete(worker, world):
    me = world.users[("alpha", "intake")]
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    fields = {**form_fields(html), "name": "Ana", "zip": "94110", "agree": "true"}
    saved = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "save"})
    draft_id = re.search(r'id="draft-id" value="([0-9a-f]+)"', saved.get_data(as_text=True))[1]
    done = worker.post("/forms/wizard-intake/fill",
                       data={**fields, "_draft": draft_id, "_action": "submit"})
    page = worker.get(done.headers["Location"]).get_data(as_text=True)
    listed = re.search(r'data-clear-backups="([^"]*)"', page)[1].split()
    assert listed == [backup_key(me, "wizard-intake"), backup_key(me, "wizard-intake", draft_id)]


def test_back_after_submit_then_save_and_submit_again_makes_no_duplicate(worker, app, world):
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    fields = {**form_fields(html), "name": "Ana", "zip": "94110", "agree": "true"}
    saved = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "save"})
    fields["_draft"] = re.search(r'id="draft-id" value="([0-9a-f]+)"',
                                 saved.get_data(as_text=True))[1]
    first = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "submit"})
    assert first.status_code == 303
    before = count_submissions(app, world)
    # Back to the page, the browser resends its save (or autosave fires), then Submit.
    for headers in ({}, {"HX-Request": "true"}):
        resent = worker.post("/forms/wizard-intake/fill", headers=headers,
                             data={**fields, "name": "Ana changed", "_action": "autosave"})
        assert resent.status_code == 200
        assert "already sent" in resent.get_data(as_text=True)
        again = worker.post("/forms/wizard-intake/fill", headers=headers,
                            data={**fields, "name": "Ana changed", "_action": "submit"})
        location = again.headers.get("HX-Redirect") or again.headers["Location"]
        assert location == first.headers["Location"]
    # A page turn on the sent wizard keeps it as it was too.
    turned = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "next"})
    assert turned.status_code == 200
    assert count_submissions(app, world) == before


def test_a_new_draft_made_from_a_sent_page_is_not_a_second_submission(worker, app, world):
    # The page's own key rides with every submit: a draft saved from it after the first submit
    # (its draft was deleted meanwhile) still finds the first submission.
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    fields = {**form_fields(html), "name": "Ana", "zip": "94110", "agree": "true"}
    first = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "submit"})
    before = count_submissions(app, world)
    saved = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "save"})
    fields["_draft"] = re.search(r'id="draft-id" value="([0-9a-f]+)"',
                                 saved.get_data(as_text=True))[1]
    again = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "submit"})
    assert again.headers["Location"] == first.headers["Location"]
    assert count_submissions(app, world) == before
