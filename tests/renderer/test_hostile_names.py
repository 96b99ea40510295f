"""Property names are a definition author's free text: none of them may become markup or script.

A name such as ``k"><img src=x onerror=alert(1)>`` used to reach ``id``, ``for``,
``aria-describedby`` and ``hx-target`` unescaped (stored XSS on every page drawing the form).
Every page that draws a form is checked here: the fill page, its htmx fragments, the print view,
the editor's preview and the anonymous kiosk.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from carebridge.renderer.state import field_id, group_id, id_text
from tests.conftest import csrf_token

IMG = 'k"><img src=x onerror=alert(1)>'
SVG = "k'><svg onload=alert(2)>"
SCRIPT = "l</script><script>alert(3)</script>"
ATTR = 'b" onmouseover="alert(4)'
BRACE = "o}{']\"#x:not(*)"

HOSTILE = {
    "id": "hostile-names",
    "title": "Hostile names",
    "kind": "intake",
    "schema": {
        "type": "object",
        "required": [IMG],
        "properties": {
            IMG: {"type": "string"},
            SVG: {"type": "string", "enum": ["yes", "no"]},
            ATTR: {"type": "boolean"},
            BRACE: {"type": "string", "enum": [f"c{i}" for i in range(12)]},
            "many" + IMG: {"type": "array", "uniqueItems": True,
                           "items": {"enum": ["a", "b", "c"]}},
            "nested" + IMG: {
                "type": "object",
                "properties": {IMG: {"type": "integer"}, SVG: {"type": "string"}},
                "dependentRequired": {IMG: [SVG]},
            },
            SCRIPT: {"type": "array", "items": {
                "type": "object", "properties": {IMG: {"type": "string"}}}},
            "either" + SVG: {"oneOf": [
                {"type": "object", "properties": {IMG: {"type": "string"}}},
                {"type": "object", "properties": {SVG: {"type": "number"}}},
            ]},
        },
        "dependentRequired": {SVG: [IMG]},
    },
}

SAFE_ID = re.compile(r"[A-Za-z0-9_-]+\Z")


class Markup(HTMLParser):
    """Every tag and attribute of a page, as a browser's parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def assert_inert(html: str) -> None:
    parser = Markup()
    parser.feed(html)
    assert parser.tags, "nothing was drawn"
    for tag, attrs in parser.tags:
        assert tag not in ("img", "svg"), (tag, attrs)
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        if tag == "script":
            assert "src" in attrs, attrs  # only the page's own scripts
        for name in ("id", "for", "list"):
            if attrs.get(name) is not None:
                assert SAFE_ID.match(attrs[name]), (name, attrs[name])
        for token in (attrs.get("aria-describedby") or "").split():
            assert SAFE_ID.match(token), token
        target = attrs.get("hx-target")
        if target and target != "this":
            assert target.startswith("#") and SAFE_ID.match(target[1:]), target


def test_ids_are_a_safe_and_distinct_encoding_of_the_name():
    assert field_id("address.zip") == "f-address-zip"
    assert group_id("") == "g-root"
    names = [IMG, SVG, SCRIPT, ATTR, BRACE, "a-b", "a.b", "a_b", "a_2d_b", "é", "e", "0.x", "",
             "a..b", "a.-b", "a-.b"]
    ids = [id_text(n) for n in names]
    assert len(set(ids)) == len(ids)
    assert all(SAFE_ID.match(i) for i in ids)


@pytest.fixture
def hostile(app, world):
    from carebridge.forms import service
    from carebridge.tenancy import set_tenant
    from carebridge.unit_of_work import unit_of_work

    with unit_of_work(app, world.agencies["alpha"]) as session, app.app_context():
        set_tenant(session, world.agencies["alpha"])
        service.publish(session, HOSTILE, user_id=world.users[("alpha", "admin")])
    return HOSTILE["id"]


@pytest.fixture
def admin(auth, world):
    auth.login(world.email("alpha", "admin"))
    return auth.client


def hidden_fields(html: str) -> dict:
    fields = {}
    for name in ("csrf_token", "_key", "_version", "_page", "_draft", "_shown"):
        match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html)
        fields[name] = match.group(1) if match else ""
    return fields


def test_the_fill_page_and_its_fragments_draw_hostile_names_as_text(admin, hostile):
    page = admin.get(f"/forms/{hostile}/fill")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert_inert(html)
    assert "k&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in html  # the label, as text
    fields = hidden_fields(html)
    htmx = {"HX-Request": "true"}
    url = f"/forms/{hostile}/fill"
    for action in (f"add:{SCRIPT}", f"branch:either{SVG}", f"check:{IMG}", f"refresh:nested{IMG}",
                   "refresh:", "next"):
        response = admin.post(url, headers=htmx, data={
            **fields, "_action": action, SVG: "yes", f"{SCRIPT}.__items": "0",
        })
        assert response.status_code in (200, 422), action
        assert_inert(response.get_data(as_text=True))
    # Without JavaScript: the whole page again, with the problems listed at the top.
    failed = admin.post(url, data={**fields, "_action": "submit", SVG: "yes"})
    assert failed.status_code == 422
    assert_inert(failed.get_data(as_text=True))


def test_the_print_view_draws_hostile_names_as_text(admin, hostile):
    fields = hidden_fields(admin.get(f"/forms/{hostile}/fill").get_data(as_text=True))
    done = admin.post(f"/forms/{hostile}/fill", data={
        **fields, "_action": "submit", IMG: "answer", SVG: "yes", ATTR: "true",
        f"nested{IMG}.{IMG}": "3", f"nested{IMG}.{SVG}": "x",
    })
    assert done.status_code == 303, done.get_data(as_text=True)[:2000]
    submission_id = done.headers["Location"].rsplit("/", 1)[1]
    for url in (f"/forms/{hostile}/submissions/{submission_id}/print",
                f"/forms/submissions/{submission_id}"):
        printed = admin.get(url)
        assert printed.status_code == 200, url
        html = printed.get_data(as_text=True)
        assert_inert(html)
        assert "answer" in html


def test_the_editor_preview_draws_hostile_names_as_text(admin):
    token = csrf_token(admin, "/forms/editor")
    for headers in ({"HX-Request": "true"}, {}):
        preview = admin.post("/forms/editor/preview", headers=headers,
                             data={"csrf_token": token, "document": json.dumps(HOSTILE)})
        assert preview.status_code == 200
        assert_inert(preview.get_data(as_text=True))


def test_the_anonymous_kiosk_draws_hostile_names_as_text(admin, client, hostile, app, world):
    from sqlalchemy import select

    from carebridge.forms.models import FormDefinition
    from carebridge.renderer import kiosk
    from carebridge.tenancy import set_tenant
    from carebridge.unit_of_work import unit_of_work

    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        definition = session.scalar(select(FormDefinition).where(FormDefinition.slug == hostile))
        token = kiosk.create_kiosk_link(session, definition, user_id=None).token
    assert_inert(client.get(f"/kiosk/{token}").get_data(as_text=True))  # the language screen
    html = client.get(f"/kiosk/{token}?lang=en").get_data(as_text=True)
    assert_inert(html)
    response = client.post(f"/kiosk/{token}", headers={"HX-Request": "true"}, data={
        **hidden_fields(html), "_action": f"add:{SCRIPT}"})
    assert response.status_code == 200
    assert_inert(response.get_data(as_text=True))
