"""A worker who reads Spanish searches in everyday Spanish; the page is Spanish, the services'
own descriptions stay as the directory has them."""

import pytest

from tests.directory.conftest import ids

pytestmark = pytest.mark.postgres

SPANISH = {"Accept-Language": "es"}


@pytest.fixture
def worker(auth, world, directory):
    auth.login(world.email("alpha", "care_manager"))
    return auth.client


@pytest.mark.parametrize(("text", "expected"), [
    ("comida", {"pantry", "foodbank"}),
    ("ayuda con la luz", {"utility"}),
    ("ayuda para pagar la luz", {"utility"}),
    ("consejería", {"counseling"}),
])
def test_everyday_spanish_finds_the_services(search, text, expected):
    found = ids(search(q=text))
    assert found and set(found[:len(expected)]) == expected


def test_a_need_no_service_meets_finds_nothing_rather_than_anything(search):
    assert ids(search(q="dentista")) == [] and ids(search(q="vivienda")) == []


def test_the_search_page_is_in_spanish_and_the_services_words_are_not(worker):
    page = worker.get("/directory/?q=comida", headers=SPANISH).get_data(as_text=True)
    assert '<html lang="es-US" dir="ltr">' in page
    for text in ("Buscar un servicio", "¿Qué necesita el cliente?", "Filtros", "Horario",
                 "Agregar a la lista del cliente", "¿Por qué este resultado?"):
        assert text in page, text
    assert "Saturday Food Pantry" in page and "Saturdays 9am-1pm" in page
    assert "2 servicios" in page


def test_why_this_result_is_worded_in_the_readers_language(worker, client, world):
    args = "/directory/?q=comida&language=Spanish&free=1&city=Redwood+City"
    spanish = worker.get(args, headers=SPANISH).get_data(as_text=True)
    for reason in ("habla español", "gratis", "en Redwood City"):
        assert f"<li>{reason}</li>" in spanish, reason
    english = worker.get(args, headers={"Accept-Language": "en"}).get_data(as_text=True)
    for reason in ("speaks Spanish", "free", "in Redwood City"):
        assert f"<li>{reason}</li>" in english, reason
    # The API's "why" follows Accept-Language as its messages do.
    answer = client.get("/api/v1/directory/search?q=comida&language=Spanish",
                        headers={**world.headers("alpha", "care_manager"), **SPANISH}).get_json()
    assert "habla español" in answer["results"][0]["why"]
