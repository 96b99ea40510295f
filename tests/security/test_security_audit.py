"""The audit trail says how a record was reached (api with a bearer token) and keeps refused
attempts (403/404) by known users, which the refused request itself would have rolled back."""

from __future__ import annotations


def test_a_bearer_token_is_audited_as_api_even_on_a_page(client, world, as_, contact_form,
                                                          audit_trail):
    manager = as_("alpha", "care_manager")
    submission = manager.post(f"/api/v1/forms/{contact_form}/submissions",
                              {"data": {"name": "Ana"}}).json["id"]
    before = len(audit_trail())
    page = client.get(f"/forms/{contact_form}/submissions/{submission}/print",
                      headers=world.headers("alpha", "care_manager"))
    assert page.status_code == 200
    export = client.get(f"/exports/{contact_form}.csv",
                        headers=world.headers("alpha", "care_manager"))
    assert export.status_code == 200
    new = audit_trail()[before:]
    assert new and {via for _a, _t, _i, via, *_ in new} == {"api"}
    assert ("read", "Submission", submission) in [(a, t, i) for a, t, i, *_ in new]


def test_refused_attempts_are_recorded_with_who_and_what(as_, world, contact_form,
                                                         audit_trail):
    intake = as_("alpha", "intake")
    submission = as_("alpha", "admin").post(f"/api/v1/forms/{contact_form}/submissions",
                                            {"data": {"name": "Ana"}}).json["id"]
    assert intake.get(f"/api/v1/submissions/{submission}").status_code == 403
    assert as_("beta", "admin").get(f"/api/v1/submissions/{submission}").status_code == 404
    refused = [e for e in audit_trail() if e[0] == "refused"]
    assert [(e[2], e[3], e[4], e[5]["status"]) for e in refused] == [
        ("/api/v1/submissions/<submission_id>", "api", world.users[("alpha", "intake")], 403),
        ("/api/v1/submissions/<submission_id>", "api", world.users[("beta", "admin")], 404),
    ]
    assert refused[0][5]["path"] == f"/api/v1/submissions/{submission}"


def test_a_refused_page_is_recorded_too(client, auth, world, audit_trail):
    auth.login(world.email("alpha", "intake"))
    assert client.get("/admin/users/").status_code == 403
    assert [(e[0], e[2], e[3]) for e in audit_trail() if e[0] == "refused"] == [
        ("refused", "/admin/users/", "web")]
