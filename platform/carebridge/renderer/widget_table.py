"""The widgets an app knows: what ``register_widgets`` returns, built into one table per app."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

WIDGET_NAME = re.compile(r"[a-z][a-z0-9-]*\Z")

#: ``write(field, name, state, required, cond, label) -> str``: the escaped HTML of one question.
WidgetWriter = Callable[[Any, str, Any, bool, str, str], str]

_serials = itertools.count(1)


@dataclass(frozen=True)
class Widget:
    """One way to draw a single question.

    ``name`` is what ``ui.fields[...].widget`` says; ``kinds`` are the compiled field kinds it can
    draw (None: any); ``chooses(field)`` makes it the automatic choice when true, the highest
    ``priority`` winning; without ``chooses`` it is only used when a definition names it.
    ``input_type``, when given, replaces the field's own HTML input type (``password``,
    ``range``) for a writer that draws an ``<input>``.
    """

    name: str
    write: WidgetWriter
    kinds: frozenset[str] | None = None
    chooses: Callable[[Any], bool] | None = None
    priority: int = 0
    input_type: str | None = None

    def draws(self, kind: str) -> bool:
        return self.kinds is None or kind in self.kinds


class WidgetTable:
    """Widgets by name, and per field kind the automatic candidates, best first.

    The first registration of a name wins; pluggy calls outside plugins before the built-in
    ones, so a plugin can replace a built-in widget by registering the same name.
    """

    def __init__(self, widgets: Iterable[Widget]):
        self.serial = next(_serials)  # compiled forms are cached per table and digest
        self.by_name: dict[str, Widget] = {}
        for widget in widgets:
            if not WIDGET_NAME.match(widget.name):
                raise ValueError(f"A widget name is lower-case letters, digits and '-': "
                                 f"{widget.name!r}")
            self.by_name.setdefault(widget.name, widget)
        self._automatic = sorted(
            (w for w in self.by_name.values() if w.chooses is not None),
            key=lambda w: -w.priority,
        )

    @classmethod
    def from_hook(cls, hook) -> WidgetTable:
        return cls(widget for widgets in hook.register_widgets() for widget in widgets)

    @property
    def names(self) -> list[str]:
        return sorted(self.by_name)

    def get(self, name: str) -> Widget | None:
        return self.by_name.get(name)

    def automatic(self, field) -> Widget | None:
        """The widget a field gets when its definition names none (None: nothing draws it)."""
        for widget in self._automatic:
            if widget.draws(field.kind) and widget.chooses(field):
                return widget
        return None


def init_app(app) -> None:
    """Build the app's widget table once, from every plugin's ``register_widgets``."""
    from carebridge.app_state import app_state

    state = app_state(app)
    state.widgets = WidgetTable.from_hook(state.hook)


def current_table() -> WidgetTable:
    """The current app's widgets; outside an app (bench, unit tests) the default plugins'."""
    from flask import has_app_context

    from carebridge.app_state import app_state

    if has_app_context():
        table = app_state().widgets
        if table is not None:
            return table
    return _standalone_table()


@lru_cache(maxsize=1)
def _standalone_table() -> WidgetTable:
    from carebridge.plugins import make_manager

    return WidgetTable.from_hook(make_manager().hook)
