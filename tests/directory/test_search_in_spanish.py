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
