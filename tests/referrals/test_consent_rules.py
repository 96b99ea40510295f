"""A consent's lifetime and what it shares come from its definition's ``consent`` block,
which only a consent form may declare and whose paths must name fields."""

from __future__ import annotations

import copy
import json
from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest

from carebridge.config import PROJECT_ROOT
from carebridge.errors import InvalidInput
from carebridge.forms.service import check_definition
from carebridge.referrals.consent import Consent, expiry

CONSENT = json.loads((PROJECT_ROOT / "form_definitions" / "instruments" / "consent.json")
                     .read_text())


def submission(data, rules, signed=datetime(2026, 1, 10, 18, tzinfo=UTC)):
    version = SimpleNamespace(document={"title": "Consent", "consent": rules})
    return SimpleNamespace(data=data, created_at=signed, form_version=version)


def test_a_consent_lasts_its_declared_days_or_until_its_own_end_date():
    assert expiry(submission({}, {"expires_after_days": 30})) == date(2026, 2, 9)
    assert expiry(submission({}, {})) == date(2027, 1, 10)  # 365 days by default
    earlier = submission({"until": "2026-01-31"}, {"expires_after_days": 365,
                                                   "expires_on": "/until"})
    assert expiry(earlier) == date(2026, 1, 31)
    later = submission({"until": "2030-01-01"}, {"expires_after_days": 10,
                                                 "expires_on": "/until"})
    assert expiry(later) == date(2026, 1, 20)


def test_sharing_follows_shares_when_and_what_the_answer_lists():
    rules = CONSENT["consent"]
    yes = submission({"share_information": "yes", "information_shared": ["contact"]}, rules)
    no = submission({"share_information": "no"}, rules)
    assert Consent(yes, date(2027, 1, 1), None).allows_sharing()
    assert Consent(yes, date(2027, 1, 1), None).shared_information() == {"contact"}
    assert not Consent(no, date(2027, 1, 1), None).allows_sharing()
    assert Consent(no, date(2027, 1, 1), None).shared_information() == set()


def test_only_a_consent_form_declares_a_consent_block(app):
    intake = copy.deepcopy(CONSENT)
    intake["kind"] = "intake"
    with app.test_request_context(), pytest.raises(InvalidInput) as refused:
        check_definition(intake)
    assert [p.pointer for p in refused.value.problems] == ["/consent"]


@pytest.mark.parametrize("key", ["expires_on", "shared_information"])
def test_the_consent_blocks_paths_name_fields(app, key):
    broken = copy.deepcopy(CONSENT)
    broken["consent"][key] = "/no_such_answer"
    with app.test_request_context(), pytest.raises(InvalidInput) as refused:
        check_definition(broken)
    assert [p.pointer for p in refused.value.problems] == [f"/consent/{key}"]


def test_the_shipped_consent_form_declares_its_lifetime():
    assert CONSENT["consent"]["expires_after_days"] == 365
