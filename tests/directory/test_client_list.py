"""The client list: collect services during a call, then print it or copy it as text."""

import pytest

HTMX = {"HX-Request": "true"}


@pytest.fixture
def worker(auth, world, directory):
    auth.login(world.email("alpha", "intake"))
    return auth


def change(worker, headers=None, **form):
    token = worker.csrf_token("/directory/")
    return worker.client.post("/directory/list", data={"csrf_token": token, **form},
                              headers=headers or {})


def test_adding_with_htmx_returns_the_panel_and_the_new_toggle(worker):
    response = change(worker, HTMX, action="add", service_id="pantry")
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'id="client-list"' in fragment and "Saturday Food Pantry" in fragment
    assert 'id="toggle-pantry"' in fragment and 'hx-swap-oob="true"' in fragment
    assert 'value="remove"' in fragment
    page = worker.client.get("/directory/?q=pantry").get_data(as_text=True)
    assert "✓ On client list" in page


def test_without_javascript_a_change_redirects_back(worker):
    response = change(worker, action="add", service_id="pantry", next="/directory/?q=food")
    assert response.status_code == 303
    assert response.headers["Location"] == "/directory/?q=food"
    response = change(worker, action="add", service_id="pantry", next="https://evil.example/")
    assert response.headers["Location"] == "/directory/list"


def test_removing_and_clearing(worker):
    for service_id in ("pantry", "utility"):
        change(worker, action="add", service_id=service_id)
    change(worker, action="add", service_id="pantry")  # twice is once
    text = worker.client.get("/directory/list.txt").get_data(as_text=True)
    assert text.count("Saturday Food Pantry") == 1
    change(worker, action="remove", service_id="pantry")
    text = worker.client.get("/directory/list.txt").get_data(as_text=True)
    assert "Saturday Food Pantry" not in text and "Utility Bill Assistance" in text
    change(worker, action="clear")
    assert "Utility" not in worker.client.get("/directory/list.txt").get_data(as_text=True)


def test_an_unknown_service_or_action_is_refused(worker):
    assert change(worker, action="add", service_id="nope").status_code == 404
    assert change(worker, action="shred").status_code == 422


def test_the_plain_text_reads_well_in_an_sms(worker):
    change(worker, action="add", service_id="counseling")
    response = worker.client.get("/directory/list.txt")
    assert response.mimetype == "text/plain"
    assert response.get_data(as_text=True) == (
        "Services for you\n"
        "\n"
        "1. Senior Counseling (Peninsula Family Service)\n"
        "   Phone: 650 555-0102\n"
        "   Address: 1 Main St, San Mateo, CA 94401\n"
        "   Hours: Open around the clock\n"
        "   Languages: Spanish, Chinese\n"
        "   Who can use it: Age 55 or over\n"
    )


def test_section_labels_follow_the_clients_language(worker):
    change(worker, action="add", service_id="counseling")
    change(worker, action="language", language="es")
    response = worker.client.get("/directory/list.txt")
    text = response.get_data(as_text=True)
    assert response.headers["Content-Language"] == "es"
    assert text.startswith("Servicios para usted\n")
    assert "   Teléfono: 650 555-0102" in text
    assert "   Horario: Open around the clock" in text  # the directory's own words stay
    assert "   Quién puede usarlo: Age 55 or over" in text
    page = worker.client.get("/directory/list").get_data(as_text=True)
    assert 'lang="es"' in page and "<dt>Dirección</dt>" in page
    assert change(worker, action="language", language="xx").status_code == 422


def test_the_print_page_has_a_print_stylesheet_and_the_text_to_copy(worker):
    change(worker, action="add", service_id="pantry")
    page = worker.client.get("/directory/list").get_data(as_text=True)
    assert "directory.css" in page
    assert '<textarea id="list-text" readonly' in page
    with worker.client.get("/assets/directory.css") as response:
        assert "@media print" in response.get_data(as_text=True)


def test_the_list_belongs_to_the_session(worker, client, app):
    change(worker, action="add", service_id="pantry")
    other = app.test_client()
    from tests.conftest import Auth

    Auth(other).login("care_manager@beta.example.org")
    assert "Pantry" not in other.get("/directory/list.txt").get_data(as_text=True)
