"""Hostile text in every place text is stored, and every page, print view, letter, calendar,
export and API answer that may show it.

Every free-text column of the demo agency's rows (client names and addresses, notes, goals,
tasks, appointments, referrals, care team, programs, kiosk labels, user names, the agency's
name) and of the shared directory (names, descriptions, phones, e-mails; its links set to a
``javascript:`` URL) is overwritten with a payload that is markup, a template expression and a
spreadsheet formula at once. Then every GET route of ``app.url_map`` is read as the demo
agency's admin: no answer may carry the markup unescaped, a link from data other than http(s),
mailto or tel, or (in a CSV) a cell a spreadsheet would run; none may be a server error, and
none may be kept by a browser's or a proxy's cache (``no-store``).
"""

from __future__ import annotations

import csv
import io
import json
import re

import sqlalchemy as sa
from sqlalchemy import update

from carebridge.agencies import Agency
from carebridge.auth.models import User
from carebridge.db import Base
from carebridge.tenancy import ALL_AGENCIES, TenantScoped
from carebridge.unit_of_work import unit_of_work
from resource_directory.models import DirectoryBase
from tests.conftest import ROOT
from tests.security.test_object_matrix import _parameters, _values
from tests.security.test_route_matrix import Caller, _routes

PAYLOAD = "=1+1\"'><img src=x onerror=alert(1)><script>alert(1)</script>{{7*7}}</textarea>"
LINK = "javascript:alert(1)"
#: Columns that hold codes, keys or references rather than text a person wrote.
NOT_TEXT = re.compile(
    r"(^|_)(id|slug|token|hash|digest|key|source|code|status|kind|language|locale|handout|"
    r"flag|subject|channel|link|by[a-z]+|taxonomy|agent|address|type|currency|uri_?)$|"
    r"^(template_slug|source_ref|object_type|password_hash|email_key)$")
LINKS = {"url", "website", "uri", "logo", "schedule_link", "term_uri"}


def _text_columns(model):
    for column in sa.inspect(model).columns:
        if column.primary_key or column.foreign_keys or not isinstance(
                column.type, sa.String | sa.Text):
            continue
        length = getattr(column.type, "length", None)
        if column.key in LINKS:
            yield column, LINK
        elif (length is None or length >= 100) and not NOT_TEXT.search(column.key):
            yield column, PAYLOAD


def poison(app, agency_id: int) -> int:
    """Overwrite the agency's and the directory's free text; the number of columns written."""
    written = 0
    with unit_of_work(app, ALL_AGENCIES) as session:
        models = [m.class_ for m in Base.registry.mappers if issubclass(m.class_, TenantScoped)]
        models += [m.class_ for m in DirectoryBase.registry.mappers]
        for model in models:
            values = {c.key: value for c, value in _text_columns(model)
                      if not (model is User and c.key == "email")}
            if not values:
                continue
            statement = update(model).values(**values)
            if issubclass(model, TenantScoped):
                statement = statement.where(model.agency_id == agency_id)
            session.execute(statement.execution_options(synchronize_session=False))
            written += len(values)
        session.execute(update(Agency).where(Agency.id == agency_id).values(name=PAYLOAD))
    return written


UNSAFE = (re.compile(r"<script>alert", re.I), re.compile(r"<img src=x", re.I),
          re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I))


def _problems(where: str, answer) -> list[str]:
    body = answer.get_data(as_text=True)
    kind = answer.mimetype
    found = []
    if answer.status_code >= 500:
        found.append(f"{where}: {answer.status_code}")
    if "no-store" not in answer.headers.get("Cache-Control", ""):
        found.append(f"{where}: kept by caches ({answer.headers.get('Cache-Control')})")
    if kind in ("text/html", "image/svg+xml", "application/xhtml+xml"):
        found += [f"{where}: {p.pattern} in the page" for p in UNSAFE if p.search(body)]
    elif kind == "text/csv":
        for row in csv.reader(io.StringIO(body)):
            found += [f"{where}: CSV cell {cell[:20]!r}" for cell in row
                      if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and PAYLOAD[4:20] in cell]
    elif kind not in ("application/json", "text/plain", "text/calendar",
                      "application/problem+json"):
        found.append(f"{where}: answered {kind}, which the check does not know")
    return found


def _shared(app, rows) -> dict[str, list[str]]:
    """Values for the parameters that name no agency object: every figure of the reports,
    a shipped handout, a directory service, the demo kiosk link's token."""
    from carebridge.careplans import handouts, reports
    from carebridge.renderer.kiosk import KioskLink

    with app.test_request_context(), unit_of_work(app, ALL_AGENCIES) as session:
        token = session.get(KioskLink, rows[KioskLink][0]).token
        return {"figure": list(reports.FIGURES), "handout_id": sorted(handouts.library())[:1],
                "service_id": ["pantry"], "token": [token]}


def _urls(app, rule, rows, shared) -> list[str]:
    values = _values(app, rule, rows)
    urls = [values]
    for name in _parameters(rule):
        if name in shared:
            urls = [{**v, name: choice} for v in urls for choice in shared[name]]
    return [rule.build(v, append_unknown=False)[1] for v in urls]


def test_hostile_text_everywhere_is_shown_as_text(attacked):
    app, world, rows = attacked
    assert poison(app, world.agencies["demo"]) > 60
    shared = _shared(app, rows)
    admin = Caller(app, world, "demo", "admin")
    wrong, read = [], 0
    for rule, method in _routes(app):
        if method != "GET" or rule.endpoint == "assets.asset":
            continue
        for url in _urls(app, rule, rows, shared):
            wrong, read = _read(admin, url, wrong, read)
    assert read > 40
    assert wrong == [], "\n".join(wrong)


def _read(admin, url, wrong, read):
    for address in (url, url + ("&" if "?" in url else "?") + "lang=es"):
        if address.startswith("/api/"):
            answer = admin.client.get(address, headers=admin.bearer)
        else:
            answer = admin.client.get(address)
        answer.close()
        # Pages that showed the payload (escaped): the sweep reaches what it poisoned.
        read += "&lt;script&gt;alert(1)&lt;/script&gt;" in answer.get_data(as_text=True)
        wrong += _problems(f"GET {address}", answer)
    return wrong, read


#: The keys of a form definition whose strings are text a person reads (and every string of
#: its translations).
FORM_TEXT = {"title", "description", "label", "statement", "measurable_outcome", "target",
             "message", "citation", "help", "placeholder", "licence"}


def _hostile_definition(value, key=""):
    """The definition with the payload after every text and in every translation (answers'
    values, ids and links untouched: a link that is not http(s) is refused at publish)."""
    if isinstance(value, dict):
        return {k: (({t: {p: f"{s}{PAYLOAD}" for p, s in texts.items()}
                      for t, texts in v.items()}) if k == "translations" and isinstance(v, dict)
                    else _hostile_definition(v, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile_definition(v, key) for v in value]
    if isinstance(value, str) and key == "submit_label":  # at most 40 characters
        return "<img src=x onerror=alert(1)>"
    if isinstance(value, str) and key in FORM_TEXT:
        return value + PAYLOAD
    return value


def test_hostile_form_definitions_are_shown_as_text(attacked):
    app, world, rows = attacked
    admin = Caller(app, world, "demo", "admin")
    slugs = []
    for path in sorted((ROOT / "form_definitions" / "instruments").glob("*.json")):
        document = _hostile_definition(json.loads(path.read_text(encoding="utf-8")))
        answer = admin.client.put(f"/api/v1/forms/{document['id']}", json=document,
                                  headers=admin.bearer)
        assert answer.status_code == 200, (path.name, answer.json)
        slugs.append(document["id"])
        if "source" in document:  # a link in a definition is http(s) or refused at publish
            document["source"]["url"] = LINK
            assert admin.client.put(f"/api/v1/forms/{document['id']}", json=document,
                                    headers=admin.bearer).status_code == 422
    shared = _shared(app, rows)
    wrong, read = [], 0
    for rule, method in _routes(app):
        if method != "GET" or rule.endpoint == "assets.asset":
            continue
        for url in _urls(app, rule, rows, shared):
            if "slug" not in _parameters(rule):
                wrong, read = _read(admin, url, wrong, read)
                continue
            for slug in slugs:
                values = {**_values(app, rule, rows), "slug": slug}
                wrong, read = _read(admin, rule.build(values, append_unknown=False)[1], wrong,
                                    read)
    assert read > 40
    assert wrong == [], "\n".join(wrong)
