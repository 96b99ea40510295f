"""A client's matches: for each open need, directory services that serve it near the client
and open to them, each with a plain-words reason.

Matching uses one ``Matcher`` per app (each need's queries asked once, kept until the directory
changes), so a client file's matches cost milliseconds per need after the first client.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.orm import Session

from carebridge.app_state import app_state
from carebridge.assessments.vocabulary import NeedEntry, shipped_vocabulary
from carebridge.clients.models import Client, ClientNeed
from carebridge.clients.needs import vocabulary
from carebridge.directory import index
from carebridge.directory.api import card_json
from carebridge.directory.queries import MAX_RADIUS_KM
from carebridge.directory.search import ResultCard, cards
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _
from carebridge.referrals import wording
from carebridge.referrals.needs import open_needs
from resource_directory.documents import service_documents
from resource_directory.matching import ClientContext, Match, Matcher, service_reach

log = logging.getLogger(__name__)

CACHE_KEY = "referrals.matcher"
PER_NEED = 5


@dataclass
class NeedMatches:
    """One open need and the services that serve it, best first."""

    need: ClientNeed
    entry: NeedEntry | None
    matches: list[tuple[Match, ResultCard]] = field(default_factory=list)


def matcher(session: Session) -> Matcher:
    """The app's matcher over the directory as it is now (built on first use, then every
    shipped need's evidence is gathered in the background unless ``MATCHES_WARM_UP`` is off)."""
    # The search backend is cached too: open it before taking the cache's lock (which is not
    # re-entrant), never inside the build.
    backend = index.backend()
    return app_state().cached(CACHE_KEY, lambda: _build(session, backend))


def _build(session: Session, backend) -> Matcher:
    built = Matcher(backend, service_reach(service_documents(session)))
    if current_app.config.get("MATCHES_WARM_UP", not current_app.testing):
        threading.Thread(target=_warm, args=(built, list(shipped_vocabulary())),
                         name="matches-warm-up", daemon=True).start()
    return built


def _warm(built: Matcher, needs: list[NeedEntry]) -> None:
    started = time.perf_counter()
    try:
        count = built.warm(needs)
    except Exception:  # a failed warm-up costs only speed: each need is gathered when asked
        log.exception("matches warm-up failed")
        return
    log.info("matches warm", extra={"needs": count,
                                    "seconds": round(time.perf_counter() - started, 1)})


def forget_matcher(app=None) -> None:
    """The directory changed: the next client's matches gather their evidence again."""
    app_state(app).forget(CACHE_KEY)


def client_context(client: Client, today: dt.date,
                   radius_km: float | None = None) -> ClientContext:
    age = None
    if client.birth_date:
        born = client.birth_date
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return ClientContext(zip=(client.postal_code or "")[:5] or None, age=age,
                         language=client.preferred_language or None, radius_km=radius_km)


def client_matches(session: Session, client: Client, *, limit: int = PER_NEED,
                   code: str | None = None, radius_km: float | None = None) -> list[NeedMatches]:
    """For each open need of the client (or only ``code``), its best ``limit`` services
    (within ``radius_km`` of the client's ZIP when given)."""
    zone = ZoneInfo(current_app.config["TIME_ZONE"])
    now = dt.datetime.now(zone)
    context = client_context(client, now.date(), radius_km)
    needs = vocabulary(session)  # the shipped needs and the agency's own
    found = []
    seen: set[str] = set()
    for need in open_needs(session, client.id):
        if need.code in seen or (code is not None and need.code != code):
            continue  # two rules raising one need: one list of services
        seen.add(need.code)
        entry = needs.get(need.code)
        matched = matcher(session).match(entry, context, limit=limit) if entry else []
        found.append(NeedMatches(need, entry, [(m, None) for m in matched]))
    hits = [m.hit for item in found for m, _ in item.matches]
    by_id = {card.hit.id: card for card in cards(session, hits, now)}
    for item in found:
        item.matches = [(m, by_id.get(m.hit.id) or ResultCard(m.hit)) for m, _ in item.matches]
    return found


def match_json(match: Match, card: ResultCard) -> dict:
    """A directory search result object, with the match's distance and its reasons."""
    found = card_json(card)
    found["distance_km"] = (round(match.distance_km, 2) if match.distance_km is not None
                            else None)
    found["explanation"] = wording.explanation(match)
    found["why"] = wording.reasons(match)
    return found


def radius(value: str | None) -> float | None:
    """A radius from a query string: a positive number of km up to the directory's maximum;
    anything else is ``InvalidInput``."""
    if value in (None, ""):
        return None
    try:
        found = float(value)
    except ValueError:
        found = -1.0
    if not 0 < found <= MAX_RADIUS_KM:
        raise InvalidInput(_("The radius is a number of km."), [Problem(
            "radius_km", _("Between 0 and %(most)d km.", most=MAX_RADIUS_KM))])
    return found
