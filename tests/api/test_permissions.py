"""Who may do what: role × endpoint, in the user's own agency and in another agency.

Own agency: allowed roles succeed, others get 403. Another agency's objects answer 404, exactly
as objects that do not exist, so nothing about them leaks. A draft belongs to its author, so
each role works on a draft of its own here (tests/security/test_drafts.py: others get 404).
"""

import pytest

from carebridge.auth.roles import can

pytestmark = pytest.mark.postgres

ROLES = ["admin", "care_manager", "intake", "directory_editor"]

SCHEMA = {"title": "Contact", "type": "object", "required": ["name"],
          "properties": {"name": {"type": "string"}}}

# (method, path, body, permission, expected success status)
ENDPOINTS = [
    ("GET", "/api/v1/forms", None, "forms.read", 200),
    ("POST", "/api/v1/forms", {**SCHEMA, "title": "Another form"}, "forms.manage", 201),
    ("GET", "/api/v1/forms/{form}", None, "forms.read", 200),
    ("GET", "/api/v1/forms/{form}/versions/1", None, "forms.read", 200),
    ("PUT", "/api/v1/forms/{form}", {**SCHEMA, "required": []}, "forms.manage", 200),
    ("POST", "/api/v1/forms/{form}/submissions", {"data": {"name": "Ana"}}, "submissions.create",
     201),
    ("GET", "/api/v1/submissions/{submission}", None, "submissions.read", 200),
    ("POST", "/api/v1/forms/{form}/drafts", {"data": {}}, "drafts.manage", 201),
    ("GET", "/api/v1/forms/{form}/drafts/{draft}", None, "drafts.manage", 200),
    ("PUT", "/api/v1/forms/{form}/drafts/{draft}", {"data": {"name": "A"}}, "drafts.manage", 200),
    ("POST", "/api/v1/forms/{form}/drafts/{draft}/submit", {"data": {"name": "A"}},
     "submissions.create", 201),
]


@pytest.fixture
def alpha_objects(api):
    api.as_("alpha", "admin")
    form = api.post("/api/v1/forms", SCHEMA).json["id"]
    submission = api.post(f"/api/v1/forms/{form}/submissions", {"data": {"name": "x"}}).json["id"]
    draft = api.post(f"/api/v1/forms/{form}/drafts", {"data": {}}).json["id"]
    return {"form": form, "submission": submission, "draft": draft}


def call(api, method, path, body):
    return api.client.open(path, method=method, json=body, headers=api.headers)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path", "body", "permission", "success"), ENDPOINTS,
                         ids=[f"{m} {p}" for m, p, *_ in ENDPOINTS])
def test_role_by_endpoint(api, alpha_objects, role, method, path, body, permission, success):
    allowed = can(role, permission)
    if "{draft}" in path and can(role, "drafts.manage"):
        mine = api.as_("alpha", role).post(f"/api/v1/forms/{alpha_objects['form']}/drafts",
                                           {"data": {}})
        alpha_objects = {**alpha_objects, "draft": mine.json["id"]}
    url = path.format(**alpha_objects)

    own = call(api.as_("alpha", role), method, url, body)
    assert own.status_code == (success if allowed else 403), own.json

    other = call(api.as_("beta", role), method, url, body)
    names_an_object = "{" in path
    if not allowed:
        assert other.status_code == 403
    elif names_an_object:
        assert other.status_code == 404
        assert other.json == {"message": other.json["message"], "errors": []}
    elif method == "GET":
        assert alpha_objects["form"] not in other.get_data(as_text=True)
