"""The plugin manager: built-in plugins and installed ones (entry point group ``carebridge``)."""

from __future__ import annotations

import functools
import importlib
import importlib.metadata

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
    for entry_point in installed_plugins():
        name = entry_point.name
        if manager.get_plugin(name) is None and not manager.is_blocked(name):
            manager.register(entry_point.load(), name=name)
    return manager


@functools.cache
def installed_plugins() -> tuple[importlib.metadata.EntryPoint, ...]:
    """The installed plugins (entry point group ``carebridge``), looked up once per process.

    Finding them reads every installed distribution's metadata, which costs more than building
    the rest of an app; a plugin installed later is picked up when the process restarts, as its
    code would be anyway.
    """
    return tuple(importlib.metadata.entry_points(group="carebridge"))


def hook():
    """The current app's hook caller (``hook().extra_nav_items(user=user)``)."""
    from carebridge.app_state import app_state

    return app_state().hook
