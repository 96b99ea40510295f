"""Translations: which texts are translatable, language fallbacks, and what publishing refuses."""

import copy
from pathlib import Path

import pytest

from carebridge.errors import InvalidInput
from carebridge.forms.definitions import parse_definition
from carebridge.forms.translations import (
    fallbacks,
    languages,
    localize,
    missing,
    problems,
    texts,
)

CONFIG = {"FORM_DEFINITIONS_DIR": str(Path(__file__).parents[2] / "form_definitions")}

# One of every kind of translatable text, and data that must never be translated beside it.
FORM = {
    "id": "food-check",
    "title": "Food check",
    "kind": "assessment",
    "description": "Two questions.",
    "schema": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object",
        "$defs": {"often": {"title": "How often", "type": "string",
                            "oneOf": [{"const": "often", "title": "Often"},
                                      {"const": "never", "title": "Never"}]}},
        "properties": {
            "ran_out": {"title": "Food ran out", "description": "In the last year.",
                        "$ref": "#/$defs/often"},
            "count": {"title": "People", "type": "integer", "default": 1, "examples": [3]},
            "kind": {"title": "Kind", "enum": ["fresh", "canned"]},
            "zip/code": {"title": "ZIP", "type": "string"},
            "members": {"type": "array", "title": "Members",
                        "items": {"title": "Member", "type": "object",
                                  "properties": {"name": {"title": "Name", "type": "string"}}}},
        },
        "if": {"required": ["count"]},
        "then": {"description": "With people, say how many."},
    },
    "ui": {
        "fields": {"/zip~1code": {"placeholder": "94401", "label": "ZIP code", "help": "Five"},
                   "/members": {"add_label": "Add a member"}},
        "sections": [{"title": "Food", "description": "About food.",
                      "fields": ["ran_out", "count", "kind", "zip/code", "members"]}],
        "submit_label": "Save",
    },
    "scoring": {
        "method": "sum", "label": "Total", "items": ["/count"],
        "bands": [{"min": 0, "max": 100, "label": "Any", "description": "Every score."}],
        "flags": [{"path": "/count", "min": 10, "message": "A big household."}],
    },
    "needs": [{"need": "food", "label": "Food insecurity", "description": "Ran out.",
               "when": {"description": "A condition, never shown.", "required": ["ran_out"],
                        "properties": {"ran_out": {"const": "often", "title": "Not a text"}}}}],
    "source": {"citation": "Carebridge tests."},
}
S = "/schema/properties"


def test_every_kind_of_text_is_found_at_its_pointer():
    assert texts(FORM) == {
        "/title": "Food check",
        "/description": "Two questions.",
        f"{S}/ran_out/title": "Food ran out",
        f"{S}/ran_out/description": "In the last year.",
        f"{S}/count/title": "People",
        f"{S}/kind/title": "Kind",
        f"{S}/zip~1code/title": "ZIP",
        f"{S}/members/title": "Members",
        f"{S}/members/items/title": "Member",
        f"{S}/members/items/properties/name/title": "Name",
        "/schema/$defs/often/title": "How often",
        "/schema/$defs/often/oneOf/0/title": "Often",
        "/schema/$defs/often/oneOf/1/title": "Never",
        "/schema/then/description": "With people, say how many.",
        "/ui/fields/~1zip~01code/label": "ZIP code",
        "/ui/fields/~1zip~01code/help": "Five",
        "/ui/fields/~1zip~01code/placeholder": "94401",
        "/ui/fields/~1members/add_label": "Add a member",
        "/ui/sections/0/title": "Food",
        "/ui/sections/0/description": "About food.",
        "/ui/submit_label": "Save",
        "/scoring/label": "Total",
        "/scoring/bands/0/label": "Any",
        "/scoring/bands/0/description": "Every score.",
        "/scoring/flags/0/message": "A big household.",
        "/needs/0/label": "Food insecurity",
        "/needs/0/description": "Ran out.",
    }


def with_spanish(**extra):
    spanish = {
        "/title": "Control de comida",
        f"{S}/ran_out/title": "Se acabó la comida",
        "/schema/$defs/often/oneOf/0/title": "A menudo",
        "/ui/submit_label": "Guardar",
        "/needs/0/label": "Inseguridad alimentaria",
    }
    return {**FORM, "translations": {"es": spanish, **extra}}


def test_localize_replaces_texts_and_nothing_else():
    form = with_spanish()
    before = copy.deepcopy(form)
    spanish = localize(form, "es")
    assert form == before, "the definition itself is not changed"
    assert spanish["title"] == "Control de comida"
    assert spanish["schema"]["properties"]["ran_out"]["title"] == "Se acabó la comida"
    assert spanish["schema"]["$defs"]["often"]["oneOf"] == [
        {"const": "often", "title": "A menudo"}, {"const": "never", "title": "Never"},
    ]
    assert spanish["ui"]["submit_label"] == "Guardar"
    assert spanish["needs"][0]["label"] == "Inseguridad alimentaria"
    assert spanish["needs"][0]["when"] == FORM["needs"][0]["when"]
    assert "translations" not in spanish
    blanked = {**before}
    blanked.pop("translations")
    assert strip_texts(spanish) == strip_texts(blanked)


def strip_texts(document):
    """The document with every translatable text emptied: what no translation may change."""
    result = copy.deepcopy(document)
    for where in texts(document):
        *parents, last = [p.replace("~1", "/").replace("~0", "~") for p in where.split("/")[1:]]
        node = result
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        node[last] = ""
    return result


def test_an_untranslated_text_falls_back_to_the_original_one_by_one():
    spanish = localize(with_spanish(), "es")
    assert spanish["description"] == "Two questions."
    assert spanish["schema"]["$defs"]["often"]["oneOf"][1]["title"] == "Never"


@pytest.mark.parametrize(
    ("available", "asked", "consulted"),
    [
        (["es"], "es", ("es",)),
        (["es"], "es-MX", ("es",)),
        (["es"], "ES_mx", ("es",)),
        (["es", "es-MX"], "es-MX", ("es-MX", "es")),
        (["es-US"], "es", ("es-US",)),
        (["es-US", "es-MX"], "es-419", ("es-MX", "es-US")),
        (["es", "es-US"], "es-MX", ("es", "es-US")),
        (["zh-Hant"], "zh-Hant-TW", ("zh-Hant",)),
        (["es"], "fr", ()),
        (["es"], "en", ()),
        (["es", "en-GB"], "en-GB", ("en-GB",)),
        (["es"], "en-GB", ()),
        (["es"], "", ()),
        (["es"], None, ()),
        (["es"], "*", ()),
        (["es"], "es;q=0.9", ()),
    ],
)
def test_language_tags_fall_back_from_specific_to_general(available, asked, consulted):
    form = {**FORM, "translations": {tag: {"/title": tag} for tag in available}}
    assert fallbacks(form, asked) == consulted
    assert localize(form, asked)["title"] == (consulted[0] if consulted else "Food check")


def test_a_form_written_in_spanish_is_shown_as_written_to_spanish_readers():
    form = {**FORM, "language": "es", "translations": {"en": {"/title": "Food check (en)"}}}
    assert fallbacks(form, "es-MX") == ()
    assert missing(form, "es-MX") == []
    assert localize(form, "en-US")["title"] == "Food check (en)"
    assert languages(form) == ["es", "en"]


def test_languages_are_the_original_then_the_translations():
    assert languages(FORM) == ["en"]
    assert languages({**FORM, "translations": {"es": {}, "vi": {}}}) == ["en", "es", "vi"]


def test_missing_lists_what_a_reader_would_see_untranslated():
    form = with_spanish()
    untranslated = missing(form, "es")
    assert f"{S}/ran_out/title" not in untranslated
    assert "/description" in untranslated
    assert "/schema/$defs/often/oneOf/1/title" in untranslated
    assert "/ui/fields/~1zip~01code/placeholder" not in untranslated, "94401 has no words"
    assert len(untranslated) == len(texts(form)) - 5 - 1
    assert missing(form, "es-MX") == untranslated
    assert missing(form, "en") == missing(form, "en-US") == []
    assert len(missing(form, "vi")) == len(texts(form)) - 1


def test_a_complete_translation_misses_nothing():
    complete = {where: f"[es] {text}" for where, text in texts(FORM).items()}
    form = {**FORM, "translations": {"es": complete}}
    assert missing(form, "es") == []
    assert all(text.startswith("[es] ") for text in texts(localize(form, "es")).values())


def test_a_good_translation_is_published():
    assert parse_definition(with_spanish(), CONFIG).document["translations"]["es"]


def refused(document) -> dict[str, str]:
    with pytest.raises(InvalidInput) as caught:
        parse_definition(document, CONFIG)
    return {p.pointer: p.message for p in caught.value.problems}


@pytest.mark.parametrize(
    ("translations", "at", "says"),
    [
        ({"es": {f"{S}/ran_ot/title": "x"}},
         "/translations/es/~1schema~1properties~1ran_ot~1title",
         f"names no text in this definition. Did you mean '{S}/ran_out/title'?"),
        ({"es": {"/ui/fields/~1members/label": "x"}},
         "/translations/es/~1ui~1fields~1~01members~1label", "names no text"),
        ({"es": {"/id": "x"}}, "/translations/es/~1id", "'/id' is not a translatable text"),
        ({"es": {f"{S}/count/default": "uno"}},
         "/translations/es/~1schema~1properties~1count~1default", "not a translatable text"),
        ({"es": {"/schema/$defs/often/oneOf/0/const": "a menudo"}},
         "/translations/es/~1schema~1$defs~1often~1oneOf~10~1const", "never ids or stored"),
        ({"es": {"/needs/0/when/description": "x"}},
         "/translations/es/~1needs~10~1when~1description", "not a translatable text"),
        ({"es": {"/source/citation": "x"}}, "/translations/es/~1source~1citation",
         "not a translatable text"),
        ({"en": {"/title": "x"}}, "/translations/en", "the language the definition is written in"),
        ({"es": {}, "ES": {}}, "/translations/ES", "same language as 'es'"),
        ({"spanish!": {}}, "/translations", ""),
        ({"es": {"title": "x"}}, "/translations/es", ""),
        ({"es": {"/title": ""}}, "/translations/es/~1title", ""),
        ({"es": {"/title": 3}}, "/translations/es/~1title", ""),
    ],
)
def test_a_bad_translation_is_refused_at_its_pointer(translations, at, says):
    found = refused({**FORM, "translations": translations})
    assert at in found, found
    assert says in found[at]


def test_every_bad_pointer_is_reported_at_once():
    form = {**FORM, "translations": {"es": {"/nope": "a", "/title": "b", "/kind": "c"}}}
    assert [p.pointer for p in problems(form)] == ["/translations/es/~1nope",
                                                   "/translations/es/~1kind"]


def test_a_bad_language_tag_in_language_is_refused():
    assert "/language" in refused({**FORM, "language": "English"})
