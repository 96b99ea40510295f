"""On submit the version's scoring and need rules run: scores, bands and flags are stored with
the submission and shown everywhere; needs land on the client's file with their source."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from carebridge.assessments.answers import value_range
from carebridge.clients.models import ClientNeed
from carebridge.unit_of_work import unit_of_work
from tests.clients.conftest import shipped

PHQ_15_WITH_ITEM_9 = {"phq_1": 2, "phq_2": 2, "phq_3": 2, "phq_4": 2, "phq_5": 2, "phq_6": 2,
                      "phq_7": 1, "phq_8": 1, "phq_9": 1}


def answers_totalling(definition: dict, items: list[str], total: int) -> dict:
    answers, remaining = {}, total
    for path in items:
        low, _high = value_range(definition["schema"], path)
        answers[path.lstrip("/")] = low
        remaining -= low
    for path in items:
        low, high = value_range(definition["schema"], path)
        extra = min(high - low, remaining)
        answers[path.lstrip("/")] += extra
        remaining -= extra
    assert remaining == 0
    return answers


BAND_EDGES = [
    pytest.param(slug, rule["name"], edge, band["label"], id=f"{slug}-{rule['name']}-{edge}")
    for slug in ("phq-9", "gad-7", "ahc-hrsn")
    for rule in shipped(slug)["scoring"]["scores"]
    for band in rule["bands"]
    for edge in sorted({band["min"], band["max"]})
]


@pytest.mark.parametrize(("slug", "name", "value", "band"), BAND_EDGES)
def test_a_submission_stores_its_score_and_band_at_every_band_edge(
        slug, name, value, band, publish, submit, client, world):
    definition = shipped(slug)
    rule = next(r for r in definition["scoring"]["scores"] if r["name"] == name)
    others = [r for r in definition["scoring"]["scores"] if r["name"] != name]
    answers = {}
    for other in others:  # the other scores' items at their lowest (PHQ-2 within PHQ-9…)
        answers.update(answers_totalling(definition, other["items"], 0 if slug != "ahc-hrsn"
                                         else len(other["items"])))
    answers.update(answers_totalling(definition, rule["items"], value))
    publish(slug)
    made = submit(slug, answers)
    stored = client.get(f"/api/v1/submissions/{made['id']}",
                        headers=world.headers("alpha", "care_manager")).json
    assert stored["scores"] == made["scores"]
    found = next(s for s in stored["scores"] if s["name"] == name)
    assert (found["value"], found["band"], found["label"]) == (value, band, rule["label"])


def test_the_reported_phq9_case_is_scored_banded_and_flagged_everywhere(
        publish, submit, client, world, auth, make_client):
    client_id = make_client()
    publish("phq-9")
    made = submit("phq-9", PHQ_15_WITH_ITEM_9, client_id=client_id)
    assert made["client_id"] == client_id
    assert {"name": "total", "label": "PHQ-9 total", "value": 15,
            "band": "Moderately severe depression"} in made["scores"]
    assert [f["name"] for f in made["flags"]] == ["self_harm"]
    assert made["flags"][0]["severity"] == "high" and made["flags"][0]["message"]
    auth.login(world.email("alpha", "care_manager"))
    page = client.get(f"/forms/submissions/{made['id']}").get_data(as_text=True)
    assert "Moderately severe depression" in page and "Thoughts of death or self-harm" in page
    printed = client.get(f"/forms/phq-9/submissions/{made['id']}/print").get_data(as_text=True)
    assert "15" in printed and "Moderately severe depression" in printed
    assert "Thoughts of death or self-harm" in printed
    file = client.get(f"/clients/{client_id}").get_data(as_text=True)
    assert "Moderately severe depression" in file and "Thoughts of death or self-harm" in file


def test_a_form_without_scoring_answers_empty_lists(client, world, submit):
    note = {"id": "note", "title": "Note", "kind": "assessment",
            "schema": {"type": "object", "properties": {"text": {"type": "string"}}}}
    assert client.post("/api/v1/forms", json=note,
                       headers=world.headers("alpha", "admin")).status_code == 201
    made = submit("note", {"text": "Called back"})
    assert (made["scores"], made["flags"], made["client_id"]) == ([], [], None)


def test_a_client_of_another_agency_cannot_be_named(publish, submit, make_client):
    theirs = make_client("beta")
    publish("phq-9")
    refused = submit("phq-9", PHQ_15_WITH_ITEM_9, client_id=theirs, status=422)
    assert refused["errors"][0]["pointer"] == "/client_id"


def needs_of(world, client_id):
    with unit_of_work(world.app, world.agencies["alpha"]) as session:
        return [(n.code, n.status, n.submission_id) for n in session.scalars(
            select(ClientNeed).where(ClientNeed.client_id == client_id).order_by(ClientNeed.id))]


AHC_RULES = [
    ("housing", {"living_situation": "worried"}),
    ("housing", {"living_situation": "not_steady"}),
    ("housing_quality", {"housing_problems": ["mold"]}),
    ("food", {"food_worried": "sometimes_true"}),
    ("food", {"food_did_not_last": "often_true"}),
    ("transportation", {"transportation": "yes"}),
    ("utilities", {"utilities": "already_shut_off"}),
    ("safety", {"safety_hurt": 3, "safety_insult": 3, "safety_threaten": 3,
                "safety_scream": 2}),
]
INTAKE_CODES = [rule["need"] for rule in shipped("adult-intake")["needs"]]


@pytest.mark.parametrize(("code", "answers"), AHC_RULES)
def test_each_ahc_need_rule_adds_its_need_with_the_submission_as_source(
        code, answers, publish, submit, world, make_client):
    client_id = make_client()
    publish("ahc-hrsn")
    made = submit("ahc-hrsn", answers, client_id=client_id)
    assert needs_of(world, client_id) == [(code, "identified", made["id"])]


def test_ahc_answers_that_indicate_nothing_add_no_need(publish, submit, world, make_client):
    client_id = make_client()
    publish("ahc-hrsn")
    submit("ahc-hrsn", {"living_situation": "steady", "housing_problems": ["none"],
                        "food_worried": "never_true", "transportation": "no",
                        "utilities": "no", "safety_hurt": 5, "safety_insult": 1,
                        "safety_threaten": 1, "safety_scream": 1}, client_id=client_id)
    assert needs_of(world, client_id) == []


@pytest.mark.parametrize("item_9", [0, 1, 3])
def test_the_phq9_need_rule_follows_item_9(item_9, publish, submit, world, make_client):
    client_id = make_client()
    publish("phq-9")
    made = submit("phq-9", {**PHQ_15_WITH_ITEM_9, "phq_9": item_9}, client_id=client_id)
    expected = [("mental_health", "identified", made["id"])] if item_9 else []
    assert needs_of(world, client_id) == expected


def intake_answers(**extra) -> dict:
    return {"given_name": "Rosa", "family_name": "Díaz", "date_of_birth": "1975-02-03",
            "preferred_language": "es", "has_income": False, **extra}


@pytest.mark.parametrize("code", INTAKE_CODES)
def test_each_intake_need_rule_adds_the_need_the_client_asked_for(code, publish, submit, world):
    publish("adult-intake")
    made = submit("adult-intake", intake_answers(needs_requested=[code]))
    assert needs_of(world, made["client_id"]) == [(code, "identified", made["id"])]


def test_an_open_need_is_not_repeated_by_a_second_submission(publish, submit, world,
                                                              make_client):
    client_id = make_client()
    publish("ahc-hrsn")
    first = submit("ahc-hrsn", {"food_worried": "often_true"}, client_id=client_id)
    submit("ahc-hrsn", {"food_worried": "often_true", "transportation": "yes"},
           client_id=client_id)
    assert [(c, s) for c, s, _ in needs_of(world, client_id)] == [
        ("food", "identified"), ("transportation", "identified")]
    assert needs_of(world, client_id)[0][2] == first["id"]


def test_the_csv_export_has_the_client_scores_bands_and_flags(
        publish, submit, client, auth, world, make_client):
    import csv
    import io

    client_id = make_client()
    publish("phq-9")
    submit("phq-9", PHQ_15_WITH_ITEM_9, client_id=client_id)
    submit("phq-9", {**PHQ_15_WITH_ITEM_9, "phq_9": 0, "phq_8": 0})
    auth.login(world.email("alpha", "care_manager"))
    text = client.get("/exports/phq-9.csv").get_data(as_text=True).removeprefix("\ufeff")
    header, first, second = list(csv.reader(io.StringIO(text)))
    assert header[4:10] == ["Client", "PHQ-9 total", "PHQ-9 total band",
                            "PHQ-2 (first two items)", "PHQ-2 (first two items) band", "Flags"]
    assert first[4:10] == [client_id, "15", "Moderately severe depression", "4",
                           "Positive depression screen", "Thoughts of death or self-harm (high)"]
    assert second[4:10] == ["", "13", "Moderate depression", "4",
                            "Positive depression screen", ""]


def test_a_drafts_preview_scores_the_answers_so_far(publish, client, world):
    publish("phq-9")
    headers = world.headers("alpha", "care_manager")
    draft = client.post("/api/v1/forms/phq-9/drafts", json={"data": {"phq_1": 3, "phq_2": 1,
                                                                      "phq_9": 2}},
                        headers=headers).json
    read = client.get(f"/api/v1/forms/phq-9/drafts/{draft['id']}", headers=headers).json
    assert read["preview"]["scores"] == [{"name": "phq_2", "label": "PHQ-2 (first two items)",
                                          "value": 4, "band": "Positive depression screen"}]
    assert [f["name"] for f in read["preview"]["flags"]] == ["self_harm"]
