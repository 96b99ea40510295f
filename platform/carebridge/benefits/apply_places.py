"""Where to apply: each program (an engine's ``snap`` or an agency's own) maps to directory
services that take applications or help with them — services an agency names, and taxonomy
terms and words matched near the client. Agency-editable; shipped defaults to start from."""

from __future__ import annotations

import functools
import json
import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.app_state import app_state
from carebridge.benefits.models import ApplyPlace
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.i18n import _
from carebridge.referrals import wording

log = logging.getLogger(__name__)

DEFAULTS_PATH = Path(__file__).parent / "data" / "apply-places.json"
MAX_ITEMS = 20
SHOWN_PER_PROGRAM = 3
MATCH_SECONDS = 15 * 60


@functools.cache
def defaults() -> dict[str, dict]:
    """The shipped places by program id."""
    data = json.loads(DEFAULTS_PATH.read_text(encoding="utf-8"))
    return {place["program_id"]: place for place in data["places"]}


@dataclass(frozen=True)
class Place:
    """Where a program is applied for (stored, or the shipped default when none is)."""

    program_id: str
    label: str = ""
    services: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    need_code: str = "financial"
    stored: bool = False

    @classmethod
    def of(cls, row: ApplyPlace) -> Place:
        return cls(row.program_id, row.label, tuple(row.services), tuple(row.categories),
                   tuple(row.keywords), row.need_code, True)

    @classmethod
    def default(cls, program_id: str) -> Place:
        found = defaults().get(program_id, {})
        return cls(program_id, found.get("label", ""), (), tuple(found.get("categories", ())),
                   tuple(found.get("keywords", ())), found.get("need_code", "financial"))


def place_for(session: Session, program_id: str) -> Place:
    row = session.scalar(select(ApplyPlace).where(ApplyPlace.program_id == program_id))
    return Place.of(row) if row is not None else Place.default(program_id)


def all_places(session: Session) -> dict[str, Place]:
    """Every program the agency or the shipped defaults say where to apply for."""
    places = {pid: Place.default(pid) for pid in defaults()}
    for row in session.scalars(select(ApplyPlace)):
        places[row.program_id] = Place.of(row)
    return places


def save_place(session: Session, program_id: str, *, label: str = "", services=(),
               categories=(), keywords=(), need_code: str = "financial") -> ApplyPlace:
    """Store where ``program_id`` is applied for (checked: services exist, needs are known)."""
    from carebridge.assessments.vocabulary import shipped_vocabulary
    from carebridge.benefits.catalog import check_services

    lists = {"services": _clean(services), "categories": _clean(categories),
             "keywords": _clean(keywords)}
    problems = [Problem(f"/{name}", _("At most %(n)d.", n=MAX_ITEMS))
                for name, items in lists.items() if len(items) > MAX_ITEMS]
    if need_code not in shipped_vocabulary():
        problems.append(Problem("/need_code", _("Not a need of the needs vocabulary.")))
    if problems:
        raise InvalidInput(_("Where to apply needs attention."), problems)
    check_services(session, lists["services"])
    row = session.scalar(select(ApplyPlace).where(ApplyPlace.program_id == program_id))
    if row is None:
        row = ApplyPlace(program_id=program_id)
        session.add(row)
    row.label = label.strip()[:200]
    row.services, row.categories, row.keywords = (
        lists["services"], lists["categories"], lists["keywords"])
    row.need_code = need_code
    session.flush()
    return row


def _clean(items) -> list[str]:
    return list(dict.fromkeys(s.strip() for s in items if s and s.strip()))


@dataclass(frozen=True)
class _Need:
    """A program seen as a need for ``resource_directory.matching`` (terms and phrases)."""

    code: str
    label: str
    term_names: tuple[str, ...] = ()
    search_words: tuple[str, ...] = ()


@dataclass
class ApplyService:
    """One place to apply, as the results page shows it."""

    id: str
    name: str
    organization: str = ""
    why: str = ""
    named_by_agency: bool = False
    extra: dict = field(default_factory=dict)
    # A match near the client (kept for every reader): ``why`` is worded from it when shown.
    match: object | None = field(default=None, compare=False, repr=False)


def services_for(session: Session, place: Place, named: tuple[str, ...] = (), *,
                 zip_code: str | None = None, language: str | None = None,
                 limit: int = SHOWN_PER_PROGRAM) -> list[ApplyService]:
    """The services to apply at: the ones the agency named first, then the best matches near
    the client for the place's terms and words (``limit`` in all)."""
    from carebridge.directory.records import service_record

    shown: list[ApplyService] = []
    for service_id in dict.fromkeys((*named, *place.services)):
        try:
            record = service_record(session, service_id)
        except NotFound:
            continue  # withdrawn from the directory since it was named
        shown.append(ApplyService(record.id, record.name, record.organization_name,
                                  _("named by your agency"), True))
    if len(shown) < limit and (place.categories or place.keywords):
        shown += _matches(place, zip_code, language, limit, {s.id for s in shown})
    return shown[:limit]


def _matches(place: Place, zip_code, language, limit: int, seen: set[str]) -> list[ApplyService]:
    """Matches near the client, kept a while per place, ZIP and language: matching searches the
    directory several times a program (0.1–1.5 s), a results page shows a dozen programs, and
    the directory changes rarely (``forget_matches`` runs after every committed change)."""
    key = (place.categories, place.keywords, zip_code, language, limit + len(seen))
    kept = _match_cache().get(key)
    if kept is not None and time.monotonic() - kept[0] < MATCH_SECONDS:
        found = kept[1]
    else:
        found = _match(place, zip_code, language, limit + len(seen))
        _match_cache()[key] = (time.monotonic(), found)
    # Kept for every reader; the reasons are worded in this reader's language.
    return [replace(service, why=wording.explanation(service.match))
            for service in found if service.id not in seen][:limit]


def _match_cache() -> dict:
    return app_state().cached("benefits_apply_matches", dict)


def forget_matches() -> None:
    """The directory changed: match again."""
    _match_cache().clear()


def _match(place: Place, zip_code, language, limit: int) -> list[ApplyService]:
    from carebridge.directory import index
    from resource_directory.matching import ClientContext, match_services

    need = _Need(place.program_id, place.label or place.program_id, place.categories,
                 place.keywords)
    backend = index.backend()
    if len(backend) == 0:
        return []  # an empty directory: nothing to match (and nothing to search)
    try:
        found = match_services(backend, need, ClientContext(zip=zip_code,
                                                                    language=language),
                               limit=limit)
    except Exception:  # an unknown ZIP or a broken index must not take the results page down
        log.exception("matching services for a program failed",
                      extra={"program_id": place.program_id})
        return []
    return [ApplyService(m.service_id, m.hit.name, m.hit.organization, match=m) for m in found]
