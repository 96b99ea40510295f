"""The definition editor: JSON beside a live preview, checks inline, publish, and a gallery."""

from __future__ import annotations

import json
from pathlib import Path

from flask import current_app, flash, redirect, render_template, request, url_for

from carebridge.auth.access import current_user, requires
from carebridge.db import get_session
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms import service
from carebridge.forms.definitions import parse_definition
from carebridge.htmx import is_htmx
from carebridge.renderer.compile import compile_definition
from carebridge.renderer.formdata import defaults_of
from carebridge.renderer.state import FormState
from carebridge.renderer.views import bp, time_zone

STARTER = {
    "id": "new-form", "title": "New form", "kind": "intake",
    "schema": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "title": "Full name"},
    }},
    "ui": {},
}


def gallery() -> list[dict]:
    """The shipped instruments an agency can start from (title, kind, file name)."""
    folder = Path(current_app.config["FORM_DEFINITIONS_DIR"]) / "instruments"
    found = []
    for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            document = json.loads(file.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if isinstance(document, dict):
            found.append({"file": file.name, "title": document.get("title", file.stem),
                          "kind": document.get("kind", ""),
                          "description": document.get("description", "")})
    return found


def starting_text() -> str:
    db = get_session()
    if request.args.get("slug"):
        try:
            return json.dumps(service.get_version(db, request.args["slug"]).document, indent=2)
        except NotFound:
            pass
    name = request.args.get("start", "")
    if name and any(g["file"] == name for g in gallery()):
        folder = Path(current_app.config["FORM_DEFINITIONS_DIR"]) / "instruments"
        return (folder / name).read_text(encoding="utf-8")
    return json.dumps(STARTER, indent=2)


def check(text: str) -> tuple[dict | None, list[Problem]]:
    """Parse and check the editor's text; problems carry JSON Pointers (or a line number)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem("", f"Not valid JSON at line {error.lineno}, column "
                                  f"{error.colno}: {error.msg}.")]
    try:
        parse_definition(document, current_app.config, widgets=service.widget_names())
    except InvalidInput as error:
        return document, error.problems or [Problem("", error.message)]
    return document, []


@bp.get("/forms/editor")
@requires("forms.manage")
def editor():
    text = starting_text()
    document, problems = check(text)
    return render_template("renderer/editor.html", text=text, gallery=gallery(),
                           forms=service.list_definitions(get_session()),
                           **preview_context(document, problems))


@bp.post("/forms/editor/preview")
@requires("forms.manage")
def editor_preview():
    document, problems = check(request.form.get("document", ""))
    template = "renderer/_preview.html" if is_htmx() else "renderer/editor.html"
    return render_template(template, text=request.form.get("document", ""), gallery=gallery(),
                           forms=service.list_definitions(get_session()),
                           **preview_context(document, problems))


@bp.post("/forms/editor/publish")
@requires("forms.manage")
def editor_publish():
    text = request.form.get("document", "")
    document, problems = check(text)
    if not problems:
        db = get_session()
        try:
            definition, version, created = service.publish(db, document,
                                                           user_id=current_user().id)
        except InvalidInput as error:
            problems = error.problems or [Problem("", error.message)]
        else:
            db.commit()
            flash(f"Published {definition.title}, version {version.number}." if created
                  else f"{definition.title} is unchanged; version {version.number} stays.")
            return redirect(url_for("renderer.fill", slug=definition.slug), code=303)
    return render_template("renderer/editor.html", text=text, gallery=gallery(),
                           forms=service.list_definitions(get_session()),
                           **preview_context(document, problems)), 422


def preview_context(document: dict | None, problems: list[Problem]) -> dict:
    context: dict = {"problems": problems, "preview": None, "warnings": []}
    if document is None or problems:
        return context
    form = compile_definition(document)
    st = FormState.from_data(form, defaults_of(form.root), time_zone=time_zone(), live=False)
    context.update(preview=form, st=st, warnings=form.warnings)
    return context
