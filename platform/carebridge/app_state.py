"""The one owner of an app's state: config, database, plugins, widgets, search and caches.

``create_app`` builds one ``AppState`` per app and keeps it in ``app.extensions["carebridge"]``;
code reaches it with ``app_state()`` (the current app) or ``app_state(app)``. The CLI and
background jobs use the same object as requests, so what an instance's ``PLUGINS`` add (pages,
commands, widgets, formats) is the same everywhere.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Config, Flask, current_app

if TYPE_CHECKING:  # imported for the annotations only: these modules import nothing of ours
    import pluggy

    from carebridge.db import Database
    from carebridge.renderer.widget_table import WidgetTable

KEY = "carebridge"


@dataclass(eq=False)
class AppState:
    """What one app holds; built once by the factory, never per request."""

    config: Config
    instance_path: Path
    database: Database
    plugins: pluggy.PluginManager
    #: Ways to draw a question, from every plugin's ``register_widgets`` (None: no renderer).
    widgets: WidgetTable | None = None
    #: OpenAPI path items plugins add (``register_openapi_paths``).
    openapi_paths: list[dict] = field(default_factory=list)
    _cache: dict[str, Any] = field(default_factory=dict, repr=False)
    #: Re-entrant: one cached value may be built from another (matching from the search
    #: backend) by the same thread.
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    @property
    def hook(self):
        """The plugin hook caller: ``state.hook.extra_nav_items(user=user)``."""
        return self.plugins.hook

    def cached(self, name: str, build: Callable[[], Any]) -> Any:
        """A value built once per app on first use (the search backend, import formats…);
        ``build`` runs at most once even when threads ask at the same time."""
        try:
            return self._cache[name]
        except KeyError:
            pass
        with self._lock:
            if name not in self._cache:
                self._cache[name] = build()
            return self._cache[name]

    def forget(self, name: str) -> None:
        """Drop a cached value (it is built again on next use)."""
        with self._lock:
            self._cache.pop(name, None)


def app_state(app: Flask | None = None) -> AppState:
    """The state of ``app``, or of the current app inside a request, command or job."""
    # ``current_app.extensions`` would go through the context-local proxy's failing look-up
    # (~8 K instructions); a page asks a few times.
    return (app or current_app._get_current_object()).extensions[KEY]
