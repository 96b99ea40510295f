"""The application factory: config layers, app state, extensions, plugins and blueprints."""

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
    _remember_sync(app)
    if not app.config.get("SECRET_KEY"):
        # Never a hard-coded key: `carebridge init` writes one into the instance folder.
        raise RuntimeError(
            f"No secret key: run `carebridge --instance {app.instance_path} init` first, "
            "or set CAREBRIDGE_SECRET_KEY."
        )

    from carebridge import (
        app_state,
        audit,
        db,
        errorpages,
        extensions,
        http,
        jobs,
        log,
        plugins,
        templating,
        transport,
        unit_of_work,
    )

    # One state object per app, built before anything that reads it (plugins' blueprints do).
    state = app_state.AppState(
        config=app.config,
        instance_path=Path(app.instance_path),
        database=db.init_app(app),
        plugins=plugins.make_manager(app.config.get("PLUGINS", ())),
    )
    app.extensions[app_state.KEY] = state
    log.init_app(app)
    unit_of_work.init_app(app)
    jobs.init_app(app)
    templating.init_app(app, [d for dirs in state.hook.register_template_dirs() for d in dirs])
    extensions.init_app(app)
    http.init_app(app)
    transport.init_app(app)
    audit.init_app(app)
    _register_features(app)
    for blueprints in state.hook.register_blueprints(app=app):
        for blueprint in blueprints:
            app.register_blueprint(blueprint)
    state.openapi_paths = list(state.hook.register_openapi_paths())
    errorpages.init_app(app)
    return app


#: How many hooks and views ``_remember_sync`` keeps an answer for.
MAX_SYNC_ANSWERS = 4096


def _remember_sync(app: Flask) -> None:
    """Flask asks ``inspect`` whether each hook and view is a coroutine on every request (22
    times a fill page, ~1% of it); a function's answer never changes, so it is kept."""
    ensure = app.ensure_sync
    known: dict = {}

    def ensure_sync(func):
        try:
            return known[func]
        except KeyError:
            pass
        answer = ensure(func)
        if len(known) < MAX_SYNC_ANSWERS:
            known[func] = answer
        return answer

    app.ensure_sync = ensure_sync


def _register_features(app: Flask) -> None:
    """Each feature is a blueprint; the API authenticates with tokens, so it is CSRF-exempt."""
    from carebridge import api, assets, language_views, request_characters
    from carebridge.auth import access, admin_views, throttle
    from carebridge.auth import views as auth_views
    from carebridge.extensions import csrf
    from carebridge.forms import views as forms_views

    app.before_request(access.load_user)
    request_characters.init_app(app)
    throttle.init_app(app)
    app.register_blueprint(assets.bp)
    app.register_blueprint(language_views.bp)
    app.register_blueprint(auth_views.bp)
    app.register_blueprint(admin_views.bp)
    app.register_blueprint(forms_views.bp)
    app.register_blueprint(api.bp)
    csrf.exempt(api.bp)
