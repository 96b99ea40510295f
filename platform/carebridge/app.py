"""The application factory: config layers, extensions, plugins and blueprints, in that order."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from carebridge import config as config_layers


def create_app(config: dict | None = None, instance_path: str | Path | None = None) -> Flask:
    """Build a Carebridge app; ``config`` overrides every other layer (tests use it)."""
    instance = Path(instance_path) if instance_path else config_layers.default_instance_path()
    app = Flask(
        "carebridge",
        instance_path=str(instance.resolve()),
        template_folder=None,
        static_folder=None,
    )
    config_layers.load(app, config)

    from carebridge import db

    db.init_app(app)
    _register_features(app)
    return app


def _register_features(app: Flask) -> None:
    """Each feature is a blueprint package with an ``init_app``; order matters only for hooks."""
    # Features are added here as they land (see the foundation issue's layout).
