"""A match's reasons read the same as the library's in English, and are ours to translate."""

from __future__ import annotations

from babel import Locale

from carebridge.referrals.wording import describe_days, language_label


def test_days_and_languages_in_words(app):
    english = Locale("en")
    with app.test_request_context():
        assert describe_days([5], english) == "open Saturdays"
        assert describe_days([0, 1, 2, 3, 4], english) == "open Mon–Fri"
        assert describe_days([1, 3], english) == "open Tue, Thu"
        assert describe_days(range(7), english) == "open daily"
        assert describe_days([], english) == ""
    assert language_label("spanish", english) == "Spanish"
    assert language_label("spanish", Locale("es")) == "español"
    assert language_label("klingon", english) == "Klingon"
