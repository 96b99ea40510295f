"""A worker filling forms: the fill page and its posts, drafts, the done page and print view."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    render_template,
    request,
    url_for,
)

from carebridge import i18n
from carebridge.auth.access import caller, current_user, requires
from carebridge.auth.roles import can
from carebridge.db import get_session
from carebridge.errors import NotFound
from carebridge.forms import readable, service, translations
from carebridge.forms.models import Submission
from carebridge.http import see_other
from carebridge.i18n import _
from carebridge.renderer import filling
from carebridge.renderer.backups import submitted_keys
from carebridge.renderer.drafts import authors, drafts_submitted_as, open_drafts
from carebridge.renderer.filling_flow import (
    Filling,
    blank_page,
    handle_post,
    kept_blank_page,
    page,
    time_zone,
)
from carebridge.whole_numbers import whole_number

bp = Blueprint("renderer", __name__)


@bp.get("/forms/<slug>/fill")
@requires("submissions.create")
def fill(slug: str):
    db = get_session()
    user = caller()  # its id and role: the ORM user is not loaded for a kept page
    draft_id = request._get_current_object().args.get("draft", "")  # the proxy once
    data = None
    if draft_id and can(user.role, "drafts.manage"):
        mine = _or_404(lambda: service.get_draft(db, draft_id, user_id=user.id))
        if mine.submission_id is not None:
            # Submitted (Back after a submit reloads this address): its answers are the
            # submission's now, not shown through the draft; the person lands on its
            # thank-you page, so the same answers are not sent twice.
            flash(_("This form was already submitted."))
            return see_other(url_for("renderer.done", slug=slug,
                                     submission_id=mine.submission_id))
        draft = _or_404(lambda: service.get_draft_of(db, slug, draft_id, user_id=user.id))
        version, data = draft.form_version, draft.data
    else:
        kept = kept_blank_page(slug)
        if kept is not None:
            return kept
        version = _or_404(lambda: service.get_version(db, slug))
        ctx = Filling(version, filling.compiled_form(version, service.form_language()), user.id)
        return blank_page(ctx, url_for("renderer.post", slug=slug))
    ctx = Filling(version, filling.compiled_form(version, service.form_language()), user.id)
    st = filling.blank_state(ctx.form, data, time_zone=time_zone(), draft_id=draft_id,
                             action=url_for("renderer.post", slug=slug))
    return page(ctx, st)


@bp.post("/forms/<slug>/fill")
@requires("submissions.create")
def post(slug: str):
    db = get_session()
    number = request.form.get("_version", "")
    if number and not (number.isascii() and number.isdigit()):
        abort(400, _("The form's version is not a number."))
    wanted = whole_number(number) if number else None
    if number and wanted is None:
        abort(404)  # more digits than any version has (2**70 and up)
    version = _or_404(lambda: service.get_version(db, slug, wanted))
    ctx = Filling(version, filling.compiled_form(version, service.form_language()),
                  current_user().id)
    return handle_post(ctx, url_for("renderer.post", slug=slug))


@bp.get("/forms/<slug>/drafts")
@requires("drafts.manage")
def drafts(slug: str):
    db = get_session()
    definition = _or_404(lambda: service.get_definition(db, slug))
    found = open_drafts(db, slug, current_user().id)
    return render_template("renderer/drafts.html", definition=definition, drafts=found,
                           authors=authors(db, found))


@bp.get("/forms/<slug>/done/<submission_id>")
@requires("submissions.create")
def done(slug: str, submission_id: str):
    # Only a submission of this agency and form has a thank-you page (another's id: 404).
    found = get_session().get(Submission, submission_id)
    if found is None or found.form_version.definition.slug != slug:
        abort(404)
    # The answers are on the server now: the browser drops its local backups of them (htmx
    # follows HX-Redirect before its request counts as successful, so this page does it).
    drafts = drafts_submitted_as(get_session(), submission_id)
    return render_template("renderer/done.html", slug=slug, submission_id=submission_id,
                           obsolete=submitted_keys(current_user().id, slug, drafts))


@bp.get("/forms/<slug>/submissions/<submission_id>/print")
@requires("submissions.read")
def print_view(slug: str, submission_id: str):
    db = get_session()
    found = _or_404(lambda: service.get_submission(db, submission_id, user_id=current_user().id))
    # A print is for the client: the whole page in their language (or ?lang=, for the file).
    i18n.use_for_request(request.args.get("lang") or _client_language(db, found))
    zone = time_zone()
    document = translations.localize(found.form_version.document, i18n.current())
    return render_template(
        "renderer/print.html", submission=found, version=found.form_version,
        answers=readable.answers(document, found.data, zone), title=document.get("title"),
        submitted_at=readable.local_time(found.created_at, zone))


def _client_language(db, submission) -> str | None:
    """The preferred language of the client a submission is about (None: no client)."""
    if not submission.client_id:
        return None
    from carebridge.clients.service import get_client

    try:
        client = get_client(db, submission.client_id, user_id=current_user().id, audited=False)
    except NotFound:
        return None
    return client.preferred_language or None


def _or_404(load):
    try:
        return load()
    except NotFound:
        abort(404)

