"""A group nothing in a render touches (no answer, no error, nothing but plain sections inside)
is drawn from one kept string: the blank page of a long form costs a look-up per section. The
kept string is the page drawn question by question, whatever was drawn before it, and
everything that changes a page — the URL it posts to, live or not, an answer, an error, the
language — gives the page drawn for it."""

from __future__ import annotations

import re

from rendering_samples import HOSTILE, definitions, sample_data

from carebridge.renderer.compile import compile_definition, compiled_for
from carebridge.renderer.state import FormState

ACTIONS = ("/forms/x/fill?a=<&>", "/kiosk/t1/fill?lang=en")


def drawn(root_fields, form, data, *, planned=True, errors=None, **kwargs) -> list[str]:
    """Every page of ``form`` with ``data``, from plans or (``planned=False``) one by one."""
    st = FormState.from_data(form, data, **kwargs)
    st.planned = planned
    st.errors = errors or {}
    pages = []
    for page in range(max(len(form.pages), 1)):
        st.page = page
        pages.append(str(root_fields(form, st)))
    return pages


def test_a_blank_page_drawn_again_from_what_was_kept_is_the_page_drawn_one_by_one(
        root_fields):
    checked = 0
    for document in definitions():
        form = compile_definition(document)
        data = sample_data(form.root)
        data = data if isinstance(data, dict) else {}
        # Blank twice for each URL and way of drawing, with answers and errors in between.
        for live in (True, False):
            for action in ACTIONS + ACTIONS:
                expected = drawn(root_fields, form, {}, planned=False, action=action, live=live)
                assert drawn(root_fields, form, {}, action=action, live=live) == expected
                answered = drawn(root_fields, form, data, action=action, live=live)
                assert answered == drawn(root_fields, form, data, planned=False,
                                         action=action, live=live), document["id"]
                with_errors = drawn(root_fields, form, {}, action=action, live=live,
                                    errors={c.key: [HOSTILE] for c in form.root.children})
                assert with_errors != expected or not form.root.children
                assert drawn(root_fields, form, {}, action=action, live=live) == expected
                checked += 1
    assert checked >= 4 * 25  # every shipped and test definition


def test_an_answer_in_one_section_redraws_that_section_and_keeps_the_others(
        root_fields, long_form):
    form = compile_definition(long_form.definition(146 * 2))
    blank = drawn(root_fields, form, {}, action="/f")[0]
    one = {"section1": {"s1_q0": "1. Rarely", "s1_q4": f"a {HOSTILE}"}}
    answered = drawn(root_fields, form, one, action="/f")[0]
    assert answered == drawn(root_fields, form, one, action="/f", planned=False)[0]
    assert answered != blank and "a &lt;b&gt;" in answered
    # Before and after the answered section, the page is the blank page's.
    start = answered.index('id="g-section1"')
    end = answered.index('id="g-section2"')
    assert answered[:start] == blank[:start]
    assert answered[end:] == blank[blank.index('id="g-section2"'):]
    assert drawn(root_fields, form, {}, action="/f")[0] == blank


def test_a_condition_shown_by_an_answer_is_drawn_and_goes_again_without_it(
        root_fields, long_form):
    form = compile_definition(long_form.definition(146))
    shown = drawn(root_fields, form, {"section0": {"s0_screen": "Yes"}}, action="/f")[0]
    assert 'name="section0.s0_follow"' in shown
    blank = drawn(root_fields, form, {}, action="/f")[0]
    assert 'name="section0.s0_follow"' not in blank
    assert blank == drawn(root_fields, form, {}, action="/f", planned=False)[0]


def test_each_language_draws_its_own_blank_page(app, root_fields, long_form):
    document = long_form.definition(146)
    pages = {}
    for language in ("en", "es", "en", "es"):
        with app.test_request_context("/", headers={"Accept-Language": language}):
            form = compiled_for("kept-by-language", document)
            page = drawn(root_fields, form, {}, action="/f")[0]
            assert page == drawn(root_fields, form, {}, action="/f", planned=False)[0]
            pages.setdefault(language, page)
            assert pages[language] == page
    assert "(obligatoria)" in pages["es"] and "(obligatoria)" not in pages["en"]


def test_a_blank_pages_work_grows_with_its_sections_not_its_questions(long_form, monkeypatch):
    def work(per_section: int) -> int:
        monkeypatch.setattr(long_form, "PER_SECTION", per_section)
        document = long_form.definition(per_section * 2)
        document["id"] = f"two-sections-of-{per_section}"
        paths = long_form.Paths(document)
        paths.fill()  # compiled and planned, as in a request after the first
        return long_form.lines_run(paths.fill)

    assert work(730) < 1.2 * work(73)


def test_a_kept_page_escapes_what_the_definition_says(root_fields):
    section = {"type": "object", "title": f"Section {HOSTILE}", "description": HOSTILE,
               "properties": {"q": {"type": "string", "title": f"Question {HOSTILE}"},
                              "c": {"title": HOSTILE, "enum": [HOSTILE, "b"]}}}
    document = {"id": "hostile-sections", "title": "Hostile", "kind": "assessment",
                "schema": {"type": "object", "properties": {"one": section, "two": section}}}
    form = compile_definition(document)
    for _ in range(2):  # drawn, then from what was kept
        page = drawn(root_fields, form, {}, action=f"/f?{HOSTILE}")[0]
        assert "<b>" not in page and "&lt;fieldset" not in page
        assert page.count("&lt;b&gt;") >= 2 * 6
        assert page == drawn(root_fields, form, {}, action=f"/f?{HOSTILE}", planned=False)[0]


def test_fill_pages_share_the_kept_fields_and_carry_their_own_submission_keys(
        auth, world, published):
    auth.login(world.email("alpha", "intake"))
    pages = [auth.client.get("/forms/intake-everything/fill").get_data(as_text=True)
             for _ in range(2)]
    keys = [re.search(r'name="_key"[^>]*value="([^"]+)"', page).group(1) for page in pages]
    assert keys[0] != keys[1]  # a key per render, outside what is kept
    fields = [page[page.index('id="g-root"'):page.index("</form>", page.index('id="g-root"'))]
              for page in pages]
    assert fields[0] == fields[1] and 'hx-post="/forms/intake-everything/fill"' in fields[0]
