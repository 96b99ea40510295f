"""A ``next`` from a link or a form never sends anybody to another site, however it is spelt
for a browser (a backslash, a tab, a scheme), and every view that reads one goes through
``carebridge.http.same_site_path``."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import pytest

from carebridge.http import same_site_path
from tests.conftest import PASSWORD, ROOT

HOSTILE = ["//evil.example/", "/\\evil.example/", "/\\/evil.example/", "/\t/evil.example/",
           "/\n/evil.example/", "https://evil.example/", "\\\\evil.example/",
           " //evil.example/", "/ /evil.example", "javascript:alert(1)"]


def _where_a_browser_goes(location: str) -> str:
    """The host a browser opens for ``location`` (WHATWG URL: tabs and line breaks dropped,
    a backslash read as a slash in http(s) URLs)."""
    cleaned = re.sub(r"[\t\n\r]", "", location).replace("\\", "/").strip()
    return urlsplit(urljoin("http://localhost/forms/", cleaned)).netloc


@pytest.mark.parametrize("target", HOSTILE)
def test_a_hostile_next_falls_back_to_the_default(target):
    assert same_site_path(target, "/home") == "/home"


@pytest.mark.parametrize("target", ["/clients/abc?tab=notes", "/forms/", "/tasks?view=team"])
def test_a_path_on_this_site_is_kept(target):
    assert same_site_path(target, "/home") == target


def test_a_path_outside_the_allowed_part_falls_back():
    assert same_site_path("/admin/users/", "/clients/x", under="/clients/") == "/clients/x"


@pytest.mark.parametrize("target", HOSTILE)
def test_logging_in_never_leaves_the_site(client, auth, world, target):
    token = auth.csrf_token("/login")
    answer = client.post("/login", query_string={"next": target},
                         data={"email": world.email("alpha", "intake"), "password": PASSWORD,
                               "csrf_token": token})
    assert answer.status_code == 303
    assert _where_a_browser_goes(answer.location) in ("", "localhost")


@pytest.mark.parametrize("target", HOSTILE)
def test_choosing_a_language_never_leaves_the_site(client, auth, target):
    answer = client.post("/language", data={"locale": "es", "next": target,
                                            "csrf_token": auth.csrf_token("/login")})
    assert answer.status_code == 303
    assert _where_a_browser_goes(answer.location) in ("", "localhost")


def test_every_view_that_reads_a_next_checks_it():
    reads = re.compile(r"""request\.(?:form|args|values)(?:\.get\(|\[)\s*["']next["']""")
    unchecked = []
    for path in sorted((ROOT / "platform").rglob("*.py")) + sorted(
            (ROOT / "plugins").rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if reads.search(line) and "same_site_path(" not in line:
                unchecked.append(f"{path.relative_to(ROOT)}:{number}")
    assert unchecked == []
