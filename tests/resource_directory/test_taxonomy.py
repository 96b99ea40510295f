"""The shipped Open Eligibility taxonomy, other taxonomies, and tagging services."""

from __future__ import annotations

from sqlalchemy import func, select

from resource_directory.importers import import_path
from resource_directory.models import Attribute, TaxonomyTerm
from resource_directory.taxonomy import load_taxonomy, tag_services


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


def test_san_mateo_services_are_tagged_by_their_keywords(session, cip_path):
    load_taxonomy(session)
    import_path(session, cip_path)

    report = tag_services(session)

    tagged = session.scalar(select(func.count(func.distinct(Attribute.link_id))))
    assert report.total_imported > 500
    assert tagged > 400
    assert tag_services(session).total_imported == 0
