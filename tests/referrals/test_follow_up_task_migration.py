"""The migration gives every open referral sent before follow-up tasks existed its task (and
only those: a closed referral, one without a date or one that has its task gets none)."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from carebridge.agencies import create_agency
from carebridge.auth.service import create_user
from carebridge.clients.models import Client
from carebridge.db import database
from carebridge.migrations import upgrade
from carebridge.referrals.models import Referral
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import test_app

pytestmark = pytest.mark.postgres

BEFORE = "0010_i18n_merge"


def test_open_referrals_get_their_follow_up_tasks(empty_database_url, tmp_path):
    app = test_app(empty_database_url, tmp_path / "fresh")
    upgrade(app, BEFORE)
    with unit_of_work(app, ALL_AGENCIES) as session:
        # The models of these tables are what revision 0010 made: the ORM can write them.
        agency = create_agency(session, "alpha", "Alpha")
        referrer, manager = (create_user(session, agency, f"{name}@example.org",
                                         "care_manager", "a long enough password")
                             for name in ("referrer", "manager"))
        client = Client(given_name="Ana", family_name="Ruiz", care_manager_id=manager.id,
                        agency_id=agency.id)
        session.add(client)
        session.flush()
        for rid, status, follow_up, by in (("r-open", "sent", date(2026, 12, 1), referrer),
                                           ("r-nobody", "accepted", date(2026, 12, 2), None),
                                           ("r-done", "completed", date(2026, 12, 3), referrer),
                                           ("r-undated", "sent", None, referrer),
                                           ("r-draft", "draft", date(2026, 12, 4), referrer)):
            session.add(Referral(id=rid, agency_id=agency.id, client_id=client.id,
                                 service_id="svc", service={"name": "Food Bank"},
                                 status=status, follow_up_on=follow_up,
                                 created_by_id=by.id if by else None))
        ids = (agency.id, client.id, referrer.id, manager.id)
    agency_id, client_id, referrer_id, manager_id = ids
    engine = database(app).engine
    upgrade(app)
    with engine.connect() as db:
        tasks = sa.table("tasks", *(sa.column(name) for name in (
            "source_ref", "title", "owner_id", "status", "client_id", "agency_id", "source")),
            sa.column("due", sa.Date))
        rows = db.execute(sa.select(tasks.c.source_ref, tasks.c.title, tasks.c.owner_id,
                                    tasks.c.due, tasks.c.status, tasks.c.client_id,
                                    tasks.c.agency_id)
                          .where(tasks.c.source == "referral").order_by(tasks.c.source_ref)).all()
    assert [tuple(row) for row in rows] == [
        ("r-nobody", "Follow up: Food Bank", manager_id, date(2026, 12, 2), "to_do", client_id,
         agency_id),
        ("r-open", "Follow up: Food Bank", referrer_id, date(2026, 12, 1), "to_do", client_id,
         agency_id)]
    database(app).engine.dispose()
