"""The editor blueprint: a definition's JSON beside a live preview, checks inline, publish."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Blueprint, current_app, flash, render_template, request, url_for

from carebridge import i18n
from carebridge.app_state import app_state
from carebridge.auth.access import current_user, requires
from carebridge.db import get_session
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms import service, translations
from carebridge.forms.definitions import parse_definition
from carebridge.http import render_page, see_other
from carebridge.i18n import _
from carebridge.renderer.compile import compile_definition
from carebridge.renderer.filling_flow import time_zone
from carebridge.renderer.formdata import defaults_of
from carebridge.renderer.state import FormState

bp = Blueprint("editor", __name__, url_prefix="/forms/editor")

STARTER = {
    "id": "new-form", "title": "New form", "kind": "intake",
    "schema": {"type": "object", "required": ["name"], "properties": {
        "name": {"type": "string", "title": "Full name"},
    }},
    "ui": {},
}


def gallery_folders() -> list[tuple[str, Path]]:
    """Where starting points come from: the shipped instruments, then each folder plugins
    offer through ``register_form_definition_dirs`` (keyed so file names may repeat)."""
    folders = [("", Path(current_app.config["FORM_DEFINITIONS_DIR"]) / "instruments")]
    offered = [d for dirs in app_state().hook.register_form_definition_dirs() for d in dirs]
    folders += [(f"{n}/", Path(folder)) for n, folder in enumerate(offered, start=1)]
    return folders


def gallery() -> list[dict]:
    """The definitions an agency can start from (key, title, kind, description)."""
    found = []
    for prefix, folder in gallery_folders():
        for file in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                document = json.loads(file.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError):
                continue
            if isinstance(document, dict):
                found.append({"file": prefix + file.name, "path": file,
                              "title": document.get("title", file.stem),
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
    chosen = next((g for g in gallery() if name and g["file"] == name), None)
    if chosen is not None:
        return chosen["path"].read_text(encoding="utf-8")
    return json.dumps(STARTER, indent=2)


def check(text: str) -> tuple[dict | None, list[Problem]]:
    """Parse and check the editor's text; problems carry JSON Pointers (or a line number)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [Problem("", _("Not valid JSON at line %(line)d, column %(column)d: "
                                    "%(reason)s.", line=error.lineno, column=error.colno,
                                    reason=error.msg))]
    try:
        parse_definition(document, current_app.config, widgets=service.widget_names())
    except InvalidInput as error:
        return document, error.problems or [Problem("", error.message)]
    return document, []


@bp.get("")
@requires("forms.manage")
def editor():
    text = starting_text()
    document, problems = check(text)
    return render_template("renderer/editor.html", text=text, gallery=gallery(),
                           forms=service.list_definitions(get_session()),
                           **preview_context(document, problems))


@bp.post("/preview")
@requires("forms.manage")
def preview():
    document, problems = check(request.form.get("document", ""))
    return render_page("renderer/editor.html", "renderer/_preview.html",
                       text=request.form.get("document", ""), gallery=gallery(),
                       forms=service.list_definitions(get_session()),
                       **preview_context(document, problems))


@bp.post("/publish")
@requires("forms.manage")
def publish():
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
            flash(_("Published %(form)s, version %(number)s.", form=definition.title,
                    number=version.number) if created
                  else _("%(form)s is unchanged; version %(number)s stays.",
                         form=definition.title, number=version.number))
            return see_other(url_for("renderer.fill", slug=definition.slug))
    return render_template("renderer/editor.html", text=text, gallery=gallery(),
                           forms=service.list_definitions(get_session()),
                           **preview_context(document, problems)), 422


def untranslated(document: dict) -> list[dict]:
    """Per language the interface offers (and any the definition has), the texts a person
    reading it would see in the original: ``{"language", "name", "texts": [(pointer, text)]}``."""
    texts = translations.texts(document)
    wanted = [*i18n.locales(), *translations.languages(document)[1:]]
    found = []
    for tag in dict.fromkeys(wanted):
        missing = translations.missing(document, tag)
        if missing:
            found.append({"language": tag, "name": i18n.native_name(tag),
                          "texts": [(where, texts[where]) for where in missing]})
    return found


def preview_context(document: dict | None, problems: list[Problem]) -> dict:
    context: dict = {"problems": problems, "preview": None, "warnings": [], "untranslated": []}
    if document is None or problems:
        return context
    context["untranslated"] = untranslated(document)
    form = compile_definition(document)
    st = FormState.from_data(form, defaults_of(form.root), time_zone=time_zone(), live=False)
    context.update(preview=form, st=st, warnings=form.warnings)
    return context
