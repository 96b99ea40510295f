"""The PHQ-9 fill page and an API submission against a bare Flask "hello" under the same
in-process test client, interleaved round by round so a busy machine slows all three alike;
prints each as a fraction of hello's requests per second (goals: page >= 0.40x, submission
>= 0.15x). SQLite in a temporary instance folder, with the project's settings (WAL,
synchronous=NORMAL: a commit survives the process; the WAL is synced at checkpoints).

``--profile`` prints where the page and the submission spend their time (cProfile)."""

from __future__ import annotations

import cProfile
import json
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from flask import Flask  # noqa: E402

PASSWORD = "correct horse battery"


def hello_client():
    app = Flask("hello")

    @app.get("/")
    def hello():
        return "Hello, World!"

    return app.test_client()


def carebridge_clients(folder: Path):
    from carebridge import create_app
    from carebridge.agencies import create_agency
    from carebridge.auth.service import create_token, create_user
    from carebridge.forms import service
    from carebridge.migrations import upgrade
    from carebridge.tenancy import ALL_AGENCIES, set_tenant
    from carebridge.unit_of_work import unit_of_work

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder}/bench.db"},
                     instance_path=folder / "instance")
    upgrade(app)
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, "bench", "Bench Agency")
        user = create_user(session, agency, "intake@bench.example.org", "intake", PASSWORD)
        token = create_token(session, user)
        agency_id, user_id = agency.id, user.id
    with unit_of_work(app, agency_id) as session:
        set_tenant(session, agency_id)
        admin = create_user(session, session.get(type(agency), agency_id),
                            "admin@bench.example.org", "admin", PASSWORD)
        document = json.loads((ROOT / "form_definitions/instruments/phq-9.json").read_text())
        with app.app_context():
            service.publish(session, document, user_id=admin.id)
    del user_id
    page = app.test_client()
    login = page.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    page.post("/login", data={"email": "intake@bench.example.org", "password": PASSWORD,
                              "csrf_token": csrf})
    assert page.get("/forms/phq-9/fill").status_code == 200
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    body = {"data": {f"phq_{i}": 1 for i in range(1, 10)}}
    first = api.post("/api/v1/forms/phq-9/submissions", json=body, headers=headers)
    assert first.status_code == 201, first.get_data(as_text=True)
    return page, api, headers, body


def rate(fn, seconds: float = 0.5) -> float:
    """Requests per second of ``fn`` over about ``seconds``."""
    count, start = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds:
        fn()
        count += 1
    return count / elapsed


def main() -> None:
    profile = "--profile" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        page, api, headers, body = carebridge_clients(Path(tmp))
        hello = hello_client()

        def fill():
            response = page.get("/forms/phq-9/fill")
            assert response.status_code == 200

        def submit():
            response = api.post("/api/v1/forms/phq-9/submissions", json=body, headers=headers)
            assert response.status_code == 201

        def bare():
            assert hello.get("/").status_code == 200

        if profile:
            for name, fn in (("fill page", fill), ("API submission", submit)):
                profiler = cProfile.Profile()
                profiler.enable()
                for _ in range(200):
                    fn()
                profiler.disable()
                print(f"--- {name}: 200 requests, by cumulative time")
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            return

        rounds = 8
        pages, submits = [], []
        rates = {"hello": [], "page": [], "submit": []}
        for _ in range(rounds):
            h = rate(bare)
            p = rate(fill)
            s = rate(submit)
            rates["hello"].append(h)
            rates["page"].append(p)
            rates["submit"].append(s)
            pages.append(p / h)
            submits.append(s / h)
        print(f"bare Flask hello: {max(rates['hello']):.0f} requests/s (best round)")
        print(f"PHQ-9 fill page:  {max(rates['page']):.0f} requests/s; "
              f"{statistics.median(pages):.3f}x hello (median of {rounds} rounds; goal >= 0.40)")
        print(f"API submission:   {max(rates['submit']):.0f} requests/s; "
              f"{statistics.median(submits):.3f}x hello (median of {rounds} rounds; "
              f"goal >= 0.15)")


if __name__ == "__main__":
    main()
