"""What an attacker or a broken client can put in a body, sent to every write route of
``app.url_map`` (pages, htmx fragments, the API) naming real objects: a body over the size
limit, a file where a form is expected, the wrong content type, NUL characters, a byte-order
mark, a very long line, deep JSON. Each gets a clear 4xx (413 for the size) or is handled;
never a server error."""

from __future__ import annotations

import io

from tests.security.test_object_matrix import _values
from tests.security.test_route_matrix import Caller, _routes

LONG = "x" * 100_000
ODD = "\ufeff=cmd|' /C calc'!A0\r\n\u202e" + "ä" * 50 + "\U0001F600"
FIELDS = ("note", "title", "status", "statement", "given_name", "family_name", "name",
          "message", "label", "description", "data", "other", "next", "locale", "template")


def _writes(app, rows):
    for rule, method in _routes(app):
        if method != "GET" and rule.endpoint not in ("auth.logout", "assets.asset"):
            yield rule, method, rule.build(_values(app, rule, rows), append_unknown=False)[1]


def test_odd_bodies_get_a_clear_answer_on_every_write_route(attacked):
    app, world, rows = attacked
    admin = Caller(app, world, "demo", "admin")
    limit = app.config["MAX_CONTENT_LENGTH"]
    wrong = []
    for rule, method, url in _writes(app, rows):
        api = url.startswith("/api/")
        headers = admin.bearer if api else {"X-CSRFToken": admin.csrf}
        asks = {
            "too big": dict(data=b"a=" + b"x" * (limit + 10),
                            content_type="application/x-www-form-urlencoded"),
            "a file": dict(data={"file": (io.BytesIO(b"\x00PK\x03\x04" * 1000), "../../x.zip"),
                                 **{f: ODD for f in FIELDS}},
                           content_type="multipart/form-data"),
            "odd text": dict(data={f: ODD for f in FIELDS}),
            "a NUL": dict(data={f: ODD + "\x00" for f in FIELDS}),
            "long lines": dict(data={f: LONG for f in FIELDS}),
            "wrong type": dict(data=b"<xml/>", content_type="application/xml"),
            "deep json": dict(data="[" * 5000 + "]" * 5000, content_type="application/json"),
            "odd json": dict(json={f: ODD for f in FIELDS}),
        }
        for name, ask in asks.items():
            answer = admin.client.open(url, method=method, headers=headers, **ask)
            answer.close()
            status = answer.status_code
            if status >= 500 or (name == "too big" and status != 413):
                wrong.append(f"{method} {rule.rule} ({name}): {status}")
    assert wrong == [], "\n".join(wrong)
