"""The application factory: config layers, extensions, plugins and blueprints, in that order."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from carebridge import config as config_layers

csrf = CSRFProtect()


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
    if not app.config.get("SECRET_KEY"):
        # Never a hard-coded key: `carebridge init` writes one into the instance folder.
        raise RuntimeError(
            f"No secret key: run `carebridge --instance {app.instance_path} init` first, "
            "or set CAREBRIDGE_SECRET_KEY."
        )

    from carebridge import db, htmx, jobs, plugins, templating

    db.init_app(app)
    manager = plugins.make_manager(app.config.get("PLUGINS", ()))
    app.extensions["carebridge.plugins"] = manager
    jobs.init_app(app)
    template_dirs = [d for dirs in manager.hook.register_template_dirs() for d in dirs]
    templating.init_app(app, template_dirs)
    htmx.init_app(app)
    csrf.init_app(app)
    _register_features(app)
    for blueprints in manager.hook.register_blueprints(app=app):
        for blueprint in blueprints:
            app.register_blueprint(blueprint)
    app.extensions["carebridge.openapi_paths"] = [
        (lambda paths=paths: paths) for paths in manager.hook.register_openapi_paths()
    ]
    return app


def _register_features(app: Flask) -> None:
    """Each feature is a blueprint; the API authenticates with tokens, so it is CSRF-exempt."""
    from carebridge import api, assets, errorpages
    from carebridge.auth import access
    from carebridge.auth import views as auth_views
    from carebridge.forms import views as forms_views

    app.before_request(access.load_user)
    app.register_blueprint(assets.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(forms_views.bp)
    api.init_app(app)
    csrf.exempt(api.bp)
    errorpages.init_app(app)
