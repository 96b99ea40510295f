"""Validation messages and API errors come in the language the request asks for."""

from __future__ import annotations

import pytest

from carebridge.forms.validation import make_validator, problems

SPANISH = {"Accept-Language": "es-US,es;q=0.9"}

HOUSEHOLD = {
    "id": "household", "title": "Household", "kind": "intake",
    "schema": {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "type": "object", "required": ["name", "household"],
        "properties": {
            "name": {"type": "string", "title": "Full name", "minLength": 1},
            "email": {"type": "string", "format": "email"},
            "household": {"type": "array", "maxItems": 2, "items": {
                "type": "object", "required": ["age"],
                "properties": {"age": {"type": "integer", "minimum": 0}}}},
        },
    },
    "translations": {"es": {"/title": "Hogar",
                            "/schema/properties/name/title": "Nombre completo"}},
}


@pytest.fixture
def household(client, world):
    created = client.post("/api/v1/forms", json=HOUSEHOLD, headers=world.headers("alpha", "admin"))
    assert created.status_code == 201, created.json
    return created.json["id"]


def submit(client, world, slug, data, headers):
    response = client.post(f"/api/v1/forms/{slug}/submissions", json={"data": data},
                           headers={**world.headers("alpha", "admin"), **headers})
    assert response.status_code == 422
    return response.json


def test_the_api_answers_in_the_language_accept_language_asks_for(client, world, household):
    data = {"email": "nope", "household": [{"age": "siete"}, {"age": -1}, {}]}
    english = submit(client, world, household, data, {})
    spanish = submit(client, world, household, data, SPANISH)
    assert english["message"] == "The answers have problems; nothing was saved."
    assert spanish["message"] == "Las respuestas tienen problemas; no se guardó nada."
    said = {e["pointer"]: e["message"] for e in spanish["errors"]}
    assert said == {
        "/email": "Escriba un correo electrónico como nombre@ejemplo.org.",
        "/household": "Agregue como máximo 2 elementos.",
        "/household/0/age": "Escriba un número entero.",
        "/household/1/age": "Debe ser al menos 0.",
        "/household/2/age": "Esta respuesta es obligatoria.",
        # The question is named as the Spanish form names it.
        "/name": "Falta la respuesta a «Nombre completo».",
    }
    assert {e["pointer"]: e["message"] for e in english["errors"]}["/name"] == (
        "Full name is required.")


def test_api_errors_of_every_kind_are_translated(client, world):
    headers = {**world.headers("alpha", "admin"), **SPANISH}
    assert client.get("/api/v1/forms/nothing", headers=headers).json["message"] == (
        "No existe el formulario 'nothing'.")
    assert client.get("/api/v1/forms", headers=SPANISH).json["message"].startswith(
        "Autentíquese con")
    bad = client.post("/api/v1/forms", data="{", content_type="application/json",
                      headers=headers)
    assert bad.json["message"].startswith("JSON mal formado en la línea 1")


@pytest.mark.parametrize("schema, value, english, spanish", [
    ({"type": "integer"}, "x", "Enter a whole number.", "Escriba un número entero."),
    ({"type": ["string", "null"]}, 1, "Enter text or an empty answer.",
     "Escriba texto o una respuesta vacía."),
    ({"enum": ["a"]}, "b", "Choose one of the options.", "Elija una de las opciones."),
    ({"maximum": 5}, 6, "Must be at most 5.", "Debe ser como máximo 5."),
    ({"minLength": 1}, "", "This answer cannot be empty.", "Esta respuesta no puede quedar vacía."),
    ({"minLength": 3}, "a", "Use at least 3 characters.", "Use al menos 3 caracteres."),
    ({"maxLength": 1}, "ab", "Use at most 1 character.", "Use como máximo 1 carácter."),
    ({"pattern": "^[0-9]+$"}, "a", "This answer is not in the expected format.",
     "Esta respuesta no tiene el formato esperado."),
    ({"minItems": 1}, [], "Add at least 1 item.", "Agregue al menos 1 elemento."),
    ({"uniqueItems": True}, [1, 1], "Each item must be different.",
     "Cada elemento debe ser distinto."),
    ({"format": "date"}, "2026-13-01", "Enter a date (YYYY-MM-DD).",
     "Escriba una fecha (AAAA-MM-DD)."),
])
def test_each_validation_message_has_its_spanish(app, schema, value, english, spanish):
    validator = make_validator(schema)
    with app.test_request_context():
        assert [p.message for p in problems(validator, value)] == [english]
    with app.test_request_context(headers=SPANISH):
        assert [p.message for p in problems(validator, value)] == [spanish]
