"""The PolicyEngine plugin's reasons, written without running PolicyEngine: kept as messages
and said in the reader's language."""

import json

import pytest

from carebridge.benefits import household
from carebridge.benefits.engines import ScreeningContext
from carebridge.benefits.reasons import say
from carebridge.benefits.results import ProgramResult, program_name
from carebridge.i18n import gettext
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
        "Probablemente elegible: el cliente y la persona 2 (hijo o hija).",
        "Aproximadamente $1,234 al mes."]


def test_an_answer_that_cannot_run_reads_in_spanish(app):
    data = family(person(age=None), person("child", 3))
    parsed = household.parse(data, AS_OF)
    unknown = engine._unknown_without_running(SNAP, parsed, ["/members/0/age"], "v")
    assert said(app, unknown, "es") == [
        "Estas reglas necesitan la edad y los ingresos de todos; no se sabe la edad del "
        "cliente."]


def test_the_answers_an_unknown_depends_on_are_named_in_spanish(app):
    data = family(person(), person("child", 3, pregnant=None, income=None))
    parsed = household.parse(data, AS_OF)
    context = ScreeningContext(AS_OF, facts_of(data))
    readings = [(True, 0.0, [], []), (False, 0.0, [], []), (True, 0.0, [], []),
                (False, 0.0, [], [])]
    chosen = [{"/members/1/income": a, "/members/1/pregnant": b}
              for a in (0, 1) for b in (False, True)]
    unknown = engine._result(WIC, readings, chosen, parsed, context, "v")
    assert said(app, unknown, "en") == [
        "The answer depends on whether person 2 (child) is pregnant, which is not known."]
    assert said(app, unknown, "es") == [
        "La respuesta depende de si la persona 2 (hijo o hija) espera un bebé, que no se "
        "sabe."]


@pytest.mark.parametrize(("state", "english", "spanish"), [
    ("CA", "CalFresh (SNAP)", "CalFresh (SNAP, cupones de alimentos)"),
    ("TX", "SNAP (food stamps)", "SNAP (cupones de alimentos)"),
])
def test_a_programs_name_is_kept_in_english_and_read_in_spanish(app, state, english, spanish):
    refused = result(SNAP, [(False, 0.0, [], [])], family(person(), state=state))
    kept = ProgramResult.from_dict(json.loads(json.dumps(refused.as_dict())))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert program_name(kept.as_dict()) == english
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert program_name(kept.as_dict()) == spanish


def test_a_name_kept_as_plain_text_before_names_were_messages_still_reads(app):
    with app.test_request_context(headers={"Accept-Language": "es"}):
        assert program_name({"name": "CalFresh (SNAP)"}) == "CalFresh (SNAP)"


def test_every_program_name_has_its_spanish(app):
    names = {n for p in PROGRAMS for n in (p.name, *p.names_by_state.values())}
    with app.test_request_context(headers={"Accept-Language": "es"}):
        untranslated = [n for n in names if gettext(n) == n]
    # Names that are the same in Spanish: the programs' own proper names.
    assert sorted(untranslated) == ["Medi-Cal (Medicaid)", "Medicaid"]
