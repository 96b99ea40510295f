"""What a person filling a form sees and what their answers become: agreements they tick
themselves, fixed values shown, and an unticked box that is no answer at all."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from carebridge.config import DEFAULTS
from carebridge.forms import service
from carebridge.forms.models import Submission
from carebridge.tenancy import set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.renderer.test_views import form_fields

INSTRUMENTS = Path(DEFAULTS["FORM_DEFINITIONS_DIR"]) / "instruments"
AGREEMENTS = ["consent_to_services", "understands_rights", "agreement"]

FIXED = {
    "id": "fixed-values", "title": "Fixed values", "kind": "intake",
    "schema": {"type": "object", "required": ["name", "terms"], "properties": {
        "name": {"type": "string", "title": "Your name"},
        "form_edition": {"title": "Form edition", "const": "2024-B"},
        "terms": {"title": "I accept the terms", "type": "boolean", "const": True},
    }},
}


def publish(app, world, *documents):
    with unit_of_work(app, world.agencies["alpha"]) as session, app.app_context():
        set_tenant(session, world.agencies["alpha"])
        for document in documents:
            service.publish(session, document, user_id=None)


def shipped(name: str) -> dict:
    return json.loads((INSTRUMENTS / f"{name}.json").read_text(encoding="utf-8"))


def stored(app, world, location: str) -> dict:
    submission_id = location.rsplit("/", 1)[1]
    with unit_of_work(app, world.agencies["alpha"]) as session:
        return session.scalar(select(Submission).where(Submission.id == submission_id)).data


@pytest.fixture
def worker(auth, world):
    auth.login(world.email("alpha", "admin"))
    return auth.client


def test_the_consent_form_shows_every_agreement_as_a_box_to_tick(app, world, worker):
    publish(app, world, shipped("consent"))
    html = worker.get("/forms/consent/fill").get_data(as_text=True)
    for name in AGREEMENTS:
        box = re.search(rf'<input type="checkbox" id="f-{name}" name="{name}" value="true"[^>]*>',
                        html)
        assert box is not None, name
        assert " checked" not in box.group(0)
        assert f'type="hidden" name="{name}"' not in html
    assert "I have read this form, or had it read to me, and I agree to it." in html


def test_an_agreement_left_unticked_is_refused_and_a_ticked_one_stored(app, world, worker):
    publish(app, world, FIXED)
    fields = {**form_fields(worker.get("/forms/fixed-values/fill").get_data(as_text=True)),
              "name": "Ana", "form_edition": "2024-B", "_action": "submit"}
    refused = worker.post("/forms/fixed-values/fill", data=fields)
    assert refused.status_code == 422
    assert re.search(r'href="#f-terms">I accept the terms: ', refused.get_data(as_text=True))
    accepted = worker.post("/forms/fixed-values/fill", data={**fields, "terms": "true"})
    assert accepted.status_code == 303
    assert stored(app, world, accepted.headers["Location"]) == {
        "name": "Ana", "form_edition": "2024-B", "terms": True}


def test_a_fixed_text_is_shown_read_only(app, world, worker):
    publish(app, world, FIXED)
    html = worker.get("/forms/fixed-values/fill").get_data(as_text=True)
    assert '<label for="f-form_edition">Form edition</label>' in html
    assert re.search(r'<input id="f-form_edition" name="form_edition" type="text" readonly '
                     r'value="2024-B"', html)


def test_the_adult_intake_finishes_without_a_phone(app, world, worker):
    # "Can we text?" unticked used to be sent as false, and dependentRequired then asked for
    # the phone number the person does not have.
    publish(app, world, shipped("adult-intake"))
    html = worker.get("/forms/adult-intake/fill").get_data(as_text=True)
    assert 'type="hidden" name="phone_can_text"' not in html
    fields = form_fields(html)
    answers = {"given_name": "Ana", "family_name": "Reyes", "date_of_birth": "1980-02-29",
               "preferred_language": "en", "has_income": "false"}
    done = worker.post("/forms/adult-intake/fill",
                       data={**fields, **answers, "_action": "submit"})
    assert done.status_code == 303, re.findall(r'class="field-error">(.*?)</p>',
                                                done.get_data(as_text=True))
    data = stored(app, world, done.headers["Location"])
    assert "phone_can_text" not in data and "needs_interpreter" not in data
    # Ticked, the rule holds: a text needs the number.
    ticked = worker.post("/forms/adult-intake/fill", data={
        **form_fields(worker.get("/forms/adult-intake/fill").get_data(as_text=True)),
        **answers, "phone_can_text": "true", "_action": "submit"})
    assert ticked.status_code == 422


def test_a_required_switch_left_off_is_the_answer_no(app, world, worker):
    publish(app, world, {
        "id": "switch", "title": "Switch", "kind": "intake",
        "schema": {"type": "object", "required": ["ok"],
                   "properties": {"ok": {"type": "boolean", "title": "All fine?"}}},
        "ui": {"fields": {"/ok": {"widget": "toggle"}}},
    })
    fields = form_fields(worker.get("/forms/switch/fill").get_data(as_text=True))
    done = worker.post("/forms/switch/fill", data={**fields, "ok": "false", "_action": "submit"})
    assert done.status_code == 303
    assert stored(app, world, done.headers["Location"]) == {"ok": False}


def test_a_consent_that_shares_nothing_asks_for_no_recipient(app, world, worker):
    # The recipients list used to start with one empty row the form then required, even for
    # "No, do not share": a person could not sign without inventing a recipient.
    publish(app, world, shipped("consent"))
    html = worker.get("/forms/consent/fill").get_data(as_text=True)
    assert 'name="recipients.0.organisation"' not in html
    fields = {**form_fields(html), "_action": "submit", "client_name": "Ana López",
              "share_information": "no", "signed_by": "client", "signature_name": "Ana López",
              "signed_on": "2026-11-30", **{name: "true" for name in AGREEMENTS}}
    fields.pop("understands_rights")
    signed = worker.post("/forms/consent/fill", data=fields)
    assert signed.status_code == 303, signed.get_data(as_text=True)[-2000:]
    assert "recipients" not in stored(app, world, signed.headers["Location"])


def test_a_consent_that_shares_needs_at_least_one_recipient(app, world, worker):
    definition = shipped("consent")
    from carebridge.forms.validation import is_valid, make_validator

    validator = make_validator(definition["schema"])
    base = {"client_name": "Ana", "consent_to_services": True, "signed_by": "client",
            "signature_name": "Ana", "signed_on": "2026-11-30", "agreement": True,
            "share_information": "yes", "information_shared": ["contact"],
            "purpose": ["referral"], "expires_on": "2027-11-30", "understands_rights": True}
    assert not is_valid(validator, {**base, "recipients": []})
    assert is_valid(validator, {**base, "recipients": [{"organisation": "Food bank"}]})
    assert is_valid(validator, {**{k: v for k, v in base.items()
                                   if k not in ("information_shared", "purpose", "expires_on",
                                                "understands_rights")},
                                "share_information": "no"})
