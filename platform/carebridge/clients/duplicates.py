"""Likely duplicates of a client: the same date of birth and a similar name, or the same phone.

Names are compared after normalisation (accents, case, punctuation and spacing removed) with
Jaro-Winkler similarity and a phonetic key (Metaphone) from ``jellyfish``, so "Maria Lopez",
"María López" and "Mariah Lopes" are one person, as are swapped given and family names.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import jellyfish
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.clients.models import MERGED, Client, name_key
from carebridge.i18n import _

#: Jaro-Winkler similarity at or above which two normalised names read as the same.
SIMILAR = 0.88


@dataclass
class Duplicate:
    client: Client
    reasons: list[str] = field(default_factory=list)


def normalised(name: str) -> str:
    """Lower case, accents and punctuation dropped, single spaces ("José-Luis " → "jose luis")."""
    return name_key(name or "")


def _part_alike(a: str, b: str) -> bool:
    if not a or not b:
        return False
    if a == b or jellyfish.jaro_winkler_similarity(a, b) >= SIMILAR:
        return True
    # Metaphone knows only the Latin alphabet: other scripts all sound like "" to it.
    sound = jellyfish.metaphone(a)
    return bool(sound) and sound == jellyfish.metaphone(b)


def similar_names(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """Whether two people's names are likely the same name (written differently, misspelt,
    or with given and family names swapped)."""
    ga, fa, gb, fb = map(normalised, (given_a, family_a, given_b, family_b))
    if _part_alike(ga, gb) and _part_alike(fa, fb):
        return True
    if _part_alike(ga, fb) and _part_alike(fa, gb):
        return True
    whole_a, whole_b = f"{ga} {fa}".strip(), f"{gb} {fb}".strip()
    return bool(whole_a and whole_b) and jellyfish.jaro_winkler_similarity(
        whole_a, whole_b) >= 0.93


def same_name(given_a: str, family_a: str, given_b: str, family_b: str) -> bool:
    """Exactly the same name once normalised (what an intake trusts to update a record)."""
    return (normalised(given_a), normalised(family_a)) == (
        normalised(given_b), normalised(family_b))


def likely_duplicates(session: Session, *, given_name: str = "", family_name: str = "",
                      birth_date: date | None = None, phone: str = "",
                      exclude: str | None = None) -> list[Duplicate]:
    """The agency's clients that are likely this person, each with its reasons."""
    found: dict[str, Duplicate] = {}
    if birth_date is not None:
        for client in session.scalars(select(Client).where(Client.birth_date == birth_date,
                                                           Client.status != MERGED)):
            if similar_names(given_name, family_name, client.given_name, client.family_name) or (
                    client.preferred_name and similar_names(
                        given_name, family_name, client.preferred_name, client.family_name)):
                found.setdefault(client.id, Duplicate(client)).reasons.append(
                    _("same date of birth and a similar name"))
    if phone and len(phone) >= 7:
        for client in session.scalars(select(Client).where(Client.phone == phone,
                                                           Client.status != MERGED)):
            found.setdefault(client.id, Duplicate(client)).reasons.append(_("same phone"))
    found.pop(exclude, None)
    return sorted(found.values(), key=lambda d: (-len(d.reasons), d.client.family_name))
