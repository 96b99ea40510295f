"""Filling forms over HTTP: pages without JavaScript, htmx fragments, submit, drafts, kiosk."""

import json
import re

import pytest

from tests.conftest import csrf_token
from tests.renderer.conftest import sample_definitions

pytestmark = pytest.mark.usefixtures("published")


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "intake"))
    return auth.client


@pytest.fixture
def admin(auth, world):
    auth.login(world.email("alpha", "admin"))
    return auth.client


def form_fields(html: str) -> dict:
    """The hidden bookkeeping fields of a rendered form (key, version, page, draft, token)."""
    fields = {}
    for name in ("csrf_token", "_key", "_version", "_page", "_draft", "_shown"):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
        fields[name] = match.group(1) if match else ""
    return fields


def test_every_test_definition_renders_as_a_page(worker, published):
    for slug in published:
        response = worker.get(f"/forms/{slug}/fill")
        assert response.status_code == 200, slug
        html = response.get_data(as_text=True)
        assert '<form id="cb-form"' in html
        assert "&lt;fieldset" not in html and "&lt;div" not in html


def test_every_input_has_a_label(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    ids = re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert ids
    for fid in ids:
        assert f'for="{fid}"' in html, fid


def test_the_forms_list_links_to_the_fill_page(worker):
    html = worker.get("/forms/").get_data(as_text=True)
    assert "/forms/intake-everything/fill" in html


def test_submit_without_javascript_shows_errors_inline_and_keeps_answers(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    data = {**form_fields(html), "_action": "submit", "name": "A", "age": "x",
            "monthly_income": "abc", "address.street": "1 Main St"}
    response = worker.post("/forms/intake-everything/fill", data=data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="error-summary"' in page
    assert 'href="#f-birth_date"' in page
    assert 'href="#f-address-zip"' in page
    assert 'value="abc"' in page and 'value="1 Main St"' in page
    assert 'aria-invalid="true"' in page


def test_submit_creates_one_submission_even_when_sent_twice(worker, app):
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    data = {**form_fields(html), "_action": "submit", "_page": "2", "name": "Ana",
            "zip": "94110", "agree": "true"}
    first = worker.post("/forms/wizard-intake/fill", data=data)
    second = worker.post("/forms/wizard-intake/fill", data=data)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]


def test_htmx_submit_redirects_with_a_header(worker):
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    data = {**form_fields(html), "_action": "submit", "name": "Ana", "zip": "94110",
            "agree": "true"}
    response = worker.post("/forms/wizard-intake/fill", data=data, headers={"HX-Request": "true"})
    assert response.headers["HX-Redirect"].startswith("/forms/wizard-intake/done/")


def test_wizard_next_checks_only_the_current_page(worker):
    html = worker.get("/forms/wizard-intake/fill").get_data(as_text=True)
    assert "Step 1 of 3" in html
    fields = form_fields(html)
    blocked = worker.post("/forms/wizard-intake/fill", data={**fields, "_action": "next"})
    assert blocked.status_code == 422
    assert "Step 1 of 3" in blocked.get_data(as_text=True)
    moved = worker.post("/forms/wizard-intake/fill",
                        data={**fields, "_action": "next", "name": "Ana", "age": "40"})
    page = moved.get_data(as_text=True)
    assert moved.status_code == 200
    assert "Step 2 of 3" in page
    assert 'name="name" value="Ana"' in page  # carried along, hidden


def test_repeat_group_add_and_remove_through_htmx(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    fields = form_fields(html)
    hx = {"HX-Request": "true"}
    added = worker.post("/forms/intake-everything/fill", headers=hx,
                        data={**fields, "_action": "add:household"}).get_data(as_text=True)
    assert added.startswith('<div class="repeat-item" id="i-household-0">')  # the new row only
    assert 'name="household.0.first_name"' in added
    two = worker.post("/forms/intake-everything/fill", headers=hx, data={
        **fields, "_action": "add:household", "household.__items": ["", "0"],
        "household.0.first_name": "Kim",
    }).get_data(as_text=True)
    assert 'name="household.1.first_name"' in two and "Kim" not in two
    removed = worker.post("/forms/intake-everything/fill", headers=hx, data={
        **fields, "_action": "remove:household.0", "household.__items": ["", "0", "1"],
        "household.0.first_name": "Kim", "household.1.first_name": "Lee",
    }).get_data(as_text=True)
    assert "Kim" not in removed and "Lee" not in removed  # the row below is not sent again
    assert 'class="repeat-item"' not in removed


def test_condition_refresh_shows_the_dependent_question(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    assert "How many children?" not in html  # the `if` requires has_children to be answered
    fields = form_fields(html)
    no = worker.post("/forms/intake-everything/fill", headers={"HX-Request": "true"},
                     data={**fields, "_action": "refresh:", "has_children": "false"})
    assert "How many children?" not in no.get_data(as_text=True)
    yes = worker.post("/forms/intake-everything/fill", headers={"HX-Request": "true"},
                      data={**fields, "_action": "refresh:", "has_children": "true"})
    assert "How many children?" in yes.get_data(as_text=True)


def test_branch_switch_keeps_shared_answers(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    response = worker.post("/forms/intake-everything/fill", headers={"HX-Request": "true"}, data={
        **form_fields(html), "_action": "branch:contact", "__branch.contact": "1",
        "contact.note": "after 5pm", "contact.contact_phone": "555",
    })
    fragment = response.get_data(as_text=True)
    assert 'name="contact.contact_email"' in fragment
    assert 'name="contact.contact_phone"' not in fragment
    assert 'value="after 5pm"' in fragment


def test_blur_check_returns_the_fields_errors(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    response = worker.post("/forms/intake-everything/fill", headers={"HX-Request": "true"},
                           data={**form_fields(html), "_action": "check:address.zip",
                                 "address.zip": "abc"})
    assert "field-error" in response.get_data(as_text=True)


def test_drafts_save_and_resume(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    saved = worker.post("/forms/intake-everything/fill", headers={"HX-Request": "true"},
                        data={**form_fields(html), "_action": "autosave", "name": "Ana Reyes"})
    body = saved.get_data(as_text=True)
    draft_id = re.search(r'id="draft-id" value="([0-9a-f]+)"', body).group(1)
    resumed = worker.get(f"/forms/intake-everything/fill?draft={draft_id}").get_data(as_text=True)
    assert 'value="Ana Reyes"' in resumed


def test_admin_sees_fallback_warnings(admin):
    html = admin.get("/forms/intake-everything/fill").get_data(as_text=True)
    assert "unknown format" in html


def test_kiosk_link_needs_no_login_and_stores_nothing(admin, app, client):
    token = csrf_token(admin, "/forms/intake-everything/kiosk")
    admin.post("/forms/intake-everything/kiosk",
               data={"csrf_token": token, "idle_seconds": "60", "label": "Lobby"})
    page = admin.get("/forms/intake-everything/kiosk").get_data(as_text=True)
    kiosk_url = re.search(r'href="(/kiosk/[^"]+)"', page).group(1)
    admin.post("/logout", data={"csrf_token": token})
    response = client.get(kiosk_url + "?lang=en")  # past the language screen
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = response.get_data(as_text=True)
    assert 'autocomplete="off"' in html and "Save and finish later" not in html
    drafting = client.post(kiosk_url, data={**form_fields(html), "_action": "autosave"})
    assert drafting.status_code == 400


def kiosk_link(admin, slug: str, idle: int = 60) -> str:
    token = csrf_token(admin, f"/forms/{slug}/kiosk")
    admin.post(f"/forms/{slug}/kiosk",
               data={"csrf_token": token, "idle_seconds": str(idle), "label": "Lobby"})
    page = admin.get(f"/forms/{slug}/kiosk").get_data(as_text=True)
    return re.search(r'href="(/kiosk/[^"]+)"', page).group(1)


def test_a_kiosk_page_resent_after_its_idle_time_starts_clean(app, admin, client):
    # Without JavaScript, Back then "resend" could replay the last client's answers.
    from carebridge.renderer import kiosk

    url = kiosk_link(admin, "wizard-intake")
    first = client.get(url + "?lang=en").get_data(as_text=True)
    answers = {**form_fields(first), "_action": "next", "name": "Last Client", "age": "40"}
    fresh = client.post(url, data=answers)
    assert fresh.status_code == 200 and 'value="Last Client"' in fresh.get_data(as_text=True)
    stamp, _, _ = answers["_shown"].partition(".")
    with app.app_context():
        from carebridge.db import get_session

        link = kiosk.open_kiosk(get_session(), url.rsplit("/", 1)[1])
        old = kiosk.shown_stamp(app.secret_key, link, at=int(stamp) - 61 - kiosk.GRACE_SECONDS)
    resent = client.post(url, data={**answers, "_shown": old})
    assert resent.status_code == 303 and resent.headers["Location"] == url
    assert resent.headers["Cache-Control"] == "no-store"
    forged = client.post(url, data={**answers, "_shown": stamp + ".0000"})
    assert forged.status_code == 303
    # With htmx the kiosk's own timer (which sees typing) decides; the page answers.
    live = client.post(url, data={**answers, "_shown": old}, headers={"HX-Request": "true"})
    assert live.status_code == 200 and "Last Client" in live.get_data(as_text=True)


def test_a_kiosk_without_javascript_clears_itself_when_idle(admin, client):
    kiosk_url = kiosk_link(admin, "intake-everything", idle=90)
    html = client.get(kiosk_url + "?lang=en").get_data(as_text=True)
    refresh = f'<noscript><meta http-equiv="refresh" content="90;url={kiosk_url}"></noscript>'
    assert refresh in html
    assert "this screen clears 90 seconds after it opens" in html
    # Every page the kiosk shows restarts the clock, errors included.
    invalid = client.post(kiosk_url, data={**form_fields(html), "_action": "submit"})
    assert invalid.status_code == 422 and refresh in invalid.get_data(as_text=True)
    signed_in = admin.get("/forms/intake-everything/fill").get_data(as_text=True)
    assert 'http-equiv="refresh"' not in signed_in


def test_editor_previews_and_reports_problems(admin):
    page = admin.get("/forms/editor")
    assert page.status_code == 200
    token = csrf_token(admin, "/forms/editor")
    bad = admin.post("/forms/editor/preview", headers={"HX-Request": "true"},
                     data={"csrf_token": token, "document": "{not json"})
    assert "Not valid JSON at line 1" in bad.get_data(as_text=True)
    good = admin.post("/forms/editor/preview", headers={"HX-Request": "true"}, data={
        "csrf_token": token,
        "document": '{"id": "x", "title": "X", "kind": "intake", "schema": {"type": "object", '
                    '"properties": {"q": {"type": "string", "title": "Question one"}}}}',
    })
    assert "Question one" in good.get_data(as_text=True)
    family = next(d for d in sample_definitions() if d["id"] == "family-tree")
    preview = admin.post("/forms/editor/preview", headers={"HX-Request": "true"}, data={
        "csrf_token": token, "document": json.dumps(family)}).get_data(as_text=True)
    assert "Add backup contact" in preview and "hx-post" not in preview  # drawn, inert


def test_print_view_shows_the_answers(admin):
    html = admin.get("/forms/wizard-intake/fill").get_data(as_text=True)
    done = admin.post("/forms/wizard-intake/fill", data={
        **form_fields(html), "_action": "submit", "name": "Ana", "zip": "94110", "agree": "true"})
    submission_id = done.headers["Location"].rsplit("/", 1)[1]
    printed = admin.get(f"/forms/wizard-intake/submissions/{submission_id}/print")
    assert printed.status_code == 200
    html = printed.get_data(as_text=True)
    assert "<dt>Your name</dt>" in html and "Ana" in html
    assert "<dt>Is everything correct?</dt>" in html and "☑ </span>Yes" in html


def test_a_worker_finds_open_drafts_to_resume(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    worker.post("/forms/intake-everything/fill",
                data={**form_fields(html), "_action": "save", "name": "Ana Reyes"})
    listing = worker.get("/forms/intake-everything/drafts").get_data(as_text=True)
    assert "intake@alpha.example.org" in listing
    resume = re.search(r'href="(/forms/intake-everything/fill\?draft=[0-9a-f]+)"', listing)
    assert 'value="Ana Reyes"' in worker.get(resume.group(1)).get_data(as_text=True)


def test_a_recursive_object_opens_one_level_at_a_time(admin):
    # contact.backup refers back to contact: each level ends in an "Add backup contact" button.
    html = admin.get("/forms/family-tree/fill").get_data(as_text=True)
    assert 'name="contact.backup.name"' in html
    assert 'value="open:contact.backup.backup"' in html and "Add backup contact" in html
    assert 'name="contact.backup.backup.name"' not in html
    fields = form_fields(html)
    opened = admin.post("/forms/family-tree/fill", headers={"HX-Request": "true"},
                        data={**fields, "_action": "open:contact.backup.backup"})
    fragment = opened.get_data(as_text=True)
    assert fragment.startswith('<fieldset class="group"')
    assert 'name="contact.backup.backup.name"' in fragment
    assert '<input type="hidden" name="__open" value="contact.backup.backup">' in fragment
    assert 'value="open:contact.backup.backup.backup"' in fragment
    # Without JavaScript the same button posts the page and the page comes back opened.
    plain = admin.post("/forms/family-tree/fill", data={
        **fields, "_action": "open:contact.backup.backup", "contact.name": "Ana",
    }).get_data(as_text=True)
    assert 'name="contact.backup.backup.name"' in plain and 'value="Ana"' in plain
    done = admin.post("/forms/family-tree/fill", data={
        **fields, "_action": "submit", "contact.name": "Ana", "contact.backup.name": "Ben",
        "contact.backup.backup.name": "Cy", "__open": "contact.backup.backup",
    })
    assert done.status_code == 303
    printed = admin.get(done.headers["Location"].replace("/done/", "/submissions/") + "/print")
    page = printed.get_data(as_text=True)
    # Read as nested question and answer pairs, as deep as the answers go and no deeper.
    assert page.count("<dt>Backup contact</dt>") == 2 and "Cy" in page and "open:" not in page
    # Showing deep answers does not make the next blank form deeper.
    blank = admin.get("/forms/family-tree/fill").get_data(as_text=True)
    assert 'name="contact.backup.backup.name"' not in blank
    assert 'value="open:contact.backup.backup"' in blank


def test_an_opened_level_left_empty_is_not_submitted(admin):
    html = admin.get("/forms/family-tree/fill").get_data(as_text=True)
    done = admin.post("/forms/family-tree/fill", data={
        **form_fields(html), "_action": "submit", "contact.name": "Ana",
        "__open": "contact.backup.backup",
    })
    assert done.status_code == 303  # the empty backup (which requires a name) is left out


def test_a_stored_time_in_another_offset_rides_along_hidden(worker):
    html = worker.get("/forms/intake-everything/fill").get_data(as_text=True)
    saved = worker.post("/forms/intake-everything/fill", headers={"HX-Request": "true"}, data={
        **form_fields(html), "_action": "autosave", "name": "Ana",
        "best_time": "08:15", "__was.best_time": "08:15:00+05:30",
    })
    draft_id = re.search(r'id="draft-id" value="([0-9a-f]+)"', saved.get_data(as_text=True))[1]
    resumed = worker.get(f"/forms/intake-everything/fill?draft={draft_id}").get_data(as_text=True)
    assert re.search(r'name="best_time"[^>]*value="08:15"', resumed)
    assert '<input type="hidden" name="__was.best_time" value="08:15:00+05:30">' in resumed
