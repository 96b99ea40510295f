"""Reads flat community-information records (San Mateo's cip_2013.json, each a one-item list)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ..age_limits import parse_age_limits
from ..fees import is_free
from ..languages import normalize_language
from ..opening_hours import parse_weekly_hours
from .hsds_json import load_json
from .report import ImportFailed
from .staging import Staged

NAME = "cip-json"


def detect(path: Path) -> bool:
    """A JSON array whose first item is a one-element list holding an object with a name."""
    name = path.name.lower()
    if not (path.is_file() and (name.endswith(".json") or name.endswith(".json.gz"))):
        return False
    head = _peek(path)
    return bool(re.match(r"\s*\[\s*\[\s*\{", head))


def _peek(path: Path) -> str:
    import gzip

    opener = gzip.open if path.suffix == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8") as handle:
            return handle.read(64)
    except (OSError, UnicodeDecodeError):
        return ""


def read(path: Path, source: str) -> Staged:
    data = load_json(path)
    if not isinstance(data, list):
        raise ImportFailed(path, "expected a JSON array of records", line=1)
    staged = Staged(path, NAME, source)
    for index, item in enumerate(data):
        record = item[0] if isinstance(item, list) and len(item) == 1 else item
        position = f"record {index}"
        if not isinstance(record, dict):
            staged.reject("service", position, "not a record (expected an object)")
            continue
        if not _text(record.get("name")):
            staged.reject("service", position, "missing name")
            continue
        stage_record(staged, record, str(index), position)
    return staged


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = re.sub(r"\s+", " ", str(value)).strip()
    return text or None


def _name(value: Any) -> str | None:
    # The 2013 directory ends every name, and every part of a divided one, with a full stop:
    # "Community Health., AIDS Program." reads "Community Health, AIDS Program".
    text = _text(value)
    if text:
        text = re.sub(r"(?<=[a-z\)])\.,\s*", ", ", text)
    return text[:-1] if text and text.endswith(".") and not text.endswith("..") else text


def _url(value: Any) -> str | None:
    text = _text(value)
    if text and not re.match(r"^[a-z][a-z0-9+.-]*://", text, re.I):
        text = f"http://{text}"
    return text


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def stage_record(staged: Staged, record: dict[str, Any], key: str, position: str) -> str:
    """Stage the organization, service, location and details of one flat record."""
    name = _name(record["name"])
    agency = _name(record.get("agency"))
    urls = [u for u in (_url(u) for u in _list(record.get("urls"))) if u]
    emails = [e for e in (_text(e) for e in _list(record.get("emails"))) if e]
    # Records of one agency share an organization; a record without one is its own agency.
    organization_id = staged.add(
        "organization",
        {
            "name": agency or name,
            "description": None if agency else _text(record.get("description")),
            "website": None if agency else (urls[0] if urls else None),
        },
        source_id=f"organization:{(agency or name).lower()}",
        position=position,
        merge=True,
    )
    description = _text(record.get("description"))
    provided = _text(record.get("services_provided"))
    if provided and provided not in (description or ""):
        description = f"{description}\n\n{provided}" if description else provided
    keywords = [k for k in (_text(k) for k in _list(record.get("keywords"))) if k]
    languages = [normalize_language(str(lang)) for lang in _list(record.get("languages_spoken"))]
    interpreters = [
        _text(lang)
        for lang, known in zip(_list(record.get("languages_spoken")), languages, strict=True)
        if known is None and _text(lang)
    ]
    fees = _text(record.get("fees"))
    service_id = staged.add(
        "service",
        {
            "organization_id": organization_id,
            "name": name,
            "description": description,
            "url": urls[0] if urls else None,
            "email": emails[0] if emails else None,
            "status": "active",
            "application_process": _text(record.get("how_to_apply")),
            "wait_time": _text(record.get("service_wait")),
            "fees_description": fees,
            "target_group": _text(record.get("target_group")),
            "keywords": ", ".join(keywords),
            "interpretation_services": "; ".join(interpreters) or None,
        },
        source_id=key,
        position=position,
    )
    eligibility = _text(record.get("eligibility_requirements"))
    if eligibility:
        minimum, maximum = parse_age_limits(eligibility)
        staged.add(
            "eligibility",
            {
                "service_id": service_id,
                "description": eligibility,
                "minimum_age": minimum,
                "maximum_age": maximum,
            },
            source_id=f"{key}/eligibility",
            position=position,
        )
    if is_free(fees):
        staged.add(
            "cost_option",
            {
                "service_id": service_id,
                "option": "Free",
                "amount": 0,
                "currency": "USD",
                "amount_description": fees,
            },
            source_id=f"{key}/cost",
            position=position,
        )
    seen_languages = set()
    for language in languages:
        if language is None or language[0] in seen_languages:
            continue
        seen_languages.add(language[0])
        staged.add(
            "language",
            {
                "service_id": service_id,
                "name": language[0],
                "code": language[1],
                "note": language[2],
            },
            source_id=f"{key}/language/{language[0]}",
            position=position,
        )
    _stage_hours(
        staged, record.get("service_hours") or record.get("hours"), service_id, key, position
    )
    _stage_phones(staged, record, service_id, key, position)
    _stage_location(staged, record, name, organization_id, service_id, key, position)
    return service_id


def _stage_hours(staged, text, service_id, key, position) -> None:
    text = _text(text)
    if not text:
        return
    rules = parse_weekly_hours(text)
    # The text is kept on every row: it says what the rules cannot ("and by appointment").
    if not rules:
        staged.add(
            "schedule",
            {"service_id": service_id, "description": text},
            source_id=f"{key}/schedule/0",
            position=position,
        )
    for number, rule in enumerate(rules):
        staged.add(
            "schedule",
            {
                "service_id": service_id,
                "freq": rule.freq,
                "wkst": "MO",
                "byday": rule.byday,
                "opens_at": rule.opens,
                "closes_at": rule.closes,
                "description": text,
            },
            source_id=f"{key}/schedule/{number}",
            position=position,
        )


def _stage_phones(staged, record, service_id, key, position) -> None:
    numbers: list[tuple[str, str | None, str]] = []
    for group in _list(record.get("phones")):
        for phone in _list(group):
            if isinstance(phone, dict) and _text(phone.get("number")):
                hours = _text(phone.get("phone_hours"))
                numbers.append((_text(phone["number"]), hours and hours.strip("()"), "voice"))
            elif isinstance(phone, str) and _text(phone):
                numbers.append((_text(phone), None, "voice"))
    for kind, field in (("fax", "faxes"), ("textphone", "ttys")):
        numbers.extend((_text(n), None, kind) for n in _list(record.get(field)) if _text(n))
    if _text(record.get("telephone_no")):
        numbers.append((_text(record["telephone_no"]), None, "voice"))
    for number, (value, hours, kind) in enumerate(numbers):
        staged.add(
            "phone",
            {"service_id": service_id, "number": value, "type": kind, "description": hours},
            source_id=f"{key}/phone/{number}",
            position=position,
        )


def _stage_location(staged, record, name, organization_id, service_id, key, position) -> None:
    street, city = _text(record.get("street_address")), _text(record.get("city"))
    if not (street or city):
        return
    location_id = staged.add(
        "location",
        {
            "organization_id": organization_id,
            "name": name,
            "location_type": "physical",
            "transportation": _text(record.get("transportation_availability")),
        },
        source_id=f"{key}/location",
        position=position,
    )
    staged.add(
        "service_at_location",
        {"service_id": service_id, "location_id": location_id},
        source_id=f"{key}/service_at_location",
        position=position,
    )
    postal_code, state = _text(record.get("zipcode")), _text(record.get("state"))
    if street and city and postal_code and state:
        staged.add(
            "address",
            {
                "location_id": location_id,
                "address_1": street,
                "city": city,
                "state_province": state,
                "postal_code": postal_code,
                "country": "US",
                "address_type": "physical",
            },
            source_id=f"{key}/address",
            position=position,
        )
    for number, option in enumerate(_list(record.get("accessibility_options"))):
        if _text(option):
            staged.add(
                "accessibility",
                {"location_id": location_id, "description": _text(option)},
                source_id=f"{key}/accessibility/{number}",
                position=position,
            )
