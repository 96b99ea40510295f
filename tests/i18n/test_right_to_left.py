"""A right-to-left pseudo-locale: every interface text swapped for a marked copy, pages in RTL.

The pseudo-locale ("ar", which CLDR writes right to left) translates each extracted message to
``⟦message⟧``. A page rendered in it shows which texts went through the catalog (marked) and
which did not (plain English in the interface's own elements), and that ``dir`` follows the
language.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa
from babel.messages.mofile import write_mo

from carebridge.db import database
from carebridge.directory import index
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import ROLES, test_app
from tests.directory.conftest import build_directory
from tests.i18n import catalogs

#: Elements whose text is the interface's own, never data (labels of data are marked too).
CHROME = {"label", "button", "th", "legend", "summary", "dt", "caption"}
PAGES = [("/forms/", "admin"), ("/directory/?q=food&open_now=true", "care_manager"),
         ("/directory/services/counseling", "directory_editor"), ("/directory/list", "intake"),
         ("/directory/edit/suggestions", "directory_editor"),
         ("/directory/edit/new", "directory_editor"), ("/forms/editor", "admin"),
         ("/exports/", "admin"), ("/no-such-page", "admin")]
PSEUDO = {"Accept-Language": "ar"}
#: Where a page shows data, not interface: a language's own name, a drawn form definition.
DATA = ("cb-form", "preview-form")


@pytest.fixture(scope="module")
def pseudo_translations(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pseudo")
    template = catalogs.extracted(folder)
    for message in template:
        if message.id:
            message.string = (tuple(f"⟦{i}⟧" for i in message.id)
                              if isinstance(message.id, tuple) else f"⟦{message.id}⟧")
    target = folder / "ar" / "LC_MESSAGES"
    target.mkdir(parents=True)
    with open(target / "messages.mo", "wb") as handle:
        write_mo(handle, template)
    return folder


@pytest.fixture
def app(database_url, tmp_path, pseudo_translations):
    app = test_app(database_url, tmp_path / "instance", LANGUAGES=["en", "es", "ar"],
                   BABEL_TRANSLATION_DIRECTORIES=f"translations;{pseudo_translations}")
    with unit_of_work(app, ALL_AGENCIES) as session:
        build_directory(session)
        index.rebuild(app, session)
    yield app
    database(app).engine.dispose()


class _Chrome(HTMLParser):
    def __init__(self):
        super().__init__()
        self.open: list[str] = []
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ("input", "br", "meta", "link", "img", "hr"):
            named = dict(attrs)
            # An element in a language of its own is data (a language's own name); the page's
            # <html lang> is not, or nothing on the page would be looked at.
            data = (tag != "html" and "lang" in named) or any(
                c in (named.get("class") or "") for c in DATA)
            self.open.append((tag, data))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if (self.open and self.open[-1][0] in CHROME and data.strip()
                and not any(is_data for _tag, is_data in self.open)):
            self.texts.append((self.open[-1][0], data.strip()))


def unmarked_chrome(page: str, stored: frozenset = frozenset()) -> list[tuple[str, str]]:
    """The interface's own texts not from the catalog; ``stored``: texts that are data (a
    form's title on a button), as ``stored_texts`` finds them."""
    parser = _Chrome()
    parser.feed(page)
    return [(tag, text) for tag, text in parser.texts
            if re.search(r"[A-Za-z]{2,}", text) and "⟦" not in text and "⟧" not in text
            and " ".join(text.split()) not in stored]


def stored_texts(app) -> frozenset:
    """Every text the database holds (JSON documents' strings too) and the shipped form
    definitions' texts: what a page may show as it is (a form's title is the form's own, with
    its own translations)."""
    found: set[str] = set()

    def add(value):
        if isinstance(value, str):
            try:
                parsed = json.loads(value) if value[:1] in "[{" else None
            except ValueError:
                parsed = None
            if parsed is not None:
                add(parsed)
            else:
                found.add(" ".join(value.split()))
        elif isinstance(value, dict):
            for item in value.values():
                add(item)
        elif isinstance(value, list | tuple):
            for item in value:
                add(item)

    for shipped in catalogs.ROOT.glob("form_definitions/**/*.json"):  # the builder's gallery
        add(json.loads(shipped.read_text(encoding="utf-8")))
    engine = database(app).engine
    tables = sa.MetaData()
    tables.reflect(engine)
    with engine.connect() as connection:
        for table in tables.sorted_tables:
            for row in connection.execute(sa.select(table)):
                add(tuple(row))
    return frozenset(found)


def test_a_right_to_left_language_sets_dir_and_lang(client):
    page = client.get("/login", headers={"Accept-Language": "ar"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "<h1>⟦Log in⟧</h1>" in page
    assert '<html lang="es-US" dir="ltr">' in client.get(
        "/login", headers={"Accept-Language": "es"}).get_data(as_text=True)


@pytest.mark.parametrize("path, role", PAGES)
def test_every_page_in_the_pseudo_locale_is_right_to_left_and_fully_marked(
        client, auth, world, path, role):
    auth.login(world.email("alpha", role))
    response = client.get(path, headers={"Accept-Language": "ar"})
    assert response.status_code in (200, 404)
    page = response.get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    assert "⟦" in page
    assert unmarked_chrome(page) == []


def test_a_page_in_its_own_language_is_still_looked_at():
    page = '<html lang="ar"><body><label>Plain words</label><span lang="es">Español</span></body>'
    assert unmarked_chrome(page + "</html>") == [("label", "Plain words")]


@pytest.mark.parametrize("role", ROLES)
def test_every_page_the_navigation_reaches_is_fully_marked(client, auth, world, role):
    auth.login(world.email("alpha", role))
    home = client.get("/", headers=PSEUDO, follow_redirects=True).get_data(as_text=True)
    navigation = re.search(r'<nav aria-label="[^"]*">(.*?)</nav>', home, re.S).group(1)
    links = re.findall(r'href="(/[^"]*)"', navigation)
    assert links
    stored = stored_texts(world.app)
    for link in links:
        response = client.get(link, headers=PSEUDO)
        assert response.status_code == 200, link
        assert unmarked_chrome(response.get_data(as_text=True), stored) == [], link


def test_the_stylesheets_use_logical_properties_so_rtl_mirrors():
    for sheet in catalogs.ROOT.glob("platform/carebridge/static/*.css"):
        text = sheet.read_text()
        physical = re.findall(r"(?:margin|padding|border)-(?:left|right)\b|"
                              r"text-align:\s*(?:left|right)|\b(?:left|right):\s", text)
        assert physical == [], sheet.name
