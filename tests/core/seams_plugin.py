"""A plugin using the seams a feature uses: an API under /api/, a command, definitions, pages."""

from pathlib import Path

import click
from flask import Blueprint, jsonify

from carebridge.plugin_api import (
    InvalidInput,
    NotFound,
    Problem,
    _,
    client_redirect,
    csrf,
    hookimpl,
    ngettext,
    pass_command_context,
    render_page,
    replace_url,
)

HERE = Path(__file__).parent
api = Blueprint("seams_api", __name__, url_prefix="/api/seams")
pages = Blueprint("seams_pages", __name__)


@api.get("/things/<int:thing_id>")
def thing(thing_id: int):
    if thing_id == 1:
        return jsonify({"id": 1})
    if thing_id == 2:
        raise InvalidInput("The thing is not right.", [Problem("/name", "Too short.")])
    raise NotFound("No such thing.")


@pages.get("/seams/page")
def page():
    return render_page("seams/page.html", "seams/_part.html", word=_("Hello"),
                       count=ngettext("%(num)d thing", "%(num)d things", 3))


@pages.post("/seams/go")
def go():
    return replace_url(client_redirect("/seams/page"), "/seams/page")


@pages.get("/seams/missing")
def missing():
    raise NotFound("No such page.")


@hookimpl
def register_blueprints(app):
    csrf.exempt(pages)
    return [api, pages]


@hookimpl
def register_template_dirs():
    return [str(HERE / "seams_templates")]


@hookimpl
def register_form_definition_dirs():
    return [str(HERE / "seams_definitions")]


@hookimpl
def register_commands(cli):
    @cli.command("seams-hello")
    @pass_command_context
    def hello(ctx):
        """Say which instance this is."""
        click.echo(f"hello from {ctx.instance.name}")
