"""A fresh instance has an empty directory: a normal state with a normal page, never a 500."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("query", ["", "?q=food", "?q=food&zip=94063&radius=10",
                                   "?open_now=1&language=es", "?category=food&page=2"])
def test_an_empty_directory_answers_every_search_with_no_results(auth, world, query):
    auth.login(world.email("alpha", "care_manager"))
    for headers in ({}, {"HX-Request": "true"}):
        response = auth.client.get(f"/directory/{query}", headers=headers)
        assert response.status_code in (200, 400), query  # 400: a filter it cannot read
        if response.status_code == 200:
            assert "No services match" in response.get_data(as_text=True)


def test_an_empty_directory_api_search_is_an_empty_page(client, world):
    response = client.get("/api/v1/directory/search?q=food",
                          headers=world.headers("alpha", "care_manager"))
    assert response.status_code == 200
    assert response.json["total"] == 0
