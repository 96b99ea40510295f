"""Render a 200-field form (nested groups, conditions, a repeat group) and compare per-render time
with a baseline measured in the same run: the same HTML from a precompiled static Jinja template
(the rendered page with each answer left as a variable, as a hand-written template would be)."""

from __future__ import annotations

import re
import statistics
import sys
import time
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "platform"))

from carebridge.renderer.compile import compiled_for  # noqa: E402
from carebridge.renderer.state import FormState  # noqa: E402

GROUPS = 10
FIELDS_PER_GROUP = 18
KINDS = [
    {"type": "string"}, {"type": "integer", "minimum": 0}, {"type": "number"},
    {"type": "string", "format": "date"}, {"type": "boolean"},
    {"enum": ["a", "b", "c"]}, {"type": "string", "format": "email"},
    {"enum": [f"option {i}" for i in range(12)]}, {"type": "string", "maxLength": 1000},
]


def definition() -> dict:
    properties = {}
    for g in range(GROUPS):
        fields = {f"q{g}_{i}": {**KINDS[i % len(KINDS)], "title": f"Question {g}.{i}"}
                  for i in range(FIELDS_PER_GROUP)}
        properties[f"group{g}"] = {
            "type": "object", "title": f"Group {g}", "properties": {
                "screen": {"type": "boolean", "title": f"Screen {g}"}, **fields},
            "if": {"properties": {"screen": {"const": True}}, "required": ["screen"]},
            "then": {"properties": {"detail": {"type": "string", "title": f"Detail {g}"}},
                     "required": ["detail"]},
        }
    properties["household"] = {"type": "array", "title": "Household", "items": {
        "type": "object", "title": "Member", "properties": {
            "name": {"type": "string", "title": "Name"}, "age": {"type": "integer", "title": "Age"},
        }}}
    return {"id": "bench", "title": "Benchmark", "kind": "intake",
            "schema": {"type": "object", "properties": properties}}


def answers() -> dict:
    data = {}
    for g in range(GROUPS):
        group = {"screen": g % 2 == 0}
        if g % 2 == 0:
            group["detail"] = "some detail"
        for i in range(0, FIELDS_PER_GROUP, 2):
            kind = KINDS[i % len(KINDS)]
            group[f"q{g}_{i}"] = (
                "2024-05-01" if kind.get("format") == "date"
                else "a@b.org" if kind.get("format") == "email"
                else kind["enum"][1] if "enum" in kind
                else 42 if kind.get("type") == "integer"
                else 3.5 if kind.get("type") == "number"
                else True if kind.get("type") == "boolean"
                else f"answer {g}.{i}"
            )
        data[f"group{g}"] = group
    data["household"] = [{"name": "Kim", "age": 7}, {"name": "Lee", "age": 40}]
    return data


def environment() -> Environment:
    # The same settings the app's templating uses.
    environment = Environment(loader=FileSystemLoader(str(ROOT / "templates")),
                              autoescape=select_autoescape(["html"]), trim_blocks=True,
                              lstrip_blocks=True, extensions=["jinja2.ext.i18n"])
    # The templates mark their texts with _() as the app's Flask-Babel does (English here).
    environment.install_null_translations(newstyle=True)
    return environment


def per_call(fn, number: int) -> float:
    start = time.perf_counter()
    for _ in range(number):
        fn()
    return (time.perf_counter() - start) / number


def compare(render, baseline, rounds: int = 25, number: int = 20) -> tuple[float, float, float]:
    """Best time of each, and the median of the rounds' ratios; the two are timed in turn within
    each round, so a busy moment of the machine slows both rather than one."""
    renders, baselines, ratios = [], [], []
    for _ in range(rounds):
        r, b = per_call(render, number), per_call(baseline, number)
        renders.append(r)
        baselines.append(b)
        ratios.append(r / b)
    return min(renders), min(baselines), statistics.median(ratios)


def main() -> None:
    document = definition()
    data = answers()
    root_fields = environment().get_template("renderer/_field.html").module.root_fields

    def render() -> str:
        form = compiled_for("bench-digest", document)  # a cache hit, as in every request
        st = FormState.from_data(form, data, action="/forms/bench/fill")
        return str(root_fields(form, st))

    html = render()
    assert "&lt;fieldset" not in html, "markup was escaped twice"
    fields = len(re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")', html))

    # The baseline: the same HTML as a static template, answers left as variables.
    values: list[str] = []

    def hole(match: re.Match) -> str:
        values.append(match.group(2))
        return f'{match.group(1)}{{{{ v[{len(values) - 1}] }}}}"'

    from markupsafe import Markup

    source = re.sub(r'( value=")([^"]*)"', hole, html.replace("{", "&#123;"))
    static = environment().from_string(source)
    context = {"v": [Markup(v) for v in values]}
    assert static.render(**context).replace("&#123;", "{") == html, "baseline differs"

    renderer, baseline, median = compare(render, lambda: static.render(**context))
    print(f"form: {fields} visible fields, {len(html) // 1024} KiB of HTML")
    print(f"renderer: {renderer * 1000:.2f} ms per render (best of 25 rounds)")
    print(f"baseline (precompiled static Jinja template): {baseline * 1000:.3f} ms per render")
    print(f"ratio: {renderer / baseline:.1f}x (best against best); median of the rounds' "
          f"ratios {median:.1f}x")


if __name__ == "__main__":
    main()
