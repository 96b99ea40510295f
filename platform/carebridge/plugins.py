"""The plugin manager: built-in plugins and installed ones (entry point group ``carebridge``)."""

from __future__ import annotations

import importlib

import pluggy

from carebridge import hookspecs

hookimpl = pluggy.HookimplMarker("carebridge")

# Built-in features that use the same hooks an outside plugin would.
DEFAULT_PLUGINS: tuple[str, ...] = (
    "carebridge.renderer.plugin",
    "carebridge.renderer.widgets",
    "carebridge.builder.plugin",
    "carebridge.directory.plugin",
    "carebridge.benefits.plugin",
    "carebridge.clients.plugin",
    "carebridge.programs.plugin",
    "carebridge.careplans.plugin",
    "carebridge.referrals.plugin",
)


def make_manager(extra: list[str] | tuple[str, ...] = ()) -> pluggy.PluginManager:
    manager = pluggy.PluginManager("carebridge")
    manager.add_hookspecs(hookspecs)
    for name in (*DEFAULT_PLUGINS, *extra):
        manager.register(importlib.import_module(name), name=name)
    manager.load_setuptools_entrypoints("carebridge")
    return manager


def hook():
    """The current app's hook caller (``hook().extra_nav_items(user=user)``)."""
    from carebridge.app_state import app_state

    return app_state().hook
