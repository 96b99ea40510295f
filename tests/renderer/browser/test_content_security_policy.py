"""The Content-Security-Policy holds in a real browser: injected script does not run, and the
pages themselves need nothing it refuses (every browser test fails on a refusal)."""

from __future__ import annotations

import re

import pytest

from tests.renderer.browser.conftest import csp_violations

pytestmark = pytest.mark.browser

from playwright.sync_api import expect  # noqa: E402


def test_an_injected_inline_script_does_not_run(worker, live):
    response = worker.goto(f"/forms/{live.slugs[0]}/fill")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-frame-options"] == "DENY"
    refused = csp_violations(worker)
    ran = worker.evaluate("""() => {
        const script = document.createElement('script');
        script.textContent = 'window.__injected = true';
        document.body.append(script);
        const img = document.createElement('img');
        img.setAttribute('onerror', 'window.__injected = true');
        img.src = 'data:,broken';
        document.body.append(img);
        return new Promise(done => setTimeout(() => done(window.__injected === true), 300));
    }""")
    assert ran is False
    assert refused, "the browser reported no refusal for the injected script"
    refused.clear()  # refusals of injected script are the point here, not a page's defect


def test_the_users_pages_are_accessible(admin):
    from tests.renderer.browser.conftest import serious_violations

    admin.goto("/admin/users/")
    assert serious_violations(admin) == []
    admin.get_by_role("link", name="intake@browser.example.org").click()
    admin.wait_for_url(re.compile(r"/admin/users/\d+$"))  # the account's page, not the list
    expect(admin.get_by_role("heading", name="intake@browser.example.org")).to_be_visible()
    assert serious_violations(admin) == []
