"""The ``info`` widget: information text between questions (a ``null`` that asks nothing).

JSON Schema has no "text only" keyword; the builder writes information text as a property of
type ``null``, which every answer leaves out and every validator accepts, with its title and
description as the text. This widget shows them; other tools see a harmless annotation.
"""

from __future__ import annotations

from carebridge.renderer.widget_table import Widget
from carebridge.renderer.widgets import escape


def _info(node, name, st, required, cond, label) -> str:
    help_html = f'<p class="help">{escape(node.help)}</p>' if node.help else ""
    return (f'<div class="field info-text"><p class="info-title">{escape(label)}</p>'
            f"{help_html}</div>")


INFO = Widget("info", _info, frozenset({"null"}))
