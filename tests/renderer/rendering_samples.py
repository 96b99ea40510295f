"""Every definition we ship or test with, drawn with sample answers and errors: the renderings
two ways of drawing a page must agree on, byte for byte."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_FOLDERS = [ROOT / "form_definitions" / "instruments",
                  ROOT / "tests" / "renderer" / "schemas",
                  ROOT / "tests" / "core" / "seams_definitions"]
HOSTILE = "<b>\"it's\" & 'so'</b>"


def definitions() -> list[dict]:
    """The shipped instruments, the renderer's test definitions and the benches' forms."""
    found = [json.loads(p.read_text()) for folder in SCHEMA_FOLDERS
             for p in sorted(folder.glob("*.json"))]
    sys.path.insert(0, str(ROOT / "bench"))
    import long_form
    import render

    found.append(render.definition())
    for flat, pages in ((False, False), (True, False), (True, True)):
        found.append(long_form.definition(146, flat=flat, pages=pages))
    return [d for d in found if isinstance(d.get("schema"), dict)]


def sample_answer(node, i: int):
    """An answer for one question: every kind gets something, text with characters to escape."""
    from carebridge.renderer.compile import MISSING

    if node.kind in ("choice", "boolean") and node.choices:
        return node.choices[i % len(node.choices)].value
    if node.kind == "boolean":
        return i % 2 == 0
    if node.kind == "multichoice" and node.choices:
        return [c.value for c in node.choices[: 1 + i % 2]]
    if node.kind in ("integer", "number"):
        return i
    if node.kind == "const":
        return node.choices[0].value
    if node.format == "date":
        return "2024-05-01"
    if node.format == "date-time":
        return "2024-05-01T09:30:00+02:00"  # another offset: carried in a hidden input
    if node.format == "time":
        return "07:15:00+05:00"
    if node.kind in ("string", "textarea"):
        return f"answer {i} {HOSTILE}"
    return MISSING


def sample_data(node, depth: int = 0, counter: list | None = None):
    """Answers for every question of ``node``: two items per repeat group, the first branch."""
    from carebridge.renderer.compile import MISSING

    counter = counter if counter is not None else [0]
    counter[0] += 1
    if depth > 4 or node.recursive and depth > 2:
        return MISSING
    if node.kind == "object":
        out = {}
        for child in node.children:
            value = sample_data(child, depth + 1, counter)
            if value is not MISSING:
                out[child.key] = value
        return out
    if node.kind == "alternatives" and node.branches:
        return sample_data(node.branches[0], depth, counter)
    if node.kind == "array" and node.item is not None:
        items = [sample_data(node.item, depth + 1, counter) for _ in range(2)]
        return [v for v in items if v is not MISSING]
    if node.kind == "tuple":
        return [v for c in node.children
                if (v := sample_data(c, depth + 1, counter)) is not MISSING]
    return sample_answer(node, counter[0])


def renderings(draw) -> Iterator[tuple[str, str]]:
    """(label, HTML) for every definition: blank, answered, answered with the validator's errors,
    empty with its errors, and answered with an error on every name the form posts.

    ``draw(form, state)`` returns the HTML of the form's fields."""
    from carebridge.forms.validation import make_validator, problems
    from carebridge.renderer.compile import compile_definition
    from carebridge.renderer.state import FormState

    for document in definitions():
        form = compile_definition(document)
        validator = make_validator(document["schema"])
        data = sample_data(form.root)
        data = data if isinstance(data, dict) else {}
        for label, answers, errors in (("blank", {}, None), ("answered", data, None),
                                       ("answered+checked", data, "validate"),
                                       ("empty+checked", {}, "validate"),
                                       ("answered+every error", data, "every")):
            for live in (True, False):
                st = FormState.from_data(form, answers, action="/forms/x/fill?a=<&>",
                                         live=live)
                if errors == "validate":
                    st.set_problems(problems(validator, answers))
                elif errors == "every":
                    names = {""}
                    for key in st.values:
                        parts = key.split(".")
                        names.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
                    st.errors = {n: [f"Wrong {HOSTILE} {n}"] for n in names}
                for page in range(max(len(form.pages), 1)):
                    st.page = page
                    yield (f"{document['id']} {label} live={live} page={page}",
                           draw(form, st))
