"""Appointments and their calendars: booking (with whom, where, when, how), the iCalendar files
parsed back with the library — times in the agency's zone with its VTIMEZONE, a UID that stays
the same across downloads, SEQUENCE and CANCELLED on changes — and other agencies get 404."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from icalendar import Calendar

from tests.careplans.conftest import days

LA = ZoneInfo("America/Los_Angeles")


def book(client, world, client_id, **fields):
    body = {"with_whom": "Ana Ruiz, housing navigator", "location": "12 Main St, San Mateo",
            "mode": "in_person", "starts_at": "2026-03-02T10:00", "duration_minutes": 45,
            **fields}
    return client.post(f"/api/v1/clients/{client_id}/appointments", json=body,
                       headers=world.headers("alpha", "care_manager"))


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def test_booking_an_appointment_answers_it_in_the_agencys_time(client, shipped, maria):
    response = book(client, shipped, maria)
    assert response.status_code == 201
    assert response.json["starts_at"] == "2026-03-02T10:00:00-08:00"
    assert response.json["ends_at"] == "2026-03-02T10:45:00-08:00"
    assert response.json["worker"]["id"] == shipped.users[("alpha", "care_manager")]
    listed = client.get(f"/api/v1/clients/{maria}/appointments",
                        headers=shipped.headers("alpha", "care_manager")).json
    assert [a["id"] for a in listed["appointments"]] == [response.json["id"]]


def test_bad_appointments_are_refused_where_they_are_wrong(client, shipped, maria):
    response = book(client, shipped, maria, with_whom="", starts_at="next tuesday", mode="fax",
                    duration_minutes=0)
    assert response.status_code == 422
    assert {e["pointer"] for e in response.json["errors"]} == {
        "/with_whom", "/starts_at", "/mode", "/duration_minutes"}


def test_one_event_parses_back_with_its_time_zone_and_fields(client, shipped, maria):
    appointment = book(client, shipped, maria, mode="video",
                       location="https://meet.example.org/abc").json
    cal = parse(client.get(f"/api/v1/appointments/{appointment['id']}.ics",
                           headers=shipped.headers("alpha", "care_manager")))
    assert cal["VERSION"] == "2.0" and "PRODID" in cal
    [event] = cal.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert start == datetime(2026, 3, 2, 10, 0, tzinfo=LA)
    assert str(start.tzinfo) == "America/Los_Angeles"
    assert event.decoded("DTEND") == datetime(2026, 3, 2, 10, 45, tzinfo=LA)
    assert event["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert [tz["TZID"] for tz in cal.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    assert str(event["UID"]) == appointment["uid"]
    assert str(event["SUMMARY"]) == "María López with Ana Ruiz, housing navigator"
    assert str(event["LOCATION"]) == "https://meet.example.org/abc"
    assert "How: Video" in str(event["DESCRIPTION"])
    assert str(event["STATUS"]) == "CONFIRMED"
    # RFC 5545: lines end in CRLF and no content line is longer than 75 octets.
    raw = client.get(f"/api/v1/appointments/{appointment['id']}.ics",
                     headers=shipped.headers("alpha", "care_manager")).data
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))


def test_the_uid_and_bytes_are_stable_across_downloads(client, shipped, maria):
    appointment = book(client, shipped, maria, starts_at=f"{days(10)}T10:00").json
    url = f"/api/v1/appointments/{appointment['id']}.ics"
    headers = shipped.headers("alpha", "care_manager")
    first, second = client.get(url, headers=headers), client.get(url, headers=headers)
    assert first.data == second.data
    feed = parse(client.get("/api/v1/appointments.ics", headers=headers))
    assert [str(e["UID"]) for e in feed.walk("VEVENT")] == [appointment["uid"]]


def test_a_change_raises_the_sequence_and_a_cancellation_is_marked(client, shipped, maria):
    appointment = book(client, shipped, maria).json
    headers = shipped.headers("alpha", "care_manager")
    moved = client.patch(f"/api/v1/appointments/{appointment['id']}",
                         json={"starts_at": "2026-03-03T14:30"}, headers=headers).json
    assert moved["sequence"] == 1 and moved["ends_at"] == "2026-03-03T15:15:00-08:00"
    client.patch(f"/api/v1/appointments/{appointment['id']}", json={"status": "cancelled"},
                 headers=headers)
    [event] = parse(client.get(f"/api/v1/clients/{maria}/appointments.ics",
                               headers=headers)).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 3, 3, 14, 30, tzinfo=LA)
    assert int(event["SEQUENCE"]) == 2 and str(event["STATUS"]) == "CANCELLED"
    assert str(event["UID"]) == appointment["uid"]


def test_summer_time_is_right(client, shipped, maria):
    appointment = book(client, shipped, maria, starts_at="2026-07-01T09:00").json
    assert appointment["starts_at"] == "2026-07-01T09:00:00-07:00"
    [event] = parse(client.get(f"/api/v1/appointments/{appointment['id']}.ics",
                               headers=shipped.headers("alpha", "care_manager"))).walk("VEVENT")
    assert event.decoded("DTSTART").utcoffset().total_seconds() == -7 * 3600


def test_the_workers_feed_holds_only_their_appointments(client, shipped, maria):
    book(client, shipped, maria, starts_at=f"{days(3)}T10:00")
    mine = parse(client.get("/api/v1/appointments.ics",
                            headers=shipped.headers("alpha", "care_manager")))
    assert len(mine.walk("VEVENT")) == 1
    admin_feed = parse(client.get("/api/v1/appointments.ics",
                                  headers=shipped.headers("alpha", "admin")))
    assert admin_feed.walk("VEVENT") == []


def test_other_agencies_get_404_for_appointments(client, shipped, maria):
    appointment = book(client, shipped, maria).json
    beta = shipped.headers("beta", "care_manager")
    assert client.get(f"/api/v1/appointments/{appointment['id']}.ics",
                      headers=beta).status_code == 404
    assert client.get(f"/api/v1/clients/{maria}/appointments.ics", headers=beta).status_code \
        == 404
    assert client.get(f"/api/v1/clients/{maria}/appointments", headers=beta).status_code == 404
    assert client.patch(f"/api/v1/appointments/{appointment['id']}", json={"status": "cancelled"},
                        headers=beta).status_code == 404
    assert client.post(f"/api/v1/clients/{maria}/appointments", json={},
                       headers=beta).status_code == 404
    assert parse(client.get("/api/v1/appointments.ics", headers=beta)).walk("VEVENT") == []


def test_a_care_manager_books_on_the_page_and_downloads_it(client, auth, shipped, maria):
    auth.login(shipped.email("alpha", "care_manager"))
    page = client.get(f"/clients/{maria}/appointments").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post(f"/clients/{maria}/appointments", data={
        "csrf_token": csrf, "with_whom": "Dr. Chen", "starts_at": "2026-03-04T09:30",
        "duration_minutes": "30", "mode": "phone", "location": "650-555-0100"})
    assert response.status_code == 303
    page = client.get(f"/clients/{maria}/appointments").get_data(as_text=True)
    assert "Dr. Chen" in page and "Wednesday, March 4, 2026, 9:30\u202fAM" in page
    spanish = client.get(f"/clients/{maria}/appointments",
                         headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert "miércoles, 4 de marzo de 2026, 9:30\u202fa.m." in spanish
    link = re.search(r'href="(/appointments/[0-9a-f]+\.ics)"', page).group(1)
    [event] = parse(client.get(link)).walk("VEVENT")
    assert event.decoded("DTSTART") == datetime(2026, 3, 4, 9, 30, tzinfo=LA)
    bad = client.post(f"/clients/{maria}/appointments", data={
        "csrf_token": csrf, "with_whom": "Dr. Chen", "starts_at": ""})
    assert bad.status_code == 422 and 'id="starts_at-error"' in bad.get_data(as_text=True)
    assert parse(client.get(f"/clients/{maria}/appointments.ics")).walk("VEVENT")
    assert parse(client.get("/appointments.ics")).walk("VEVENT") == []  # March is long past
    auth.logout()
    auth.login(shipped.email("beta", "care_manager"))
    assert client.get(link).status_code == 404
    assert client.get(f"/clients/{maria}/appointments").status_code == 404
