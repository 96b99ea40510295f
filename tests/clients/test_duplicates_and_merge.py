"""Likely duplicates (same date of birth and a similar name, or the same phone) and merging two
records of one person, generic over every table that refers to a client."""

from datetime import date

import pytest
from sqlalchemy import select

from carebridge.audit import AuditEvent
from carebridge.clients.duplicates import likely_duplicates, same_name, similar_names
from carebridge.clients.merging import client_references, merge_clients
from carebridge.clients.models import Client, name_key
from carebridge.errors import Conflict
from carebridge.forms.models import Draft, FormDefinition, FormVersion
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work


@pytest.mark.parametrize(("a", "b"), [
    (("María", "López"), ("Maria", "Lopez")),
    (("Maria", "Lopez"), ("Mariah", "Lopes")),
    (("Jon", "Smith"), ("John", "Smyth")),
    (("Nguyen", "Lan"), ("Lan", "Nguyen")),  # given and family swapped
    (("José-Luis", "García Márquez"), ("Jose Luis", "Garcia Marquez")),
    (("Мария", "Иванова"), ("мария", "иванова")),
])
def test_names_written_differently_are_similar(a, b):
    assert similar_names(*a, *b)


@pytest.mark.parametrize(("a", "b"), [
    (("Maria", "Lopez"), ("Ana", "Wong")),
    (("Robert", "Okafor"), ("Roberta", "Ostrowski")),
    (("Lan", "Nguyen"), ("Linh", "Tran")),
])
def test_different_people_are_not_similar(a, b):
    assert not similar_names(*a, *b)


@pytest.mark.parametrize(("a", "b"), [
    (("Мария", "Иванова"), ("Анна", "Петрова")),
    (("王", "小明"), ("李", "华")),
    (("فاطمة", "حسن"), ("مريم", "علي")),
])
def test_names_in_other_scripts_are_names_not_nothing(a, b):
    # An intake updates the client with the same name and date of birth: two different
    # people named in Cyrillic, Chinese or Arabic must not read as the same (empty) name.
    assert not same_name(*a, *b) and not similar_names(*a, *b)
    assert same_name(*a, *a) and name_key(*a) != ""


def test_duplicates_need_the_same_birth_date_or_phone_and_skip_merged_records(world, make_client):
    same = make_client(given_name="Maria", family_name="Lopez")
    make_client(given_name="Maria", family_name="Lopez", birth_date=date(1990, 1, 1))
    phone = make_client(given_name="Ana", family_name="Wong", phone="6505550100")
    make_client(given_name="Mariah", family_name="Lopes", status="merged")
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        found = likely_duplicates(session, given_name="María", family_name="López",
                                  birth_date=date(1980, 5, 17), phone="6505550100")
        assert {d.client.id for d in found} == {same, phone}
        assert likely_duplicates(session, given_name="María", family_name="López",
                                 birth_date=date(1980, 5, 17), exclude=same) == []


def test_duplicates_are_never_looked_for_in_another_agency(world, make_client):
    make_client("beta")
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        assert likely_duplicates(session, given_name="María", family_name="López",
                                 birth_date=date(1980, 5, 17)) == []


def test_every_table_that_refers_to_a_client_is_merged(world, make_client):
    names = {(table.name, column) for table, column in client_references()}
    assert {("submissions", "client_id"), ("drafts", "client_id"),
            ("client_needs", "client_id")} <= names
    assert ("clients", "merged_into_id") not in names


def test_a_merge_moves_drafts_keeps_both_records_and_is_audited(world, make_client):
    keep, other = make_client(), make_client(given_name="Maria",
                                             external_ids=[{"system": "HMIS", "value": "9"}])
    user = world.users[("alpha", "care_manager")]
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        form = FormDefinition(slug="x", title="X", kind="assessment", latest_version=1)
        session.add(form)
        session.flush()
        version = FormVersion(definition_id=form.id, number=1, document={}, digest="d")
        session.add(version)
        session.flush()
        session.add(Draft(definition_id=form.id, form_version_id=version.id, data={},
                          client_id=other))
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        moved = merge_clients(session, session.get(Client, keep), session.get(Client, other),
                              user_id=user)
        assert moved == {"drafts": 1}
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        assert session.scalar(select(Draft.client_id)) == keep
        kept = session.get(Client, keep)
        assert kept.external_ids == [{"system": "HMIS", "value": "9"}]
        events = session.scalars(select(AuditEvent).where(
            AuditEvent.action == "update", AuditEvent.object_type == "Client")).all()
        assert {(e.object_id, e.user_id) for e in events} == {(keep, user), (other, user)}
        with pytest.raises(Conflict):
            merge_clients(session, kept, session.get(Client, other), user_id=user)


def test_a_merge_moves_only_rows_of_the_agency(world, make_client):
    keep, other = make_client(), make_client()
    with unit_of_work(world.app, ALL_AGENCIES) as session:
        form = FormDefinition(slug="y", title="Y", kind="assessment", latest_version=1,
                              agency_id=world.agencies["beta"])
        session.add(form)
        session.flush()
        version = FormVersion(definition_id=form.id, number=1, document={}, digest="d",
                              agency_id=world.agencies["beta"])
        session.add(version)
        session.flush()
        # A row of another agency that (wrongly) names this client: the merge leaves it be.
        session.add(Draft(definition_id=form.id, form_version_id=version.id, data={},
                          client_id=other, agency_id=world.agencies["beta"]))
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        assert merge_clients(session, session.get(Client, keep), session.get(Client, other),
                             user_id=None) == {}
    with unit_of_work(world.app, ALL_AGENCIES) as session:
        assert session.scalar(select(Draft.client_id)) == other
