"""The form editor shows which of a definition's texts lack a translation, per language."""

from __future__ import annotations

import re


def test_the_editor_lists_the_texts_a_spanish_reader_would_see_in_english(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    page = client.get("/forms/editor?start=ahc-hrsn.json").get_data(as_text=True)
    gap = re.search(r"Español: (\d+) texts lack a translation", page)
    assert gap and int(gap.group(1)) > 0
    # The AHC questions themselves: CMS's Spanish wording is not shipped yet.
    assert "/schema/properties/living_situation/title" in page


def test_a_fully_translated_definition_shows_no_gap(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    page = client.get("/forms/editor?start=phq-9.json").get_data(as_text=True)
    assert "lack a translation" not in page and "lacks a translation" not in page
