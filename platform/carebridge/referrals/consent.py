"""Consent on file: which of a client's consent submissions is valid, what it lets us share,
and withdrawing one.

A valid consent is a submission for the client of one of the agency's forms of kind
``consent`` that has not expired (the definition's ``consent`` block says how long one lasts)
and was not withdrawn. A referral is refused without one.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session
from werkzeug.routing import BuildError

from carebridge import audit
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.forms.models import FormDefinition, FormVersion, Submission
from carebridge.forms.validation import is_valid, make_validator
from carebridge.i18n import _
from carebridge.referrals.models import ConsentWithdrawal

log = logging.getLogger(__name__)

CONSENT_KIND = "consent"
DEFAULT_DAYS = 365
VALID = "valid"
EXPIRED = "expired"
WITHDRAWN = "withdrawn"
MISSING = "missing"
#: Endpoints that fill a form for a client (``/clients/<id>/forms/<slug>/fill``), tried in order.
FILL_FOR_CLIENT = ("clients.fill_form", "clients.fill")


@dataclass(frozen=True)
class Consent:
    """One consent submission of a client, read through its definition's ``consent`` block."""

    submission: Submission
    expires_on: date
    withdrawal: ConsentWithdrawal | None

    @property
    def rules(self) -> dict:
        return self.submission.form_version.document.get("consent") or {}

    @property
    def title(self) -> str:
        return self.submission.form_version.document.get("title", "")

    def state(self, today: date) -> str:
        if self.withdrawal is not None:
            return WITHDRAWN
        return EXPIRED if today > self.expires_on else VALID

    def allows_sharing(self) -> bool:
        """Whether the client lets us share information with referral partners."""
        when = self.rules.get("shares_when")
        return True if when is None else is_valid(make_validator(when), self.submission.data)

    def shared_information(self) -> set[str]:
        """What a partner may see (``contact``, ``screening``, ``assessments``…); the client's
        name and the referral's needs are always part of a referral shared with a partner."""
        path = self.rules.get("shared_information")
        if not path:
            return set()
        value = _answer(self.submission.data, path)
        return {str(item) for item in value} if isinstance(value, list) else set()


def _answer(data: object, path: str) -> object:
    for part in path.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(data, dict) or part not in data:
            return None
        data = data[part]
    return data


def expiry(submission: Submission) -> date:
    """The last day a consent is valid: its declared lifetime from the day it was given, or
    the day its own answer names, whichever comes first."""
    rules = submission.form_version.document.get("consent") or {}
    signed = _as_utc(submission.created_at).date()
    last = signed + timedelta(days=int(rules.get("expires_after_days", DEFAULT_DAYS)))
    answered = _answer(submission.data, rules["expires_on"]) if rules.get("expires_on") else None
    if isinstance(answered, str):
        try:
            last = min(last, date.fromisoformat(answered))
        except ValueError:
            pass
    return last


def _as_utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def consents(session: Session, client_id: str) -> list[Consent]:
    """Every consent the client gave in this agency, newest first."""
    submissions = session.scalars(
        select(Submission)
        .join(FormVersion, Submission.form_version_id == FormVersion.id)
        .join(FormDefinition, FormVersion.definition_id == FormDefinition.id)
        .where(Submission.client_id == client_id, FormDefinition.kind == CONSENT_KIND)
        .order_by(Submission.created_at.desc(), Submission.id)
    ).all()
    withdrawn = {
        w.submission_id: w for w in session.scalars(
            select(ConsentWithdrawal).where(
                ConsentWithdrawal.submission_id.in_([s.id for s in submissions]))
        )
    } if submissions else {}
    return [Consent(s, expiry(s), withdrawn.get(s.id)) for s in submissions]


def valid_consent(session: Session, client_id: str, today: date) -> Consent | None:
    """The newest consent of the client that is valid today, if any."""
    return next((c for c in consents(session, client_id) if c.state(today) == VALID), None)


def consent_form_slug(session: Session) -> str | None:
    """The agency's consent form to fill (the first by title), if it has one."""
    return session.scalar(
        select(FormDefinition.slug).where(FormDefinition.kind == CONSENT_KIND)
        .order_by(FormDefinition.title, FormDefinition.slug).limit(1)
    )


def consent_form_url(session: Session, client_id: str) -> str | None:
    """Where to fill the consent form for this client."""
    slug = consent_form_slug(session)
    if slug is None:
        return None
    # The client pages fill a form for a client; without them, the plain fill page.
    for endpoint in FILL_FOR_CLIENT:
        try:
            return url_for(endpoint, client_id=client_id, slug=slug)
        except BuildError:
            continue
    return url_for("renderer.fill", slug=slug, client_id=client_id)


def require_consent(session: Session, client_id: str, today: date) -> Consent:
    """The consent a new referral rests on, or ``Conflict`` saying why there is none and
    where to fill one."""
    found = consents(session, client_id)
    valid = next((c for c in found if c.state(today) == VALID), None)
    if valid is not None:
        return valid
    url = consent_form_url(session, client_id)
    if not found:
        reason = _("This client has no signed consent on file, so no referral can be made.")
    elif any(c.state(today) == EXPIRED for c in found):
        reason = _("This client's consent has expired, so no referral can be made.")
    else:
        reason = _("This client withdrew their consent, so no referral can be made.")
    where = (_("Fill the consent form with them: %(url)s", url=url) if url
             else _("Ask an administrator to add a consent form."))
    raise Conflict(_("%(reason)s %(where)s", reason=reason, where=where))


def withdraw(session: Session, client_id: str, submission_id: str, note: str, *,
             user_id: int | None, via: str = "web") -> ConsentWithdrawal:
    """Record that the client took back this consent (audited, with the note)."""
    consent = next((c for c in consents(session, client_id) if c.submission.id == submission_id),
                   None)
    if consent is None:
        raise NotFound(_("No such consent for this client."))
    if consent.withdrawal is not None:
        raise Conflict(_("This consent was already withdrawn."))
    note = (note or "").strip()
    if not note:
        raise InvalidInput(_("Say how the client withdrew their consent."),
                           [Problem("/note", _("A note is required."))])
    withdrawal = ConsentWithdrawal(submission_id=submission_id, note=note, user_id=user_id)
    session.add(withdrawal)
    session.flush()
    audit.record(session, audit.UPDATE, consent.submission, user_id=user_id, via=via,
                 detail={"consent": WITHDRAWN, "note": note})
    log.info("consent withdrawn", extra={"submission_id": submission_id})
    return withdrawal
