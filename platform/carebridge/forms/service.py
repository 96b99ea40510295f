"""Form services: publish versioned definitions, validate and store submissions and drafts."""

from __future__ import annotations

import functools
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context
from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, contains_eager, lazyload

from carebridge import audit, i18n
from carebridge.app_state import app_state
from carebridge.assessments.scoring import score
from carebridge.clients import intake
from carebridge.clients.needs import vocabulary as needs_vocabulary
from carebridge.db import utcnow
from carebridge.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem
from carebridge.forms import published, translations, version_rows
from carebridge.forms.definitions import Definition, digest_of, parse_definition
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission, new_id
from carebridge.forms.patterns import Budget
from carebridge.forms.submission_rows import insert_submission, new_submission
from carebridge.forms.validation import ValidatorCache, checking, problems
from carebridge.forms.verdicts import compile_verdict
from carebridge.i18n import _
from carebridge.log import logger
from carebridge.tenancy import tenant_of
from carebridge.unit_of_work import after_commit, hook_after_commit

log = logger(__name__)  # on every submission's path: see carebridge.log

_validators = ValidatorCache(compile_verdict=compile_verdict)
#: Version numbers are stored as 32-bit integers: anything else names no version.
MAX_VERSION = 2**31 - 1


def check_definition(document: object, session: Session | None = None) -> Definition:
    """Check ``document``; with the agency's ``session`` its need rules may also use the
    agency's own needs."""
    codes = needs_vocabulary(session).codes() if session is not None else None
    return parse_definition(document, current_app.config, widgets=widget_names(),
                            need_codes=codes)


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
    definition = check_definition(document, session)
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
    after_commit(session, published.forget_older_versions, version)
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
    # One statement for the version and its definition (every fill page and submission asks),
    # without the version's document: that comes decoded from the app's cache (published.py).
    # The two-step path below only runs to say what is missing.
    if number is None or 1 <= number <= MAX_VERSION:
        tenant = tenant_of(session)
        agency = tenant if isinstance(tenant, int) else None
        values = {"slug": slug} if number is None else {"slug": slug, "number": number}
        if agency is not None:
            values["agency"] = agency
        found = session.scalar(_version_statement(number is None, agency is not None), values)
        if found is not None:
            return published.with_document(found)
    form = get_definition(session, slug)
    if number is not None and not 1 <= number <= MAX_VERSION:
        raise NotFound(i18n._("Form '%(form)s' has no version %(number)s.", form=slug,
                                    number=number))
    version = _version(session, form, number if number is not None else form.latest_version)
    if version is None:
        raise NotFound(i18n._("Form '%(form)s' has no version %(number)s.", form=slug,
                                    number=number))
    return version


def version_to_submit(session: Session, slug: str, number: int | None = None
                      ) -> FormVersion | version_rows.PublishedVersion:
    """``get_version`` for a submission: the version as a Core row with its kept document
    (``version_rows``) when the document is kept, else the ORM version (which keeps it)."""
    if number is None or 1 <= number <= MAX_VERSION:
        kept = version_rows.kept_version(session, slug, number)
        if kept is not None:
            return kept
    return get_version(session, slug, number)


@functools.cache
def _version_statement(latest: bool, of_agency: bool = False) -> Select:
    """The statement ``get_version`` sends, built once (with the slug and number as bound
    parameters): building it again for every request was about a twentieth of a fill page's
    and an API submission's time. ``of_agency``: the session's agency is a bound parameter
    too, written here rather than added by tenancy's loader criteria, whose cache key was
    computed anew for every request (a twentieth of an API submission's profiled time)."""
    statement = (
        select(FormVersion)
        .join(FormDefinition, FormVersion.definition_id == FormDefinition.id)
        .where(FormDefinition.slug == bindparam("slug"),
               FormVersion.number == (FormDefinition.latest_version if latest
                                      else bindparam("number")))
        # The definition from the join already made (not joined a second time).
        .options(published.without_document(), contains_eager(FormVersion.definition))
    )
    if of_agency:
        statement = statement.where(
            FormDefinition.agency_id == bindparam("agency"),
            FormVersion.agency_id == bindparam("agency"),
        ).execution_options(include_all_agencies=True)  # the agency is in the statement
    return statement


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
    validator, verdict = _validators.checks(version.digest, document["schema"])
    with checking(pattern_budget(), today()):
        # Answers valid in one language are valid in all (a translation changes words, never
        # a keyword: translations.py), so the form's own schema says yes without asking
        # which language the request is in (Flask-Babel's choice of a locale was a third of
        # a valid submission's validation). Problems are worded in it.
        if verdict is not None and _says_yes(verdict, data):
            return []
        # Not valid, or no verdict: jsonschema judges (the verdict is not asked twice: its
        # patterns draw on the request's one budget).
        language = language or form_language()
        shown = translations.fallbacks(document, language)
        if shown:
            validator = _validators.get(f"{version.digest}:{'/'.join(shown)}",
                                        translations.localize(document, language)["schema"])
        return problems(validator, data)


def _says_yes(verdict, data: object) -> bool:
    """Whether the compiled ``verdict`` calls ``data`` valid (anything else: jsonschema says)."""
    try:
        return verdict(data)
    except Exception:  # noqa: BLE001 (a pattern out of time, an endless schema: the judge's)
        return False


def form_language() -> str | None:
    """The language forms are shown in for this request: one a view chose (a client's
    preferred language, ``g.form_language``), else the interface's; None outside a request."""
    if not has_request_context():
        return None
    return vars(g._get_current_object()).get("form_language") or i18n.current()


def pattern_budget() -> Budget:
    """The current request's pattern-matching budget (a new one outside a request)."""
    seconds = float(current_app._get_current_object().config["PATTERN_BUDGET_SECONDS"])
    if not has_request_context():  # a CLI run: one budget per validation
        return Budget(seconds)
    found = vars(g._get_current_object())  # the proxy once (~8 K instructions a look-up)
    budget = found.get("pattern_budget")
    if budget is None:
        budget = found["pattern_budget"] = Budget(seconds)
    return budget


def today() -> date:
    """Today's date where the agency is (``TIME_ZONE``)."""
    zone = current_app._get_current_object().config["TIME_ZONE"]
    return datetime.now(ZoneInfo(zone)).date()


#: The longest ``Idempotency-Key`` accepted (a UUID is 36 characters).
MAX_IDEMPOTENCY_KEY = 255


def scoped_key(key: str, *, user_id: int | None, definition_id: int) -> str:
    """A key as stored: one user's key on one form (the same key elsewhere is another key)."""
    if len(key) > MAX_IDEMPOTENCY_KEY:
        raise InvalidInput(_("The idempotency key is too long."),
                           [Problem("/Idempotency-Key",
                                    _("Use at most %(n)d characters.", n=MAX_IDEMPOTENCY_KEY))])
    return f"{user_id if user_id is not None else '-'}:{definition_id}:{key}"


def answers_digest(data: object) -> str:
    return digest_of(data if isinstance(data, dict) else {"": data})


def submit(
    session: Session,
    version: FormVersion,
    data: object,
    *,
    user_id: int | None,
    idempotency_key: str | None = None,
    via: str = "web",
    client_id: str | None = None,
) -> Submission:
    """Validate and store a submission, with the scores and flags its version's ``scoring``
    gives. ``client_id``: whose answers these are; an intake whose definition maps answers to
    the client record creates or updates the client, and the version's need rules add needs to
    the client's file. The same user's idempotency key on the same form returns the first
    submission when the answers are the same, and is refused (409) when they differ: new
    answers are never silently dropped."""
    return submit_once(session, version, data, user_id=user_id,
                       idempotency_key=idempotency_key, via=via, client_id=client_id)[0]


def submit_once(
    session: Session,
    version: FormVersion | version_rows.PublishedVersion,
    data: object,
    *,
    user_id: int | None,
    idempotency_key: str | None = None,
    via: str = "web",
    client_id: str | None = None,
) -> tuple[Submission, bool]:
    """``submit``, and whether the submission was made now (False: the idempotency key's
    first submission, answered again)."""
    scoped = digest = None
    if idempotency_key:
        scoped = scoped_key(idempotency_key, user_id=user_id,
                            definition_id=version.definition_id)
        digest = answers_digest(data)
        existing = _by_scoped_key(session, scoped)
        if existing is not None:
            return _replayed(existing, digest), False
    found = validate(version, data)
    if found:
        raise InvalidInput(_("The answers have problems; nothing was saved."), found)
    client = intake.client_for(session, client_id) if client_id is not None else None
    scoring = score(version.document, data, digest=version.digest)
    # Every column set here, then the submission and its audit event are written as two
    # INSERTs with the commit (submission_rows): all is computed before the write lock.
    submission = new_submission(
        id=new_id(),
        created_at=utcnow(),
        form_version_id=version.id,
        data=data,
        created_by_id=user_id,
        idempotency_key=scoped,
        request_digest=digest,
        client_id=client.id if client is not None else None,
        agency_id=version.agency_id,
        **scoring.as_json(),
    )
    if isinstance(version, FormVersion):
        submission.form_version = version  # else loaded if something asks (a hook may)
    event = audit.values(audit.CREATE, submission, user_id=user_id, via=via)
    # Written with the commit. Should a concurrent request with the same key commit first,
    # this unit writes nothing (KeyTaken) and a request's view runs again: the look-up above
    # then finds the winner's submission.
    insert_submission(session, submission, event)
    intake.attach(session, submission, version, scoring, client=client, user_id=user_id,
                  via=via, today=today())
    log.info("submission created", extra={"submission_id": submission.id,
                                          "form_version_id": version.id, "via": via})
    hook_after_commit(session, "submission_created", submission=submission, session=session)
    return submission, True


def _replayed(existing: Submission, digest: str) -> Submission:
    if existing.request_digest is not None and existing.request_digest != digest:
        raise Conflict(_("This idempotency key was already used with other answers; nothing "
                         "was saved. Send new answers with a new key."))
    return existing


def _by_scoped_key(session: Session, scoped: str) -> Submission | None:
    tenant = tenant_of(session)
    of_agency = isinstance(tenant, int)
    values = {"key": scoped, "agency": tenant} if of_agency else {"key": scoped}
    # Almost always nothing is found: asked as one Core statement on the session's connection
    # (the ORM's query was a sixteenth of a keyed submission); a replay loads the submission.
    found = session.connection().execute(_key_statement(of_agency), values).scalar()
    if found is None:
        return None
    return session.scalar(_by_id_statement(of_agency),
                          {"id": found, "agency": tenant} if of_agency else {"id": found})


@functools.cache
def _key_statement(of_agency: bool) -> Select:
    """The idempotency look-up every keyed submission makes, built once: the id of the
    submission holding the key. ``of_agency``: the session's agency as a bound parameter (as
    ``_version_statement``): a Core statement is not scoped by tenancy's criteria."""
    table = Submission.__table__
    statement = select(table.c.id).where(table.c.idempotency_key == bindparam("key"))
    if of_agency:
        statement = statement.where(table.c.agency_id == bindparam("agency"))
    return statement


@functools.cache
def _by_id_statement(of_agency: bool) -> Select:
    """A replayed submission, its version and author left to load if asked."""
    statement = (select(Submission).where(Submission.id == bindparam("id"))
                 .options(lazyload(Submission.form_version), lazyload(Submission.created_by)))
    if of_agency:
        statement = statement.where(Submission.agency_id == bindparam("agency")
                                    ).execution_options(include_all_agencies=True)
    return statement


def find_submission_by_key(session: Session, key: str, *, user_id: int | None,
                           definition_id: int) -> Submission | None:
    """The submission ``user_id`` made on form ``definition_id`` with ``key``, if any."""
    return _by_scoped_key(session, scoped_key(key, user_id=user_id,
                                              definition_id=definition_id))


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
    client_id: str | None = None,
) -> Draft:
    """Store partial answers as they are (not validated); a draft keeps its form version and
    the client it is filled for (``client_id``, set when it is started)."""
    if not isinstance(data, dict):
        raise InvalidInput(i18n._("Draft data is a JSON object."),
                           [Problem("/data", i18n._("Expected an object."))])
    if draft_id is None:
        version = get_version(session, slug)
        client = intake.client_for(session, client_id) if client_id is not None else None
        draft = Draft(definition_id=version.definition_id, form_version_id=version.id, data=data,
                      created_by_id=user_id, client_id=client.id if client else None)
        session.add(draft)
        session.flush()
        audit.record(session, audit.CREATE, draft, user_id=user_id, via=via)
        return draft
    draft = get_draft(session, draft_id, user_id=user_id)
    if draft.definition.slug != slug:
        raise NotFound(_("No such draft for this form."))
    if draft.submission_id is not None:
        raise InvalidInput(i18n._("This draft was already submitted."),
                           [Problem("", i18n._("The draft is complete; start a new one."))])
    draft.data = data
    session.flush()
    audit.record(session, audit.UPDATE, draft, user_id=user_id, via=via)
    return draft


def get_draft(session: Session, draft_id: str, *, user_id: int | None) -> Draft:
    """``user_id``'s draft: a draft belongs to its author; anybody else's is not found."""
    draft = session.get(Draft, draft_id)
    if draft is None or draft.created_by_id != user_id:
        raise NotFound(_("No such draft."))
    return draft


def get_draft_of(session: Session, slug: str, draft_id: str, *, user_id: int | None,
                 via: str = "web", may_read_submissions: bool = False) -> Draft:
    """The author's draft of form ``slug``, its reading audited.

    A submitted draft holds the answers of the submission it became: it is read as that
    submission, so only with permission to read submissions, audited as a read of it.
    """
    draft = get_draft(session, draft_id, user_id=user_id)
    if draft.definition.slug != slug:
        raise NotFound(_("No such draft for this form."))
    if draft.submission_id is not None:
        if not may_read_submissions:
            raise Forbidden(_("This draft was submitted: its answers are a submission now, "
                              "and reading submissions needs another role."))
        get_submission(session, draft.submission_id, user_id=user_id, via=via)
        return draft
    audit.record(session, audit.READ, draft, user_id=user_id, via=via)
    return draft


def complete_draft(
    session: Session,
    draft_id: str,
    *,
    user_id: int | None,
    data: object | None = None,
    via: str = "web",
    idempotency_key: str | None = None,
) -> Submission:
    """Validate the author's draft (optionally with final data) and turn it into a submission,
    once.

    ``idempotency_key`` is the page's own key when a person submits: after Back, a save of the
    already submitted draft keeps the answers in a new draft, and submitting that one again
    must find the first submission instead of making a second.
    """
    draft = get_draft(session, draft_id, user_id=user_id)
    if draft.submission_id is not None:
        return session.get(Submission, draft.submission_id)
    if data is not None:
        draft.data = data
    submission = submit(session, draft.form_version, draft.data, user_id=user_id,
                        idempotency_key=idempotency_key or f"draft:{draft.id}", via=via,
                        client_id=draft.client_id)
    draft.submission_id = submission.id
    session.flush()
    return submission
