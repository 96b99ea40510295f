"""The builder's pages: start a form, edit it a change at a time (htmx or plain POST), publish."""

from __future__ import annotations

import json

from flask import Blueprint, flash, request, url_for
from flask_wtf.csrf import generate_csrf

from carebridge.app_state import app_state
from carebridge.assessments.vocabulary import shipped_vocabulary
from carebridge.auth.access import current_user, requires
from carebridge.builder import drafts, layout, posted
from carebridge.builder.conditions import describe
from carebridge.builder.edit_answer import changed_parts
from carebridge.builder.questions import PRESETS, TYPES, choice_rows
from carebridge.builder.refused import EditRefused
from carebridge.builder.rules import OPERATORS
from carebridge.builder.view import BuilderView, Item, read
from carebridge.db import get_session
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms import service as forms
from carebridge.forms.definitions import digest_of
from carebridge.http import is_htmx, render_page, see_other
from carebridge.i18n import gettext as _
from carebridge.renderer.editor_views import check, gallery, preview_context

bp = Blueprint("builder", __name__, url_prefix="/forms/builder")
#: How the right-hand column shows the form: the live preview, at phone width, or its JSON.
MODES = ("wide", "phone", "json")


def _mode(value: str | None) -> str:
    return value if value in MODES else "wide"


@bp.get("/")
@requires("forms.manage")
def index():
    db = get_session()
    open_drafts = drafts.list_drafts(db)
    # A form with a draft open says so, so nobody starts a second one by mistake.
    drafted = {d.slug: d for d in reversed(open_drafts)}
    return render_page("builder/index.html", drafts=open_drafts, drafted=drafted,
                       forms=forms.list_definitions(db), gallery=gallery())


@bp.post("/start")
@requires("forms.manage")
def start():
    db = get_session()
    user_id = current_user().id
    source = request.form.get("source", "blank")
    if source == "form":
        draft = drafts.start_from_form(db, request.form.get("slug", ""), user_id=user_id)
    elif source == "file":
        chosen = next((g for g in gallery() if g["file"] == request.form.get("file")), None)
        if chosen is None:
            raise NotFound(_("No such shipped form."))
        draft = drafts.start_from_file(db, chosen["path"], user_id=user_id)
    else:
        draft = drafts.start_blank(db, request.form.get("title", ""),
                                   request.form.get("kind", "intake"), user_id=user_id)
    return see_other(url_for("builder.edit", draft_id=draft.id))


@bp.get("/<draft_id>")
@requires("forms.manage")
def edit(draft_id: str):
    db = get_session()
    draft = drafts.get(db, draft_id)
    selected = posted.path_of(request.args.get("q"))
    open_rule = request.args.get("rule", "")
    open_block = request.args.get("block", "")
    # Choosing a question moves focus to its panel, whose heading says which it is; opening a
    # need rule, to its first control.
    focus = ("panel-title" if selected else f"nd-need-{open_rule}" if open_rule
             else "adv-json" if open_block else "") if is_htmx() else ""
    return render_page("builder/page.html", "builder/_workspace.html",
                       **context(db, draft, selected or None, focus=focus, open_rule=open_rule,
                                 open_block=open_block,
                                 preview_mode=_mode(request.args.get("preview"))))


@bp.get("/<draft_id>/views")
@requires("forms.manage")
def views_column(draft_id: str):
    """The right-hand column alone (preview or JSON): what an edit's answer asks for after
    its swap, so the edit itself answers with only what it changed."""
    db = get_session()
    draft = drafts.get(db, draft_id)
    selected = posted.path_of(request.args.get("q"))
    return render_page("builder/page.html", "builder/_views.html",
                       **context(db, draft, selected or None,
                                 preview_mode=_mode(request.args.get("preview"))))


@bp.post("/<draft_id>/edit")
@requires("forms.manage")
def change(draft_id: str):
    db = get_session()
    draft = drafts.get(db, draft_id)
    before = draft.document
    status, problem = 200, ""
    locked = drafts.locked_codes(db, draft.slug)
    if request.form.get("op") == "undo":
        done = drafts.undo(db, draft)
        outcome = posted.Outcome(draft.document, posted.path_of(request.form.get("path")) or None,
                                 focus="undo" if draft.history else "add-label",
                                 message=_("Undone.") if done else _("Nothing to undo."))
    else:
        try:
            outcome = posted.apply(draft.document, request.form, locked=locked)
        except (EditRefused, KeyError, IndexError, ValueError) as error:
            # The draft stays as it was; the refusal is shown where the change was asked.
            status = 422
            problem = str(error) if isinstance(error, EditRefused) else _(
                "That change could not be made; the form may have changed in another tab.")
            outcome = posted.Outcome(draft.document,
                                     posted.path_of(request.form.get("path")) or None,
                                     focus=request.form.get("focus", ""))
        else:
            drafts.change(db, draft, outcome.document)
    if not is_htmx():
        if problem:
            flash(problem)
        elif outcome.message:
            flash(outcome.message)
        mode = request.form.get("preview")
        return see_other(url_for("builder.edit", draft_id=draft.id,
                                 q=posted.path_text(outcome.selected) if outcome.selected
                                 else None, preview=mode if mode in MODES[1:] else None)
                         + (f"#{outcome.focus}" if outcome.focus else ""))
    mode = _mode(request.form.get("preview"))
    # A refused change answers 422, which would roll the unit back: nothing was changed anyway.
    if request.form.get("rev") == digest_of(before):
        # The page shows the draft as it was: send only what the edit changed on it.
        shown = posted.path_of(request.form.get("shown")) or None
        kept = {"preview_mode": mode, "locked": locked}
        answer = changed_parts(
            outline_context(draft, before, shown, **kept),
            outline_context(draft, draft.document, outcome.selected, message=outcome.message,
                            problem=problem, focus=outcome.focus, **kept),
            refresh_url=url_for("builder.views_column", draft_id=draft.id, preview=mode,
                                q=posted.path_text(outcome.selected) if outcome.selected
                                else None) if draft.document != before else None,
            status=status)
        if answer is not None:
            return answer
    return render_page("builder/page.html", "builder/_workspace.html", status=status,
                       **context(db, draft, outcome.selected, message=outcome.message,
                                 problem=problem, focus=outcome.focus, locked=locked,
                                 preview_mode=mode))


@bp.route("/<draft_id>/publish", methods=["GET", "POST"])
@requires("forms.manage")
def publish(draft_id: str):
    db = get_session()
    draft = drafts.get(db, draft_id)
    document, problems = checked_once(draft.document)
    found = drafts.review(db, draft)
    if request.method == "POST" and not problems:
        if found.orphaned and request.form.get("confirm_orphaned") != "1":
            problems = [Problem("", _("Confirm that earlier answers may lose their label."))]
        else:
            try:
                definition, version, created = drafts.publish(db, draft,
                                                              user_id=current_user().id)
            except InvalidInput as error:
                problems = error.problems or [Problem("", error.message)]
            else:
                flash(_("Published %(title)s, version %(number)s.", title=definition.title,
                        number=version.number) if created else
                      _("%(title)s is unchanged; version %(number)s stays.",
                        title=definition.title, number=version.number))
                return see_other(url_for("renderer.fill", slug=definition.slug))
    status = 422 if request.method == "POST" else 200
    return render_page("builder/publish.html", status=status, draft=draft, review=found,
                       problems=problems, labels=_labels(draft.document))


@bp.post("/<draft_id>/discard")
@requires("forms.manage")
def discard(draft_id: str):
    db = get_session()
    drafts.discard(db, drafts.get(db, draft_id))
    flash(_("The draft was discarded."))
    return see_other(url_for("builder.index"))


def _labels(document: dict) -> dict[str, str]:
    return {i.data_path: i.label for i in read(document).all_items()}


def context(db, draft, selected, *, message: str = "", problem: str = "", focus: str = "",
            preview_mode: str = "wide", open_rule: str = "", open_block: str = "",
            locked: dict[str, set[str]] | None = None) -> dict:
    """Everything the whole builder draws: the outline, the panel and the preview."""
    found = outline_context(draft, draft.document, selected, message=message, problem=problem,
                            focus=focus, preview_mode=preview_mode, open_rule=open_rule,
                            open_block=open_block,
                            locked=drafts.locked_codes(db, draft.slug) if locked is None
                            else locked)
    return {**found, **views_context(draft.document, found["v"])}


def outline_context(draft, document: dict, selected, *, message: str = "", problem: str = "",
                    focus: str = "", preview_mode: str = "wide", open_rule: str = "",
                    open_block: str = "", locked: dict[str, set[str]]) -> dict:
    """What the outline, the panel and the bars above them draw for ``document`` (the draft's
    now, or as the page showed it before an edit); no check of the definition."""
    shown = read(document)
    item = shown.find(selected) if selected else None
    return {
        "draft": draft, "doc": document, "v": shown, "item": item,
        "edit_url": url_for("builder.change", draft_id=draft.id), "token": generate_csrf(),
        "path_text": posted.path_text, "item_id": posted.item_id, "row_value": row_value,
        "describe": describe, "open_rule": open_rule, "open_block": open_block,
        "types": TYPES, "presets": PRESETS, "operators": OPERATORS,
        "message": message, "problem": problem, "focus": focus, "oob": is_htmx(),
        "rev": digest_of(document), "changes": len(draft.history),
        "can_undo": bool(draft.history), "preview_mode": preview_mode,
        "locked": locked.get(item.data_path, set()) if item else set(),
        "when_choices": when_choices(shown, item),
        "need_choices": need_choices(shown, document),
        "scoreable": scoreable(shown), "answer_paths": answer_paths(shown),
        "vocabulary": [(n.code, n.label) for n in shipped_vocabulary()],
        "sections": [(p.index, p.title) for p in shown.parts if p.index is not None],
    }


def views_context(document: dict, shown: BuilderView) -> dict:
    """What the right-hand column draws: the checked definition's preview, and its JSON."""
    checked, problems = checked_once(document)
    return {
        "json_text": json.dumps(document, indent=2, ensure_ascii=False),
        # A wizard's pages are previewed one after another, as headed sections, so every
        # question can be seen while building.
        "paged": shown.layout == "pages",
        **preview_context(layout.use_pages(checked, False) if checked is not None
                          and shown.layout == "pages" else checked, problems),
    }


#: Checked documents kept per app: choosing a question or a tab re-checks nothing.
CHECKS_KEPT = 64


def checked_once(document: dict) -> tuple[dict | None, list[Problem]]:
    """The editor's check of ``document`` (what the preview shows), kept by digest: the check
    is most of an answer's time on a large form, and most requests do not change the form."""
    kept = app_state().cached("builder_checks", dict)
    key = digest_of(document)
    if key not in kept:
        if len(kept) >= CHECKS_KEPT:
            kept.clear()
        kept[key] = check(json.dumps(document))
    return kept[key]


def row_value(row, need: bool = False) -> str:
    """The posted value of the choice a condition or need row was made from."""
    if row.op in ("at_least", "at_most") and not need:
        return json.dumps([row.field, None, row.op])
    value = None if row.op in ("answered", "at_least" if need else "") else row.value
    return json.dumps([row.field, value])


def _answer_options(item: Item) -> list[tuple[str, object]]:
    if item.kind == "yes_no":
        return [(_("Yes"), True), (_("No"), False)]
    if item.kind == "advanced":  # a hand-written oneOf of objects is no list of answers
        return []
    return [(str(r.get("title", r["const"])), r["const"]) for r in item.choices
            if isinstance(r, dict) and "const" in r]


def when_choices(shown: BuilderView, item: Item | None) -> list[tuple[str, str]]:
    """What a condition can look at: each other top-level question's answers, or its being
    answered, as ``(words, posted value)``."""
    found = []
    parent = shown.find(item.path[:-1]) if item is not None and len(item.path) > 1 else None
    siblings = parent.children if parent is not None else shown.items
    for other in siblings:
        if item is not None and other.name == item.name or other.kind in ("info", "group",
                                                                            "repeat"):
            continue
        for words, value in _answer_options(other):
            found.append((f"{other.label} — {words}", json.dumps([other.name, value])))
        if other.kind in ("whole_number", "decimal_number"):
            for op, words in (("at_least", _("is at least (the number beside)")),
                              ("at_most", _("is at most (the number beside)"))):
                found.append((f"{other.label} — {words}", json.dumps([other.name, None, op])))
        found.append((_("%(label)s — answered", label=other.label),
                      json.dumps([other.name, None])))
    return found


def need_choices(shown: BuilderView, document: dict) -> list[tuple[str, str]]:
    found = [(f"{q.label} — {w}", json.dumps([q.name, v])) for q in shown.items
             for w, v in _answer_options(q)]
    for score in ((document.get("scoring") or {}).get("scores") or []):
        found.append((_("Score %(name)s is at least…", name=score.get("label") or score["name"]),
                      json.dumps([f"score:{score['name']}", None])))
    return found


def scoreable(shown: BuilderView) -> list[tuple[str, str]]:
    """Questions a sum or mean can add: numeric choices or numbers, outside repeat groups."""
    found = []
    for q in shown.all_items():
        if "*" in q.data_path or q.kind == "advanced":
            continue
        numeric = [r.get("const") for r in choice_rows(q.resolved or q.schema) or []]
        if (numeric and all(isinstance(c, int | float) and not isinstance(c, bool)
                            for c in numeric)) or q.kind in ("whole_number", "decimal_number"):
            found.append((q.data_path, q.label))
    return found


def answer_paths(shown: BuilderView) -> list[tuple[str, str]]:
    return [(q.data_path, q.label) for q in shown.all_items()
            if q.kind not in ("group", "repeat", "info", "advanced")]
