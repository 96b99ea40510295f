"""Each htmx edit answers with only what it changed: the edited question's card (or the cards
an addition, a move, a copy or a deletion touched), the panel, the undo bar and the status,
with the preview fetched on its own. The page htmx makes of those answers is the page the
plain POST → redirect path draws, edit after edit, on the largest shipped instrument."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import pytest

from tests.builder import htmx_page
from tests.builder.htmx_page import Node
from tests.conftest import csrf_token

HTMX = {"HX-Request": "true"}
pytestmark = pytest.mark.postgres
CARD = re.compile(r'<li\b[^>]*\bid="(q-[^"]+)"')
#: An edit's answer is at most this share of the whole page it changes (bytes, not time).
SMALL = 0.2


@pytest.fixture
def admin(auth, world):
    auth.login(world.email("alpha", "admin"))
    return auth.client


def start_from_file(client, name: str) -> str:
    token = csrf_token(client, "/forms/builder/")
    started = client.post("/forms/builder/start", data={
        "csrf_token": token, "source": "file", "file": name})
    assert started.status_code == 303
    return started.headers["Location"].rsplit("/", 1)[1]


def normalised(html: str, draft: str) -> str:
    return html.replace(draft, "DRAFT")


@dataclass
class Twins:
    """The same shipped form opened twice: one draft edited as htmx does (``page`` holds what
    the browser would show), the other by plain posts and redirects (``plain``: the last
    page drawn)."""

    client: object
    htmx_draft: str
    plain_draft: str
    page: Node
    plain: str
    full_size: int = 0

    def choose(self, path: str) -> None:
        """Choose a question in both (a link: the whole builder comes back for htmx)."""
        answer = self.client.get(f"/forms/builder/{self.htmx_draft}?q={path}", headers=HTMX)
        htmx_page.apply_answer(self.page, normalised(answer.get_data(as_text=True),
                                                     self.htmx_draft), answer.headers)
        self.plain = self.client.get(f"/forms/builder/{self.plain_draft}?q={path}").get_data(
            as_text=True)

    def edit(self, **fields) -> str:
        """Make the same edit in both; return the htmx answer."""
        state = htmx_page.inputs(htmx_page.by_id(self.page, "b-state"))
        token = next(n.attrs["value"] for n in htmx_page.walk(self.page)
                     if n.attrs.get("name") == "csrf_token")
        data = {"csrf_token": token, "preview": "wide", **fields}
        answer = self.client.post(f"/forms/builder/{self.htmx_draft}/edit",
                                  data={**data, **state}, headers=HTMX)
        assert answer.status_code == 200, answer.get_data(as_text=True)[:500]
        html = answer.get_data(as_text=True)
        htmx_page.apply_answer(self.page, normalised(html, self.htmx_draft), answer.headers)
        refresh = htmx_page.by_id(self.page, "b-refresh").attrs.get("hx-get")
        if refresh:  # the preview asks for itself again, once
            views = self.client.get(refresh.replace("DRAFT", self.htmx_draft), headers=HTMX)
            htmx_page.swap(htmx_page.by_id(self.page, "b-views"), "innerHTML",
                           htmx_page.parse(normalised(views.get_data(as_text=True),
                                                      self.htmx_draft)).children)
        plain = self.client.post(f"/forms/builder/{self.plain_draft}/edit", data=data)
        assert plain.status_code == 303
        self.plain = self.client.get(plain.headers["Location"]).get_data(as_text=True)
        self.full_size = len(self.plain.encode())
        return html

    def same_page(self) -> bool:
        return drawn(self.page) == drawn(htmx_page.parse(normalised(self.plain,
                                                                    self.plain_draft)))


def drawn(page: Node) -> str:
    """The builder as a person sees and uses it: not the one-time tokens, the hint where focus
    goes next, or the preview's "fetch me again" marker."""
    builder = htmx_page.by_id(page, "builder")
    for node in htmx_page.walk(builder):
        if node.attrs.get("name") == "csrf_token":
            node.attrs["value"] = "TOKEN"
        node.attrs.pop("data-focus", None)
    return htmx_page.drawn(builder, skip=lambda n: n.attrs.get("id") == "b-refresh")


@pytest.fixture
def twins(admin):
    htmx_draft, plain_draft = (start_from_file(admin, "adult-intake.json") for _ in range(2))
    page = admin.get(f"/forms/builder/{htmx_draft}").get_data(as_text=True)
    twins = Twins(admin, htmx_draft, plain_draft, htmx_page.parse(normalised(page, htmx_draft)),
                  admin.get(f"/forms/builder/{plain_draft}").get_data(as_text=True))
    assert twins.same_page()
    return twins


def cards(answer: str) -> set[str]:
    return set(CARD.findall(answer))


def panel_blocks(answer: str) -> set[str]:
    """The parts of the middle column an answer sends: the whole panel, or some of its blocks."""
    return set(re.findall(r'<[a-z]+ hx-swap-oob="true" [^>]*\bid="(b-panel|[ps]-[a-z]+|advanced)"',
                          answer))


def small(twins: Twins, answer: str) -> bool:
    return len(answer.encode()) <= SMALL * twins.full_size


def test_setting_a_property_sends_that_card_and_its_panel(twins):
    twins.choose("given_name")
    answer = twins.edit(op="panel", path="given_name", label="Given name",
                        required_shown="1", required="1")
    assert cards(answer) == {"q-given_name"}
    # Of the panel, only what shows the label and the rules: not the condition's pickers.
    assert panel_blocks(answer) == {"p-head", "p-props", "advanced"}
    assert "Question: Given name" in answer
    assert small(twins, answer) and twins.same_page()


def test_adding_a_question_sends_the_new_card_and_the_one_no_longer_chosen(twins):
    twins.choose("given_name")
    answer = twins.edit(op="add", section="0", kind="short_text", label="Nickname")
    assert cards(answer) == {"q-nickname", "q-given_name"}
    assert panel_blocks(answer) == {"b-panel"}  # another question's panel: all of it
    assert 'hx-swap-oob="afterend:#q-needs_interpreter"' in answer
    assert 'data-focus="f-label"' in answer  # focus goes to the new question's label
    assert small(twins, answer) and twins.same_page()


def test_moving_up_and_down_sends_the_moved_card_or_its_neighbour(twins):
    twins.choose("pronouns")
    for op, neighbour in (("move_up", "q-preferred_name"), ("move_down", "q-preferred_name"),
                          ("move_down", "q-date_of_birth")):
        answer = twins.edit(op=op, path="pronouns")
        assert cards(answer) in ({"q-pronouns"}, {neighbour}), op
        assert 'data-focus="q-pronouns-' in answer
        assert small(twins, answer) and twins.same_page(), op


def test_moving_to_another_section_sends_that_card(twins):
    twins.choose("pronouns")
    answer = twins.edit(op="move_to", path="pronouns", section="2")
    assert cards(answer) == {"q-pronouns"}
    assert 'hx-swap-oob="delete:#q-pronouns"' in answer
    assert 'hx-swap-oob="afterend:#q-household_members"' in answer  # last in "Household"
    assert small(twins, answer) and twins.same_page()


def test_duplicating_sends_the_copy_and_the_original_no_longer_chosen(twins):
    twins.choose("email")
    answer = twins.edit(op="duplicate", path="email")
    assert cards(answer) == {"q-email", "q-email_copy"}
    assert small(twins, answer) and twins.same_page()


def test_deleting_sends_no_card_and_undo_sends_it_back(twins):
    twins.choose("email")
    deleted = twins.edit(op="delete", path="email")
    assert cards(deleted) == set() and 'hx-swap-oob="delete:#q-email"' in deleted
    assert 'data-focus="undo"' in deleted and "Deleted “Email”." in deleted
    assert twins.same_page()
    undone = twins.edit(op="undo", path="")
    assert cards(undone) == {"q-email"} and "Undone." in undone
    assert small(twins, deleted) and small(twins, undone) and twins.same_page()


def test_a_condition_sends_the_card_that_now_says_when_it_is_shown(twins):
    twins.choose("pronouns")
    answer = twins.edit(op="condition", path="pronouns",
                        when=[json.dumps(["needs_interpreter", True]), ""],
                        negate=["0", "0"], join="and")
    assert cards(answer) == {"q-pronouns"}
    # The condition's rows, and the question's JSON: it now lives in the rule's "then".
    assert panel_blocks(answer) == {"p-condition", "advanced"}
    assert "Shown when Would you like an interpreter? is Yes" in answer
    assert small(twins, answer) and twins.same_page()


def test_a_question_inside_a_repeat_group_sends_only_its_own_card(twins):
    twins.choose("income_sources/source")
    answer = twins.edit(op="panel", path="income_sources/source", label="Where it comes from")
    assert cards(answer) == {"q-income_sources--source"}
    assert small(twins, answer) and twins.same_page()


def test_a_score_row_sends_no_card_only_the_settings(twins):
    twins.edit(op="add", section="4", kind="whole_number", label="Visits this year")
    twins.choose("")
    answer = twins.edit(op="score", name="visits", label="Visits", method="sum",
                        items=["/visits_this_year"], band_min=["0", ""],
                        band_max=["100", ""], band_label=["Any", ""])
    assert cards(answer) == set() and "s-scores" in panel_blocks(answer)
    assert "Score saved." in answer
    assert small(twins, answer) and twins.same_page()


def test_a_refused_edit_changes_nothing_on_the_page_but_says_why(twins):
    twins.choose("given_name")
    state = htmx_page.inputs(htmx_page.by_id(twins.page, "b-state"))
    token = csrf_token(twins.client, f"/forms/builder/{twins.htmx_draft}")
    answer = twins.client.post(f"/forms/builder/{twins.htmx_draft}/edit", headers=HTMX, data={
        "csrf_token": token, "op": "panel", "path": "given_name", "label": " ", **state})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 422 and "A question needs a label." in html
    # What the admin typed stays in the panel: neither it nor any card is drawn again.
    assert cards(html) == set() and panel_blocks(html) == set()
    assert 'hx-get=' not in html  # nothing changed, so the preview is not fetched again


def test_a_page_showing_another_version_gets_the_whole_builder(twins):
    twins.choose("given_name")
    state = htmx_page.inputs(htmx_page.by_id(twins.page, "b-state"))
    token = csrf_token(twins.client, f"/forms/builder/{twins.htmx_draft}")
    answer = twins.client.post(f"/forms/builder/{twins.htmx_draft}/edit", headers=HTMX, data={
        "csrf_token": token, "op": "panel", "path": "given_name", "label": "Given name",
        **state, "rev": "an older version"})
    html = answer.get_data(as_text=True)
    assert html.startswith('<div id="builder"') and "HX-Retarget" not in answer.headers


def test_a_new_section_redraws_the_whole_builder(twins):
    answer = twins.edit(op="section_add", title="Follow-up")
    assert answer.lstrip().startswith('<div id="builder"')
    assert twins.same_page()
