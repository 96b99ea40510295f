"""Filling a form, for a worker's page and a kiosk alike: one POST handler, the page or its
fragment, saving drafts, turning pages and submitting."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from flask import (
    Response,
    abort,
    current_app,
    flash,
    g,
    get_template_attribute,
    make_response,
    render_template,
    request,
    url_for,
)
from markupsafe import Markup

from carebridge import i18n
from carebridge.agencies import agency_time_zone, zone_or_default
from carebridge.auth.access import caller
from carebridge.auth.roles import can
from carebridge.csrf_tokens import csrf_token
from carebridge.db import get_session
from carebridge.errors import Conflict, InvalidInput, NotFound
from carebridge.forms import published, service
from carebridge.http import chosen_template, client_redirect, is_htmx, render_page, replace_url
from carebridge.i18n import _
from carebridge.renderer import filling, kept_pages
from carebridge.renderer.backups import backup_key
from carebridge.renderer.compile import CompiledForm
from carebridge.renderer.formdata import key_part
from carebridge.renderer.repeat_rows import ROW_VERBS, change_rows, rows_html
from carebridge.renderer.state import FormState, locate
from carebridge.templating import navigation
from carebridge.tenancy import tenant_of


@dataclass
class Filling:
    """Who is filling which version, and where things go (a worker's page or a kiosk)."""

    version: object
    form: CompiledForm
    user_id: int | None
    kiosk: object | None = None
    shown: str = ""  # a kiosk page's signed time of showing (see kiosk.page_is_fresh)
    language: str | None = None  # the language the form is shown in (None: the request's)
    client_id: str | None = None  # whose form this is (filled from the client's file)
    client_name: str = ""

    @property
    def drafts(self) -> bool:
        return self.kiosk is None  # a kiosk keeps nothing that could show the next client


def time_zone() -> str:
    """The zone of the agency whose form this is (a kiosk's too), else the installation's."""
    default = current_app._get_current_object().config.get("TIME_ZONE", "America/Los_Angeles")
    agency = tenant_of(get_session())
    user = caller()
    if user is not None and user.agency_id == agency:
        # Read with the login (auth/caller_rows.py): no look-up of the agency.
        return zone_or_default(user.agency_time_zone, default)
    return agency_time_zone(get_session(), agency, default)


def fill_url(ctx: Filling, **args) -> str:
    """The fill page of ``ctx`` (the client's own when filled for a client)."""
    slug = ctx.version.definition.slug
    if ctx.client_id is not None:
        return url_for("clients.fill", client_id=ctx.client_id, slug=slug, **args)
    return url_for("renderer.fill", slug=slug, **args)


def handle_post(ctx: Filling, action_url: str) -> Response:
    """The one POST handler behind every button, blur and autosave (workers and kiosks)."""
    st = filling.posted_state(ctx.form, request.form, time_zone=time_zone(), action=action_url)
    action = filling.Action.from_form(request.form)
    if action.verb in ROW_VERBS and is_htmx():
        change = change_rows(st, action.verb, action.name)
        if change is not None:  # only the rows that changed (renderer/repeat_rows.py)
            keep_shown_errors(ctx, st)  # the rows drawn again keep theirs
            return make_response(rows_html(st, change))
    if action.verb in filling.SHAPE_ACTIONS:
        name = filling.apply_shape_action(st, action)
        keep_shown_errors(ctx, st)
        return make_response(fragment(ctx, st, name)) if is_htmx() else page(ctx, st)
    if action.verb == "check":
        problems = service.validate(ctx.version, filling.answers(st))
        st.set_problems(problems)
        if is_htmx():
            errors = get_template_attribute("renderer/_field.html", "errors")
            return make_response(str(errors(st.errors_for(action.name), action.name)))
        return page(ctx, st)
    if action.verb in ("save", "autosave"):
        if not ctx.drafts:
            abort(400)  # a kiosk keeps no drafts
        return save(ctx, st, action.verb)
    if action.verb in ("next", "back") and ctx.form.pages:
        return turn_page(ctx, st, action.verb)
    return submit(ctx, st)


def keep_shown_errors(ctx: Filling, st: FormState) -> None:
    """The messages the page showed (each says so with a hidden ``_errors``) for answers still
    on it and still wrong, checked again from the answers sent: a part drawn again keeps them,
    and drops those of answers now right or questions gone (a redraw wiped them all)."""
    shown = set(request.form.getlist("_errors"))
    if not shown:
        return
    st.set_problems(service.validate(ctx.version, filling.answers(st)))
    st.errors = {name: said for name, said in st.errors.items() if name in shown}


def save(ctx: Filling, st: FormState, verb: str):
    db = get_session()
    try:
        draft = service.save_draft(
            db, ctx.version.definition.slug, st.data(), user_id=ctx.user_id,
            draft_id=st.draft_id or None, client_id=ctx.client_id,
        )
    except InvalidInput:
        # Already submitted (a page reached by Back after its submit): it stays as it was
        # sent, and a submit from here answers with that submission, never a second one.
        return already_sent(ctx, st)
    except NotFound:
        # The draft is gone: keep the answers in a new one.
        draft = service.save_draft(db, ctx.version.definition.slug, st.data(),
                                   user_id=ctx.user_id, client_id=ctx.client_id)
    st.draft_id = draft.id
    if is_htmx():
        response = make_response(
            render_template("renderer/_saved.html", st=st, ctx=ctx, version=ctx.version, oob=True)
        )
        if ctx.kiosk is None:
            # A reload of the page then resumes this draft instead of starting over.
            replace_url(response, fill_url(ctx, draft=st.draft_id))
        return response
    return page(ctx, st, saved=True)


def already_sent(ctx: Filling, st: FormState):
    if is_htmx():
        return make_response(render_template("renderer/_saved.html", st=st, ctx=ctx,
                                             version=ctx.version, sent=True))
    return page(ctx, st, sent=True)


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
        try:
            draft = service.save_draft(db, ctx.version.definition.slug, st.data(),
                                       user_id=ctx.user_id, draft_id=st.draft_id or None,
                                       client_id=ctx.client_id)
        except InvalidInput:
            pass  # already submitted: it stays as it was sent (see already_sent)
        else:
            st.draft_id = draft.id
    return page(ctx, st)


def submit(ctx: Filling, st: FormState):
    db = get_session()
    data = filling.answers(st)
    try:
        if st.draft_id and ctx.drafts:
            submission = service.complete_draft(db, st.draft_id, user_id=ctx.user_id, data=data,
                                                idempotency_key=st.key)
        else:
            submission = service.submit(db, ctx.version, data, user_id=ctx.user_id,
                                        idempotency_key=st.key, via=g.get("via", "web"),
                                        client_id=ctx.client_id)
    except InvalidInput as error:
        st.set_problems(error.problems)
        st.checked = True
        if ctx.form.pages:
            st.page = filling.first_page_with(ctx.form, error.problems)
        return page(ctx, st, status=422)
    except Conflict:
        # This page was submitted already, and its answers changed since (Back, then edits):
        # the first submission stands; say that the changes were not saved.
        submission = service.find_submission_by_key(
            db, st.key, user_id=ctx.user_id, definition_id=ctx.version.definition_id)
        if submission is None:
            raise
        flash(_("This form was already submitted; the answers changed since were not saved. "
                "Fill in a new form to send them."))
    if ctx.kiosk is not None:
        return client_redirect(url_for("kiosk.done", token=ctx.kiosk.token, lang=ctx.language))
    if ctx.client_id is not None:  # the submission with its scores, linked to the client
        return client_redirect(url_for("forms.submission", submission_id=submission.id))
    return client_redirect(url_for("renderer.done", slug=ctx.version.definition.slug,
                                   submission_id=submission.id))


def page(ctx: Filling, st: FormState, *, status: int = 200, saved: bool = False,
         sent: bool = False) -> Response:
    """The whole page, or for htmx the form area only (the same template's fragment)."""
    return render_page(fill_templates(ctx.version.definition.slug), "renderer/_form.html",
                       status=status, **page_context(ctx, st, saved=saved, sent=sent))


def page_context(ctx: Filling, st: FormState, *, saved: bool = False,
                 sent: bool = False) -> dict:
    user = caller()
    return {
        "ctx": ctx, "st": st, "form": ctx.form, "version": ctx.version, "saved": saved,
        "backup_key": backup_key, "sent": sent, "max_upload": readable_size(
            current_app.config.get("MAX_CONTENT_LENGTH") or 0),
        "warnings": ctx.form.warnings if user and can(user.role, "forms.manage") else [],
    }


def fill_templates(slug: str) -> list[str]:
    # A form can have its own page: templates/renderer/fill-<slug>.html (in the instance
    # folder or a plugin's templates), usually extending "renderer/fill.html".
    return [f"renderer/fill-{slug}.html", "renderer/fill.html"]


def kept_blank_page(slug: str) -> Response | None:
    """A worker's blank page of the latest version of ``slug`` served from a kept one
    (renderer/kept_pages.py) without loading the version; None when there is none to serve
    (then ``blank_page`` draws it, and keeps it where it may)."""
    user = caller()
    if user is None or not kept_pages.keepable(chosen_template(fill_templates(slug))):
        return None
    latest = published.latest(get_session(), slug)
    if latest is None:
        return None
    pages = kept_pages.kept_pages()
    parts = pages.get(_page_key(latest, user, service.form_language(), time_zone()))
    if parts is None:
        return None
    return make_response(pages.fill_in(parts, csrf_token(), uuid.uuid4().hex))


def _page_key(version, user, language: str | None, zone: str) -> tuple:
    return kept_pages.page_key(version, user, form_language=language,
                               interface_language=i18n.current(), time_zone=zone,
                               nav_items=navigation()["nav_items"])


def blank_page(ctx: Filling, action: str) -> Response:
    """A new, blank fill page, drawn; a worker's is kept (renderer/kept_pages.py) where it
    may be, for ``kept_blank_page`` to serve next time."""
    zone = time_zone()
    template = chosen_template(fill_templates(ctx.version.definition.slug))
    user = caller()
    if (ctx.kiosk is None and ctx.client_id is None and user is not None
            and kept_pages.keepable(template)):
        key = _page_key(ctx.version, user, ctx.language or service.form_language(), zone)

        def draw(pages: kept_pages.KeptPages) -> str:
            st = filling.blank_state(ctx.form, None, time_zone=zone, action=action)
            st.key = pages.key
            return render_template(template, **page_context(ctx, st),
                                   csrf_token=lambda: pages.csrf)

        return make_response(kept_pages.serve(key, draw, csrf_token, uuid.uuid4().hex))
    return page(ctx, filling.blank_state(ctx.form, None, time_zone=zone, action=action))


def readable_size(size: int) -> str:
    """A byte count as people say it: "2 MB", "500 KB"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.3g} MB"
    return f"{max(size, 0) / 1024:.3g} KB"


def fragment(ctx: Filling, st: FormState, name: str) -> Markup:
    """Just the part of the form at ``name`` (htmx swaps it in place)."""
    if not name:
        return get_template_attribute("renderer/_field.html", "root_fields")(ctx.form, st)
    parent_name, _, key = name.rpartition(".")
    parent = locate(ctx.form.root, parent_name, st)
    while parent is not None and parent.kind == "alternatives":
        parent = parent.branches[st.branch(parent, parent_name)]
    field = get_template_attribute("renderer/_field.html", "field")
    if parent is not None and parent.kind == "array" and key in st.items(parent, parent_name):
        # An item of a repeat group (a condition inside a row): labelled with its place.
        place = st.items(parent, parent_name).index(key) + 1
        return st.item_html(parent.item, name, st.item_label(parent, parent_name, place), field)
    if parent is not None and parent.kind == "object":
        for child, required in st.visible(parent, parent_name):
            if child.key == key_part(key):
                cond = st.gid(parent_name) if child.trigger and parent.rules else ""
                return field(child, name, st, required, cond)
    node = locate(ctx.form.root, name, st)
    if node is None:
        abort(400)
    return field(node, name, st)
