"""One pass of filling a form: read the post, apply the person's action, check the answers."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from werkzeug.datastructures import MultiDict

from carebridge.errors import InvalidInput, Problem
from carebridge.forms import audience, translations
from carebridge.i18n import _
from carebridge.renderer.compile import CompiledForm, compiled_for
from carebridge.renderer.conditions import prune
from carebridge.renderer.formdata import ITEMS, defaults_of
from carebridge.renderer.repeat_rows import ROW_VERBS, change_rows
from carebridge.renderer.state import FormState, locate
from carebridge.whole_numbers import whole_number

#: Actions that change the shape of the form and re-draw one part of it.
SHAPE_ACTIONS = ("add", "remove", "up", "down", "branch", "refresh", "open")


@dataclass
class Action:
    verb: str  # submit, save, autosave, next, back, check, add, remove, up, down, branch,
    # refresh, open
    name: str = ""  # the form name it applies to

    @classmethod
    def from_form(cls, posted: MultiDict) -> Action:
        """A button says ``_action``; a changed condition only ``_refresh`` (which, as htmx
        inherits values down the page, rides along on every request from inside it)."""
        raw = posted.get("_action")
        if raw is None and "_refresh" in posted:
            raw = "refresh:" + posted["_refresh"]
        verb, _, name = (raw or "submit").partition(":")
        return cls(verb, name)


def compiled_form(version, language: str | None = None, *, kiosk: bool = False) -> CompiledForm:
    """``version`` compiled for drawing and reading in ``language`` where its translations have
    it (None: as written); kept per digest and translations used, so cheap to ask. On a
    ``kiosk`` the questions only staff see are left out."""
    if kiosk and audience.staff_only(version.document):
        # Translated first, so translations' pointers (section indexes…) still hold.
        shown = translations.fallbacks(version.document, language)
        key = f"{version.digest}:kiosk:{'|'.join(shown)}"
        local = translations.localize(version.document, language) if shown else version.document
        return compiled_for(key, audience.kiosk_document(local))
    return compiled_for(version.digest, version.document, language=language)



def blank_state(form: CompiledForm, data: dict | None, *, time_zone: str, action: str,
                draft_id: str = "") -> FormState:
    """A fresh render: the draft's answers or the schema's defaults, and a new submission key."""
    return FormState.from_data(
        form, data if data is not None else defaults_of(form.root),
        time_zone=time_zone, action=action, key=uuid.uuid4().hex, draft_id=draft_id,
    )


#: What a post carries besides the answers.
BOOKKEEPING = ("csrf_token", "_action", "_refresh", "_key", "_draft", "_page", "_version",
               "_shown", "_errors")


def posted_state(form: CompiledForm, posted: MultiDict, *, time_zone: str,
                 action: str) -> FormState:
    values = MultiDict(posted)  # copied whole, then the bookkeeping taken out: no Python per answer
    for name in BOOKKEEPING:
        values.poplist(name)
    return FormState(
        form, values, time_zone=time_zone, action=action,
        key=(posted.get("_key") or uuid.uuid4().hex)[:64],
        draft_id=posted.get("_draft", ""),
        page=posted_page(form, posted),
    )


#: The most items a repeat group is drawn with: an index longer than this is no item.
MAX_INDEX_DIGITS = 6
_ITEMS_MARKER = re.compile(rf"(?:\A|\.){ITEMS}\Z")
_ITEM_INDEX = re.compile(rf"[0-9]{{1,{MAX_INDEX_DIGITS}}}|")


def posted_page(form: CompiledForm, posted: MultiDict) -> int:
    """The wizard page a post was sent from; a page or item index the form cannot have is a
    request no page of ours sends (``²``, ``2**70``…), refused with a 422."""
    page = whole_number(posted.get("_page") or "0")
    problems = []
    if page is None or page >= max(len(form.pages), 1):
        problems.append(Problem("/_page", _("This form has no such page.")))
    for name in filter(_ITEMS_MARKER.search, posted.keys()):
        # An index, or "" (the marker that says the list was shown); checked in C per value.
        if not all(map(_ITEM_INDEX.fullmatch, posted.getlist(name))):
            problems.append(Problem("/" + name, _("An item number is not a number.")))
    if problems:
        raise InvalidInput(_("The form was sent with a page or an item it does not have."),
                           problems[:5])
    return page


def apply_shape_action(st: FormState, action: Action) -> str:
    """Change the items of a repeat group, or open a recursive part; return the name of the
    part to re-draw."""
    if action.verb == "open":
        node = locate(st.form.root, action.name, st)
        if node is not None:
            st.open(node, action.name)
        return action.name
    if action.verb in ROW_VERBS:
        change = change_rows(st, action.verb, action.name)
        if change is not None:
            return change.name
        return action.name if action.verb == "add" else action.name.rpartition(".")[0]
    return action.name


def answers(st: FormState) -> dict:
    """What would be submitted: the JSON the form means, without hidden branches."""
    branches: dict = {}
    data = st.data(branches)
    return prune(st.form.root, data, branches)


def page_fields(form: CompiledForm, page: int) -> list[str] | None:
    if not form.pages:
        return None
    return form.pages[page]["fields"]


def on_page(problems: list[Problem], fields: list[str] | None) -> list[Problem]:
    if fields is None:
        return problems
    wanted = set(fields)
    return [p for p in problems if p.pointer.split("/")[1:2] and p.pointer.split("/")[1] in wanted]


def first_page_with(form: CompiledForm, problems: list[Problem]) -> int:
    for index, page in enumerate(form.pages):
        if on_page(problems, page["fields"]):
            return index
    return 0
