"""Languages however they are written: English or native names, ISO codes, the data's forms."""

from __future__ import annotations

import pytest

from resource_directory.languages import filter_keys, language_keys, normalize_language


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Spanish", ("Spanish", "es", None)),
        ("spanish ", ("Spanish", "es", None)),
        ("español", ("Spanish", "es", None)),
        ("Español", ("Spanish", "es", None)),
        ("es", ("Spanish", "es", None)),
        ("spa", ("Spanish", "es", None)),
        ("Castellano", ("Spanish", "es", None)),
        ("Chinese", ("Chinese", "zh", None)),
        ("中文", ("Chinese", "zh", None)),
        ("Chinese (Cantonese)", ("Chinese", "zh", "Cantonese")),
        ("Cantonese", ("Chinese", "zh", "Cantonese")),
        ("Chinese (Mandarin)", ("Chinese", "zh", "Mandarin")),
        ("Mandarin", ("Chinese", "zh", "Mandarin")),
        ("Filipino (Tagalog)", ("Filipino", "fil", "Tagalog")),
        ("Tagalog", ("Filipino", "fil", None)),
        ("Persian (Farsi)", ("Persian", "fa", None)),
        ("Farsi", ("Persian", "fa", None)),
        ("Tiếng Việt", ("Vietnamese", "vi", None)),
        ("vi", ("Vietnamese", "vi", None)),
        ("Panjabi", ("Punjabi", "pa", None)),
        ("Sign Languages", ("Sign Language", "sgn", None)),
        ("ASL", ("Sign Language", "sgn", "American Sign Language")),
        ("Russian", ("Russian", "ru", None)),
    ],
)
def test_a_language_is_one_language_however_it_is_written(written, expected):
    assert normalize_language(written) == expected


@pytest.mark.parametrize(
    "not_a_language", ["Interpreter", "Interpreter Service", "AT&T Language Line", "bilingual", ""]
)
def test_lines_that_name_a_service_are_not_languages(not_a_language):
    assert normalize_language(not_a_language) is None


def test_a_dialect_filter_accepts_that_dialect_and_services_naming_none():
    speaks = {
        "cantonese": language_keys("Chinese (Cantonese)"),
        "mandarin": language_keys("Chinese (Mandarin)"),
        "plain": language_keys("Chinese"),
    }
    accepted = {name for name, keys in speaks.items() if set(keys) & set(filter_keys("Cantonese"))}
    assert accepted == {"cantonese", "plain"}
    assert all(set(keys) & set(filter_keys("Chinese")) for keys in speaks.values())


@pytest.mark.parametrize(("written", "expected"), [
    ("Spa\x00nish", ("Spanish", "es", None)),
    ("Espa\x01ñol\x7f", ("Spanish", "es", None)),
    ("\x00", None),
    ("\x00\x00 (\x00)", None),
    ("Chinese\t(Cantonese)", ("Chinese", "zh", "Cantonese")),
])
def test_control_characters_in_an_imported_language_are_dropped_not_a_crash(written, expected):
    # A NUL in a directory file's language column made langcodes' name index raise
    # UnicodeDecodeError, and the whole import with it.
    assert normalize_language(written) == expected
