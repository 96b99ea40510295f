"""A need's statuses through ``set_status``: every change kept and audited, nothing recorded
for no change, and no second open need of one code."""

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.clients import needs
from carebridge.clients.models import Client, NeedEvent
from carebridge.errors import Conflict, InvalidInput
from carebridge.unit_of_work import unit_of_work


def test_each_change_is_an_event_and_an_audited_update(world, make_client):
    client_id = make_client()
    user = world.users[("alpha", "care_manager")]
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        client = session.get(Client, client_id)
        need = needs.add_need(session, client, "food", user_id=user)
        assert needs.set_status(session, need, "referred", user_id=user, note="Pantry") is not None
        assert needs.set_status(session, need, "referred", user_id=user) is None  # no change
        needs.set_status(session, need, "met", user_id=user)
        assert [(e.status, e.note) for e in needs.history(session, need)] == [
            ("identified", ""), ("referred", "Pantry"), ("met", "")]
        updates = session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "ClientNeed", AuditEvent.action == "update")).all()
        assert [e.detail for e in updates] == [{"status": "referred", "was": "identified"},
                                               {"status": "met", "was": "referred"}]
        assert not need.is_open


def test_a_settled_need_reopens_only_while_no_other_of_its_code_is_open(world, make_client):
    client_id = make_client()
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        client = session.get(Client, client_id)
        first = needs.add_need(session, client, "housing", user_id=None)
        needs.set_status(session, first, "closed", user_id=None)
        second = needs.add_need(session, client, "housing", user_id=None)
        with pytest.raises(Conflict):
            needs.set_status(session, first, "identified", user_id=None)
        needs.set_status(session, second, "declined", user_id=None)
        needs.set_status(session, first, "identified", user_id=None, note="Back again")
        assert first.is_open
        with pytest.raises(InvalidInput):
            needs.set_status(session, first, "lost", user_id=None)
        assert session.scalar(select(NeedEvent.status).order_by(NeedEvent.id.desc())) == (
            "identified")


def test_the_vocabulary_page_is_for_admins(client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    assert client.get("/clients/needs-vocabulary").status_code == 403
