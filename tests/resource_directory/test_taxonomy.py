"""The shipped Open Eligibility taxonomy, other taxonomies, and tagging services."""

from __future__ import annotations

import json

from sqlalchemy import func, select

from resource_directory.importers import import_path
from resource_directory.models import Attribute, TaxonomyTerm
from resource_directory.taxonomy import load_taxonomy, tag_services
from resource_directory.taxonomy_crosswalk import Crosswalk, TermIndex


def test_open_eligibility_is_shipped_and_loads_with_parents(session):
    report = load_taxonomy(session)

    assert report.imported["taxonomy_term"] == 384
    # The published file gives id 1206 to both "Medical Care" and "Primary Care".
    assert [r.reason for r in report.rejections] == ["the same record appears earlier, at term 100"]
    food = session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.name == "Food Pantry")).one()
    parent = session.get(TaxonomyTerm, food.parent_id)
    assert parent.name == "Food"


def test_loading_twice_changes_nothing(session):
    load_taxonomy(session)

    again = load_taxonomy(session)

    assert again.total_imported == 0 and again.total_updated == 0


def test_another_taxonomy_loads_from_csv(session, tmp_path):
    path = tmp_path / "needs.csv"
    path.write_text("code,name,parent_code\nF,Food,\nF1,Meals,F\nX1,Orphan,Z\n")

    report = load_taxonomy(session, path, name="Local needs")

    meals = session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.code == "F1")).one()
    assert session.get(TaxonomyTerm, meals.parent_id).name == "Food"
    assert [r.reason for r in report.rejections] == ["parent Z is not in the taxonomy"]


def test_every_cip_import_tags_its_services_with_taxonomy_terms(session, cip_path):
    # No taxonomy loaded by hand: the import loads Open Eligibility and tags with it.
    report = import_path(session, cip_path)

    tagged = session.scalar(select(func.count(func.distinct(Attribute.link_id))))
    assert report.tagged > 2000
    assert tagged > 1100  # of 1,689 services: clubs and libraries have no term
    assert tag_services(session).total_imported == 0  # tagging again adds nothing


def test_the_crosswalk_tags_what_a_service_provides_and_whom_it_serves(session, tmp_path):
    path = tmp_path / "records.json"
    path.write_text(json.dumps([[{
        "name": "Agape Pantry", "agency": "Agape Church",
        "keywords": ["COMMODITY SERVICES", "Food Boxes/Food Vouchers", "Older Adults"],
    }]]))

    import_path(session, path)

    tags = {
        (term.name, attribute.link_type)
        for attribute, term in session.execute(
            select(Attribute, TaxonomyTerm).join(
                TaxonomyTerm, TaxonomyTerm.id == Attribute.taxonomy_term_id
            )
        )
    }
    assert ("Food Pantry", "category") in tags
    assert ("Emergency Food", "category") in tags
    assert ("Goods", "category") in tags
    assert ("Seniors", "audience") in tags


def test_an_agency_crosswalk_adds_to_the_shipped_one(session, tmp_path):
    load_taxonomy(session)
    extra = tmp_path / "ours.json"
    extra.write_text(json.dumps({"services": {"Cupboard": ["Food Pantry"]}}))
    path = tmp_path / "records.json"
    path.write_text(json.dumps([[{"name": "Caring Corner", "keywords": ["Cupboard"]}]]))
    import_path(session, path, tag=False)

    tag_services(session, crosswalk=Crosswalk.load([extra]))

    names = session.scalars(
        select(TaxonomyTerm.name).join(Attribute, Attribute.taxonomy_term_id == TaxonomyTerm.id)
    ).all()
    assert names == ["Food Pantry"]


def test_every_crosswalk_entry_names_terms_the_taxonomy_has(session):
    load_taxonomy(session)
    index = TermIndex(session.scalars(select(TaxonomyTerm)))
    crosswalk = Crosswalk.load()

    unknown = [
        reference
        for table in (crosswalk.services, crosswalk.situations)
        for references in table.values()
        for reference in references
        if not index.find(reference)
    ]
    assert unknown == []


def test_ohana_categories_tag_the_services_they_name(session, shared_data):
    folder = shared_data("data", "ohana-san-mateo", "directory_2014")

    report = import_path(session, folder)

    assert report.tagged > 300
    tagged = session.scalar(select(func.count(func.distinct(Attribute.link_id))))
    assert tagged > 300
