"""The benefits pages: a screening started from the client's intake, results with values,
reasons, unknowns and where to apply, "will apply" as a need, the working state, the client
file's section, the programs page — and another agency's clients and screenings not found."""

import re

import counting_engine_plugin
from sqlalchemy import select

from carebridge.app_state import app_state
from carebridge.benefits.models import BenefitScreening
from carebridge.clients.models import ClientNeed
from carebridge.clients.sections import collect
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.benefits.conftest import FOOD, RENT_HELP, add_intake, add_program, make_client
from tests.conftest import test_app

INTAKE = {
    "given_name": "Maria", "family_name": "Lopez", "date_of_birth": "1990-04-02",
    "address": {"street": "1 Main St", "city": "San Mateo", "state": "CA", "zip": "94401"},
    "household_members": [
        {"name": "Leo", "relationship": "child", "age": 4},
        {"name": "Ana", "relationship": "spouse_partner", "date_of_birth": "1988-01-01",
         "monthly_income": 900},
    ],
    "has_income": True,
    "income_sources": [{"source": "wages", "amount": 1200}, {"source": "ssdi", "amount": 300}],
}


def setup_client(world, agency="alpha", answers=INTAKE):
    agency_id = world.agencies[agency]
    client_id = make_client(world.app, agency_id)
    add_intake(world.app, agency_id, client_id, answers)
    return client_id


def form_of(page: str) -> dict:
    """The values a browser would post from the household form as drawn."""
    values = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        if 'type="radio"' not in name:
            values[name] = value
    for tag in re.findall(r'<input type="radio"[^>]*>', page):
        if " checked" in tag:
            name = re.search(r'name="([^"]+)"', tag).group(1)
            values[name] = re.search(r'value="([^"]+)"', tag).group(1)
    for name, body in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected', body)
        values[name] = chosen.group(1) if chosen else ""
    return values


def test_the_form_starts_from_the_latest_intake(client, auth, world):
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    page = client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True)
    values = form_of(page)
    assert values["zip"] == "94401" and values["county"] == "San Mateo"
    assert values["m0_birth_date"] == "1990-04-02"
    assert values["m0_income"] == "some"
    assert values["m0_income_employment"] == "1200"
    assert values["m0_income_social_security"] == "300"
    assert values["m1_relationship"] == "child" and values["m1_age"] == "4"
    assert values["m2_relationship"] == "spouse" and values["m2_income_other"] == "900"
    assert "say which sources" in page  # the intake gave Ana's total without its source
    assert values["m0_pregnant"] == "unknown"  # never asked: don't know, not a guess
    assert values["expense_rent"] == ""


def test_running_the_form_keeps_a_screening_with_values_reasons_and_unknowns(
        client, auth, world):
    add_program(world.app, world.agencies["alpha"], RENT_HELP)
    add_program(world.app, world.agencies["alpha"], FOOD)
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    values["m1_income"] = "none"  # the intake did not say; the worker asked
    values["m2_income"] = "unknown"  # not sure about Ana's income after all
    answer = client.post(f"/clients/{client_id}/benefits/new", data={**values, "action": "run"})
    assert answer.status_code == 303
    page = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "This is a screening, not a determination" in page
    assert "Unknown (2)" in page
    assert "To know, find out: the income of person 3 (spouse)." in page
    assert "Decided by Agency programs" in page
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        kept = session.scalars(select(BenefitScreening)).one()
        assert kept.client_id == client_id and kept.submission_id is not None
        assert kept.created_by_id == world.users[("alpha", "care_manager")]
        assert kept.poverty_year >= 2025 and set(kept.engines) == {"agency"}
        assert kept.household["members"][2]["income"] is None  # kept as "don't know"


def test_a_likely_program_shows_its_value_and_the_monthly_total(client, auth, world):
    page = client.get(run_food_screening(client, auth, world)).get_data(as_text=True)
    assert "Likely eligible (1)" in page
    assert "$160 a month" in page
    assert "Likely value: about $160 a month" in page
    assert re.search(r"Income is [0-9.]+% of the 20\d\d federal poverty guideline", page)


SPANISH = {"Accept-Language": "es-US,es;q=0.9"}


def run_food_screening(client, auth, world) -> str:
    """The food program screened in English; the results page's address."""
    add_program(world.app, world.agencies["alpha"], FOOD)
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    values["m1_income"] = "none"
    answer = client.post(f"/clients/{client_id}/benefits/new", data={**values, "action": "run"})
    return answer.headers["Location"]


def test_reasons_are_said_in_the_language_of_whoever_reads_them(client, auth, world):
    page_url = run_food_screening(client, auth, world)
    english = client.get(page_url).get_data(as_text=True)
    assert re.search(r"Income is [0-9.]+% of the 20\d\d poverty guideline; the limit is 300%\.",
                     english)
    spanish = client.get(page_url, headers=SPANISH).get_data(as_text=True)
    assert re.search(r"Los ingresos son el [0-9.]+% de la guía de pobreza de 20\d\d; el límite "
                     r"es 300%\.", spanish)
    assert "poverty guideline;" not in spanish
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        kept = session.scalars(select(BenefitScreening)).one()
        reason = kept.result["programs"][0]["reasons"][0]  # kept as a message, not words
        assert reason["text"] == "%(subject)s; %(condition)s."


def test_reasons_kept_as_plain_sentences_before_they_were_messages_still_show(
        client, auth, world):
    page_url = run_food_screening(client, auth, world)
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        kept = session.scalars(select(BenefitScreening)).one()
        programs = [{**p, "reasons": ["Income is 40% of the 2025 poverty guideline; the limit "
                                      "is 300%."]} for p in kept.result["programs"]]
        kept.result = {**kept.result, "programs": programs}
    page = client.get(page_url, headers=SPANISH).get_data(as_text=True)
    assert "<li>Income is 40% of the 2025 poverty guideline; the limit is 300%.</li>" in page


def test_bad_answers_come_back_inline_with_422(client, auth, world):
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    values.update({"m1_age": "four", "zip": "9440"})
    answer = client.post(f"/clients/{client_id}/benefits/new", data={**values, "action": "run"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert 'id="m1_age-error"' in page
    assert 'aria-invalid="true"' in page


def test_more_rows_without_javascript(client, auth, world):
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    page = client.post(f"/clients/{client_id}/benefits/new",
                       data={**values, "action": "more"}).get_data(as_text=True)
    assert 'name="m5_relationship"' in page and 'name="m6_relationship"' not in page


def run_screening(client, client_id) -> str:
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    values["m1_income"] = "none"
    return client.post(f"/clients/{client_id}/benefits/new",
                       data={**values, "action": "run"}).headers["Location"]


def test_will_apply_adds_a_need_once(client, auth, world):
    add_program(world.app, world.agencies["alpha"], FOOD)
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    shown = run_screening(client, client_id)
    token = auth.csrf_token(shown)
    for _ in range(2):
        answer = client.post(f"{shown}/apply/food-pantry", data={"csrf_token": token})
        assert answer.status_code == 303
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        needs = session.scalars(select(ClientNeed)).all()
        assert [(n.code, n.label) for n in needs] == [("food", "Food")]
        assert "Apply for Food bank weekly groceries" in needs[0].note
        assert "$160 a month" in needs[0].note
    page = client.get(shown).get_data(as_text=True)
    assert "it is on their needs" in page


def test_will_apply_serves_an_open_need_of_the_same_kind_and_adds_a_care_plan_goal(
        client, auth, world):
    from carebridge.auth.models import User
    from carebridge.careplans import service as careplans
    from carebridge.careplans.models import Goal
    from carebridge.clients import needs as needs_service
    from carebridge.clients.models import Client
    from carebridge.forms import service as forms
    from tests.careplans.conftest import shipped_documents

    agency_id = world.agencies["alpha"]
    add_program(world.app, agency_id, FOOD)
    client_id = setup_client(world)
    with unit_of_work(world.app, agency_id) as session:
        for document in shipped_documents():
            forms.publish(session, document, user_id=None)
        person = session.get(Client, client_id)
        manager = session.get(User, world.users[("alpha", "care_manager")])
        needs_service.add_need(session, person, "food", user_id=manager.id)
        template = next(d["id"] for d in shipped_documents() if d["kind"] == "care_plan")
        careplans.create_plan(session, person, template, user=manager)
    auth.login(world.email("alpha", "care_manager"))
    shown = run_screening(client, client_id)
    token = auth.csrf_token(shown)
    client.post(f"{shown}/apply/food-pantry", data={"csrf_token": token})
    page = client.get(shown).get_data(as_text=True)
    assert "already has this open need" in page
    assert "Care plan goal: Apply for Food bank weekly groceries." in page
    client.post(f"{shown}/apply/food-pantry", data={"csrf_token": token})
    with unit_of_work(world.app, agency_id) as session:
        assert len(session.scalars(select(ClientNeed)).all()) == 1
        goals = session.scalars(select(Goal).where(
            Goal.statement == "Apply for Food bank weekly groceries")).all()
        assert [(g.need, g.status) for g in goals] == [("food", "active")]


def test_a_screening_of_the_same_answers_is_the_kept_one(client, auth, world):
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    first = client.post(f"/clients/{client_id}/benefits/new", data={**values, "action": "run"})
    again = client.post(f"/clients/{client_id}/benefits/new", data={**values, "action": "run"})
    assert first.headers["Location"] == again.headers["Location"]
    page = client.get(again.headers["Location"]).get_data(as_text=True)
    assert "Nothing has changed since this screening" in page


def test_a_rules_change_offers_to_run_again_with_the_same_answers(client, auth, world):
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    shown = client.post(f"/clients/{client_id}/benefits/new",
                        data={**values, "action": "run"}).headers["Location"]
    assert "The rules have changed" not in client.get(shown).get_data(as_text=True)
    add_program(world.app, world.agencies["alpha"], FOOD)
    page = client.get(shown).get_data(as_text=True)
    assert "The rules have changed" in page
    rerun = client.post(f"{shown}/rerun", data={"csrf_token": auth.csrf_token(shown)})
    assert rerun.status_code == 303 and rerun.headers["Location"] != shown
    assert "Food bank weekly groceries" in client.get(rerun.headers["Location"]).get_data(
        as_text=True)


def test_while_an_engine_works_the_results_poll_and_offer_a_refresh_link(
        world, database_url, tmp_path):
    counting_engine_plugin.CountingEngine.runs = 0
    app = test_app(database_url, tmp_path / "slow", PLUGINS=["counting_engine_plugin"],
                   BENEFIT_ENGINES=["agency", "counting"])
    client = app.test_client()
    from tests.conftest import Auth

    auth = Auth(client)
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    shown = client.post(f"/clients/{client_id}/benefits/new",
                        data={**values, "action": "run"}).headers["Location"]
    page = client.get(shown).get_data(as_text=True)
    assert 'hx-trigger="every 2s"' in page and "Working: Counting engine" in page
    assert f'<a href="{shown}">Refresh</a>' in page
    fragment = client.get(f"{shown}/results", headers={"HX-Request": "true"})
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'id="results"' in fragment.get_data(as_text=True)


def test_the_client_file_section_comes_from_the_hook(world):
    client_id = setup_client(world)
    app = world.app
    with unit_of_work(app, world.agencies["alpha"]) as session, \
            app.test_request_context():
        from carebridge.auth.models import User
        from carebridge.clients.models import Client

        client = session.get(Client, client_id)
        manager = session.get(User, world.users[("alpha", "care_manager")])
        editor = session.get(User, world.users[("alpha", "directory_editor")])
        sections = collect(app_state(app).hook.client_file_sections(client=client, user=manager))
        assert [s.key for s in sections if s.key == "benefits"] == ["benefits"]
        section = next(s for s in sections if s.key == "benefits")
        assert section.url == f"/clients/{client_id}/benefits/"
        assert section.template == "benefits/_section.html"
        assert not [s for s in collect(app_state(app).hook.client_file_sections(
            client=client, user=editor)) if s.key == "benefits"]


def test_another_agencys_client_and_screening_are_not_found(client, auth, world):
    theirs = setup_client(world, "beta")
    ours = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    values = form_of(client.get(f"/clients/{ours}/benefits/new").get_data(as_text=True))
    shown = client.post(f"/clients/{ours}/benefits/new",
                        data={**values, "action": "run"}).headers["Location"]
    screening_id = shown.rstrip("/").rsplit("/", 1)[1]
    assert client.get(f"/clients/{theirs}/benefits/").status_code == 404
    assert client.get(f"/clients/{theirs}/benefits/new").status_code == 404
    # Another client's screening is not found under this client either.
    other = setup_client(world)
    assert client.get(f"/clients/{other}/benefits/{screening_id}").status_code == 404
    auth.logout()
    auth.login(world.email("beta", "care_manager"))
    assert client.get(shown).status_code == 404
    assert client.get(f"{shown}/results", headers={"HX-Request": "true"}).status_code == 404
    assert client.post(f"{shown}/apply/food-pantry",
                       data={"csrf_token": auth.csrf_token("/forms/")}).status_code == 404


def test_only_benefits_managers_edit_programs(client, auth, world):
    auth.login(world.email("alpha", "care_manager"))
    assert client.get("/benefits/programs/").status_code == 403


def test_the_programs_page_previews_a_rule_on_a_test_household_then_saves(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    page = client.get("/benefits/programs/new").get_data(as_text=True)
    assert "income_percent_of_poverty" in page  # the documented facts are listed
    token = auth.csrf_token("/benefits/programs/new")
    household = ('{"state": "CA", "county": "San Mateo", "members": [{"relationship": "self",'
                 ' "age": 70, "income": {"social_security": 1000}}]}')
    form = {"csrf_token": token, "id": "senior-meals", "name": "Senior meals",
            "rule": '{"properties": {"members_60_or_older": {"minimum": 1}}}',
            "amount": "80", "period": "month", "household": household}
    preview = client.post("/benefits/programs/new", data={**form, "action": "preview"})
    assert preview.status_code == 200
    text = preview.get_data(as_text=True)
    assert "On the test household" in text and "Likely eligible" in text
    with unit_of_work(world.app, ALL_AGENCIES) as session:
        assert session.scalars(select(BenefitScreening)).all() == []
    bad = client.post("/benefits/programs/new",
                      data={**form, "rule": '{"properties": {"agee": {"minimum": 1}}}',
                            "action": "save"})
    assert bad.status_code == 422 and "Did you mean" in bad.get_data(as_text=True)
    saved = client.post("/benefits/programs/new", data={**form, "action": "save"})
    assert saved.status_code == 303
    assert "Senior meals" in client.get("/benefits/programs/").get_data(as_text=True)


def test_where_to_apply_is_agency_editable(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    page = client.get("/benefits/programs/snap/where-to-apply").get_data(as_text=True)
    assert "Food Benefits" in page and "CalFresh" in page
    token = auth.csrf_token("/benefits/programs/snap/where-to-apply")
    answer = client.post("/benefits/programs/snap/where-to-apply",
                         data={"csrf_token": token, "label": "CalFresh",
                               "categories": "Food Benefits", "keywords": "CalFresh\nEBT",
                               "need_code": "food", "services": "not-a-service"})
    assert answer.status_code == 422
    answer = client.post("/benefits/programs/snap/where-to-apply",
                         data={"csrf_token": token, "label": "CalFresh",
                               "categories": "Food Benefits", "keywords": "CalFresh\nEBT",
                               "need_code": "food", "services": ""})
    assert answer.status_code == 303
    assert "EBT" in client.get("/benefits/programs/").get_data(as_text=True)


def test_roles_without_benefits_screen_cannot_open_the_pages(client, auth, world):
    client_id = setup_client(world)
    auth.login(world.email("alpha", "intake"))
    assert client.get(f"/clients/{client_id}/benefits/new").status_code == 403
    assert client.get(f"/clients/{client_id}/benefits/").status_code == 403


def test_the_preview_alone_for_htmx_says_why_it_cannot_run(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    token = auth.csrf_token("/benefits/programs/new")
    form = {"csrf_token": token, "id": "x1", "name": "X", "rule": '{"properties": {}}',
            "household": '{"state": "CA", "members": [{"relationship": "self", "age": 30}]}'}
    answer = client.post("/benefits/programs/_preview", data=form, headers={"HX-Request": "true"})
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "<html" not in text
    assert "On the test household" in text and "Likely eligible" in text
    broken = client.post("/benefits/programs/_preview", data={**form, "rule": "{"},
                         headers={"HX-Request": "true"}).get_data(as_text=True)
    assert "Cannot try it yet" in broken and "not JSON" in broken


def test_the_client_file_shows_the_latest_screening_and_each_one_on_the_timeline(
        client, auth, world):
    add_program(world.app, world.agencies["alpha"], FOOD)
    client_id = setup_client(world)
    auth.login(world.email("alpha", "care_manager"))
    empty = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "No benefits screening yet." in empty
    values = form_of(client.get(f"/clients/{client_id}/benefits/new").get_data(as_text=True))
    values["m1_income"] = "none"
    shown = client.post(f"/clients/{client_id}/benefits/new",
                        data={**values, "action": "run"}).headers["Location"]
    page = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert 'id="section-benefits"' in page
    assert "1 program likely" in page and "about $160 a month" in page
    assert page.count(f'href="{shown}"') >= 2  # the section and the timeline
    assert f'href="/clients/{client_id}"' in client.get(shown).get_data(as_text=True)


def test_an_engines_program_names_and_unknown_answers_read_in_spanish(client, auth, world):
    # A result as the PolicyEngine plugin keeps it: its name and the answers it lacks are
    # messages, kept in English by a worker and said in whoever reads the page's language.
    from carebridge.benefits.household import Household, field_phrase
    from carebridge.benefits.reasons import Reason
    from carebridge.benefits.results import ProgramResult

    page_url = run_food_screening(client, auth, world)
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        kept = session.scalars(select(BenefitScreening)).one()
        household = Household.from_dict(kept.household)
        missing = ("/members/1/pregnant", "/members/2/income")
        snap = ProgramResult(
            id="snap", name=Reason("CalFresh (SNAP)"), status="unknown", engine="agency",
            rules_version="v", missing=missing, reasons=(Reason(
                "The answer depends on %(answers)s, which are not known.",
                {"answers": Reason.words(field_phrase(household, p) for p in missing)}),))
        lifeline = ProgramResult(id="wic", name=Reason("Lifeline (phone or internet discount)"),
                            status="likely_eligible", engine="agency", rules_version="v")
        kept.result = {**kept.result, "programs": [*kept.result["programs"], snap.as_dict(),
                                                   lifeline.as_dict()]}
    spanish = client.get(page_url, headers=SPANISH).get_data(as_text=True)
    assert "<h3>CalFresh (SNAP, cupones de alimentos) " in spanish
    assert ("La respuesta depende de si la persona 2 (hijo o hija) espera un bebé y los "
            "ingresos de la persona 3 (cónyuge o pareja), que no se saben.") in spanish
    assert ("Para saberlo, averigüe: si la persona 2 (hijo o hija) espera un bebé; los ingresos "
            "de la persona 3 (cónyuge o pareja).") in spanish
    assert "Decidido por Programas de la agencia" in spanish
    english = client.get(page_url).get_data(as_text=True)
    assert "<h3>CalFresh (SNAP) " in english
    assert ("To know, find out: whether person 2 (child) is pregnant; the income of person 3 "
            "(spouse).") in english
    file_page = client.get(f"/clients/{kept.client_id}", headers=SPANISH).get_data(as_text=True)
    assert "<li>Lifeline (descuento en teléfono o internet)</li>" in file_page
    assert "<li>Food bank weekly groceries: " in file_page  # an agency's own name, as written


def test_the_program_page_describes_the_facts_in_spanish(client, auth, world):
    auth.login(world.email("alpha", "admin"))
    page = client.get("/benefits/programs/new", headers=SPANISH).get_data(as_text=True)
    assert "<dd>Número de personas en el hogar.</dd>" in page
    assert "(212.5 significa 212.5%)" in page
