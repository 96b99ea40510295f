"""Screening: agency rules in the request, background engines in a job, answers cached."""

import json
from datetime import date
from pathlib import Path

import counting_engine_plugin
import pytest

from carebridge import create_app
from carebridge.app_state import app_state
from carebridge.benefits import engines, programs, screening
from carebridge.errors import InvalidInput, NotFound
from tests.benefits.conftest import family, person

AS_OF = date(2025, 3, 1)
PROGRAMS = programs.parse_all([
    {"id": "rent-help", "name": "Emergency rental assistance",
     "rule": {"properties": {"income_percent_of_poverty": {"maximum": 200},
                             "county": {"const": "San Mateo"}}},
     "value": {"amount": 1500, "period": "once"}, "services": ["svc-housing-1"]},
    {"id": "seniors", "name": "Senior lunch",
     "rule": {"properties": {"members_60_or_older": {"minimum": 1}}},
     "value": {"amount": 120, "period": "month"}},
])


@pytest.fixture
def app(tmp_path):
    counting_engine_plugin.CountingEngine.runs = 0
    return create_app({"SECRET_KEY": "k", "JOBS_IMMEDIATE": True,
                       "PLUGINS": ["counting_engine_plugin"],
                       "BENEFIT_ENGINES": ["agency", "counting"]},
                      instance_path=tmp_path / "instance")


def start(app, data, **options):
    return screening.start(data, as_of=AS_OF, agency_programs=PROGRAMS, app=app, **options)


def test_agency_programs_answer_at_once_and_the_background_engine_through_a_job(app):
    first = start(app, family(person(age=66, income={"social_security": 900})), agency_id=1)
    assert first.status == "working" and first.pending == ("counting",) and first.job_id
    assert [p.id for p in first.programs] == ["rent-help", "seniors"]
    assert [p.id for p in screening.refresh(first, app=app).programs] == [
        "cash", "rent-help", "seniors"]  # engine order: installed plugins, then built-ins
    done = screening.refresh(first, agency_id=1, app=app)
    assert done.status == "done"
    assert {p.id: p.status for p in done.programs} == {
        "rent-help": "likely_eligible", "seniors": "likely_eligible", "cash": "likely_eligible"}
    shown = done.as_dict()
    assert shown["totals"] == {"likely_monthly_value": 370}  # 120 + 250; the once-only is not
    assert shown["poverty_guideline"] == {"year": 2025, "annual_amount": 15650,
                                          "household_size": 1, "percent": 69.0}
    assert shown["programs"][1]["services"] == ["svc-housing-1"]
    assert shown["programs"][1]["engine"] == "agency"
    assert "not a determination" in shown["disclaimer"]


def test_the_same_household_again_is_answered_from_the_cache(app):
    data = family(person(income={"employment": 800}))
    screening.refresh(start(app, data), app=app)
    assert counting_engine_plugin.CountingEngine.runs == 1
    again = start(app, family(person(income={"employment": 800.0, "ssi": 0})))
    assert (again.status, again.job_id) == ("done", None)
    assert counting_engine_plugin.CountingEngine.runs == 1
    assert [p.id for p in again.programs] == ["cash", "rent-help", "seniors"]


def test_a_change_of_facts_or_rules_version_is_not_answered_from_the_cache(app):
    screening.refresh(start(app, family(person(income={"employment": 800}))), app=app)
    assert start(app, family(person(income={"employment": 801}))).status == "working"
    engine = engines.engines(app)["counting"]
    engine.version = "v2"
    try:
        assert start(app, family(person(income={"employment": 800}))).status == "working"
    finally:
        engine.version = "v1"


def test_unknown_facts_reach_every_engine(app):
    done = screening.refresh(start(app, family(person(income=None), county=None)), app=app)
    by_id = {p.id: p for p in done.programs}
    assert by_id["rent-help"].status == "unknown"
    assert set(by_id["rent-help"].missing) == {"/members/0/income", "/county"}
    assert by_id["cash"].missing == ("/members/0/income",)
    assert done.as_dict()["poverty_guideline"]["percent"] is None


def test_a_failed_engine_is_reported_and_the_rest_stand(app):
    done = screening.refresh(start(app, family(person(), state="WY", county=None)), app=app)
    assert done.errors == [{"engine": "counting", "message": "Wyoming is not modelled."}]
    assert [p.id for p in done.programs] == ["rent-help", "seniors"]


def test_another_agency_cannot_follow_the_job(app):
    first = start(app, family(person()), agency_id=1)
    with pytest.raises(NotFound):
        screening.refresh(first, agency_id=2, app=app)


def test_a_bad_household_is_refused_before_anything_runs(app):
    with pytest.raises(InvalidInput) as caught:
        start(app, {"state": "CA", "members": [{"relationship": "child", "age": 3}]})
    assert caught.value.problems[0].pointer == "/members"
    assert counting_engine_plugin.CountingEngine.runs == 0


def test_a_screening_survives_being_stored_as_json(app):
    first = start(app, family(person(age=70)))
    restored = screening.Screening.from_dict(first.as_dict())
    assert restored.as_dict() == first.as_dict()
    assert screening.refresh(restored, app=app).status == "done"


def test_without_background_engines_there_is_no_job(tmp_path):
    app = create_app({"SECRET_KEY": "k", "BENEFIT_ENGINES": ["agency"]},
                     instance_path=tmp_path / "i")
    done = start(app, family(person()))
    assert (done.status, done.job_id) == ("done", None)


class NotAnEngine:
    id = "broken"


def test_the_hook_contract_refuses_what_is_not_an_engine(tmp_path, monkeypatch):
    app = create_app({"SECRET_KEY": "k"}, instance_path=tmp_path / "i")
    hook = app_state(app).hook
    monkeypatch.setattr(hook, "register_benefit_engines", lambda: [[NotAnEngine()]])
    with pytest.raises(TypeError, match="not a benefit engine"):
        engines.engines(app)
    twice = counting_engine_plugin.CountingEngine()
    monkeypatch.setattr(hook, "register_benefit_engines", lambda: [[twice], [twice]])
    with pytest.raises(ValueError, match="Two benefit engines"):
        engines.engines(app)


@pytest.mark.parametrize(("program", "where", "says"), [
    ({"id": "Rent Help", "name": "x", "rule": {}}, "/id", ""),
    ({"id": "rent", "rule": {}}, "/name", "required"),
    ({"id": "rent", "name": "x", "rule": {"properties": {"income": {"maximum": 2}}}},
     "/rule/properties/income", "no fact called 'income'"),
    ({"id": "rent", "name": "x", "rule": {}, "value": {"amount": 5, "period": "week"}},
     "/value/period", ""),
])
def test_programs_are_checked_at_the_field(program, where, says):
    with pytest.raises(InvalidInput) as caught:
        programs.parse(program)
    found = {p.pointer: p.message for p in caught.value.problems}
    assert where in found and says in found[where], found


def test_program_ids_are_unique_and_each_has_a_rules_version():
    with pytest.raises(InvalidInput) as caught:
        programs.parse_all([{"id": "a1", "name": "A", "rule": {}},
                            {"id": "a1", "name": "B", "rule": {}}])
    assert caught.value.problems[0].pointer == "/1/id"
    one, two = programs.parse_all([{"id": "a1", "name": "A", "rule": {}},
                                   {"id": "a2", "name": "A", "rule": {"required": ["zip"]}}])
    assert one.version != two.version and len(one.version) == 12


def test_the_demo_programs_are_valid_and_judge_a_family(tmp_path):
    path = Path(programs.__file__).parent / "data" / "demo-programs.json"
    demo = programs.parse_all(json.loads(path.read_text()))
    app = create_app({"SECRET_KEY": "k", "BENEFIT_ENGINES": ["agency"]}, instance_path=tmp_path)
    done = screening.start(family(person(income={"employment": 2500}), person("child", 3),
                                  expenses={"rent": 1400, "utilities": 100}),
                           as_of=AS_OF, agency_programs=demo, app=app)
    assert {p.id: p.status for p in done.programs} == {
        "emergency-rental-assistance": "likely_eligible",   # 142% FPG, housing 60%
        "utility-assistance-fund": "likely_eligible",       # a child under 6
        "food-pantry": "likely_eligible"}
    assert done.as_dict()["totals"] == {"likely_monthly_value": 160}
