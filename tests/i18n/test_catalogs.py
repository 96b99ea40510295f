"""The catalogs are complete: every marked text has a translation, none fuzzy, placeholders kept."""

from __future__ import annotations

import pytest

from tests.i18n import catalogs

TRANSLATED = [code for code in catalogs.languages() if code != catalogs.SOURCE_LANGUAGE]


@pytest.fixture(scope="module")
def marked(tmp_path_factory):
    return catalogs.extracted(tmp_path_factory.mktemp("pot"))


def _key(message):
    return message.id[0] if isinstance(message.id, tuple) else message.id


def test_english_and_spanish_are_offered():
    assert {"en", "es"} <= set(catalogs.languages())


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_text_has_a_translation(marked, language):
    catalog = catalogs.catalog(language)
    lacking = []
    for message in marked:
        if not message.id:
            continue
        found = catalog.get(message.id)
        strings = found.string if found is not None else None
        complete = all(strings) if isinstance(strings, tuple | list) else bool(strings)
        if found is None or not complete:
            locations = sorted({path for path, _line in message.locations})
            lacking.append(f"{_key(message)!r} ({', '.join(locations)})")
    assert not lacking, (
        f"{len(lacking)} texts lack a {language} translation; run `make i18n-update`, "
        "translate them in the .po file, then `make i18n-compile`:\n" + "\n".join(lacking))


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_is_fuzzy(language):
    fuzzy = [_key(m) for m in catalogs.catalog(language) if m.id and m.fuzzy]
    assert fuzzy == [], "review these and remove their '#, fuzzy' line"


@pytest.mark.parametrize("language", catalogs.languages())
def test_every_translation_keeps_its_placeholders(language):
    problems = [(_key(message), [str(e) for e in errors])
                for message, errors in catalogs.catalog(language).check() if errors]
    assert problems == []


def test_a_text_missing_from_the_catalog_is_reported(marked):
    catalog = catalogs.catalog("es")
    assert catalog.get("Skip to content") is not None
    assert catalog.get("A sentence nobody has marked yet") is None
    assert any(m.id == "Skip to content" for m in marked)
