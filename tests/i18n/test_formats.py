"""Dates, numbers and money are written as the reader's locale writes them (US conventions)."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import render_template_string

PAGE = ("{{ format_date(day) }} | {{ format_datetime(moment) }} | {{ format_decimal(1234.5) }}"
        " | {{ format_currency(1234.5, 'USD') }} | {{ format_percent(0.25) }}")
DAY = dt.date(2026, 11, 30)
MOMENT = dt.datetime(2026, 11, 30, 18, 5, tzinfo=dt.UTC)  # 10:05 in Los Angeles


@pytest.mark.parametrize(("accept", "expected"), [
    ("en", "Nov 30, 2026 | Nov 30, 2026, 10:05:00\u202fAM | 1,234.5 | $1,234.50 | 25%"),
    ("es", "30 nov 2026 | 30 nov 2026, 10:05:00\u202fa.m. | 1,234.5 | $1,234.50 | 25%"),
])
def test_templates_format_for_the_locale_in_the_agencys_time_zone(app, accept, expected):
    with app.test_request_context(headers={"Accept-Language": accept}):
        assert render_template_string(PAGE, day=DAY, moment=MOMENT) == expected


def test_spanish_is_written_as_in_the_united_states_unless_the_agency_says_otherwise(app):
    from flask_babel import get_locale, refresh

    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert str(get_locale()) == "es_US"
        app.config["LOCALE_TERRITORY"] = None
        refresh()
        assert str(get_locale()) == "es"
        assert render_template_string("{{ format_currency(1234.5, 'USD') }}") == "1.234,50\u00a0US$"
