"""Add, Remove and Move in a repeat group through htmx, at 100 rows and in the smallest group
whose answer has the same parts: prints what each answer costs (time per request, bytes sent)
at 100 rows as a ratio of its cost in the small group (goal <= 1.5x), posted as renderer.js
sends it and with the whole form, beside the whole group every answer used to be. The rows
are the adult intake's household members (name, relationship, date of birth, age, income).
In-process test client, SQLite in a temporary folder; the sizes are measured in turn within
each round, so a busy machine slows both alike.

``--profile`` prints where an Add at 100 rows spends its time (cProfile)."""

from __future__ import annotations

import cProfile
import functools
import json
import pstats
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))
sys.path.insert(0, str(ROOT / "bench"))

from long_form import lines_run  # noqa: E402  (work counted, not timed)

PASSWORD = "correct horse battery"
SLUG = "bench-household"
LARGE = 100
FORM = "application/x-www-form-urlencoded"


def definition() -> dict:
    """The adult intake's household member as the item of a group with no upper limit."""
    intake = json.loads((ROOT / "form_definitions/instruments/adult-intake.json").read_text())
    member = intake["schema"]["properties"]["household_members"]["items"]
    return {"id": SLUG, "title": "Household", "kind": "intake", "schema": {
        "type": "object", "$defs": intake["schema"]["$defs"],
        "properties": {"household": {"type": "array", "title": "Household members",
                                     "items": member}},
    }}


def member(i: int) -> dict:
    return {"name": f"Person {i}", "relationship": "child", "date_of_birth": "2015-04-01",
            "age": 9, "monthly_income": 0}


def signed_in(folder: Path):
    """A worker's test client on a fresh app with the bench form published."""
    from carebridge import create_app
    from carebridge.agencies import create_agency
    from carebridge.auth.service import create_user
    from carebridge.forms import service
    from carebridge.migrations import upgrade
    from carebridge.tenancy import ALL_AGENCIES, set_tenant
    from carebridge.unit_of_work import unit_of_work

    app = create_app({"SECRET_KEY": "bench", "DATABASE_URL": f"sqlite:///{folder}/bench.db",
                      "LOG_LEVEL": "WARNING"},  # a line per request otherwise
                     instance_path=folder / "instance")
    upgrade(app)
    with unit_of_work(app, ALL_AGENCIES) as session:
        agency = create_agency(session, "bench", "Bench Agency")
        create_user(session, agency, "intake@bench.example.org", "intake", PASSWORD)
        agency_id = agency.id
    with unit_of_work(app, agency_id) as session:
        set_tenant(session, agency_id)
        admin = create_user(session, session.get(type(agency), agency_id),
                            "admin@bench.example.org", "admin", PASSWORD)
        with app.app_context():
            service.publish(session, definition(), user_id=admin.id)
    client = app.test_client()
    login = client.get("/login").get_data(as_text=True)
    csrf = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login).group(1)
    client.post("/login", data={"email": "intake@bench.example.org", "password": PASSWORD,
                                "csrf_token": csrf})
    return app, client


def posted(app, client, rows: int) -> list[tuple[str, str]]:
    """What the browser posts from the fill page with ``rows`` household members filled in."""
    from carebridge.renderer.compile import compile_definition
    from carebridge.renderer.formdata import to_form

    html = client.get(f"/forms/{SLUG}/fill").get_data(as_text=True)
    fields = [(name, re.search(rf'name="{name}"[^>]*value="([^"]*)"', html).group(1))
              for name in ("csrf_token", "_key", "_version", "_page", "_draft")]
    with app.app_context():
        root = compile_definition(definition()).root
    values = to_form(root, {"household": [member(i) for i in range(rows)]})
    return fields + [("household.__items", "")] + [
        (name, value) for name, listed in values.items() for value in listed]


BOOKKEEPING = {"csrf_token", "_key", "_version", "_page", "_draft", "_shown", "_action"}


def sent(pairs: list[tuple[str, str]], action: str) -> list[tuple[str, str]]:
    """What renderer.js sends for a repeat group's button (its htmx:configRequest handler):
    the bookkeeping, the group's keys and the rows the answer draws again."""
    verb, _, target = action.partition(":")
    group = target if verb == "add" else target.rpartition(".")[0]
    keys = [v for n, v in pairs if n == f"{group}.__items" and v]
    drawn = []
    if verb != "add" and target.rpartition(".")[2] in keys:
        at = keys.index(target.rpartition(".")[2])
        near = {"up": at - 1, "down": at + 1}.get(verb, at)
        drawn = [keys[i] for i in {at, near} if 0 <= i < len(keys)]
    rows = tuple(f"{group}.{k}" for k in drawn)

    def kept(name: str) -> bool:
        bare = name.removeprefix("__branch.").removeprefix("__was.")
        return (name in BOOKKEEPING or name in (f"{group}.__items", "__branch")
                or name == f"__branch.{group}"
                or any(bare == row or bare.startswith(row + ".") for row in rows))

    return [(n, v) for n, v in pairs if kept(n)] + [("_action", action)]


@functools.cache
def _encoded(pairs: tuple) -> bytes:
    return urlencode(pairs).encode()


def body(pairs: list[tuple[str, str]]) -> bytes:
    """The posted form as the browser sends it, encoded once (the test client's own encoding
    would otherwise be most of what is measured)."""
    return _encoded(tuple(pairs))


#: Each button, and the smallest group whose answer has every part the answer at 100 rows has:
#: Add after the last row (1 row: the old last row gains Move down), Remove the first row of 3
#: (the new first row loses Move up; every row below is renumbered), Move the last row up (2).
BUTTONS = {"add": ("add:household", 1), "remove": ("remove:household.0", 3),
           "move": ("up:household.{last}", 2)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app, client = signed_in(Path(tmp))
        forms = {n: posted(app, client, n) for n in {1, 2, 3, LARGE, LARGE + 1}}
        htmx = {"HX-Request": "true"}

        def ask(verb: str, large: bool, whole_form: bool = False) -> bytes:
            action, rows = BUTTONS[verb]
            rows = LARGE if large else rows
            action = action.format(last=rows - 1)
            data = forms[rows]
            pairs = data + [("_action", action)] if whole_form else sent(data, action)
            response = client.post(f"/forms/{SLUG}/fill", headers=htmx, data=body(pairs),
                                   content_type=FORM)
            assert response.status_code == 200, response.status_code
            return response.get_data()

        def whole_group() -> int:
            """The answer before: the whole group drawn again (as a condition's refresh is)."""
            data = body(forms[LARGE + 1] + [("_action", "refresh:household")])
            return len(client.post(f"/forms/{SLUG}/fill", headers=htmx, data=data,
                                   content_type=FORM).get_data())

        if "--profile" in sys.argv:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(200):
                ask("add", True)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
            return

        rounds, per_round = 15, 10
        seconds: dict[tuple, list[float]] = {}
        for _ in range(rounds):
            for verb in BUTTONS:
                for whole_form in (False, True):
                    for large in (False, True):
                        start = time.perf_counter()
                        for _ in range(per_round):
                            ask(verb, large, whole_form)
                        seconds.setdefault((verb, large, whole_form), []).append(
                            (time.perf_counter() - start) / per_round)

        def ratio(verb: str, whole_form: bool) -> tuple[float, float, float]:
            small = statistics.median(seconds[(verb, False, whole_form)])
            large = statistics.median(seconds[(verb, True, whole_form)])
            return small * 1000, large * 1000, large / small

        print(f"Repeat group of household members: each answer at {LARGE} rows against the "
              f"smallest group with the same parts (time: median of {rounds} rounds of "
              f"{per_round} requests; work: lines of Carebridge run; goal <= 1.5x)")
        print(f"{'':8}{'rows':>5}{'ms':>7}{'ms@100':>8}{'ratio':>7}{'bytes':>8}{'@100':>8}"
              f"{'ratio':>7}{'work ratio':>12}   whole form posted: time, work ratio")
        for verb, (_, rows) in BUTTONS.items():
            small, large, time_ratio = ratio(verb, False)
            b_small, b_large = len(ask(verb, False)), len(ask(verb, True))
            work = [lines_run(lambda v=verb, big=big, w=w: ask(v, big, w))
                    for w in (False, True) for big in (False, True)]
            print(f"{verb:8}{rows:5}{small:7.1f}{large:8.1f}{time_ratio:7.2f}{b_small:8,}"
                  f"{b_large:8,}{b_large / b_small:7.2f}{work[1] / work[0]:12.2f}   "
                  f"{ratio(verb, True)[2]:.2f}, {work[3] / work[2]:.2f}")
        print(f"The whole group, as every answer was before: {whole_group():,} bytes at "
              f"{LARGE + 1} rows.")


if __name__ == "__main__":
    main()
