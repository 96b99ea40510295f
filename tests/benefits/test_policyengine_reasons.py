"""The PolicyEngine plugin's reasons, written without running PolicyEngine: kept as messages
and said in the reader's language."""

import pytest

from carebridge.benefits import household
from carebridge.benefits.engines import ScreeningContext
from carebridge.benefits.reasons import say
from carebridge.benefits.results import ProgramResult
from tests.benefits.conftest import AS_OF, facts_of, family, person

engine = pytest.importorskip("carebridge_benefits_policyengine.engine")
from carebridge_benefits_policyengine.programs import PROGRAMS  # noqa: E402

SNAP = next(p for p in PROGRAMS if p.id == "snap")
WIC = next(p for p in PROGRAMS if p.id == "wic")
HOUSEHOLD = family(person(income={"employment": 8000}), person("child", 3))


def result(program, readings, data=HOUSEHOLD):
    parsed = household.parse(data, AS_OF)
    context = ScreeningContext(AS_OF, facts_of(data))
    return engine._result(program, readings, [{}], parsed, context, "policyengine-us 1")


def said(app, result, language):
    # Kept and read back, as a stored screening is.
    kept = ProgramResult.from_dict(result.as_dict())
    with app.test_request_context(headers={"Accept-Language": language}):
        return [say(reason) for reason in kept.reasons]


def test_a_refusal_reads_in_english_and_in_spanish(app):
    refused = result(SNAP, [(False, 0.0, [], ["Gross income is over SNAP's limit."])])
    assert said(app, refused, "en") == [
        "Gross income is over SNAP's limit.",
        "Not eligible under the CA rules modelled for 2024.",
        "Household income is 470% of the 2024 poverty guideline."]
    assert said(app, refused, "es") == [
        "Los ingresos brutos superan el límite de SNAP.",
        "No es elegible según las reglas de CA modeladas para 2024.",
        "Los ingresos del hogar son el 470% de la guía de pobreza de 2024."]


def test_a_likely_program_its_people_and_value_read_in_spanish(app):
    likely = result(WIC, [(True, 1234.0, [0, 1], [])])
    assert said(app, likely, "en")[:2] == [
        "Likely eligible: the client and person 2 (child).", "Estimated $1,234 a month."]
    assert said(app, likely, "es")[:2] == [
        "Probablemente elegible: el cliente y persona 2 (child).",
        "Aproximadamente $1,234 al mes."]


def test_an_answer_that_cannot_run_reads_in_spanish(app):
    data = family(person(age=None), person("child", 3))
    parsed = household.parse(data, AS_OF)
    unknown = engine._unknown_without_running(SNAP, parsed, ["/members/0/age"], "v")
    assert said(app, unknown, "es")[0].startswith(
        "Estas reglas necesitan la edad y los ingresos de todos; no se sabe ")
