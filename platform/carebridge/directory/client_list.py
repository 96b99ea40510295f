"""The client list: services a worker collects during a call, kept in the session, sent as text.

Section labels come in the client's language; the services' own text stays as the directory
has it (translating it would put words in a provider's mouth).
"""

from __future__ import annotations

from flask import session as cookie
from sqlalchemy.orm import Session

from carebridge.directory.records import ServiceRecord, service_record
from carebridge.errors import InvalidInput, NotFound

KEY = "client_list"
LANGUAGE_KEY = "client_list_language"
MAX_ENTRIES = 30

LANGUAGES = {"en": "English", "es": "Español"}
LABELS = {
    "en": {
        "title": "Services for you", "phone": "Phone", "address": "Address", "hours": "Hours",
        "languages": "Languages", "eligibility": "Who can use it", "cost": "Cost",
        "website": "Website", "verified": "Information last checked",
    },
    "es": {
        "title": "Servicios para usted", "phone": "Teléfono", "address": "Dirección",
        "hours": "Horario", "languages": "Idiomas", "eligibility": "Quién puede usarlo",
        "cost": "Costo", "website": "Sitio web", "verified": "Información revisada el",
    },
}


def service_ids() -> list[str]:
    return list(cookie.get(KEY, []))


def add(session: Session, service_id: str) -> None:
    ids = service_ids()
    if service_id in ids:
        return
    if len(ids) >= MAX_ENTRIES:
        raise InvalidInput(f"A client list holds at most {MAX_ENTRIES} services.")
    service_record(session, service_id)  # only services that exist
    cookie[KEY] = ids + [service_id]


def remove(service_id: str) -> None:
    cookie[KEY] = [i for i in service_ids() if i != service_id]


def clear() -> None:
    cookie.pop(KEY, None)


def language() -> str:
    chosen = cookie.get(LANGUAGE_KEY, "en")
    return chosen if chosen in LANGUAGES else "en"


def set_language(code: str) -> None:
    if code not in LANGUAGES:
        raise InvalidInput(f"Choose one of: {', '.join(LANGUAGES.values())}.")
    cookie[LANGUAGE_KEY] = code


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
    labels = LABELS[code]
    lines = [labels["title"], ""]
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
        lines.extend(f"   {labels[key]}: {value}" for key, value in details if value)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
