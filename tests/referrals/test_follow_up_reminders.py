"""A referral's follow-up reminder goes to the client on its own, the day before the
follow-up at ten in the agency's time zone: moved with the date, cancelled by an outcome,
only with consent, once."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from carebridge.careplans.reminder_delivery import send_due_reminders
from carebridge.config import DEFAULTS
from carebridge.jobs import queue
from tests.referrals.test_referrals_api import move, refer

pytestmark = pytest.mark.postgres


def due(day):
    """When the reminder of a follow-up on ``day`` is due (the agency's defaults)."""
    return datetime.combine(day - timedelta(days=1), time(10),
                            tzinfo=ZoneInfo(DEFAULTS["TIME_ZONE"]))


def run(setting, now):
    return queue(setting.app).run_periodic(send_due_reminders, now=now.isoformat())


def client_who_agreed(api, setting, agreed=True):
    maria = setting.add_client("Maria", email="maria@example.org")
    setting.consent(maria)
    api.client.put(f"/api/v1/clients/{maria}/reminder-consent",
                   json={"channel": "email", "agreed": agreed},
                   headers=setting.world.headers("alpha", "care_manager"))
    return maria


def test_the_client_is_reminded_of_a_referral_once(api, setting, smtp):
    maria = client_who_agreed(api, setting)
    follow_up = setting.today() + timedelta(days=5)
    made = refer(api, maria, follow_up_on=follow_up.isoformat())
    assert run(setting, due(follow_up) - timedelta(minutes=1)) == {}
    assert run(setting, due(follow_up)) == {"sent": 1}
    assert run(setting, due(follow_up) + timedelta(hours=1)) == {}
    [envelope] = smtp.messages
    text = envelope.content.decode()
    assert envelope.rcpt_tos == ["maria@example.org"]
    assert "Saturday Food Pantry" in text and "650 555-0101" in text
    [record] = api.get(f"/api/v1/clients/{maria}/messages").json["messages"]
    assert record["status"] == "sent" and record["subject"] == (
        "Recordatorio: su referencia a Saturday Food Pantry")  # Maria reads Spanish
    assert made["id"]


def test_a_moved_follow_up_moves_its_reminder(api, setting, smtp):
    maria = client_who_agreed(api, setting)
    first = setting.today() + timedelta(days=5)
    made = refer(api, maria, follow_up_on=first.isoformat())
    later = first + timedelta(days=7)
    api.client.patch(f"/api/v1/referrals/{made['id']}", json={"follow_up_on": later.isoformat()},
                     headers=setting.world.headers("alpha", "care_manager"))
    assert run(setting, due(first)) == {}
    assert run(setting, due(later)) == {"sent": 1}


@pytest.mark.parametrize("status, extra", [("completed", {"outcome": "got_help"}),
                                           ("cancelled", {}), ("declined", {})])
def test_a_referral_with_an_outcome_is_not_reminded(api, setting, smtp, status, extra):
    maria = client_who_agreed(api, setting)
    follow_up = setting.today() + timedelta(days=5)
    made = refer(api, maria, follow_up_on=follow_up.isoformat())
    move(api, made["id"], status, **extra)
    assert run(setting, due(follow_up)) == {}
    assert smtp.messages == []


def test_no_follow_up_reminder_without_consent(api, setting, smtp):
    maria = client_who_agreed(api, setting, agreed=False)
    follow_up = setting.today() + timedelta(days=5)
    refer(api, maria, follow_up_on=follow_up.isoformat())
    assert run(setting, due(follow_up)) == {"no_consent": 1}
    assert smtp.messages == []
