"""Tenancy: every agency-owned row is scoped in one place; nothing leaks between agencies."""

import pytest
from sqlalchemy import select

from carebridge.auth.models import User
from carebridge.forms.models import FormDefinition
from carebridge.tenancy import ALL_AGENCIES, NO_TENANT, TenancyError
from carebridge.unit_of_work import unit_of_work

pytestmark = pytest.mark.postgres


def test_a_scoped_session_sees_only_its_agency(app, world):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        emails = set(session.scalars(select(User.email)))
    assert emails == {world.email("alpha", role) for role in ("admin", "care_manager", "intake",
                                                              "directory_editor")}


def test_another_agencys_row_is_invisible_even_by_primary_key(app, world):
    with unit_of_work(app, world.agencies["alpha"]) as session:
        assert session.get(User, world.users[("beta", "admin")]) is None


def test_an_unscoped_session_cannot_touch_tenant_data(app, world):
    with unit_of_work(app, NO_TENANT) as session, pytest.raises(TenancyError):
        session.scalars(select(User)).all()


def test_new_rows_take_the_sessions_agency(app, world):
    with unit_of_work(app, world.agencies["beta"]) as session:
        form = FormDefinition(slug="x", title="X", kind="intake")
        session.add(form)
        session.flush()
        assert form.agency_id == world.agencies["beta"]


def test_writing_a_row_for_another_agency_is_refused(app, world):
    with pytest.raises(TenancyError):
        with unit_of_work(app, world.agencies["alpha"]) as session:
            form = FormDefinition(slug="x", title="X", kind="intake")
            form.agency_id = world.agencies["beta"]
            session.add(form)
            session.flush()


def test_operators_see_every_agency(app, world):
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert session.query(User).count() == 8


def test_acting_for_an_agency_gives_the_session_its_agency_back_afterwards():
    from sqlalchemy.orm import Session

    from carebridge.tenancy import ALL_AGENCIES, acting_for, set_tenant, tenant_of

    session = Session()
    set_tenant(session, ALL_AGENCIES)
    with acting_for(session, 7):
        assert tenant_of(session) == 7
    assert tenant_of(session) is ALL_AGENCIES
    with pytest.raises(RuntimeError), acting_for(session, 8):
        raise RuntimeError("the block failed")
    assert tenant_of(session) is ALL_AGENCIES
