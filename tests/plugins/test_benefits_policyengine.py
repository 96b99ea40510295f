"""The bundled PolicyEngine US plugin on clear-cut households (slow: it loads the US rules)."""

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from carebridge import create_app
from carebridge.benefits import facts, household, poverty, screening
from carebridge.benefits.engines import ScreeningContext
from carebridge.benefits.reasons import say
from tests.benefits.conftest import family, person

pytest.importorskip("carebridge_benefits_policyengine")
from carebridge_benefits_policyengine.engine import PolicyEngineUS  # noqa: E402

AS_OF = date(2025, 3, 1)


@pytest.fixture(scope="module")
def engine():
    """One warm engine for the module, as a worker keeps one."""
    warm = PolicyEngineUS()
    warm.warm_up()
    return warm


def screen(engine, data):
    parsed = household.parse(data, AS_OF)
    found = facts.compute(parsed, AS_OF, poverty.PovertyGuidelines.load(poverty.SHIPPED))
    results = engine.screen(parsed, ScreeningContext(AS_OF, found))
    # Names and reasons as an English reader reads them.
    return {r.id: replace(r, name=say(r.name), reasons=tuple(say(reason) for reason in r.reasons))
            for r in results}


@pytest.mark.slow
def test_a_parent_with_no_income_and_two_young_children_in_california(engine):
    found = screen(engine, family(person(age=28), person("child", 2), person("child", 4),
                                  expenses={"rent": 1500, "utilities": 150, "child_care": 0,
                                            "medical": 0}))
    for program in ("snap", "wic", "medicaid", "tanf"):
        assert found[program].status == "likely_eligible", found[program]
    assert found["snap"].name == "CalFresh (SNAP)" and found["tanf"].name.startswith("CalWORKs")
    assert found["snap"].estimated_value.period == "month"
    assert 300 < found["snap"].estimated_value.amount <= 1000
    assert found["tanf"].estimated_value.amount > 500
    assert "person 2 (child) and person 3 (child)" in found["wic"].reasons[0]
    assert found["medicaid"].estimated_value.period == "year"
    assert found["eitc"].status == "likely_ineligible"  # no earnings, no EITC
    assert found["ca_yctc"].status == "likely_eligible"
    assert all(r.engine == "policyengine-us" and r.rules_version.startswith("policyengine-us ")
               for r in found.values())


@pytest.mark.slow
def test_a_high_income_couple_is_eligible_for_none_of_the_means_tested_programs(engine):
    found = screen(engine, family(person(age=45, income={"employment": 12000}),
                                  person("spouse", 44, income={"employment": 9000}),
                                  person("child", 10)))
    for program in ("snap", "wic", "medicaid", "chip", "tanf", "ssi", "eitc", "lifeline",
                    "ca_eitc", "ca_yctc", "ca_care"):
        assert found[program].status == "likely_ineligible", found[program]
    assert found["school_meals"].status == "likely_eligible"  # California's are universal
    assert "Household income is 946% of the 2025 poverty guideline." in found["snap"].reasons
    assert "Gross income is over SNAP's limit." in found["snap"].reasons


@pytest.mark.slow
def test_an_unknown_answer_that_decides_a_program_is_named_and_others_stand(engine):
    # A parent with no income and a 7-year-old: WIC turns on pregnancy, SNAP does not.
    found = screen(engine, family(person(age=25, pregnant=None), person("child", 7),
                                  state="TX", county=None))
    assert found["wic"].status == "unknown"
    assert found["wic"].missing == ("/members/0/pregnant",)
    assert found["wic"].reasons == (
        "The answer depends on whether the client is pregnant, which is not known.",)
    assert found["snap"].status == "likely_eligible"
    assert found["tanf"].name == "TANF cash assistance"
    assert "ca_eitc" not in found  # California's programs only in California


@pytest.mark.slow
def test_an_unknown_rent_gives_the_least_value_and_says_what_would_raise_it(engine):
    found = screen(engine, family(person(age=40, income={"employment": 1800}),
                                  person("child", 7), expenses={"utilities": 100}))
    snap = found["snap"]
    assert snap.status == "likely_eligible"
    assert "/expenses/rent" in snap.missing
    assert any(r.startswith("At least $") and "rent" in r for r in snap.reasons)


def test_without_everyones_income_and_age_nothing_runs_and_every_program_is_unknown():
    engine = PolicyEngineUS()
    found = screen(engine, family(person(income=None), person("child", None)))
    assert {r.status for r in found.values()} == {"unknown"}
    assert found["snap"].missing == ("/members/0/income", "/members/1/age")
    assert engine._simulation_class is None  # it never loaded the rules


def test_the_rules_version_is_read_without_loading_the_rules():
    # In a fresh process, as a web server is: create the app, queue a screening, read versions.
    code = """
import json, sys
from datetime import date
from carebridge import create_app
from carebridge.benefits import screening
app = create_app({"SECRET_KEY": "k", "JOBS_URL": "sqlite:///%s"}, instance_path=%r)
data = {"state": "CA", "members": [{"relationship": "self", "age": 30, "income": {}}]}
done = screening.start(data, as_of=date(2025, 3, 1), app=app)
print(json.dumps({"pending": done.pending,
                  "loaded": "policyengine_us" in sys.modules}))
"""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        run = subprocess.run([sys.executable, "-c", code % (f"{tmp}/jobs.sqlite3", tmp)],
                             capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == {"pending": ["policyengine-us"], "loaded": False}


@pytest.mark.slow
def test_a_screening_through_the_job_is_cached_for_the_same_facts(engine, tmp_path):
    app = create_app({"SECRET_KEY": "k", "JOBS_IMMEDIATE": True,
                      "BENEFIT_ENGINES": ["policyengine-us"]}, instance_path=tmp_path)
    from carebridge.benefits import engines

    engines.engines(app)["policyengine-us"]._simulation_class = engine._load()
    data = family(person(age=67, income={"social_security": 900}))
    first = screening.refresh(screening.start(data, as_of=AS_OF, app=app), app=app)
    assert first.status == "done" and not first.errors
    assert {p.id for p in first.programs} >= {"snap", "medicaid", "ssi"}
    again = screening.start(data, as_of=AS_OF, app=app)
    assert (again.status, again.job_id) == ("done", None)
    assert [p.as_dict() for p in again.programs] == [p.as_dict() for p in first.programs]
