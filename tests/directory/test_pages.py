"""The search page, with and without htmx, and a service's page."""

import pytest

HTMX = {"HX-Request": "true"}


@pytest.fixture
def worker(auth, world, directory):
    auth.login(world.email("alpha", "care_manager"))
    return auth.client


def test_the_page_works_as_a_plain_form(worker):
    response = worker.get("/directory/?q=electric+bill")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in page and 'name="q"' in page
    assert 'value="electric bill"' in page
    assert "Utility Bill Assistance" in page
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_gets_the_results_fragment_only(worker):
    response = worker.get("/directory/?q=electric+bill", headers=HTMX)
    fragment = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" not in fragment and 'id="search-form"' not in fragment
    assert "Utility Bill Assistance" in fragment
    assert "HX-Request" in response.headers["Vary"]


def test_restoring_history_gets_the_whole_page(worker):
    headers = {**HTMX, "HX-History-Restore-Request": "true"}
    assert "<html" in worker.get("/directory/?q=food", headers=headers).get_data(as_text=True)


def test_search_as_you_type_is_debounced_and_shareable(worker):
    page = worker.get("/directory/").get_data(as_text=True)
    assert 'hx-trigger="input changed delay:300ms, search"' in page
    assert 'hx-push-url="true"' in page
    assert 'method="get" action="/directory/"' in page


def test_every_htmx_link_keeps_a_plain_href(worker):
    page = worker.get("/directory/?per_page=2").get_data(as_text=True)
    import re

    for tag in re.findall(r"<a [^>]*hx-get[^>]*>", page):
        assert 'href="/directory/?' in tag
    assert "Page 1 of 3" in page


def test_a_card_shows_what_a_worker_reads_out(worker):
    page = worker.get("/directory/?q=counseling").get_data(as_text=True)
    assert "Senior Counseling" in page and "Peninsula Family Service" in page
    assert 'href="tel:6505550102"' in page
    assert "Open now" in page
    assert "Spanish, Chinese" in page
    assert "Age 55 or over" in page
    assert "Never verified" in page and "may be out of date" in page
    assert "<details class=\"why\"><summary>Why this result?</summary>" in page


def test_a_distance_and_a_recent_check_show_on_the_card(worker):
    page = worker.get("/directory/?zip=94019&sort=distance&q=food").get_data(as_text=True)
    assert page.index("Coastside Food Bank") < page.index("Saturday Food Pantry")
    assert " km</span>" in page
    assert "Free" in page


def test_filters_show_facet_counts_and_taxonomy_categories(worker):
    page = worker.get("/directory/").get_data(as_text=True)
    assert "<option>Food</option>" in page and "<option>Health</option>" in page
    assert 'Food Pantry <span class="count">2</span>' in page


def test_a_bad_zip_is_an_inline_message(worker):
    response = worker.get("/directory/?zip=99999")
    assert response.status_code == 400
    assert "ZIP 99999 is not a US ZIP code" in response.get_data(as_text=True)
    fragment = worker.get("/directory/?zip=99999", headers=HTMX)
    assert fragment.status_code == 200  # htmx swaps the message in
    assert "ZIP 99999" in fragment.get_data(as_text=True)


def test_no_results_says_so(worker):
    assert "No services match" in worker.get("/directory/?q=zzzzqqq").get_data(as_text=True)


def test_the_service_page(worker):
    response = worker.get("/directory/services/pantry")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Saturday Food Pantry" in page and "Second Harvest" in page
    assert "Saturdays 9am-1pm" in page
    assert "1 Main St, Redwood City, CA 94063" in page
    assert "Food Pantry" in page
    assert "Something wrong or missing?" in page
    assert "Mark verified today" not in page  # care managers do not edit the directory


def test_an_unknown_service_is_a_404_page(worker):
    assert worker.get("/directory/services/nope").status_code == 404


def test_the_nav_links_the_directory_for_those_who_may_read_it(auth, client, world, directory):
    auth.login(world.email("alpha", "intake"))
    page = client.get("/forms/").get_data(as_text=True)
    assert '<a href="/directory/">Directory</a>' in page
    assert "Suggested edits" not in page
    auth.logout()
    auth.login(world.email("alpha", "directory_editor"))
    page = client.get("/forms/").get_data(as_text=True)
    assert '<a href="/directory/edit/suggestions">Suggested edits</a>' in page


def test_the_pages_need_a_login(client, directory):
    response = client.get("/directory/?q=food")
    assert response.status_code == 303
    assert "/login" in response.headers["Location"]


def test_a_services_status_shows_and_withdrawn_services_are_not_found(app, worker):
    from carebridge.directory import index
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work
    from resource_directory.models import Service

    with unit_of_work(app, ALL_AGENCIES) as session:
        session.get(Service, "counseling").status = "temporarily closed"  # open 24/7 otherwise
        session.get(Service, "utility").status = "inactive"
        session.flush()
        index.rebuild(app, session)
    paused = worker.get("/directory/?q=senior+counseling").get_data(as_text=True)
    card = next(c for c in paused.split('<li class="card result">') if "Senior Counseling" in c)
    assert "Temporarily closed" in card and "Open now" not in card
    assert "Utility Bill Assistance" not in worker.get(
        "/directory/?q=utility+bill").get_data(as_text=True)
    page = worker.get("/directory/services/utility").get_data(as_text=True)
    assert "No longer offered (listed as inactive)" in page
