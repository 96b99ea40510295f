"""Clients as a service: find, create, change, search, close and reopen an agency's clients,
every read and change audited; a client's fields are checked here for pages and API alike."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import String, cast, or_, select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.clients.models import ACTIVE, CLOSED, MERGED, Client, name_key
from carebridge.db import utcnow
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _

#: The fields a page, the API or an intake's ``"client"`` mapping may set, by their API names.
NAME_FIELDS = ("given_name", "family_name", "middle_name", "preferred_name")
TEXT_FIELDS = (*NAME_FIELDS, "preferred_language", "email", "address_line1", "address_line2",
               "city", "state", "postal_code")
FIELDS = (*TEXT_FIELDS, "birth_date", "phone", "external_ids", "care_manager_id")
_LIMITS = {"preferred_language": 35, "email": 254, "state": 2, "postal_code": 10,
           "address_line1": 300, "address_line2": 300, "city": 120}
_ZIP = re.compile(r"^\d{5}(-\d{4})?$")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def get_client(session: Session, client_id: str, *, user_id: int | None, via: str = "web",
               audited: bool = True) -> Client:
    """The client ``client_id`` of the session's agency (``NotFound`` for any other agency's,
    exactly as for one that does not exist); the read is audited unless ``audited`` is False
    (a fragment of a page whose read was already recorded)."""
    client = session.get(Client, client_id) if isinstance(client_id, str) else None
    if client is None:
        raise NotFound(_("No such client."))
    if audited:
        audit.record(session, audit.READ, client, user_id=user_id, via=via)
    return client


def phone_digits(value: object) -> str:
    """A phone number as its digits, a US number without its leading 1 ("(650) 555-0100" →
    "6505550100"), so numbers written differently compare equal."""
    digits = re.sub(r"\D", "", str(value or ""))
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


def parse_date(value: object) -> date | None:
    """An ISO date (``1980-05-17``) or a US one (``05/17/1980``); None when it is neither."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    us = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        if us:
            return date(int(us[3]), int(us[1]), int(us[2]))
        return date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
    except ValueError:
        return None


def clean_fields(values: dict, *, creating: bool, today: date | None = None) -> dict:
    """``values`` (API names; a page's form uses the same) checked and normalised; raises
    ``InvalidInput`` naming every problem. Only the fields present are returned."""
    found: list[Problem] = []
    cleaned: dict = {}
    for name in TEXT_FIELDS:
        if name not in values:
            continue
        value = values[name]
        if value is None:
            value = ""
        if not isinstance(value, str):
            found.append(Problem(f"/{name}", _("Expected text.")))
            continue
        value = " ".join(value.split())
        limit = _LIMITS.get(name, 200)
        if len(value) > limit:
            found.append(Problem(f"/{name}", _("At most %(n)d characters.", n=limit)))
            continue
        cleaned[name] = value
    if creating and not cleaned.get("given_name"):
        found.append(Problem("/given_name", _("A given name is needed.")))
    elif "given_name" in cleaned and not cleaned["given_name"]:
        found.append(Problem("/given_name", _("A given name is needed.")))
    if cleaned.get("state"):
        cleaned["state"] = cleaned["state"].upper()
        if not cleaned["state"].isalpha() or len(cleaned["state"]) != 2:
            found.append(Problem("/state", _("A two-letter state code, such as CA.")))
    if cleaned.get("postal_code") and not _ZIP.match(cleaned["postal_code"]):
        found.append(Problem("/postal_code", _("A ZIP code of 5 digits (or ZIP+4).")))
    if cleaned.get("preferred_language") and not _LANGUAGE.match(cleaned["preferred_language"]):
        found.append(Problem("/preferred_language", _("A language code such as es or zh-Hant.")))
    if cleaned.get("email") and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", cleaned["email"]):
        found.append(Problem("/email", _("An email address such as name@example.org.")))
    if "birth_date" in values:
        raw = values["birth_date"]
        if raw in (None, ""):
            cleaned["birth_date"] = None
        else:
            born = parse_date(raw) if isinstance(raw, str | date) else None
            if born is None:
                found.append(Problem("/birth_date", _("A date such as 1980-05-17.")))
            elif today is not None and born > today:
                found.append(Problem("/birth_date", _("The date of birth is in the future.")))
            else:
                cleaned["birth_date"] = born
    if "phone" in values:
        raw = values["phone"]
        digits = phone_digits(raw) if isinstance(raw, str | int) or raw is None else None
        if digits is None or (digits and not 7 <= len(digits) <= 15):
            found.append(Problem("/phone", _("A phone number of 7 to 15 digits.")))
        else:
            cleaned["phone"] = digits
    if "external_ids" in values:
        ids = values["external_ids"] if values["external_ids"] is not None else []
        if not isinstance(ids, list) or not all(
            isinstance(item, dict) and isinstance(item.get("system"), str)
            and isinstance(item.get("value"), str) and item["system"].strip()
            and item["value"].strip() for item in ids
        ):
            found.append(Problem("/external_ids", _(
                'A list of identifiers such as [{"system": "HMIS", "value": "12345"}].')))
        else:
            cleaned["external_ids"] = [
                {"system": item["system"].strip(), "value": item["value"].strip()}
                for item in ids
            ]
    if "care_manager_id" in values:
        manager = values["care_manager_id"]
        if manager in (None, ""):
            cleaned["care_manager_id"] = None
        elif isinstance(manager, int) and not isinstance(manager, bool) or (
                isinstance(manager, str) and manager.isdigit()):
            cleaned["care_manager_id"] = int(manager)
        else:
            found.append(Problem("/care_manager_id", _("A user of this agency.")))
    if found:
        raise InvalidInput(_("The client's details have problems; nothing was saved."), found)
    return cleaned


def _check_care_manager(session: Session, cleaned: dict) -> None:
    manager_id = cleaned.get("care_manager_id")
    if manager_id is None:
        return
    user = session.get(User, manager_id)
    if user is None or user.agency_id != session.info.get("tenant"):
        raise InvalidInput(_("The client's details have problems; nothing was saved."),
                           [Problem("/care_manager_id", _("A user of this agency."))])


def create_client(session: Session, values: dict, *, user_id: int | None, via: str = "web",
                  today: date | None = None) -> Client:
    """A new client from ``values`` (checked by ``clean_fields``); the creation is audited.
    Duplicates are not refused here: ask ``duplicates.likely_duplicates`` first."""
    cleaned = clean_fields(values, creating=True, today=today)
    _check_care_manager(session, cleaned)
    client = Client(**cleaned, created_by_id=user_id)
    session.add(client)
    session.flush()
    audit.record(session, audit.CREATE, client, user_id=user_id, via=via)
    return client


def update_client(session: Session, client: Client, values: dict, *, user_id: int | None,
                  via: str = "web", today: date | None = None) -> list[str]:
    """Change the fields given in ``values``; returns the names of those that changed (the
    audit event lists them, never their values)."""
    if client.status == MERGED:
        raise Conflict(_("This record was merged into another; change that one instead."))
    cleaned = clean_fields(values, creating=False, today=today)
    _check_care_manager(session, cleaned)
    changed = [name for name, value in cleaned.items() if getattr(client, name) != value]
    for name in changed:
        setattr(client, name, cleaned[name])
    if changed:
        session.flush()
        audit.record(session, audit.UPDATE, client, user_id=user_id, via=via,
                     detail={"fields": changed})
    return changed


def close_client(session: Session, client: Client, reason: str, *, user_id: int | None,
                 via: str = "web") -> None:
    """Close the client's file with a reason (moved away, no longer needs services…)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise InvalidInput(_("Say why the file is closed."),
                           [Problem("/reason", _("A reason is needed."))])
    if client.status != ACTIVE:
        raise Conflict(_("Only an active client's file can be closed."))
    client.status, client.closed_reason, client.closed_at = CLOSED, reason[:500], utcnow()
    session.flush()
    audit.record(session, audit.UPDATE, client, user_id=user_id, via=via,
                 detail={"status": CLOSED})


def reopen_client(session: Session, client: Client, *, user_id: int | None,
                  via: str = "web") -> None:
    if client.status != CLOSED:
        raise Conflict(_("Only a closed client's file can be reopened."))
    client.status, client.closed_reason, client.closed_at = ACTIVE, "", None
    session.flush()
    audit.record(session, audit.UPDATE, client, user_id=user_id, via=via,
                 detail={"status": ACTIVE})


def search_clients(session: Session, q: str, *, limit: int = 50) -> list[Client]:
    """Clients whose name parts contain every word of ``q``; a date in ``q`` must be the date of
    birth; a run of digits matches the phone's digits or an external id. Merged records are
    left out (their survivor is found instead); no words at all lists the active clients."""
    query = select(Client).where(Client.status != MERGED)
    words = (q or "").split()
    if not words:  # no query: the agency's active clients, by name
        query = query.where(Client.status == ACTIVE)
    for word in words:
        born = parse_date(word)
        if born is not None:
            query = query.where(Client.birth_date == born)
            continue
        digits = re.sub(r"\D", "", word)
        ids = cast(Client.external_ids, String)
        if digits and len(digits) >= 3 and len(digits) >= len(word) - 4:
            query = query.where(or_(Client.phone.contains(phone_digits(word) or digits),
                                    ids.contains(f'"{word}"'), ids.contains(word)))
            continue
        key = name_key(word)
        if not key:
            continue
        query = query.where(or_(Client.name_key.contains(key), ids.contains(f'"{word}"')))
    query = query.order_by(Client.family_name, Client.given_name).limit(limit)
    return list(session.scalars(query))


def caseload(session: Session, user_id: int, *, include_closed: bool = False) -> list[Client]:
    """The clients ``user_id`` is care manager of, by name."""
    query = select(Client).where(Client.care_manager_id == user_id)
    query = query.where(Client.status.in_((ACTIVE, CLOSED) if include_closed else (ACTIVE,)))
    return list(session.scalars(query.order_by(Client.family_name, Client.given_name)))
