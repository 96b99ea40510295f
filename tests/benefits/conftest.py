"""Households for the benefits tests, written the way the API receives them."""

from __future__ import annotations

from datetime import date

import pytest

from carebridge.benefits import facts, household, poverty

AS_OF = date(2024, 6, 1)


def person(relationship="self", age=30, income=(), **flags):
    """A person with every fact known (no income unless given; None: don't know)."""
    known = {"pregnant": False, "disabled": False, "student": False,
             "immigration_status": "citizen"}
    return {"relationship": relationship, "age": age,
            "income": {} if income == () else income, **known, **flags}


def family(*members, state="CA", county="San Mateo", zip="94401", expenses=None):
    return {"state": state, "county": county, "zip": zip, "members": list(members),
            "expenses": expenses if expenses is not None else
            {"rent": 0, "utilities": 0, "child_care": 0, "medical": 0}}


def facts_of(data, as_of=AS_OF):
    parsed = household.parse(data, as_of)
    return facts.compute(parsed, as_of, poverty.PovertyGuidelines.load(poverty.SHIPPED))


@pytest.fixture
def guidelines():
    return poverty.PovertyGuidelines.load(poverty.SHIPPED)
