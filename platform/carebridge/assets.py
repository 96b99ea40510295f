"""Static assets: our stylesheet and scripts, and htmx served from npm's node_modules."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort, current_app, send_from_directory

bp = Blueprint("assets", __name__, url_prefix="/assets")

STATIC_DIR = Path(__file__).parent / "static"
# Files taken from node_modules, by the name pages load them under.
VENDORED = {"htmx.min.js": "htmx.org/dist/htmx.min.js"}


@bp.get("/<path:name>")
def asset(name: str):
    if name in VENDORED:
        path = Path(current_app.config["NODE_MODULES_DIR"]) / VENDORED[name]
        if not path.is_file():
            abort(404, "Front-end assets are missing: run `make install` (npm ci).")
        return send_from_directory(path.parent, path.name, max_age=86400)
    return send_from_directory(STATIC_DIR, name, max_age=3600)
