"""Filling forms in the browser: the page, its htmx fragments, submit, drafts and print view."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    g,
    get_template_attribute,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from carebridge.auth.access import current_user, requires
from carebridge.auth.roles import can
from carebridge.db import get_session
from carebridge.errors import InvalidInput, NotFound
from carebridge.forms import service
from carebridge.htmx import is_htmx
from carebridge.renderer import filling
from carebridge.renderer.compile import CompiledForm
from carebridge.renderer.drafts import authors, open_drafts
from carebridge.renderer.state import FormState, locate

# Kiosk pages live at /kiosk/…, so routes carry their full paths.
bp = Blueprint("renderer", __name__)


@dataclass
class Filling:
    """Who is filling which version, and where things go (a worker's page or a kiosk)."""

    version: object
    form: CompiledForm
    user_id: int | None
    kiosk: object | None = None
    shown: str = ""  # a kiosk page's signed time of showing (see kiosk.page_is_fresh)

    @property
    def drafts(self) -> bool:
        return self.kiosk is None  # a kiosk keeps nothing that could show the next client


def time_zone() -> str:
    return current_app.config.get("TIME_ZONE", "America/Los_Angeles")


@bp.get("/forms/<slug>/fill")
@requires("submissions.create")
def fill(slug: str):
    db = get_session()
    user = current_user()
    draft_id = request.args.get("draft", "")
    data = None
    if draft_id and can(user.role, "drafts.manage"):
        draft = _or_404(lambda: service.get_draft_of(db, slug, draft_id, user_id=user.id))
        version, data = draft.form_version, draft.data
        db.commit()
    else:
        draft_id = ""
        version = _or_404(lambda: service.get_version(db, slug))
    ctx = Filling(version, filling.compiled(version), user.id)
    st = filling.blank_state(ctx.form, data, time_zone=time_zone(), draft_id=draft_id,
                             action=url_for("renderer.post", slug=slug))
    return page(ctx, st)


@bp.post("/forms/<slug>/fill")
@requires("submissions.create")
def post(slug: str):
    db = get_session()
    number = request.form.get("_version", "")
    version = _or_404(
        lambda: service.get_version(db, slug, int(number) if number.isdigit() else None)
    )
    ctx = Filling(version, filling.compiled(version), current_user().id)
    return handle_post(ctx, url_for("renderer.post", slug=slug))


def handle_post(ctx: Filling, action_url: str):
    """The one POST handler behind every button, blur and autosave (workers and kiosks)."""
    st = filling.posted_state(ctx.form, request.form, time_zone=time_zone(), action=action_url)
    action = filling.Action.from_form(request.form)
    if action.verb in filling.SHAPE_ACTIONS:
        name = filling.apply_shape_action(st, action)
        return fragment(ctx, st, name) if is_htmx() else page(ctx, st)
    if action.verb == "check":
        problems = service.validate(ctx.version, filling.answers(st))
        st.set_problems(problems)
        if is_htmx():
            errors = get_template_attribute("renderer/_field.html", "errors")
            return str(errors(st.errors_for(action.name)))
        return page(ctx, st)
    if action.verb in ("save", "autosave"):
        if not ctx.drafts:
            abort(400)  # a kiosk keeps no drafts
        return save(ctx, st, action.verb)
    if action.verb in ("next", "back") and ctx.form.pages:
        return turn_page(ctx, st, action.verb)
    return submit(ctx, st)


def save(ctx: Filling, st: FormState, verb: str):
    db = get_session()
    try:
        draft = service.save_draft(
            db, ctx.version.definition.slug, st.data(), user_id=ctx.user_id,
            draft_id=st.draft_id or None,
        )
    except (NotFound, InvalidInput):
        # The draft is gone or already submitted: keep the answers in a new one.
        draft = service.save_draft(db, ctx.version.definition.slug, st.data(),
                                   user_id=ctx.user_id)
    db.commit()
    st.draft_id = draft.id
    if is_htmx():
        response = make_response(
            render_template("renderer/_saved.html", st=st, ctx=ctx, version=ctx.version, oob=True)
        )
        if ctx.kiosk is None:
            # A reload of the page then resumes this draft instead of starting over.
            response.headers["HX-Replace-Url"] = url_for(
                "renderer.fill", slug=ctx.version.definition.slug, draft=st.draft_id
            )
        return response
    return page(ctx, st, saved=True)


def turn_page(ctx: Filling, st: FormState, verb: str):
    if verb == "next":
        problems = filling.on_page(
            service.validate(ctx.version, filling.answers(st)),
            filling.page_fields(ctx.form, st.page),
        )
        if problems:
            st.set_problems(problems)
            st.checked = True
            return page(ctx, st, status=422)
        st.page = min(st.page + 1, len(ctx.form.pages) - 1)
    else:
        st.page = max(st.page - 1, 0)
    if ctx.drafts:
        db = get_session()
        draft = service.save_draft(db, ctx.version.definition.slug, st.data(),
                                   user_id=ctx.user_id, draft_id=st.draft_id or None)
        db.commit()
        st.draft_id = draft.id
    return page(ctx, st)


def submit(ctx: Filling, st: FormState):
    db = get_session()
    data = filling.answers(st)
    try:
        if st.draft_id and ctx.drafts:
            submission = service.complete_draft(db, st.draft_id, user_id=ctx.user_id, data=data)
        else:
            submission = service.submit(db, ctx.version, data, user_id=ctx.user_id,
                                        idempotency_key=st.key, via=g.get("via", "web"))
    except InvalidInput as error:
        db.rollback()
        st.set_problems(error.problems)
        st.checked = True
        if ctx.form.pages:
            st.page = filling.first_page_with(ctx.form, error.problems)
        return page(ctx, st, status=422)
    db.commit()
    if ctx.kiosk is not None:
        target = url_for("renderer.kiosk_done", token=ctx.kiosk.token)
    else:
        target = url_for("renderer.done", slug=ctx.version.definition.slug,
                         submission_id=submission.id)
    if is_htmx():
        response = make_response("", 200)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, code=303)


def page(ctx: Filling, st: FormState, *, status: int = 200, saved: bool = False):
    """The whole page, or for htmx the form area only (the same template's fragment)."""
    user = current_user()
    context = {
        "ctx": ctx, "st": st, "form": ctx.form, "version": ctx.version, "saved": saved,
        "warnings": ctx.form.warnings if user and can(user.role, "forms.manage") else [],
    }
    if is_htmx():
        return render_template("renderer/_form.html", **context), status
    return render_template("renderer/fill.html", **context), status


def fragment(ctx: Filling, st: FormState, name: str) -> Markup:
    """Just the part of the form at ``name`` (htmx swaps it in place)."""
    if not name:
        return get_template_attribute("renderer/_field.html", "root_fields")(ctx.form, st)
    parent_name, _, key = name.rpartition(".")
    parent = locate(ctx.form.root, parent_name, st)
    while parent is not None and parent.kind == "alternatives":
        parent = parent.branches[st.branch(parent, parent_name)]
    field = get_template_attribute("renderer/_field.html", "field")
    if parent is not None and parent.kind == "object":
        for child, required in st.visible(parent, parent_name):
            if child.key == key:
                cond = st.gid(parent_name) if child.trigger and parent.rules else ""
                return field(child, name, st, required, cond)
    node = locate(ctx.form.root, name, st)
    if node is None:
        abort(400)
    return field(node, name, st)


@bp.get("/forms/<slug>/drafts")
@requires("drafts.manage")
def drafts(slug: str):
    db = get_session()
    definition = _or_404(lambda: service.get_definition(db, slug))
    found = open_drafts(db, slug)
    return render_template("renderer/drafts.html", definition=definition, drafts=found,
                           authors=authors(db, found))


@bp.get("/forms/<slug>/done/<submission_id>")
@requires("submissions.create")
def done(slug: str, submission_id: str):
    return render_template("renderer/done.html", slug=slug, submission_id=submission_id)


@bp.get("/forms/<slug>/submissions/<submission_id>/print")
@requires("submissions.read")
def print_view(slug: str, submission_id: str):
    db = get_session()
    found = _or_404(lambda: service.get_submission(db, submission_id, user_id=current_user().id))
    db.commit()
    version = found.form_version
    form = filling.compiled(version)
    st = FormState.from_data(form, found.data, time_zone=time_zone(), action="")
    st.live, st.printed = False, True
    return render_template("renderer/print.html", form=form, st=st, submission=found,
                           version=version)


def _or_404(load):
    try:
        return load()
    except NotFound:
        abort(404)


from carebridge.renderer import editor_views, kiosk_views  # noqa: E402,F401  (routes on bp)
