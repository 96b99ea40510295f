"""Answers valid in one language are valid in all (a translation changes words, never a rule):
valid answers are judged without choosing the request's language; problems are worded in it."""

import json
from pathlib import Path

import pytest

from carebridge.forms import service

PHQ9 = json.loads((Path(__file__).parents[2] / "form_definitions/instruments/phq-9.json")
                  .read_text())
SPANISH = {"Accept-Language": "es-US,es;q=0.9"}


@pytest.fixture
def phq9(client, world):
    made = client.post("/api/v1/forms", json=PHQ9, headers=world.headers("alpha", "admin"))
    assert made.status_code == 201
    return {**world.headers("alpha", "intake"), **SPANISH}


@pytest.fixture
def languages_chosen(monkeypatch):
    chosen = []
    choose = service.form_language
    monkeypatch.setattr(service, "form_language", lambda: chosen.append(1) or choose())
    return chosen


def test_valid_answers_are_judged_without_choosing_a_language(client, phq9, languages_chosen):
    answers = {f"phq_{n}": 1 for n in range(1, 10)}
    answer = client.post("/api/v1/forms/phq-9/submissions", json={"data": answers},
                         headers=phq9)
    assert answer.status_code == 201
    assert languages_chosen == []


def test_problems_are_worded_in_the_requests_language(client, phq9, languages_chosen):
    answers = {**{f"phq_{n}": 1 for n in range(1, 10)}, "phq_1": 7}
    answer = client.post("/api/v1/forms/phq-9/submissions", json={"data": answers},
                         headers=phq9)
    assert answer.status_code == 422
    assert answer.json["errors"] == [{"pointer": "/phq_1",
                                      "message": "Elija una de las opciones."}]
    assert languages_chosen == [1]
