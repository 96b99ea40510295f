"""A plugin adding a widget, written as an outside one would be: five stars for a 1–5 rating."""

from carebridge.plugin_api import Widget, errors_html, escape, hookimpl


def write_stars(field, name, state, required, cond, label):
    fid = state.fid(name)
    current = state.value(name)
    stars = "".join(
        f'<input type="radio" id="{fid}-{n}" name="{escape(name)}" value="{n}"'
        f'{" checked" if current == str(n) else ""}>'
        f'<label for="{fid}-{n}" aria-label="{n} of 5">★</label>'
        for n in range(1, 6)
    )
    said = errors_html(state.errors_for(name), state, name)
    return (f'<fieldset class="field stars" id="{fid}"><legend>{escape(label)}</legend>{stars}'
            f'<div class="error-slot" id="e-{fid}">{said}</div>'
            f'</fieldset>')


@hookimpl
def register_widgets():
    return [Widget("stars", write_stars, frozenset({"integer"}))]
