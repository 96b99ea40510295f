"""A printed care plan is the client's: it comes in their preferred language."""

import sqlalchemy as sa

from carebridge.clients.models import Client
from carebridge.unit_of_work import unit_of_work
from tests.careplans.test_care_plan_pages import manager, start_plan  # noqa: F401


def test_the_printed_plan_follows_the_clients_language(app, manager, maria, shipped):  # noqa: F811
    with unit_of_work(app, shipped.agencies["alpha"]) as session:
        session.execute(sa.update(Client).where(Client.id == maria)
                        .values(preferred_language="es-MX"))
    location = start_plan(manager, maria)
    printed = manager.get(f"{location}/print").get_data(as_text=True)
    assert 'lang="es' in printed and "Quién hace qué, y para cuándo" in printed
    for_the_file = manager.get(f"{location}/print?lang=en").get_data(as_text=True)
    assert "Who does what, by when" in for_the_file
    # The worker's own page of the plan stays in the worker's language.
    assert '<html lang="en-US"' in manager.get(location).get_data(as_text=True)
