"""Dates a person cannot have: x-maxDate / x-minDate, enforced by the server."""

import json
from datetime import date
from pathlib import Path

import pytest

from carebridge.forms import dates
from carebridge.forms.validation import checking, make_validator, problems

TODAY = date(2026, 3, 15)
BIRTH = {"type": "string", "format": "date", "x-maxDate": "today", "x-minDate": "today-130y"}
INTAKE = json.loads(
    (Path(__file__).parents[2] / "form_definitions" / "instruments" / "adult-intake.json")
    .read_text(encoding="utf-8")
)


@pytest.mark.parametrize(
    ("bound", "expected"),
    [
        ("today", date(2026, 3, 15)),
        ("today-130y", date(1896, 3, 15)),
        ("today+30d", date(2026, 4, 14)),
        ("today-2w", date(2026, 3, 1)),
        ("today-1m", date(2026, 2, 15)),
        ("2000-02-29", date(2000, 2, 29)),
        ("tomorrow", None),
        ("today - 1y", None),
        ("2001-02-29", None),
        ("today+99999y", None),
        (7, None),
    ],
)
def test_bounds_name_a_day(bound, expected):
    assert dates.resolve(bound, TODAY) == expected


def test_a_month_from_the_31st_ends_on_the_months_last_day():
    assert dates.resolve("today-1m", date(2024, 3, 31)) == date(2024, 2, 29)
    assert dates.resolve("today+1y", date(2024, 2, 29)) == date(2025, 2, 28)


def check(schema, value, today=TODAY):
    with checking(today=today):
        return [(p.pointer, p.message) for p in problems(make_validator(schema), value)]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2099-01-01", "This date cannot be in the future."),
        ("2026-03-16", "This date cannot be in the future."),
        ("1884-03-09", "Enter a date on or after 1896-03-15."),
    ],
)
def test_a_date_of_birth_out_of_bounds_is_refused_with_a_clear_message(value, message):
    assert check(BIRTH, value) == [("", message)]


@pytest.mark.parametrize("value", ["2026-03-15", "1984-03-09", "1896-03-15"])
def test_possible_dates_of_birth_pass(value):
    assert check(BIRTH, value) == []


def test_today_is_the_day_the_answer_is_checked():
    assert check(BIRTH, "2026-03-16", today=date(2026, 3, 16)) == []


def test_a_date_time_is_bounded_by_its_calendar_day():
    schema = {"type": "string", "format": "date-time", "x-maxDate": "2026-03-15"}
    assert check(schema, "2026-03-15T23:59:00-08:00") == []
    assert check(schema, "2026-03-16T00:00:00Z") == [("", "Enter a date on or before 2026-03-15.")]


def test_other_values_are_left_to_type_and_format():
    assert check(BIRTH, 1984) == [("", "Enter text.")]
    assert check(BIRTH, "09/03/1984") == [("", "Enter a date (YYYY-MM-DD).")]


def test_the_effective_min_and_max_for_an_input():
    assert dates.bounds(BIRTH, TODAY) == (date(1896, 3, 15), date(2026, 3, 15))
    assert dates.bounds({"type": "string", "format": "date"}, TODAY) == (None, None)


@pytest.mark.parametrize(
    "path",
    [("properties", "date_of_birth"),
     ("properties", "household_members", "items", "properties", "date_of_birth")],
)
def test_the_adult_intake_refuses_dates_of_birth_in_the_future(path):
    node = INTAKE["schema"]
    for key in path:
        node = node[key]
    assert (node["x-maxDate"], node["x-minDate"]) == ("today", "today-130y")


def test_a_household_member_born_in_the_future_is_refused():
    member = {"name": "Diego", "relationship": "child", "date_of_birth": "2099-06-01"}
    data = {"given_name": "Maria", "family_name": "Lopez", "date_of_birth": "1984-03-09",
            "preferred_language": "es", "has_income": False, "household_members": [member]}
    assert check(INTAKE["schema"], data) == [
        ("/household_members/0/date_of_birth", "This date cannot be in the future.")
    ]
    assert check(INTAKE["schema"], {**data, "date_of_birth": "2099-03-09",
                                    "household_members": []}) == [
        ("/date_of_birth", "This date cannot be in the future.")
    ]
