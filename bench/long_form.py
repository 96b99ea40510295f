"""Render an MDS 3.0-sized form (~1,460 questions in sections, with choices and conditions) and
print its cost against the same HTML served as a static string; the growth exponent
log(t1460 / t146) / log(10) of every path from 146 to 1,460 questions (1.0 is linear; the goal
is <= 1.1), in time and in lines of code run: fill, check (every answer missing), flat
``ui.sections``, wizard pages, and through the app (in-process test client, SQLite) an API
submission of every answer, an empty one (hundreds of errors), the fill page submitted empty
and a wizard's Next; the memory to compile and render the form (tracemalloc) beside what
the compiled-form cache counts for it; and the resident size over a mixed load of new
versions, URLs and renders. Every ratio is measured in the same run.

Times are this process's CPU time (``time.process_time``): on a machine shared with other work
a wall clock counts their turns too, which moved the ratios by 2x between runs.
``--quick`` skips the requests through the app."""

from __future__ import annotations

import json
import math
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

PER_SECTION = 73  # MDS 3.0: ~20 sections of ~73 items
CHOICES = ["0. Never", "1. Rarely", "2. Sometimes", "3. Often", "9. Unable to determine"]


def _question(s: int, q: int) -> dict:
    kind = q % 6
    title = f"{chr(65 + s % 26)}{s // 26}{q:03d}. Item {q} of section {s}"
    if kind in (0, 1, 2):
        return {"title": title, "enum": CHOICES}
    if kind == 3:
        return {"type": "integer", "title": title, "minimum": 0, "maximum": 99}
    if kind == 4:
        return {"type": "string", "title": title, "maxLength": 200}
    return {"type": "string", "format": "date", "title": title}


def answers(document: dict) -> dict:
    """An answer to every question of a generated assessment (every screen "Yes")."""
    def answer(key: str, schema: dict):
        if "enum" in schema:
            return schema["enum"][0] if key.endswith("_screen") else schema["enum"][1]
        if schema.get("type") == "integer":
            return 3
        if schema.get("format") == "date":
            return "2024-05-01"
        return f"Answer to {key}"

    def fill(properties: dict, rules: list) -> dict:
        out = {}
        for key, schema in properties.items():
            if schema.get("type") == "object":
                out[key] = fill(schema["properties"], [schema])
            else:
                out[key] = answer(key, schema)
        for rule in rules:
            for key, schema in rule.get("then", {}).get("properties", {}).items():
                out[key] = answer(key, schema)
        return out

    schema = document["schema"]
    return fill(schema["properties"], schema.get("allOf", []))


def definition(questions: int = 1460, *, flat: bool = False, pages: bool = False) -> dict:
    """A generated assessment: sections of ``PER_SECTION`` questions, every sixth required, a
    screening item per section whose "Yes" shows a follow-up (an if/then condition).

    ``flat`` puts every question at the top level, grouped by ``ui.sections``; otherwise each
    section is a nested object; ``pages`` (with ``flat``) makes each section a wizard page."""
    sections = max(1, round(questions / PER_SECTION))
    per = questions // sections
    properties: dict = {}
    ui_sections = []
    rules = []
    for s in range(sections):
        fields = {f"s{s}_q{q}": _question(s, q) for q in range(per - 2)}
        fields[f"s{s}_screen"] = {"type": "string", "title": f"Screen {s}", "enum": ["Yes", "No"]}
        required = [k for i, k in enumerate(fields) if i % 6 == 0]
        required.append(f"s{s}_screen")
        follow = {f"s{s}_follow": {"type": "string", "title": f"Follow-up {s}"}}
        condition = {"if": {"properties": {f"s{s}_screen": {"const": "Yes"}},
                            "required": [f"s{s}_screen"]},
                     "then": {"properties": follow, "required": [f"s{s}_follow"]}}
        if flat:
            properties.update(fields)
            ui_sections.append({"title": f"Section {s}", "fields": list(fields)})
            rules.append(condition)
            properties.setdefault("_required", []).extend(required)
        else:
            properties[f"section{s}"] = {"type": "object", "title": f"Section {s}",
                                         "properties": fields, "required": required,
                                         **condition}
    schema: dict = {"type": "object", "properties": properties,
                    "required": [] if flat else list(properties)}
    if flat:
        schema["required"] = properties.pop("_required")
        schema["properties"] = properties
        schema["allOf"] = rules
    document = {"id": f"long-{questions}{'-flat' if flat else ''}",
                "title": "Long assessment", "kind": "assessment", "schema": schema}
    if flat:
        if pages:  # a wizard's pages have ids (drafts remember the page by it)
            ui_sections = [{"id": f"page{i}", **page} for i, page in enumerate(ui_sections)]
        document["ui"] = {"pages" if pages else "sections": ui_sections}
        document["id"] += "-pages" if pages else ""
    return document


def _environment():
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    environment = Environment(loader=FileSystemLoader(str(ROOT / "templates")),
                              autoescape=select_autoescape(["html"]), trim_blocks=True,
                              lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # The templates mark their texts with _() as the app's Flask-Babel does (English here).
    environment.install_null_translations(newstyle=True)
    return environment


class Paths:
    """The renderer's paths for one definition: fill (blank), check (submitted empty)."""

    def __init__(self, document: dict):
        from carebridge.forms.validation import make_validator
        from carebridge.renderer.compile import compiled_for

        self.document = document
        self.digest = "bench-" + document["id"]
        self.form = compiled_for(self.digest, document)
        self.validator = make_validator(document["schema"])
        self.module = _environment().get_template("renderer/_field.html").module
        self.answers = answers(document)

    def fill(self) -> str:
        from carebridge.renderer.compile import compiled_for
        from carebridge.renderer.state import FormState

        form = compiled_for(self.digest, self.document)
        st = FormState.from_data(form, {}, action="/forms/long/fill")
        return self.module.root_fields(form, st)  # Markup, as the page template takes it

    def answered(self) -> str:
        """The fill page with every question answered (a resumed draft)."""
        from carebridge.renderer.compile import compiled_for
        from carebridge.renderer.state import FormState

        form = compiled_for(self.digest, self.document)
        st = FormState.from_data(form, self.answers, action="/forms/long/fill")
        return self.module.root_fields(form, st)

    def wizard(self) -> str:
        """A wizard's first page with every answer given: the page's questions, and every
        other page's answers carried along as hidden inputs (as _form.html writes them)."""
        from carebridge.renderer.compile import compiled_for
        from carebridge.renderer.state import FormState

        form = compiled_for(self.digest, self.document)
        st = FormState.from_data(form, self.answers, action="/forms/long/fill")
        carried = "".join(f'<input type="hidden" name="{n}" value="{v}">'
                          for n, v in st.carried(form.pages[st.page]["fields"]))
        return carried + str(self.module.root_fields(form, st))

    def check(self) -> str:
        from carebridge.forms.validation import problems
        from carebridge.renderer.compile import compiled_for
        from carebridge.renderer.state import FormState

        form = compiled_for(self.digest, self.document)
        # Every section opened and left empty: each required question is an error.
        empty = {c.key: {} for c in form.root.children if c.kind == "object"}
        st = FormState.from_data(form, empty, action="/forms/long/fill")
        st.set_problems(problems(self.validator, empty))
        st.checked = True
        links = st.error_links()
        return str(self.module.root_fields(form, st)) + "".join(m for _, _, m in links)


PASSWORD = "correct horse battery"


class AppPaths:
    """The same definitions published in an app (SQLite in ``folder``), asked through its test
    client as a browser and an API client would: submissions and page posts."""

    def __init__(self, folder: Path, documents: list[dict]):
        from carebridge import create_app
        from carebridge.agencies import create_agency
        from carebridge.auth.service import create_token, create_user
        from carebridge.forms import service
        from carebridge.migrations import upgrade
        from carebridge.tenancy import ALL_AGENCIES, set_tenant
        from carebridge.unit_of_work import unit_of_work

        self.app = create_app({"SECRET_KEY": "bench",
                               "DATABASE_URL": f"sqlite:///{folder}/bench.db"},
                              instance_path=folder / "instance")
        upgrade(self.app)
        with unit_of_work(self.app, ALL_AGENCIES) as session:
            agency = create_agency(session, "bench", "Bench Agency")
            user = create_user(session, agency, "intake@bench.example.org", "intake", PASSWORD)
            self.token = create_token(session, user)
            agency_id = agency.id
        with unit_of_work(self.app, agency_id) as session:
            set_tenant(session, agency_id)
            admin = create_user(session, session.get(type(agency), agency_id),
                                "admin@bench.example.org", "admin", PASSWORD)
            with self.app.app_context():
                for document in documents:
                    service.publish(session, document, user_id=admin.id)
        self.page = self.app.test_client()
        login = self.page.get("/login").get_data(as_text=True)
        self.page.post("/login", data={"email": "intake@bench.example.org",
                                       "password": PASSWORD, "csrf_token": _csrf(login)})
        self.api = self.app.test_client()
        self.headers = {"Authorization": f"Bearer {self.token}"}
        self.csrf = {}

    def _page_csrf(self, slug: str) -> str:
        if slug not in self.csrf:
            response = self.page.get(f"/forms/{slug}/fill")
            assert response.status_code == 200, response.status_code
            self.csrf[slug] = _csrf(response.get_data(as_text=True))
        return self.csrf[slug]

    def api_submit(self, document: dict, data: dict, status: int) -> None:
        response = self.api.post(f"/api/v1/forms/{document['id']}/submissions",
                                 json={"data": data}, headers=self.headers)
        assert response.status_code == status, response.get_data(as_text=True)[:300]

    def page_post(self, document: dict, form: list[tuple[str, str]], status: int) -> str:
        from werkzeug.datastructures import MultiDict

        slug = document["id"]
        body = [("csrf_token", self._page_csrf(slug)), *form]
        response = self.page.post(f"/forms/{slug}/fill", data=MultiDict(body))
        assert response.status_code == status, response.get_data(as_text=True)[:300]
        return response.get_data(as_text=True)


def _csrf(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)


def posted(document: dict, data: dict) -> list[tuple[str, str]]:
    """The form fields a browser posts for ``data``."""
    from carebridge.renderer.compile import compile_definition
    from carebridge.renderer.formdata import to_form

    flat = to_form(compile_definition(document).root, data)
    return [(k, v) for k, vs in flat.items() for v in vs]


def request_paths(folder: Path) -> list[tuple[str, object, object]]:
    """(label, the 146-question call, the 1,460-question call) for each path through the app."""
    nested = {n: definition(n) for n in (146, 1460)}
    flat = {n: definition(n, flat=True) for n in (146, 1460)}
    pages = {n: definition(n, flat=True, pages=True) for n in (146, 1460)}
    app = AppPaths(folder, [*nested.values(), *flat.values(), *pages.values()])
    next_posts = {n: [*posted(pages[n], answers(pages[n])), ("_action", "next"), ("_page", "0")]
                  for n in pages}
    paths = []
    for label, make in (
        ("API submit (every answer)",
         lambda n: lambda: app.api_submit(nested[n], answers(nested[n]), 201)),
        ("API submit empty (errors)",
         lambda n: lambda: app.api_submit(flat[n], {}, 422)),
        ("fill page submitted empty",
         lambda n: lambda: app.page_post(flat[n], [("_action", "submit")], 422)),
        ("wizard Next (every answer)",
         lambda n: lambda: app.page_post(pages[n], next_posts[n], 200)),
    ):
        paths.append((label, make(146), make(1460)))
    return paths


def lines_run(fn) -> int:
    """The lines of Carebridge's code executed by ``fn()`` (loops count every turn): work
    counted rather than timed, so a busy machine does not move it."""
    count = 0

    def local(frame, event, arg):
        nonlocal count
        if event == "line":
            count += 1
        return local

    def call(frame, event, arg):
        return local if "carebridge" in frame.f_code.co_filename else None

    previous = sys.gettrace()
    sys.settrace(call)
    try:
        fn()
    finally:
        sys.settrace(previous)
    return count


def best(fn, rounds: int = 7, number: int = 3) -> float:
    """The best of ``rounds`` CPU times of ``fn`` (each the mean of ``number`` calls)."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(number):
            fn()
        times.append((time.process_time() - start) / number)
    return min(times)


def exponent(small: float, large: float, ratio: float = 10.0) -> float:
    return math.log(large / small) / math.log(ratio)


def static_ratio(render, rounds: int = 15) -> tuple[float, float, float]:
    """``render()`` against the same HTML served as a string (a precompiled static Jinja
    template, the renderer's floor), timed in turn so a busy machine slows both."""
    from markupsafe import Markup

    html = render()
    template = _environment().from_string("{{ page }}")
    page = Markup(html)
    ratios, fills, statics = [], [], []
    for _ in range(rounds):
        f = best(render, rounds=1, number=3)
        s = best(lambda: template.render(page=page), rounds=1, number=50)
        fills.append(f)
        statics.append(s)
        ratios.append(f / s)
    return min(fills), min(statics), statistics.median(ratios)


def keep_freed_memory() -> bool:
    """Ask glibc to keep the memory a render frees instead of handing it back to the kernel.

    By default a freed megabyte string goes back to the kernel, and the next one is faulted in
    page by page: on the 2-core development VM that costs about 4 ms a MiB, more than either
    side's own work, and whether the static side paid it depended on what ran before (its
    time swung from 0.2 to 10 ms). With the thresholds fixed both sides do only their work."""
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    m_trim_threshold, m_mmap_threshold = -1, -3
    return bool(mallopt(m_trim_threshold, 256 << 20) and mallopt(m_mmap_threshold, 32 << 20))


def growth(label: str, small, large) -> float:
    """Print the time and lines run of ``small()`` and ``large()`` and their growth exponents;
    return the larger exponent."""
    small(), large()  # compiled, cached and planned, as in a request after the first
    t_small = best(small, rounds=7, number=5)
    t_large = best(large, rounds=7, number=1)
    work = lines_run(large) / lines_run(small)
    time_exp, work_exp = exponent(t_small, t_large), exponent(1, work)
    print(f"  {label:28} {t_small * 1000:7.2f} ms -> {t_large * 1000:8.1f} ms "
          f"(exponent {time_exp:.2f}); lines run {work:5.1f}x (exponent {work_exp:.2f})")
    return max(time_exp, work_exp)


def memory(document: dict) -> None:
    """Peak memory to compile the form and to render it (first and later renders), what the
    compiled form and its kept plans hold (tracemalloc), and what the compiled-form cache
    counts for it (``CompiledForm.held``), compiled and once drawn."""
    from carebridge.renderer import compile as compiling
    from carebridge.renderer.state import FormState

    module = _environment().get_template("renderer/_field.html").module
    warm = compiling.compiled_for("warm-up", definition(146))  # the widget table, imports
    module.root_fields(warm, FormState.from_data(warm, {}, action="/f"))
    text = json.dumps(document, ensure_ascii=False)

    def peak(fn) -> tuple[int, int, object]:
        tracemalloc.start()
        result = fn()
        kept, top = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return top, kept, result

    top, held, form = peak(lambda: compiling.compiled_for("memory", json.loads(text)))
    counted_compiled = form.held
    first_top, first_kept, html = peak(
        lambda: module.root_fields(form, FormState.from_data(form, {}, action="/f")))
    del html
    later_top, _, html = peak(
        lambda: module.root_fields(form, FormState.from_data(form, {}, action="/f")))
    mib = 1024 * 1024
    print(f"memory (tracemalloc): decoding and compiling peaks at {top / mib:.1f} MiB and keeps "
          f"{held / mib:.1f} MiB (the JSON is {len(text) / mib:.2f} MiB); the first render "
          f"peaks at {first_top / mib:.1f} MiB and keeps {first_kept / mib:.1f} MiB of shells, "
          f"plans and groups kept whole; a later render peaks at {later_top / mib:.1f} MiB "
          f"({len(html) / mib:.1f} MiB of HTML)")
    print(f"compiled-form cache: counts {counted_compiled / mib:.1f} MiB for it compiled "
          f"({counted_compiled / held:.2f}x what tracemalloc saw kept) and {form.held / mib:.1f} "
          f"MiB once drawn ({form.held / (held + first_kept):.2f}x), of CACHE_MAX_BYTES "
          f"{compiling.CACHE_MAX_BYTES / mib:.0f} MiB")


def resident_mib() -> float:
    """This process's resident size (Linux ``/proc/self/statm``), in MiB; 0 elsewhere."""
    import os

    try:
        with open("/proc/self/statm") as statm:
            pages = int(statm.read().split()[1])
    except OSError:
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


def mixed_load(rounds: int = 12) -> None:
    """A worker's resident size over a mixed load: each round publishes a new version of each
    of three 1,460-question forms (nested, flat sections, wizard pages) and a 146-question one,
    and draws each blank, answered and checked, for the form's own URL and two kiosk links
    new that round; the compiled-form cache must let old versions go by the bytes they hold."""
    import gc

    from carebridge.forms.validation import make_validator, problems
    from carebridge.renderer import compile as compiling
    from carebridge.renderer.state import FormState

    module = _environment().get_template("renderer/_field.html").module
    documents = [definition(1460), definition(1460, flat=True),
                 definition(1460, flat=True, pages=True), definition(146)]
    answered = [answers(d) for d in documents]
    validators = [make_validator(d["schema"]) for d in documents]
    sizes = []
    for round_ in range(rounds):
        for document, data, validator in zip(documents, answered, validators, strict=True):
            form = compiling.compiled_for(f"load-{round_}-{document['id']}", document)
            for action in ("/forms/x/fill", f"/kiosk/{round_}a/fill", f"/kiosk/{round_}b/fill"):
                for given, check in (({}, False), (data, False), ({}, True)):
                    st = FormState.from_data(form, given, action=action)
                    if check:
                        st.set_problems(problems(validator, given))
                    str(module.root_fields(form, st))
        gc.collect()
        count, held = compiling.cache_usage()
        sizes.append((resident_mib(), count, held / (1024 * 1024)))
    mib = [r for r, _, _ in sizes]
    half = len(mib) // 2
    print(f"mixed load, {rounds} rounds of {len(documents)} new versions x 3 URLs x blank, "
          f"answered, checked (cache bound {compiling.CACHE_MAX_BYTES // 2**20} MiB): "
          "resident MiB by round " + " ".join(f"{r:.0f}" for r in mib))
    print("  cache after each round (forms, MiB counted): "
          + " ".join(f"{c}/{h:.0f}" for _, c, h in sizes))
    print(f"  growth over the second half: {max(mib[half:]) - max(mib[:half]):+.1f} MiB "
          f"(first round {mib[0]:.0f} MiB, largest {max(mib):.0f} MiB)")


def main() -> None:
    from markupsafe import Markup

    quick = "--quick" in sys.argv
    kept = keep_freed_memory()
    large = Paths(definition(1460))
    html = large.fill()
    print(f"form: 1,460 questions in {len(large.form.root.children)} sections, "
          f"{len(html) // 1024} KiB of HTML; freed memory kept by the allocator: {kept}")
    for label, render in (("blank", large.fill), ("every answer given", large.answered)):
        fill, static, median = static_ratio(render)
        print(f"fill render ({label}) {fill * 1000:.2f} ms; the same HTML as a static string "
              f"{static * 1000:.2f} ms; ratio (median of rounds) {median:.1f}x (goal <= 2)")
    print("growth from 146 to 1,460 questions, CPU time and lines of code run "
          "(exponent log(large / small) / log(10); 1.0 = linear, goal <= 1.1):")
    worst = 0.0
    # The floor: the same HTML served as a string grows with the page's bytes alone.
    statics = []
    for paths in (Paths(definition(146)), large):
        page = Markup(paths.fill())
        template = _environment().from_string("{{ page }}")
        statics.append(lambda template=template, page=page: template.render(page=page))
    small_static, large_static = best(statics[0], number=50), best(statics[1], number=20)
    print(f"  {'(static string, the floor)':28} {small_static * 1000:7.2f} ms -> "
          f"{large_static * 1000:8.2f} ms (exponent {exponent(small_static, large_static):.2f})")
    for label, flat, path in (("fill", False, "fill"), ("fill (every answer given)", False,
                                                        "answered"),
                              ("check (all missing)", False, "check"),
                              ("flat ui.sections fill", True, "fill"),
                              ("flat ui.sections check", True, "check"),
                              ("wizard page 1 (all answered)", "pages", "wizard")):
        small_paths = Paths(definition(146, flat=bool(flat), pages=flat == "pages"))
        large_paths = Paths(definition(1460, flat=bool(flat), pages=flat == "pages"))
        worst = max(worst, growth(label, getattr(small_paths, path), getattr(large_paths, path)))
    if not quick:
        with tempfile.TemporaryDirectory() as tmp:
            for label, small, large_call in request_paths(Path(tmp)):
                worst = max(worst, growth(label, small, large_call))
    print(f"largest growth exponent: {worst:.2f}")
    memory(definition(1460))
    mixed_load()


if __name__ == "__main__":
    main()
