"""What an htmx edit answers: only the cards, panel and bars it changed, as out-of-band swaps.

The page sends what it shows (``#b-state``: the open panel and the digest of the definition
drawn). The view draws the outline and the panel as they were and as they are now; the cards
that moved or changed (``outline_changes``), the panel's blocks that differ (the whole panel
when it now shows another question), the undo bar, the problem line and the status go back,
and the preview is fetched by its own request after the swap. When the sections themselves
changed, there is nothing small to send: the view answers with the whole builder instead, as
it does when the page showed another version.
"""

from __future__ import annotations

import re

from flask import current_app, make_response, render_template
from flask.wrappers import Response

from carebridge.builder.outline_changes import Card, Swap, swaps
from carebridge.builder.posted import item_id
from carebridge.http import retarget

#: The first tag of a drawn part, where ``hx-swap-oob`` goes.
_FIRST_TAG = re.compile(r"^\s*<([a-z]+)")


def frame(context: dict) -> tuple:
    """What the outline's frame looks like: its layout and its sections (their headings, the
    forms under them, every card's "move to section" list)."""
    shown = context["v"]
    return shown.layout, tuple((p.index, p.title, p.description) for p in shown.parts)


def _drawn(name: str, context: dict, **extra) -> str:
    return current_app.jinja_env.get_template(name).render({**context, **extra})


def _card(context: dict, part, item) -> Card:
    drawn = _drawn("builder/_item.html", context, q=item, part=part, shallow=False)
    if item.kind not in ("group", "repeat"):
        return Card(item_id(item.path), drawn, drawn)
    own = _drawn("builder/_item.html", context, q=item, part=part, shallow=True)
    return Card(item_id(item.path), own, drawn,
                tuple(_card(context, part, c) for c in item.children),
                item_id(item.path) + "-list")


def outline(context: dict) -> dict[str, list[Card]]:
    """Every section's list of cards, by the id of its ``<ol>``."""
    return {f"section-{p.index if p.index is not None else 'none'}-list":
            [_card(context, p, i) for i in p.items] for p in context["v"].parts}


def _panel(context: dict) -> tuple[str, dict[str, str]]:
    """Which panel the page shows (a question's path, or the form's settings) and its blocks,
    each drawn alone."""
    item = context["item"]
    template = current_app.jinja_env.get_template("builder/_panel.html" if item is not None
                                                  else "builder/_settings.html")
    return ("/".join(item.path) if item is not None else "", {
        name: "".join(draw(template.new_context(context))) for name, draw
        in template.blocks.items()})


def panel_changes(before: dict, after: dict) -> list[str]:
    """What of the middle column to send: nothing when it looks the same, the blocks that
    changed when it shows the same question (or the settings), else the whole column."""
    (was, old), (now, new) = _panel(before), _panel(after)
    if was != now:
        return [_drawn("builder/_side.html", after)]
    return [html for name, html in new.items() if old.get(name) != html]


def out_of_band(html: str) -> str:
    """``html`` (one element) marked to replace the element with its id wherever it is."""
    return _FIRST_TAG.sub(lambda m: m.group(0) + ' hx-swap-oob="true"', html, count=1)


def changed_parts(before: dict, after: dict, *, refresh_url: str | None,
                  status: int = 200) -> Response | None:
    """The answer to an edit from the page drawn with ``before`` to ``after`` (template
    contexts), or None when the outline's frame changed and the whole builder must go."""
    if frame(before) != frame(after):
        return None
    for context in (before, after):
        current_app.update_template_context(context)
    changes: list[Swap] = swaps(outline(before), outline(after))
    response = make_response(render_template(
        "builder/_changes.html", **after, swaps=changes, out_of_band=out_of_band,
        panel=panel_changes(before, after), refresh_url=refresh_url), status)
    # The answer's own content is the page state; all the rest is swapped out of band.
    return retarget(response, "#b-state", "outerHTML")
