"""The client list: services a worker collects during a call, kept in the session, sent as text.

Section labels come in the client's language (from the interface's catalogs, so every language
the agency offers works here too); the services' own text stays as the directory has it
(translating it would put words in a provider's mouth).
"""

from __future__ import annotations

from flask import session as cookie
from sqlalchemy.orm import Session

from carebridge import i18n
from carebridge.directory.records import ServiceRecord, service_record
from carebridge.errors import InvalidInput, NotFound
from carebridge.i18n import _
from carebridge.i18n import lazy_gettext as _l

KEY = "client_list"
LANGUAGE_KEY = "client_list_language"
MAX_ENTRIES = 30

_LABELS = {
    "title": _l("Services for you"), "phone": _l("Phone"), "address": _l("Address"),
    "hours": _l("Hours"), "languages": _l("Languages"), "eligibility": _l("Who can use it"),
    "cost": _l("Cost"), "website": _l("Website"), "verified": _l("Information last checked"),
}


def languages() -> dict[str, str]:
    """The languages a list can be written in (the interface's), each named in itself."""
    return {code: i18n.native_name(code) for code in i18n.locales()}


def labels(code: str) -> dict[str, str]:
    """The list's section labels in ``code``, whatever language the worker reads."""
    with i18n.force_locale(code):
        return {key: str(label) for key, label in _LABELS.items()}


def service_ids() -> list[str]:
    return list(cookie.get(KEY, []))


def add(session: Session, service_id: str) -> None:
    ids = service_ids()
    if service_id in ids:
        return
    if len(ids) >= MAX_ENTRIES:
        raise InvalidInput(_("A client list holds at most %(count)d services.",
                             count=MAX_ENTRIES))
    service_record(session, service_id)  # only services that exist
    cookie[KEY] = ids + [service_id]


def remove(service_id: str) -> None:
    cookie[KEY] = [i for i in service_ids() if i != service_id]


def clear() -> None:
    cookie.pop(KEY, None)


def language() -> str:
    """The list's language: the one chosen for it, else the language the worker reads."""
    chosen = i18n.offered(cookie.get(LANGUAGE_KEY))
    return chosen or i18n.offered(i18n.current()) or i18n.DEFAULT_LOCALE


def set_language(code: str) -> None:
    chosen = i18n.offered(code)
    if chosen is None:
        raise InvalidInput(_("Choose one of: %(languages)s.",
                             languages=", ".join(languages().values())))
    cookie[LANGUAGE_KEY] = chosen


def entries(session: Session) -> list[ServiceRecord]:
    """The listed services; one an editor has removed meanwhile simply drops out."""
    found = []
    for service_id in service_ids():
        try:
            found.append(service_record(session, service_id))
        except NotFound:
            continue
    return found


def plain_text(records: list[ServiceRecord], code: str) -> str:
    """The list as text for an SMS or an e-mail: short lines, labels in the client's language."""
    labels_ = labels(code)
    lines = [labels_["title"], ""]
    for number, record in enumerate(records, 1):
        title = record.name
        if record.organization_name and record.organization_name != record.name:
            title += f" ({record.organization_name})"
        lines.append(f"{number}. {title}")
        details = [
            ("phone", ", ".join(p.number for p in record.phones[:2])),
            ("address", record.places[0].address if record.places else ""),
            ("hours", "; ".join(record.hours)),
            ("languages", ", ".join(record.languages)),
            ("eligibility", "; ".join(record.eligibility)),
            ("cost", record.fees),
            ("website", record.service.url or ""),
        ]
        lines.extend(f"   {labels_[key]}: {value}" for key, value in details if value)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
