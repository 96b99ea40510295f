"""Form services: publish versioned definitions, validate and store submissions and drafts."""

from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from carebridge import audit, i18n
from carebridge.app_state import app_state
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms import translations
from carebridge.forms.definitions import Definition, digest_of, parse_definition
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission
from carebridge.forms.patterns import Budget
from carebridge.forms.validation import ValidatorCache, checking, problems
from carebridge.unit_of_work import hook_after_commit

log = logging.getLogger(__name__)

_validators = ValidatorCache()
#: Version numbers are stored as 32-bit integers: anything else names no version.
MAX_VERSION = 2**31 - 1


def check_definition(document: object) -> Definition:
    return parse_definition(document, current_app.config, widgets=widget_names())


def widget_names() -> list[str] | None:
    """The widgets the app's plugins register (None when no renderer is installed)."""
    table = app_state().widgets
    return table.names if table is not None else None


def publish(
    session: Session, document: object, *, user_id: int | None, slug: str | None = None
) -> tuple[FormDefinition, FormVersion, bool]:
    """Publish ``document`` as the next version; an unchanged document creates none.

    ``slug`` pins the definition being changed (``PUT /forms/{id}``): the document's own id must
    agree with it. Returns the definition, its latest version and whether it was created now.
    """
    definition = check_definition(document)
    if slug is not None and definition.slug != slug:
        if isinstance(document, dict) and "schema" in document:
            raise InvalidInput(
                i18n._("The definition's id does not match the form being changed."),
                [Problem("/id", i18n._("Expected '%(expected)s', found '%(found)s'.",
                                       expected=slug, found=definition.slug))],
            )
        renamed = {**definition.document, "id": slug}
        definition = Definition(slug, definition.title, definition.kind, renamed,
                                digest_of(renamed))
    form = session.scalar(select(FormDefinition).where(FormDefinition.slug == definition.slug))
    if form is None:
        form = FormDefinition(slug=definition.slug, title=definition.title, kind=definition.kind)
        session.add(form)
        session.flush()
    else:
        latest = _version(session, form, form.latest_version)
        if latest is not None and latest.digest == definition.digest:
            return form, latest, False
    form.latest_version += 1
    form.title, form.kind = definition.title, definition.kind
    version = FormVersion(
        definition_id=form.id,
        number=form.latest_version,
        document=definition.document,
        digest=definition.digest,
        created_by_id=user_id,
    )
    session.add(version)
    session.flush()
    log.info("definition published", extra={"form": form.slug, "version": version.number})
    hook_after_commit(session, "definition_published", definition=form, version=version,
                      session=session)
    return form, version, True


def list_definitions(session: Session) -> list[FormDefinition]:
    return list(session.scalars(select(FormDefinition).order_by(FormDefinition.title)))


def find_definition(session: Session, slug: str) -> FormDefinition | None:
    return session.scalar(select(FormDefinition).where(FormDefinition.slug == slug))


def get_definition(session: Session, slug: str) -> FormDefinition:
    form = find_definition(session, slug)
    if form is None:
        raise NotFound(i18n._("No form '%(form)s'.", form=slug))
    return form


def get_version(session: Session, slug: str, number: int | None = None) -> FormVersion:
    form = get_definition(session, slug)
    if number is not None and not 1 <= number <= MAX_VERSION:
        raise NotFound(i18n._("Form '%(form)s' has no version %(number)s.", form=slug,
                                    number=number))
    version = _version(session, form, number if number is not None else form.latest_version)
    if version is None:
        raise NotFound(i18n._("Form '%(form)s' has no version %(number)s.", form=slug,
                                    number=number))
    return version


def _version(session: Session, form: FormDefinition, number: int) -> FormVersion | None:
    return session.scalar(
        select(FormVersion).where(
            FormVersion.definition_id == form.id, FormVersion.number == number
        )
    )


def validate(version: FormVersion, data: object, language: str | None = None) -> list[Problem]:
    """Every problem with ``data`` under ``version``'s schema; stores nothing.

    Patterns draw on one time budget per request (``PATTERN_BUDGET_SECONDS``), however many
    values, patterns and validations the request has; "today" is the agency's. Messages come in
    the request's language and name questions as the form in ``language`` does (default: the
    language the request's form is shown in, ``form_language()``); the rules are the same.
    """
    document = version.document
    language = language or form_language()
    shown = translations.fallbacks(document, language)
    if shown:
        validator = _validators.get(f"{version.digest}:{'/'.join(shown)}",
                                    translations.localize(document, language)["schema"])
    else:
        validator = _validators.get(version.digest, document["schema"])
    with checking(pattern_budget(), today()):
        return problems(validator, data)


def form_language() -> str | None:
    """The language forms are shown in for this request: one a view chose (a client's
    preferred language, ``g.form_language``), else the interface's; None outside a request."""
    if not has_request_context():
        return None
    return g.get("form_language") or i18n.current()


def pattern_budget() -> Budget:
    """The current request's pattern-matching budget (a new one outside a request)."""
    seconds = float(current_app.config["PATTERN_BUDGET_SECONDS"])
    if not has_request_context():  # a CLI run: one budget per validation
        return Budget(seconds)
    if "pattern_budget" not in g:
        g.pattern_budget = Budget(seconds)
    return g.pattern_budget


def today() -> date:
    """Today's date where the agency is (``TIME_ZONE``)."""
    return datetime.now(ZoneInfo(current_app.config["TIME_ZONE"])).date()


def submit(
    session: Session,
    version: FormVersion,
    data: object,
    *,
    user_id: int | None,
    idempotency_key: str | None = None,
    via: str = "web",
) -> Submission:
    """Validate and store a submission; the same idempotency key returns the first one."""
    if idempotency_key:
        existing = find_submission_by_key(session, idempotency_key)
        if existing is not None:
            return existing
    found = validate(version, data)
    if found:
        raise InvalidInput(i18n._("The answers have problems; nothing was saved."), found)
    submission = Submission(
        form_version_id=version.id,
        data=data,
        created_by_id=user_id,
        idempotency_key=idempotency_key or None,
    )
    submission.agency_id = version.agency_id
    try:
        with session.begin_nested():
            session.add(submission)
            session.flush()
    except IntegrityError:
        # A concurrent request with the same key won the race: answer with its submission.
        existing = find_submission_by_key(session, idempotency_key) if idempotency_key else None
        if existing is None:
            raise
        return existing
    audit.record(session, audit.CREATE, submission, user_id=user_id, via=via)
    log.info("submission created", extra={"submission_id": submission.id,
                                          "form_version_id": version.id, "via": via})
    hook_after_commit(session, "submission_created", submission=submission, session=session)
    return submission


def find_submission_by_key(session: Session, key: str) -> Submission | None:
    return session.scalar(select(Submission).where(Submission.idempotency_key == key))


def get_submission(session: Session, submission_id: str, *, user_id: int | None,
                   via: str = "web") -> Submission:
    submission = session.get(Submission, submission_id)
    if submission is None:
        raise NotFound(i18n._("No such submission."))
    audit.record(session, audit.READ, submission, user_id=user_id, via=via)
    return submission


def save_draft(
    session: Session,
    slug: str,
    data: object,
    *,
    user_id: int | None,
    draft_id: str | None = None,
    via: str = "web",
) -> Draft:
    """Store partial answers as they are (not validated); a draft keeps its form version."""
    if not isinstance(data, dict):
        raise InvalidInput(i18n._("Draft data is a JSON object."),
                           [Problem("/data", i18n._("Expected an object."))])
    if draft_id is None:
        version = get_version(session, slug)
        draft = Draft(definition_id=version.definition_id, form_version_id=version.id, data=data,
                      created_by_id=user_id)
        session.add(draft)
        session.flush()
        audit.record(session, audit.CREATE, draft, user_id=user_id, via=via)
        return draft
    draft = get_draft(session, draft_id)
    if draft.definition.slug != slug:
        raise NotFound(i18n._("No such draft for this form."))
    if draft.submission_id is not None:
        raise InvalidInput(i18n._("This draft was already submitted."),
                           [Problem("", i18n._("The draft is complete; start a new one."))])
    draft.data = data
    session.flush()
    audit.record(session, audit.UPDATE, draft, user_id=user_id, via=via)
    return draft


def get_draft(session: Session, draft_id: str) -> Draft:
    draft = session.get(Draft, draft_id)
    if draft is None:
        raise NotFound(i18n._("No such draft."))
    return draft


def get_draft_of(session: Session, slug: str, draft_id: str, *, user_id: int | None,
                 via: str = "web") -> Draft:
    """A draft of form ``slug``, with its reading audited."""
    draft = get_draft(session, draft_id)
    if draft.definition.slug != slug:
        raise NotFound(i18n._("No such draft for this form."))
    audit.record(session, audit.READ, draft, user_id=user_id, via=via)
    return draft


def complete_draft(
    session: Session,
    draft_id: str,
    *,
    user_id: int | None,
    data: object | None = None,
    via: str = "web",
) -> Submission:
    """Validate a draft (optionally with final data) and turn it into a submission, once."""
    draft = get_draft(session, draft_id)
    if draft.submission_id is not None:
        return session.get(Submission, draft.submission_id)
    if data is not None:
        draft.data = data
    submission = submit(session, draft.form_version, draft.data, user_id=user_id,
                        idempotency_key=f"draft:{draft.id}", via=via)
    draft.submission_id = submission.id
    session.flush()
    return submission
