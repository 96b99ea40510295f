"""A long form costs in proportion to its questions: the work (Python lines run by Carebridge,
a count rather than a clock) of a fill page, a submission with every answer missing and a page
of flat ``ui.sections`` grows about 10× for 10× the questions, never with questions × sections."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from werkzeug.datastructures import MultiDict

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))
long_form = pytest.importorskip("long_form")


def growth(path: str, *, flat: bool, pages: bool = False) -> float:
    small = long_form.Paths(long_form.definition(146, flat=flat, pages=pages))
    large = long_form.Paths(long_form.definition(1460, flat=flat, pages=pages))
    getattr(small, path)(), getattr(large, path)()  # compiled and cached, as in a request
    return long_form.lines_run(getattr(large, path)) / long_form.lines_run(getattr(small, path))


@pytest.mark.parametrize("flat", [False, True], ids=["nested sections", "flat ui.sections"])
def test_a_fill_page_does_ten_times_the_work_for_ten_times_the_questions(flat):
    assert growth("fill", flat=flat) < 12


@pytest.mark.parametrize("flat", [False, True], ids=["nested sections", "flat ui.sections"])
def test_submitting_a_long_form_empty_does_linear_work_per_missing_answer(flat):
    assert growth("check", flat=flat) < 12


def test_a_wizard_page_of_a_long_form_does_no_more_than_linear_work():
    # A page holds one section's questions, yet carries every other page's answers and knows
    # every question's visibility: linear in the form, never questions × pages.
    assert growth("fill", flat=True, pages=True) < 12


def test_a_section_draws_its_own_questions_in_the_forms_order():
    paths = long_form.Paths(long_form.definition(146, flat=True))
    html = paths.fill()
    first, second = paths.form.sections[0]["fields"], paths.form.sections[1]["fields"]
    at = [html.index(f'name="{name}"') for name in first[:3] + second[:3]]
    assert at == sorted(at)
    assert html.index("Section 1") < html.index(f'name="{second[0]}"')
    assert html.index(f'name="{first[-1]}"') < html.index("Section 1")


def test_an_mds_sized_assessment_publishes_under_the_default_limits_and_fills(app, world, auth):
    from carebridge.forms import service
    from carebridge.tenancy import set_tenant
    from carebridge.unit_of_work import unit_of_work

    document = long_form.definition(1460)
    with unit_of_work(app, world.agencies["alpha"]) as session:
        set_tenant(session, world.agencies["alpha"])
        with app.app_context():
            service.publish(session, document, user_id=world.users[("alpha", "admin")])
    auth.login(world.email("alpha", "intake"))
    response = auth.client.get(f"/forms/{document['id']}/fill")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert html.count('class="form-section"') + html.count('<fieldset class="group') >= 20
    assert 'name="section19.s19_q70"' in html


def test_the_schema_limits_still_refuse_a_definition_beyond_them(app):
    from carebridge.errors import InvalidInput
    from carebridge.forms.definitions import parse_definition

    huge = long_form.definition(1460 * 5)
    with pytest.raises(InvalidInput) as refused, app.app_context():
        parse_definition(huge, app.config)
    assert "limit" in str(refused.value.problems[0].message)


# -- through the app: the work of one request, counted in lines run, at 146 and 1,460 questions


@pytest.fixture
def publish(app, world):
    """Publish generated assessments in agency "alpha"; returns their documents."""
    from carebridge.forms import service
    from carebridge.tenancy import set_tenant
    from carebridge.unit_of_work import unit_of_work

    def publish(**kind) -> dict:
        documents = {n: long_form.definition(n, **kind) for n in (146, 1460)}
        with unit_of_work(app, world.agencies["alpha"]) as session:
            set_tenant(session, world.agencies["alpha"])
            with app.app_context():
                for document in documents.values():
                    service.publish(session, document, user_id=world.users[("alpha", "admin")])
        return documents

    return publish


def request_growth(request) -> float:
    """How much more work ``request(1460)`` does than ``request(146)``, both after a first
    call (the version compiled, its validator and plans kept, as on a busy server)."""
    request(146), request(1460)
    return long_form.lines_run(lambda: request(1460)) / long_form.lines_run(lambda: request(146))


def test_an_api_submission_of_every_answer_does_linear_work(client, world, publish):
    documents = publish()
    answers = {n: long_form.answers(d) for n, d in documents.items()}

    def submit(n):
        response = client.post(f"/api/v1/forms/{documents[n]['id']}/submissions",
                               json={"data": answers[n]}, headers=world.headers("alpha", "intake"))
        assert response.status_code == 201, response.get_data(as_text=True)[:300]

    assert request_growth(submit) < 12


@pytest.mark.parametrize("through", ["api", "page"])
def test_submitting_a_long_form_empty_does_linear_work_for_its_hundreds_of_errors(
        through, client, auth, world, publish):
    documents = publish(flat=True)
    auth.login(world.email("alpha", "intake"))
    tokens = {n: auth.csrf_token(f"/forms/{d['id']}/fill") for n, d in documents.items()}
    said = {}

    def submit(n):
        slug = documents[n]["id"]
        if through == "api":
            response = client.post(f"/api/v1/forms/{slug}/submissions", json={"data": {}},
                                   headers=world.headers("alpha", "intake"))
            said[n] = len(response.get_json()["errors"])
        else:
            response = client.post(f"/forms/{slug}/fill",
                                   data={"csrf_token": tokens[n], "_action": "submit"})
            said[n] = response.get_data(as_text=True).count('class="field-error"')
        assert response.status_code == 422

    assert request_growth(submit) < 12
    assert said[1460] >= 10 * said[146] - 20 and said[1460] >= 250  # hundreds, each one said


def test_a_wizards_next_with_every_answer_posted_does_linear_work(client, auth, world, publish):
    documents = publish(flat=True, pages=True)
    auth.login(world.email("alpha", "intake"))
    posts = {}
    for n, document in documents.items():
        fields = long_form.posted(document, long_form.answers(document))
        posts[n] = [("csrf_token", auth.csrf_token(f"/forms/{document['id']}/fill")), *fields,
                    ("_action", "next"), ("_page", "0")]

    def next_page(n):
        response = client.post(f"/forms/{documents[n]['id']}/fill", data=MultiDict(posts[n]))
        assert response.status_code == 200
        assert 'aria-current="step"' in response.get_data(as_text=True)

    assert request_growth(next_page) < 12
