"""Opening hours as providers write them, read into weekly and monthly rules."""

from __future__ import annotations

import pytest

from resource_directory.opening_hours import parse_weekly_hours


@pytest.mark.parametrize(
    ("text", "rules"),
    [
        ("Monday-Friday, 8-5", [("WEEKLY", "MO,TU,WE,TH,FR", "08:00", "17:00")]),
        ("Saturdays 9-12", [("WEEKLY", "SA", "09:00", "12:00")]),
        ("Tuesdays-Thursdays, 1-3", [("WEEKLY", "TU,WE,TH", "13:00", "15:00")]),
        ("First Saturday morning of the month (8 am-10 am)",
         [("MONTHLY", "1SA", "08:00", "10:00")]),
        ("Second and fourth Tuesdays, 6-8 pm", [("MONTHLY", "2TU,4TU", "18:00", "20:00")]),
        ("Last Sunday, 10-2", [("MONTHLY", "-1SU", "10:00", "14:00")]),
        # An ordinal that is not about a day leaves the rule weekly.
        ("First come, first served; Monday, 9-12", [("WEEKLY", "MO", "09:00", "12:00")]),
        # Every other week cannot be stated without a start date: only the text is kept.
        ("Every other Friday, 1-3", []),
    ],
)
def test_hours_text_becomes_rules(text, rules):
    assert [(r.freq, r.byday, r.opens, r.closes) for r in parse_weekly_hours(text)] == rules
