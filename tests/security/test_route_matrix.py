"""Every route in ``app.url_map`` (pages, htmx fragments, API) under one tenancy/role matrix.

A route is either in ``PUBLIC`` below, or its view carries the permission marker that
``carebridge.auth.access.requires`` / ``login_required`` leave (``PERMISSION_MARKER``); a new
route with neither fails here. Each marked route is then asked, with each method it takes:
anonymously (a page sends to the login, the API answers 401), by every role of agency alpha
(403 without the permissions, never 401/403 or a 5xx with them), and by agency beta's roles
with the permissions, naming alpha's objects: 404 — or, where the request is refused before any
object is looked up (a body that does not fit, 400/422), exactly the answer an id that exists
nowhere gets. Either way beta learns nothing about alpha's objects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pytest
from sqlalchemy import select

from carebridge.auth.access import PERMISSION_MARKER
from carebridge.auth.roles import can
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import ROLES, Auth

#: Routes anybody may reach: the login, static files, the OpenAPI document, and kiosk pages
#: (a kiosk link's long random token is its credential; tests/renderer cover them).
PUBLIC = {
    "auth.login", "auth.logout", "auth.home", "assets.asset", "api.openapi_json",
    "kiosk.fill", "kiosk.post", "kiosk.done",
    # The language switch on every page, the login page's included (CSRF-protected; it
    # changes only the visitor's own session and, when signed in, their own profile).
    "language.choose",
}

#: Placeholder values for path parameters no fixture object names.
FALLBACK = {"IntegerConverter": "987654", "AnyConverter": None, "PathConverter": "app.css"}

FORM = {"id": "walk-in", "title": "Walk-in intake", "kind": "intake",
        "schema": {"type": "object", "properties": {"name": {"type": "string"}}}}


@dataclass
class Objects:
    """Agency alpha's objects, by the path parameter that names them."""

    by_param: dict[str, str] = field(default_factory=dict)


@pytest.fixture
def alpha(app, world, client):
    admin = world.headers("alpha", "admin")
    assert client.post("/api/v1/forms", json=FORM, headers=admin).status_code == 201
    submission = client.post("/api/v1/forms/walk-in/submissions", json={"data": {"name": "A"}},
                             headers=admin).json["id"]
    draft = client.post("/api/v1/forms/walk-in/drafts", json={"data": {}},
                        headers=admin).json["id"]
    from carebridge.agencies import agency_by_slug
    from carebridge.auth.models import ApiToken
    from carebridge.auth.service import create_token, create_user
    from carebridge.clients.models import Client
    from carebridge.forms.models import FormDefinition
    from carebridge.renderer.kiosk import create_kiosk_link
    from carebridge.tenancy import set_tenant

    with unit_of_work(app, ALL_AGENCIES) as session:
        victim = create_user(session, agency_by_slug(session, "alpha"),
                             "victim@alpha.example.org", "intake", "correct horse battery")
        create_token(session, victim)
        set_tenant(session, world.agencies["alpha"])
        definition = session.scalar(select(FormDefinition).where(FormDefinition.slug == "walk-in"))
        link = create_kiosk_link(session, definition, user_id=world.users[("alpha", "admin")])
        client_row = Client(given_name="Ana", family_name="Reyes")
        session.add(client_row)
        session.flush()
        token_id = session.scalar(select(ApiToken.id).where(ApiToken.user_id == victim.id))
        ids = {"user_id": str(victim.id), "token_id": str(token_id), "link_id": str(link.id),
               "client_id": client_row.id}
    from carebridge.directory import index
    from tests.directory.conftest import build_directory

    with unit_of_work(app, ALL_AGENCIES) as session:  # the shared directory, not alpha's
        build_directory(session)
        index.rebuild(app, session)
    return Objects({"slug": "walk-in", "submission_id": submission, "draft_id": draft,
                    "number": "1", **ids})


def _routes(app):
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, r.endpoint)):
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield rule, method


def _marker(app, rule):
    return getattr(app.view_functions[rule.endpoint], PERMISSION_MARKER, None)


def test_every_route_is_public_by_name_or_marked_with_its_permission(app):
    unmarked = sorted({rule.rule + " " + rule.endpoint for rule, _ in _routes(app)
                       if rule.endpoint not in PUBLIC and _marker(app, rule) is None})
    assert unmarked == [], (
        "routes neither in PUBLIC nor decorated with @requires(...)/@login_required")


def _url(rule, objects: Objects, nowhere: bool = False) -> tuple[str, bool]:
    """The rule's URL naming alpha's objects (or, ``nowhere``, ids no agency has); and whether
    any parameter names one of alpha's objects."""
    values, names_alpha_object = {}, False
    for name in rule.arguments:
        converter = type(rule._converters[name]).__name__
        if name in objects.by_param and nowhere:
            values[name] = "987654" if converter == "IntegerConverter" else "no-such-thing"
            names_alpha_object = True
        elif name in objects.by_param:
            values[name] = objects.by_param[name]
            names_alpha_object = True
        elif converter == "AnyConverter":
            values[name] = re.findall(r"\w+", rule._converters[name].regex)[0]
        else:
            values[name] = FALLBACK.get(converter) or "nothing-here"
    return rule.build(values, append_unknown=False)[1], names_alpha_object


WRITES = ("POST", "PUT", "PATCH")


class Caller:
    """One agency role, as the API (bearer token) or a logged-in browser (cookie + CSRF)."""

    def __init__(self, app, world, agency: str | None, role: str | None):
        self.client = app.test_client()
        self.bearer = world.headers(agency, role) if agency else {}
        if agency:
            Auth(self.client).login(world.email(agency, role))
            page = "/forms/" if can(role, "forms.read") else "/"
        else:
            page = "/login"
        found = re.search(r'name="csrf-token" content="([^"]+)"',
                          self.client.get(page, follow_redirects=True).get_data(as_text=True))
        self.csrf = found.group(1) if found else ""

    def ask(self, method: str, url: str) -> tuple[int, str]:
        if url.startswith("/api/"):
            # A body of the shape most writes take, so they get as far as finding the object.
            answer = self.client.open(url, method=method, headers=self.bearer,
                                      json={"data": {}} if method in WRITES else None)
        else:
            answer = self.client.open(url, method=method, headers={"X-CSRFToken": self.csrf},
                                      data={} if method != "GET" else None)
        answer.close()
        return answer.status_code, answer.location or ""


def test_the_role_and_tenancy_matrix_holds_on_every_route(app, world, alpha):
    anonymous = Caller(app, world, None, None)
    alpha_roles = {role: Caller(app, world, "alpha", role) for role in ROLES}
    beta_roles = {role: Caller(app, world, "beta", role) for role in ROLES}
    wrong: list[str] = []
    checked = 0
    for rule, method in _routes(app):
        url, names_alpha_object = _url(rule, alpha)
        where = f"{method} {rule.rule}"
        status, location = anonymous.ask(method, url)
        if status >= 500:
            wrong.append(f"{where}: anonymous got {status}")
        if rule.endpoint in PUBLIC:
            anonymous = Caller(app, world, None, None)  # POST /logout ends its CSRF session
            continue
        permissions = _marker(app, rule)
        if permissions is None:
            continue  # reported by the test above
        checked += 1
        expected = (401,) if url.startswith("/api/") else (302, 303)
        if status not in expected or (status in (302, 303) and "/login" not in location):
            wrong.append(f"{where}: anonymous got {status}, not {expected}")
        # Beta first: alpha's allowed roles may change the objects (revoke, deactivate…).
        if names_alpha_object:
            nowhere = _url(rule, alpha, nowhere=True)[0]
            for role, caller in beta_roles.items():
                if not all(can(role, p) for p in permissions):
                    continue
                status = caller.ask(method, url)[0]
                if status == 404:
                    continue
                if status in (400, 422) and caller.ask(method, nowhere)[0] == status:
                    continue  # refused before looking anything up: the same for any id
                wrong.append(f"{where}: beta {role} got {status} for alpha's object")
        for role, caller in alpha_roles.items():
            status = caller.ask(method, url)[0]
            allowed = all(can(role, p) for p in permissions)
            if allowed and (status in (401, 403) or status >= 500):
                wrong.append(f"{where}: alpha {role} ({', '.join(permissions)}) got {status}")
            if not allowed and status != 403:
                wrong.append(f"{where}: alpha {role} without {', '.join(permissions)} got "
                             f"{status}")
    assert checked > 30
    assert wrong == [], "\n".join(wrong)
