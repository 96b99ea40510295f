"""The shipped demo: a few clients whose files hold assessments with scores, flags and needs."""

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from carebridge.cli import main


@pytest.mark.slow
def test_the_demo_brings_clients_with_scores_flags_and_needs(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREBRIDGE_DATABASE_URL", raising=False)
    runner = CliRunner()
    instance = tmp_path / "instance"
    assert runner.invoke(main, ["--instance", str(instance), "init"]).exit_code == 0
    first = runner.invoke(main, ["--instance", str(instance), "demo"])
    assert first.exit_code == 0, first.output
    assert "clients: 4 demo clients" in first.output
    again = runner.invoke(main, ["--instance", str(instance), "demo"]).output
    assert "clients: the demo agency already has its demo clients (unchanged)" in again

    from carebridge import create_app
    from carebridge.clients.attention import attention_list
    from carebridge.clients.models import Client, ClientNeed
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work

    app = create_app(instance_path=instance)
    with unit_of_work(app, ALL_AGENCIES) as session:
        clients = {c.given_name: c for c in session.scalars(select(Client))}
        assert {"James", "Lan", "María", "Walter"} <= set(clients)
        assert clients["Walter"].status == "closed"
        statuses = {(n.client.given_name, n.code): n.status
                    for n in session.scalars(select(ClientNeed))}
        # (the referrals demo may carry María's food need on to met)
        assert statuses[("María", "food")] in ("referred", "met")
        assert len(set(statuses.values())) >= 3  # needs in several states
        assert statuses[("María", "mental_health")] == "identified"  # PHQ-9 item 9
        assert statuses[("Lan", "safety")] == "identified"  # AHC safety score 12
        assert statuses[("James", "transportation")] == "met"
        from carebridge.tenancy import set_tenant

        set_tenant(session, clients["María"].agency_id)
        flagged = {(item.client.given_name, item.name) for item in attention_list(session)}
        assert flagged == {("María", "self_harm"), ("Lan", "physically_hurt"),
                           ("Lan", "threatened")}

    logins = json.loads((instance / "demo_logins.json").read_text())
    client = app.test_client()
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    email = "care-manager@demo.carebridge.example"
    client.post("/login", data={"email": email, "password": logins[email], "csrf_token": token})
    listing = client.get("/clients/").get_data(as_text=True)
    assert "María López" in listing and "Needs attention (2)" in listing
