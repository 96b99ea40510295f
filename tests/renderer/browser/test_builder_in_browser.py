"""The form builder in Chromium: an admin builds an assessment without typing JSON and
publishes it; an intake worker fills it; the stored answers, score and need are the right ones.
(Beside the renderer's browser tests, so one Chromium and one live server serve them all.)"""

from __future__ import annotations

import os
import re

import pytest
from sqlalchemy import select

from carebridge.assessments.needs import indicated_needs
from carebridge.assessments.scoring import score
from carebridge.forms.models import Submission
from carebridge.unit_of_work import unit_of_work
from tests.conftest import ROOT
from tests.renderer.browser.conftest import (
    WORKER,
    csp_violations,
    log_in,
    serious_violations,
)

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402

SLUG = "smoking-and-mood-check"


def screenshot(page, name: str) -> None:
    if os.environ.get("CAREBRIDGE_SCREENSHOTS"):
        folder = ROOT / "docs" / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(folder / name), full_page=True)


def send(page, control, action: str = "click") -> None:
    """Click (or press Enter in) a builder control and wait for htmx to swap its answer in
    (and the preview it asks for after it)."""
    with page.expect_response(re.compile(r"/edit$")):
        control.click() if action == "click" else control.press("Enter")
    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)


def add_question(page, kind: str, label: str, section: int) -> None:
    page.locator(f"#add-kind-{section}").select_option(kind)
    page.locator(f"#add-label-{section}").fill(label)
    send(page, page.locator(f"#add-label-{section}"), "press")
    expect(page.locator("#f-label")).to_have_value(label)
    expect(page.locator("#f-label")).to_be_focused()  # focus follows the change


def add_to_household(page, kind: str, label: str) -> None:
    group = page.locator("#q-household_members")
    group.get_by_label("Add to “Household members” a question of type").select_option(kind)
    group.locator("#q-household_members-add-label").fill(label)
    send(page, group.get_by_role("button", name="Add to group"))
    expect(page.locator("#f-label")).to_have_value(label)


def require(page) -> None:
    page.get_by_label("An answer is required").check()
    send(page, page.get_by_role("button", name="Save question"))
    expect(page.get_by_role("status")).to_contain_text("Saved.")


def build(admin) -> None:
    admin.goto("/forms/builder/")
    assert serious_violations(admin) == []
    admin.get_by_label("Title").fill("Smoking and mood check")
    admin.get_by_label("Kind").select_option("assessment")
    admin.get_by_role("button", name="Start").click()
    admin.wait_for_url(re.compile(r"/forms/builder/[0-9a-f]{32}$"))

    admin.get_by_label("New section heading").fill("About you")
    send(admin, admin.get_by_role("button", name="Add section"))
    expect(admin.get_by_role("heading", name="About you", level=3)).to_be_visible()
    add_question(admin, "single_choice", "Do you smoke?", 0)
    require(admin)
    add_question(admin, "whole_number", "Packs per day", 0)
    admin.locator("#f-condition").select_option(label="Do you smoke? — Yes")
    send(admin, admin.get_by_role("button", name="Save condition"))
    expect(admin.locator("#q-packs_per_day")).to_contain_text("Shown when Do you smoke? is Yes")
    # The answer held the changed card and panel; the preview then fetched itself again.
    expect(admin.locator("#preview")).to_contain_text("Packs per day")
    # A copy, deleted again: focus goes to the copy's label, then to the undo button.
    send(admin, admin.get_by_role("button", name="Copy “Packs per day”"))
    expect(admin.locator("#f-label")).to_have_value("Packs per day (copy)")
    expect(admin.locator("#f-label")).to_be_focused()
    send(admin, admin.get_by_role("button", name="Delete “Packs per day (copy)”"))
    expect(admin.get_by_role("status")).to_contain_text("Deleted “Packs per day (copy)”.")
    expect(admin.locator("#undo")).to_be_focused()
    expect(admin.locator("#q-packs_per_day_copy")).to_have_count(0)
    send(admin, admin.get_by_role("button", name="Undo the last change"))
    expect(admin.locator("#q-packs_per_day_copy")).to_have_count(1)
    send(admin, admin.get_by_role("button", name="Delete “Packs per day (copy)”"))
    admin.locator("#q-packs_per_day-edit").click()
    expect(admin.locator("#panel-title")).to_be_focused()
    assert serious_violations(admin) == []  # with a question's panel open
    screenshot(admin, "builder-question.png")

    add_question(admin, "repeat", "Household members", 0)
    add_to_household(admin, "short_text", "Name")
    add_to_household(admin, "single_choice", "Relationship")
    admin.locator("#c-1").fill("Child")
    admin.locator("#c-2").fill("Partner")
    admin.locator("#cc-1").fill("")
    admin.locator("#cc-2").fill("")
    send(admin, admin.get_by_role("button", name="Save choices"))
    add_to_household(admin, "short_text", "School")
    admin.locator("#f-condition").select_option(label="Relationship — Child")
    send(admin, admin.get_by_role("button", name="Save condition"))
    expect(admin.locator("#q-household_members--school")).to_contain_text(
        "Shown when Relationship is Child")

    # The keyboard way to reorder: the up button, and focus stays on it.
    send(admin, admin.get_by_role("button", name="Move “Household members” up"))
    expect(admin.get_by_role("status")).to_contain_text("Moved.")
    expect(admin.locator("#q-household_members-up")).to_be_focused()
    names = admin.locator("#section-0 > .b-list > li").evaluate_all(
        "items => items.map(i => i.dataset.name)")
    assert names == ["do_you_smoke", "household_members", "packs_per_day"]
    # Drag and drop does the same with a mouse or a finger (both cards on screen).
    admin.locator("#q-do_you_smoke").evaluate("card => card.scrollIntoView({block: 'start'})")
    with admin.expect_response(re.compile(r"/edit$")):
        target = admin.locator("#q-do_you_smoke > .b-card")
        height = target.bounding_box()["height"]
        admin.locator("#q-packs_per_day-handle").drag_to(
            target, target_position={"x": 20, "y": height - 4})
    expect(admin.get_by_role("status")).to_contain_text("Moved.")
    names = admin.locator("#section-0 > .b-list > li").evaluate_all(
        "items => items.map(i => i.dataset.name)")
    assert names == ["do_you_smoke", "packs_per_day", "household_members"]

    admin.get_by_label("New section heading").fill("Mood")
    send(admin, admin.get_by_role("button", name="Add section"))
    expect(admin.get_by_role("heading", name="Mood", level=3)).to_be_visible()
    add_question(admin, "scored_choice", "Little interest or pleasure in doing things", 1)
    require(admin)
    add_question(admin, "scored_choice", "Feeling down, depressed, or hopeless", 1)
    require(admin)

    admin.get_by_role("link", name="Back to the form's settings, scoring and needs").click()
    score_form = admin.locator("details", has_text="Add a score")
    score_form.get_by_label("Name (stored with the results)").fill("phq_2")
    score_form.get_by_label("Label", exact=True).fill("PHQ-2")
    score_form.get_by_label("Little interest or pleasure in doing things").check()
    score_form.get_by_label("Feeling down, depressed, or hopeless").check()
    score_form.get_by_label("Band 1 from").fill("0")
    score_form.get_by_label("Band 1 to").fill("2")
    score_form.get_by_label("Band 1 label").fill("Negative screen")
    send(admin, score_form.get_by_role("button", name="Save score"))
    expect(admin.get_by_role("status")).to_contain_text("Score saved.")
    phq2 = admin.locator("details", has=admin.get_by_text("PHQ-2", exact=True))
    phq2.locator("summary").click()
    phq2.get_by_label("Band 2 from").fill("3")
    phq2.get_by_label("Band 2 to").fill("6")
    phq2.get_by_label("Band 2 label").fill("Positive screen")
    send(admin, phq2.get_by_role("button", name="Save score"))
    expect(admin.get_by_role("status")).to_contain_text("Score saved.")

    admin.get_by_role("link", name="Add a need rule").click()
    need = admin.locator("#need-editor")
    expect(admin.locator("#nd-need-new")).to_be_focused()
    need.get_by_label("Need", exact=True).select_option("mental_health")
    need.get_by_label("Label the worker sees").fill("Possible depression")
    need.get_by_label("Condition 1").select_option(label="Score PHQ-2 is at least…")
    need.get_by_label("Score at least").first.fill("3")
    send(admin, need.get_by_role("button", name="Save need rule"))
    expect(admin.get_by_role("status")).to_contain_text("Need rule saved.")
    expect(admin.locator("#need-0")).to_contain_text(
        "Possible depression — when the score PHQ-2 is at least 3")
    expect(admin.locator("#preview-problems")).not_to_contain_text("problem")


def test_an_admin_builds_publishes_and_a_worker_fills_a_scored_form(admin, browser, live):
    build(admin)
    assert serious_violations(admin) == []
    screenshot(admin, "builder.png")
    admin.get_by_role("link", name="Phone width").click()
    expect(admin.locator(".b-preview.phone")).to_be_visible()
    screenshot(admin, "builder-phone-preview.png")
    width = admin.evaluate("document.documentElement.scrollWidth")
    assert width <= 768, "nothing overflows a tablet's width"

    admin.get_by_role("link", name="Review and publish").click()
    expect(admin.get_by_role("heading", name="A new form: it will be version 1")).to_be_visible()
    assert serious_violations(admin) == []
    admin.get_by_role("button", name="Publish as a new version").click()
    admin.wait_for_url(re.compile(rf"/forms/{SLUG}/fill"))

    context = browser.new_context(viewport={"width": 768, "height": 1024}, base_url=live.url)
    context.set_default_timeout(10_000)
    worker = context.new_page()
    refused = csp_violations(worker)
    try:
        log_in(worker, WORKER)
        worker.goto(f"/forms/{SLUG}/fill")
        expect(worker.get_by_label("Packs per day")).to_have_count(0)
        worker.get_by_role("group", name="Do you smoke?").get_by_label("Yes").check()
        worker.get_by_label("Packs per day").fill("1")
        worker.get_by_role("button", name="Add another").click()
        member = worker.locator("#g-household_members-0")  # (its legend changes on refresh)
        member.get_by_label("Name").fill("Kim")
        expect(member.get_by_label("School")).to_have_count(0)
        member.get_by_label("Child").check()
        member.get_by_label("School").fill("Lincoln Elementary")
        for question in ("Little interest or pleasure in doing things",
                         "Feeling down, depressed, or hopeless"):
            worker.get_by_role("group", name=question).get_by_label(
                "More than half the days").check()
        worker.get_by_role("button", name="Submit").click()
        worker.wait_for_url(re.compile(r"/done/"))
        submission_id = worker.url.rsplit("/", 1)[1]
    finally:
        context.close()
    assert refused == [], "the Content-Security-Policy refused something the form needs"

    with unit_of_work(live.app, live.agency_id) as session:
        submission = session.scalar(select(Submission).where(Submission.id == submission_id))
        data, document = submission.data, submission.form_version.document
        stored_scores = submission.scores
    assert data == {"do_you_smoke": "yes", "packs_per_day": 1,
                    "household_members": [{"name": "Kim", "relationship": "child",
                                           "school": "Lincoln Elementary"}],
                    "little_interest_or_pleasure_in_doing_thi": 2,  # names stop at 40
                    "feeling_down_depressed_or_hopeless": 2}
    result = score(document, data).as_json()
    assert result["scores"] == [{"name": "phq_2", "label": "PHQ-2", "value": 4,
                                 "band": "Positive screen"}]
    assert stored_scores == result["scores"]  # scored when it was submitted
    assert [n.code for n in indicated_needs(document, data)] == ["mental_health"]
