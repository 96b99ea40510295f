"""The bundled SMS plugin: reminders by text message through a gateway with Twilio's Messages
API, tried against a gateway this test starts on loopback (nothing leaves the machine): the
request is what the API expects, numbers go out in E.164, refusals are failed sends."""

from __future__ import annotations

import base64
import json
import threading
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest
from carebridge_sms_gateway.phone_numbers import NotAPhoneNumber, e164
from carebridge_sms_gateway.sender import SmsGatewayError, SmsGatewaySender

from carebridge.careplans.reminder_delivery import send_due_reminders
from carebridge.careplans.reminders import OutgoingMessage, senders
from carebridge.clients.models import Client
from carebridge.jobs import queue
from carebridge.unit_of_work import unit_of_work


class Gateway:
    """A local stand-in for the gateway: records each request, answers as told."""

    def __init__(self):
        self.requests = []
        self.status, self.answer = 201, {"sid": "SM1", "status": "queued"}
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers["Content-Length"])).decode()
                gateway.requests.append({"path": self.path, "headers": dict(self.headers),
                                         "form": parse_qs(body)})
                payload = json.dumps(gateway.answer).encode()
                self.send_response(gateway.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(app):
    running = Gateway()
    app.config.update(SMS_GATEWAY_URL=running.url, SMS_ACCOUNT_SID="AC123",
                      SMS_AUTH_TOKEN="not-a-real-token", SMS_FROM="650-555-0100")
    yield running
    running.close()


@pytest.mark.parametrize("typed, expected", [
    ("(650) 555-0101", "+16505550101"),
    ("650.555.0101", "+16505550101"),
    ("1 650 555 0101", "+16505550101"),
    ("+1 (650) 555-0101", "+16505550101"),
    ("0044 20 7946 0958", "+442079460958"),
    ("+44 20 7946 0958", "+442079460958"),
])
def test_numbers_are_written_in_e164(typed, expected):
    assert e164(typed) == expected


def test_a_national_number_takes_the_configured_country_code():
    assert e164("020 7946 0958", country_code="44") == "+442079460958"


@pytest.mark.parametrize("typed", ["", "555-0101", "call me", "+1 650 555 0101 ext 2",
                                   "1+650", "+1234567", "(050) 555-0101"])
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(NotAPhoneNumber):
        e164(typed)


def test_the_request_is_the_messages_api(app, gateway):
    with app.app_context():
        gateway_id = SmsGatewaySender().send(
            OutgoingMessage("(650) 555-0101", "Reminder", "See you Tuesday at 10."))
    assert gateway_id == "SM1"
    [request] = gateway.requests
    assert request["path"] == "/2010-04-01/Accounts/AC123/Messages.json"
    assert request["headers"]["Authorization"] == "Basic " + base64.b64encode(
        b"AC123:not-a-real-token").decode()
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"
    assert request["form"] == {"To": ["+16505550101"], "From": ["+16505550100"],
                               "Body": ["See you Tuesday at 10."]}


def test_a_messaging_service_replaces_the_from_number(app, gateway):
    app.config.update(SMS_FROM="", SMS_MESSAGING_SERVICE="MG9")
    with app.app_context():
        SmsGatewaySender().send(OutgoingMessage("6505550101", "", "Hi"))
    assert gateway.requests[0]["form"]["MessagingServiceSid"] == ["MG9"]
    assert "From" not in gateway.requests[0]["form"]


def test_refusals_and_missing_settings_raise_with_a_reason(app, gateway):
    gateway.status, gateway.answer = 400, {"code": 21211, "message": "Invalid 'To'"}
    with app.app_context(), pytest.raises(SmsGatewayError, match="400 .code 21211"):
        SmsGatewaySender().send(OutgoingMessage("6505550101", "", "Hi"))
    app.config.update(SMS_AUTH_TOKEN="")
    with app.app_context(), pytest.raises(SmsGatewayError, match="SMS_AUTH_TOKEN"):
        SmsGatewaySender().send(OutgoingMessage("6505550101", "", "Hi"))
    assert len(gateway.requests) == 1  # nothing sent without credentials


def test_the_plugin_is_the_sms_sender(app):
    with app.app_context():
        assert isinstance(senders()["sms"], SmsGatewaySender)


# Through the reminders: a client who agreed to texts

@pytest.fixture
def texted(app, client, world):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        person = Client(given_name="Luis", family_name="Soto", phone="(650) 555-0199",
                        care_manager_id=world.users[("alpha", "care_manager")])
        session.add(person)
        session.flush()
        client_id = person.id
    headers = world.headers("alpha", "care_manager")
    client.put(f"/api/v1/clients/{client_id}/reminder-consent",
               json={"channel": "sms", "agreed": True}, headers=headers)
    starts = (datetime.now().astimezone() + timedelta(days=3)).replace(
        hour=10, minute=0, second=0, microsecond=0)
    booked = client.post(f"/api/v1/clients/{client_id}/appointments", headers=headers,
                         json={"with_whom": "Dr. Chen", "starts_at": starts.isoformat()})
    assert booked.status_code == 201, booked.json
    return client_id, datetime.fromisoformat(booked.json["starts_at"])


def messages(client, world, client_id):
    return client.get(f"/api/v1/clients/{client_id}/messages",
                      headers=world.headers("alpha", "care_manager")).json["messages"]


def test_a_reminder_goes_out_as_a_text(app, client, world, gateway, texted):
    client_id, starts = texted
    due = starts - timedelta(hours=23)
    assert queue(app).run_periodic(send_due_reminders, now=due.isoformat()) == {"sent": 1}
    [request] = gateway.requests
    assert request["form"]["To"] == ["+16505550199"]
    assert "Dr. Chen" in request["form"]["Body"][0]
    [record] = messages(client, world, client_id)
    assert (record["channel"], record["status"], record["recipient"]) == (
        "sms", "sent", "(650) 555-0199")


def test_a_refused_text_is_a_failed_send_on_the_file(app, client, world, gateway, texted):
    client_id, starts = texted
    gateway.status, gateway.answer = 400, {"code": 21610, "message": "unsubscribed"}
    due = starts - timedelta(hours=23)
    assert queue(app).run_periodic(send_due_reminders, now=due.isoformat()) == {"failed": 1}
    [record] = messages(client, world, client_id)
    assert record["status"] == "failed"
    assert record["error"] == "SmsGatewayError: the gateway answered 400 (code 21610)"
    assert "Dr. Chen" not in record["error"]


def test_an_unreachable_gateway_is_a_failed_send(app, client, world, gateway, texted):
    client_id, starts = texted
    gateway.close()
    app.config.update(SMS_TIMEOUT=2)
    due = starts - timedelta(hours=23)
    assert queue(app).run_periodic(send_due_reminders, now=due.isoformat()) == {"failed": 1}
    [record] = messages(client, world, client_id)
    assert record["status"] == "failed" and "could not be reached" in record["error"]
