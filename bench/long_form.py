"""Render an MDS 3.0-sized form (~1,460 questions in sections, with choices and conditions) and
print its cost against the same HTML served as a static string, and the growth exponent of
fill, check (submit with every answer missing) and flat ``ui.sections`` from 146 to 1,460
questions (1.0 is linear; the goal is <= 1.1). Every ratio is measured in the same run."""

from __future__ import annotations

import math
import statistics
import sys
import time
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

    def fill(self) -> str:
        from carebridge.renderer.compile import compiled_for
        from carebridge.renderer.state import FormState

        form = compiled_for(self.digest, self.document)
        st = FormState.from_data(form, {}, action="/forms/long/fill")
        return str(self.module.root_fields(form, st))

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
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return min(times)


def exponent(small: float, large: float, ratio: float = 10.0) -> float:
    return math.log(large / small) / math.log(ratio)


def static_ratio(paths: Paths, rounds: int = 15) -> tuple[float, float, float]:
    """The fill page against the same HTML served as a string (a precompiled static Jinja
    template, the renderer's floor), timed in turn so a busy machine slows both."""
    from markupsafe import Markup

    html = paths.fill()
    template = _environment().from_string("{{ page }}")
    page = Markup(html)
    ratios, fills, statics = [], [], []
    for _ in range(rounds):
        f = best(paths.fill, rounds=1, number=3)
        s = best(lambda: template.render(page=page), rounds=1, number=200)
        fills.append(f)
        statics.append(s)
        ratios.append(f / s)
    return min(fills), min(statics), statistics.median(ratios)


def main() -> None:
    large = Paths(definition(1460))
    html = large.fill()
    print(f"form: 1,460 questions in {len(large.form.root.children)} sections, "
          f"{len(html) // 1024} KiB of HTML")
    fill, static, median = static_ratio(large)
    print(f"fill render {fill * 1000:.1f} ms; static string {static * 1e6:.1f} us; "
          f"ratio (median of rounds) {median:.0f}x")
    print("growth from 146 to 1,460 questions, time and lines of code run "
          "(exponent 1.0 = linear):")
    for label, flat, path in (("fill", False, "fill"), ("check (all missing)", False, "check"),
                              ("flat ui.sections fill", True, "fill"),
                              ("flat ui.sections check", True, "check"),
                              ("wizard page 1 fill", "pages", "fill")):
        small_paths = Paths(definition(146, flat=bool(flat), pages=flat == "pages"))
        large_paths = Paths(definition(1460, flat=bool(flat), pages=flat == "pages"))
        small = best(getattr(small_paths, path), number=10)
        big = best(getattr(large_paths, path), number=1)
        work = lines_run(getattr(large_paths, path)) / lines_run(getattr(small_paths, path))
        print(f"  {label:24} {small * 1000:7.2f} ms -> {big * 1000:8.1f} ms  "
              f"({big / small:5.1f}x, exponent {exponent(small, big):.2f}); "
              f"lines run {work:5.1f}x (exponent {exponent(1, work):.2f})")


if __name__ == "__main__":
    main()
