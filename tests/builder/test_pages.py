"""The builder's pages: start a draft, edit it with and without htmx, undo, publish."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from carebridge.builder.models import BuilderDraft
from carebridge.forms import service
from carebridge.forms.models import FormVersion
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.conftest import csrf_token

HTMX = {"HX-Request": "true"}
# Drafts, versions and stored answers: on SQLite and on PostgreSQL.
pytestmark = pytest.mark.postgres


@pytest.fixture
def admin(auth, world):
    auth.login(world.email("alpha", "admin"))
    return auth.client


def start_blank(client, title="Smoking check", kind="assessment") -> str:
    token = csrf_token(client, "/forms/builder/")
    response = client.post("/forms/builder/start", data={
        "csrf_token": token, "source": "blank", "title": title, "kind": kind})
    assert response.status_code == 303
    return response.headers["Location"].rsplit("/", 1)[1]


def edit(client, draft: str, htmx: bool = True, **fields):
    token = csrf_token(client, f"/forms/builder/{draft}")
    data = {"csrf_token": token, **fields}
    return client.post(f"/forms/builder/{draft}/edit", data=data,
                       headers=HTMX if htmx else {})


def document(app, world, draft: str) -> dict:
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        return session.get(BuilderDraft, draft).document


@pytest.mark.parametrize(("role", "status"), [("admin", 200), ("intake", 403),
                                               ("care_manager", 403)])
def test_only_those_who_manage_forms_reach_the_builder(auth, world, role, status):
    auth.login(world.email("alpha", role))
    assert auth.client.get("/forms/builder/").status_code == status


def test_a_blank_form_is_kept_on_the_server_as_it_is_built(admin, app, world):
    draft = start_blank(admin)
    response = edit(admin, draft, op="add", kind="single_choice", label="Do you smoke?")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.startswith('<div id="builder"') and "<html" not in html
    assert 'data-focus="f-label"' in html and 'id="f-label"' in html
    saved = document(app, world, draft)
    assert saved["schema"]["properties"]["do_you_smoke"]["oneOf"][0]["const"] == "yes"
    # A closed tab loses nothing: the page shows the draft from the server.
    page = admin.get(f"/forms/builder/{draft}").get_data(as_text=True)
    assert "Do you smoke?" in page and "<html" in page


def test_without_javascript_each_change_is_a_post_and_a_redirect(admin, app, world):
    draft = start_blank(admin)
    response = edit(admin, draft, htmx=False, op="add", kind="short_text", label="Name")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/forms/builder/{draft}?q=name#f-label")
    page = admin.get(response.headers["Location"]).get_data(as_text=True)
    assert "Question added." in page and 'id="f-label"' in page


def test_panel_edits_conditions_moves_delete_and_undo(admin, app, world):
    draft = start_blank(admin)
    edit(admin, draft, op="add", kind="single_choice", label="Do you smoke?")
    edit(admin, draft, op="add", kind="whole_number", label="Packs per day")
    edit(admin, draft, op="panel", path="do_you_smoke", label="Do you smoke?",
         required_shown="1", required="1", widget="radio")
    edit(admin, draft, op="condition", path="packs_per_day",
         when=[json.dumps(["do_you_smoke", "yes"]), ""], negate=["0", "0"], join="and")
    saved = document(app, world, draft)
    assert saved["schema"]["required"] == ["do_you_smoke"]
    assert saved["schema"]["allOf"][0]["if"] == {
        "properties": {"do_you_smoke": {"const": "yes"}}, "required": ["do_you_smoke"]}
    page = admin.get(f"/forms/builder/{draft}?q=packs_per_day").get_data(as_text=True)
    assert "Shown when Do you smoke? is Yes" in page
    edit(admin, draft, op="move", path="packs_per_day", step="up")
    assert document(app, world, draft)["ui"]["order"] == ["packs_per_day", "do_you_smoke"]
    html = edit(admin, draft, op="delete", path="do_you_smoke").get_data(as_text=True)
    assert 'data-focus="undo"' in html and "Deleted “Do you smoke?”" in html
    assert "do_you_smoke" not in document(app, world, draft)["schema"].get("properties", {})
    edit(admin, draft, op="undo")
    assert "do_you_smoke" in document(app, world, draft)["schema"]["properties"]


def test_a_refused_change_leaves_the_draft_as_it_was_and_says_why(admin, app, world):
    draft = start_blank(admin)
    edit(admin, draft, op="add", kind="short_text", label="Name")
    before = document(app, world, draft)
    response = edit(admin, draft, op="panel", path="name", label=" ")
    assert response.status_code == 422
    assert "A question needs a label." in response.get_data(as_text=True)
    assert document(app, world, draft) == before


def test_the_json_view_and_the_builder_stay_in_step(admin, app, world):
    draft = start_blank(admin)
    edit(admin, draft, op="add", kind="short_text", label="Name")
    page = admin.get(f"/forms/builder/{draft}?preview=json").get_data(as_text=True)
    shown = re.search(r'<textarea id="json"[^>]*>(.*?)</textarea>', page, re.S).group(1)
    changed = json.loads(shown.replace("&#34;", '"').replace("&quot;", '"'))
    changed["schema"]["properties"]["name"]["title"] = "Full name"
    edit(admin, draft, op="json", pointer="", value=json.dumps(changed), preview="json")
    html = admin.get(f"/forms/builder/{draft}").get_data(as_text=True)
    assert "Full name" in html
    response = edit(admin, draft, op="json", pointer="", value="{oops")
    assert response.status_code == 422 and "Not valid JSON" in response.get_data(as_text=True)


def test_another_agencys_draft_is_not_found(auth, world, admin):
    draft = start_blank(admin)
    auth.login(world.email("beta", "admin"))
    assert auth.client.get(f"/forms/builder/{draft}").status_code == 404


def test_publishing_summarises_changes_and_warns_about_stored_answers(admin, app, world):
    draft = start_blank(admin, "Food check", "intake")
    edit(admin, draft, op="add", kind="single_choice", label="Food ran out")
    edit(admin, draft, op="choices", path="food_ran_out", code=["", ""],
         choice=["Often", "Never"])
    token = csrf_token(admin, f"/forms/builder/{draft}/publish")
    response = admin.post(f"/forms/builder/{draft}/publish", data={"csrf_token": token})
    assert response.status_code == 303
    alpha = world.agencies["alpha"]
    with unit_of_work(app, alpha) as session, app.app_context():
        set_tenant(session, alpha)
        version = service.get_version(session, "food-check")
        service.submit(session, version, {"food_ran_out": "often"}, user_id=None)
    token = csrf_token(admin, "/forms/builder/")
    again = admin.post("/forms/builder/start", data={"csrf_token": token, "source": "form",
                                                    "slug": "food-check"})
    draft = again.headers["Location"].rsplit("/", 1)[1]
    # Published codes cannot be renamed; their labels can change.
    edit(admin, draft, op="choices", path="food_ran_out", code=["often", "never"],
         choice=["Often true", ""])
    edit(admin, draft, op="add", kind="yes_no", label="Any children?")
    start_page = admin.get("/forms/builder/").get_data(as_text=True)
    assert f'href="/forms/builder/{draft}">a draft of it is open' in start_page
    review = admin.get(f"/forms/builder/{draft}/publish").get_data(as_text=True)
    assert "What changes since version 1" in review
    assert "Added “Any children?”" in review
    assert "the choice “Often” now reads “Often true”" in review
    assert "removed the choice “Never”" in review
    assert 'id="orphaned"' not in review  # nobody answered "never"
    edit(admin, draft, op="choices", path="food_ran_out", code=["never"], choice=["Never"])
    review = admin.get(f"/forms/builder/{draft}/publish").get_data(as_text=True)
    assert 'id="orphaned"' in review and "<code>often</code>" in review
    token = csrf_token(admin, f"/forms/builder/{draft}/publish")
    refused = admin.post(f"/forms/builder/{draft}/publish", data={"csrf_token": token})
    assert refused.status_code == 422
    # Meanwhile another admin publishes version 2 from a draft of their own.
    other = admin.post("/forms/builder/start", data={"csrf_token": token, "source": "form",
                                                    "slug": "food-check"})
    other_draft = other.headers["Location"].rsplit("/", 1)[1]
    edit(admin, other_draft, op="add", kind="short_text", label="Anything else?")
    publish(admin, other_draft)
    review = admin.get(f"/forms/builder/{draft}/publish").get_data(as_text=True)
    assert 'id="overtaken"' in review and "What changes since version 2" in review
    done = admin.post(f"/forms/builder/{draft}/publish",
                      data={"csrf_token": token, "confirm_orphaned": "1"})
    assert done.status_code == 303
    with unit_of_work(app, alpha) as session:
        set_tenant(session, alpha)
        assert len(list(session.scalars(select(FormVersion)))) == 3


def publish(client, draft: str):
    token = csrf_token(client, f"/forms/builder/{draft}/publish")
    response = client.post(f"/forms/builder/{draft}/publish", data={"csrf_token": token})
    assert response.status_code == 303, response.get_data(as_text=True)


def test_information_text_is_shown_and_staff_only_questions_stay_off_kiosks(admin, client):
    draft = start_blank(admin, "Visit", "intake")
    edit(admin, draft, op="add", kind="info", label="Before you start")
    edit(admin, draft, op="panel", path="before_you_start", label="Before you start",
         help="This takes five minutes.")
    edit(admin, draft, op="add", kind="short_text", label="Your name")
    edit(admin, draft, op="add", kind="long_text", label="Worker notes")
    edit(admin, draft, op="panel", path="worker_notes", label="Worker notes",
         staff_only_shown="1", staff_only="1", required_shown="1")
    builder = admin.get(f"/forms/builder/{draft}").get_data(as_text=True)
    assert "staff only" in builder
    publish(admin, draft)
    worker_page = admin.get("/forms/visit/fill").get_data(as_text=True)
    assert '<p class="info-title">Before you start</p>' in worker_page
    assert "This takes five minutes." in worker_page and "Worker notes" in worker_page
    token = csrf_token(admin, "/forms/visit/kiosk")
    admin.post("/forms/visit/kiosk", data={"csrf_token": token, "idle_seconds": "60",
                                           "label": "Lobby"})
    page = admin.get("/forms/visit/kiosk").get_data(as_text=True)
    kiosk_url = re.search(r'href="(/kiosk/[^"]+)"', page).group(1)
    kiosk_page = client.get(kiosk_url + "?lang=en").get_data(as_text=True)  # past "language?"
    assert "Your name" in kiosk_page and "Before you start" in kiosk_page
    assert "Worker notes" not in kiosk_page


def unlabelled(html: str) -> list[str]:
    """Ids of visible controls without a <label for> or an aria-label."""
    missing = []
    for tag in re.finditer(r'<(input|select|textarea)\b[^>]*>', html):
        text = tag.group(0)
        if 'type="hidden"' in text or "aria-label=" in text:
            continue
        found = re.search(r'\bid="([^"]+)"', text)
        if found is None or f'for="{found.group(1)}"' not in html:
            missing.append(text[:80])
    return missing


def test_every_builder_control_has_a_label_for_every_kind_of_question(admin):
    token = csrf_token(admin, "/forms/builder/")
    started = admin.post("/forms/builder/start", data={
        "csrf_token": token, "source": "file", "file": "adult-intake.json"})
    draft = started.headers["Location"].rsplit("/", 1)[1]
    assert unlabelled(admin.get(f"/forms/builder/{draft}").get_data(as_text=True)) == []
    for path in ("given_name", "date_of_birth", "preferred_language", "needs_interpreter",
                 "household_members", "income_sources/amount", "address", "income_sources",
                 "needs_requested", "worker_notes"):
        html = admin.get(f"/forms/builder/{draft}?q={path}").get_data(as_text=True)
        assert "Question:" in html, path
        assert unlabelled(html) == [], path
    assert unlabelled(admin.get(f"/forms/builder/{draft}?preview=json").get_data(
        as_text=True)) == []


def test_a_condition_on_a_number_compares_with_the_number_given(admin, app, world):
    draft = start_blank(admin)
    edit(admin, draft, op="add", kind="whole_number", label="Age")
    edit(admin, draft, op="add", kind="yes_no", label="Retired")
    edit(admin, draft, op="condition", path="retired",
         when=[json.dumps(["age", None, "at_least"]), ""], negate=["0", "0"],
         number=["60", ""], join="and")
    rule = document(app, world, draft)["schema"]["allOf"][0]
    assert rule["if"] == {"properties": {"age": {"minimum": 60}}, "required": ["age"]}
    page = admin.get(f"/forms/builder/{draft}?q=retired").get_data(as_text=True)
    assert "Shown when Age is at least 60" in page and 'value="60"' in page
    refused = edit(admin, draft, op="condition", path="retired",
                   when=[json.dumps(["age", None, "at_most"])], negate=["0"], number=[""])
    assert refused.status_code == 422


def test_an_advanced_block_is_shown_and_changed_as_json(admin, app, world):
    token = csrf_token(admin, "/forms/builder/")
    started = admin.post("/forms/builder/start", data={
        "csrf_token": token, "source": "file", "file": "phq-9.json"})
    draft = started.headers["Location"].rsplit("/", 1)[1]
    page = admin.get(f"/forms/builder/{draft}?block=/schema/$defs").get_data(as_text=True)
    assert 'id="adv-json"' in page and "Not at all" in page
    scale = document(app, world, draft)["schema"]["$defs"]
    scale["frequency"]["oneOf"][0]["title"] = "Never"
    edit(admin, draft, op="json", pointer="/schema/$defs", value=json.dumps(scale))
    item = admin.get(f"/forms/builder/{draft}?q=phq_1").get_data(as_text=True)
    assert "Never" in item and "shared answer scale" in item


def test_a_condition_inside_a_repeat_group_is_set_on_its_page_and_filled(admin, app, world):
    draft = start_blank(admin, "Household", "intake")
    edit(admin, draft, op="add", kind="repeat", label="Members")
    edit(admin, draft, op="add", kind="single_choice", label="Relationship", path="members")
    edit(admin, draft, op="choices", path="members/relationship", code=["", ""],
         choice=["Child", "Partner"])
    edit(admin, draft, op="add", kind="short_text", label="School", path="members")
    panel = admin.get(f"/forms/builder/{draft}?q=members/school").get_data(as_text=True)
    assert "Relationship — Child" in panel and "Members — " not in panel  # its siblings only
    edit(admin, draft, op="condition", path="members/school",
         when=[json.dumps(["relationship", "child"])], negate=["0"])
    page = admin.get(f"/forms/builder/{draft}").get_data(as_text=True)
    assert "Shown when Relationship is Child" in page
    publish(admin, draft)
    fill = admin.get("/forms/household/fill").get_data(as_text=True)
    assert "Add another" in fill


def test_a_wizards_preview_shows_every_page(admin):
    token = csrf_token(admin, "/forms/builder/")
    started = admin.post("/forms/builder/start", data={
        "csrf_token": token, "source": "file", "file": "adult-intake.json"})
    draft = started.headers["Location"].rsplit("/", 1)[1]
    page = admin.get(f"/forms/builder/{draft}").get_data(as_text=True)
    preview = page[page.index('id="preview"'):]
    assert "pages are shown one after another" in page
    assert 'name="given_name"' in preview and 'name="needs_requested"' in preview


def test_a_hand_written_dependent_schema_is_shown_in_words_beside_its_json(admin, app, world):
    draft = start_blank(admin, "Everything", "intake")
    root = Path(__file__).parents[2]
    document_json = json.loads(
        (root / "tests/renderer/schemas/intake-everything.json").read_text())
    edit(admin, draft, htmx=False, op="json", pointer="", value=json.dumps(document_json))
    page = admin.get(f"/forms/builder/{draft}").get_data(as_text=True)
    assert "<code>/schema/dependentSchemas</code> <span class=\"b-cond\">Shows “May we text " \
           "this number?” when Phone is answered.</span>" in page
    assert document(app, world, draft) == document_json  # kept exactly as written


def test_the_shipped_instruments_kinds_are_said_in_the_readers_language(admin):
    page = admin.get("/forms/builder/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert '<span class="meta">Evaluación</span>' in page
    assert '<span class="meta">Admisión</span>' in page
    assert '<span class="meta">Assessment</span>' not in page
