"""How many bytes each kind of builder edit sends back, on the adult intake (the largest shipped
definition): the answer htmx gets now (only what changed, then the preview's own request), and
the whole builder it got before, measured in the same run (the same edit posted as from a page
showing another version, which is still answered with the whole builder). Bytes, not time.

    .venv/bin/python bench/builder_answers.py
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

PASSWORD = "correct horse battery"
HTMX = {"HX-Request": "true"}
PROBLEMS = re.compile(r'id="preview-problems">\s*<div class="error-summary"')

#: (what the edit is, the question chosen first or "" for the form's settings, the fields).
EDITS = [
    ("set a property", "given_name", {"op": "panel", "path": "given_name",
                                      "label": "Given name"}),
    ("add a question", "given_name", {"op": "add", "section": "0", "kind": "short_text",
                                      "label": "Nickname"}),
    ("move up", "pronouns", {"op": "move_up", "path": "pronouns"}),
    ("move to another section", "pronouns", {"op": "move_to", "path": "pronouns",
                                             "section": "2"}),
    ("duplicate", "email", {"op": "duplicate", "path": "email"}),
    ("delete", "email", {"op": "delete", "path": "email"}),
    ("undo", "", {"op": "undo", "path": ""}),
    ("add a condition", "preferred_name", {
        "op": "condition", "path": "preferred_name", "negate": ["0", "0"], "join": "and",
        "when": [json.dumps(["needs_interpreter", True]), ""]}),
    ("a score row", "", {"op": "score", "name": "visits", "label": "Visits", "method": "sum",
                         "band_min": ["0", ""], "band_max": ["10", ""],
                         "band_label": ["Any", ""]}),
]


def client(folder: Path):
    from carebridge import create_app
    from carebridge.agencies import create_agency
    from carebridge.auth.service import create_user
    from carebridge.migrations import upgrade
    from carebridge.tenancy import ALL_AGENCIES, set_tenant
    from carebridge.unit_of_work import unit_of_work

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder}/bench.db"},
                     instance_path=folder / "instance")
    upgrade(app)
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, "bench", "Bench Agency")
        agency_id = agency.id
    with unit_of_work(app, agency_id) as session:
        set_tenant(session, agency_id)
        create_user(session, session.get(type(agency), agency_id), "admin@bench.example.org",
                    "admin", PASSWORD)
    browser = app.test_client()
    token = token_in(browser.get("/login").get_data(as_text=True))
    browser.post("/login", data={"csrf_token": token, "email": "admin@bench.example.org",
                                      "password": PASSWORD})
    return browser


def token_in(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def state_in(html: str) -> dict[str, str]:
    return dict(re.findall(r'<input type="hidden" name="(shown|rev)" value="([^"]*)">',
                           re.search(r'<div id="b-state".*?</div>', html, re.S).group(0)))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        browser = client(Path(folder))
        page = browser.get("/forms/builder/").get_data(as_text=True)
        drafts = []
        for _ in range(2):  # one edited as htmx does now, one answered whole (as before)
            started = browser.post("/forms/builder/start", data={
                "csrf_token": token_in(page), "source": "file", "file": "adult-intake.json"})
            drafts.append(started.headers["Location"].rsplit("/", 1)[1])
        print(f"{'edit':<26} {'whole builder':>14} {'now':>8} {'share':>6} {'+ preview':>10}")
        for words, chosen, fields in EDITS:
            sizes = []
            for n, draft in enumerate(drafts):
                shown = browser.get(f"/forms/builder/{draft}?q={chosen}", headers=HTMX)
                html = shown.get_data(as_text=True)
                state = state_in(html)
                if n == 1:
                    state["rev"] = "another version"
                data = {"csrf_token": token_in(html), "preview": "wide", **fields, **state}
                answer = browser.post(f"/forms/builder/{draft}/edit", data=data, headers=HTMX)
                body = answer.get_data(as_text=True)
                assert answer.status_code == 200, body[:300]
                refresh = re.search(r'id="b-refresh"[^>]*hx-get="([^"]+)"', body)
                if refresh and n == 0:
                    body = browser.get(refresh.group(1).replace("&amp;", "&"),
                                       headers=HTMX).get_data(as_text=True)
                # A preview that lists problems instead of the form is much smaller (on a
                # busy machine the pattern check can run out of time): such rows are marked.
                sizes.append((len(answer.get_data()), len(body.encode()) if n == 0 else 0,
                              bool(PROBLEMS.search(body))))
            (now, views, odd), (whole, _, odd_whole) = sizes
            print(f"{words:<26} {whole / 1000:>11.1f} kB {now / 1000:>5.1f} kB "
                  f"{now / whole:>6.1%} {views / 1000:>7.1f} kB"
                  + ("  (* the preview lists problems)" if odd or odd_whole else ""))


if __name__ == "__main__":
    main()
