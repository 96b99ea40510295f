"""A live Carebridge on a loopback port and Debian's Chromium driven by Playwright."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from carebridge import create_app
from carebridge.agencies import create_agency
from carebridge.auth.service import create_user
from carebridge.db import database
from carebridge.forms import service
from carebridge.migrations import upgrade
from carebridge.tenancy import ALL_AGENCIES, set_tenant
from carebridge.unit_of_work import unit_of_work
from tests.conftest import AXE, CHROMIUM, CHROMIUM_ARGS, PASSWORD, ROOT, skip_or_fail  # noqa: F401
from tests.renderer.conftest import definitions_dir, sample_definitions

ADMIN = "admin@browser.example.org"
WORKER = "intake@browser.example.org"


def shipped_definitions(folder: str) -> list[dict]:
    instruments = Path(folder) / "instruments"
    files = sorted(instruments.glob("*.json")) if instruments.is_dir() else []
    return [json.loads(f.read_text(encoding="utf-8")) for f in files]


@dataclass
class Live:
    url: str
    app: object
    agency_id: int
    slugs: list[str]
    shipped: list[str]


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("live")
    folder = definitions_dir(tmp)
    app = create_app(
        {"SECRET_KEY": "browser-tests", "DATABASE_URL": f"sqlite:///{tmp / 'live.sqlite3'}",
         "FORM_DEFINITIONS_DIR": folder},
        instance_path=tmp / "instance",
    )
    upgrade(app)
    shipped = shipped_definitions(folder)
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, "browser", "Browser Test Services")
        create_user(session, agency, ADMIN, "admin", PASSWORD)
        create_user(session, agency, WORKER, "intake", PASSWORD)
        agency_id = agency.id
    with unit_of_work(app, agency_id) as session, app.app_context():
        set_tenant(session, agency_id)
        for document in sample_definitions() + shipped:
            service.publish(session, document, user_id=None)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Live(f"http://127.0.0.1:{server.server_port}", app, agency_id,
               [d["id"] for d in sample_definitions()], [d["id"] for d in shipped])
    server.shutdown()
    thread.join()
    database(app).engine.dispose()


def csp_violations(page) -> list[str]:
    """Collects what the Content-Security-Policy refused on ``page`` (inline script, eval,
    injected styles): the pages must need none of it. One list per page."""
    refused = getattr(page, "_csp_refused", None)
    if refused is None:
        refused = page._csp_refused = []
        page.on("console", lambda message: refused.append(message.text)
                if "Content Security Policy" in message.text else None)
    return refused


@pytest.fixture
def anonymous(browser, live):
    context = browser.new_context(viewport={"width": 768, "height": 1024}, base_url=live.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    refused = csp_violations(page)
    yield page
    context.close()
    assert refused == [], "the Content-Security-Policy refused something a page needs"


def log_in(page, email: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The page after the login (wait_for_load_state would return at once, on the login page
    # still loaded, and the next goto could race the login's answer and its cookie).
    page.wait_for_url(lambda url: "/login" not in url)


@pytest.fixture
def worker(anonymous):
    log_in(anonymous, WORKER)
    return anonymous


@pytest.fixture
def admin(anonymous):
    log_in(anonymous, ADMIN)
    return anonymous


def serious_violations(page) -> list[dict]:
    """axe-core's serious and critical findings on the current page."""
    # Evaluated through the DevTools protocol: an inline <script> would be refused by the
    # Content-Security-Policy (as it should be).
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "targets": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
