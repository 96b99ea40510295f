"""A client's matches: for each open need, directory services that serve it near the client
and open to them, each with a plain-words reason.

Matching uses one ``Matcher`` per app (each need's queries asked once, kept until the directory
changes), so a client file's matches cost milliseconds per need after the first client.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.orm import Session

from carebridge.app_state import app_state
from carebridge.assessments.vocabulary import NeedEntry, shipped_vocabulary
from carebridge.clients.models import Client, ClientNeed
from carebridge.directory import index
from carebridge.directory.api import card_json
from carebridge.directory.search import ResultCard, cards
from carebridge.referrals.needs import open_needs
from resource_directory.documents import service_documents
from resource_directory.matching import ClientContext, Match, Matcher, service_reach

CACHE_KEY = "referrals.matcher"
PER_NEED = 5


@dataclass
class NeedMatches:
    """One open need and the services that serve it, best first."""

    need: ClientNeed
    entry: NeedEntry | None
    matches: list[tuple[Match, ResultCard]] = field(default_factory=list)


def matcher(session: Session) -> Matcher:
    """The app's matcher over the directory as it is now (built on first use)."""
    return app_state().cached(
        CACHE_KEY,
        lambda: Matcher(index.backend(), service_reach(service_documents(session))),
    )


def forget_matcher() -> None:
    """The directory changed: the next client's matches gather their evidence again."""
    app_state().forget(CACHE_KEY)


def client_context(client: Client, today: dt.date) -> ClientContext:
    age = None
    if client.birth_date:
        born = client.birth_date
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    return ClientContext(zip=(client.postal_code or "")[:5] or None, age=age,
                         language=client.preferred_language or None)


def client_matches(session: Session, client: Client, *, limit: int = PER_NEED,
                   code: str | None = None) -> list[NeedMatches]:
    """For each open need of the client (or only ``code``), its best ``limit`` services."""
    zone = ZoneInfo(current_app.config["TIME_ZONE"])
    now = dt.datetime.now(zone)
    context = client_context(client, now.date())
    vocabulary = shipped_vocabulary()
    found = []
    seen: set[str] = set()
    for need in open_needs(session, client.id):
        if need.code in seen or (code is not None and need.code != code):
            continue  # two rules raising one need: one list of services
        seen.add(need.code)
        entry = vocabulary.get(need.code)
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
    found["explanation"] = match.explanation
    found["why"] = match.reasons
    return found
