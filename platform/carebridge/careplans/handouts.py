"""Client education: handouts kept as data (``careplans/handouts/*.json``, or an agency's own
``HANDOUTS_DIR``) linked to needs, printed in the client's language, each giving recorded."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.app_state import app_state
from carebridge.auth.models import User
from carebridge.careplans.casework import HandoutGiven
from carebridge.clients.models import Client
from carebridge.errors import NotFound
from carebridge.i18n import _

SHIPPED = Path(__file__).parent / "handouts"


@dataclass(frozen=True)
class Handout:
    id: str
    needs: tuple[str, ...]
    titles: dict
    paragraphs: dict

    @property
    def languages(self) -> list[str]:
        return sorted(self.paragraphs)

    def language_for(self, wanted: str | None) -> str:
        """The client's language if the handout has it (``es-MX`` → ``es``), else English."""
        for tag in (wanted or "", (wanted or "").split("-")[0]):
            if tag in self.paragraphs:
                return tag
        return "en" if "en" in self.paragraphs else self.languages[0]


def _load(folders: tuple[Path, ...]) -> dict[str, Handout]:
    found = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            found[data["id"]] = Handout(data["id"], tuple(data.get("needs", [])),
                                        data["title"], data["paragraphs"])
    return found


def library() -> dict[str, Handout]:
    """Every handout: the shipped ones, then the agency's own folder (same id replaces)."""
    extra = current_app.config.get("HANDOUTS_DIR")
    folders = (SHIPPED, Path(extra)) if extra else (SHIPPED,)
    return app_state().cached(f"handouts:{extra or ''}", lambda: _load(folders))


def get_handout(handout_id: str) -> Handout:
    handout = library().get(handout_id)
    if handout is None:
        raise NotFound(_("No such handout."))
    return handout


def for_needs(codes: list[str]) -> list[Handout]:
    """Handouts linked to any of ``codes``, in library order."""
    return [h for h in library().values() if set(h.needs) & set(codes)]


def give(session: Session, client: Client, handout: Handout, *, user: User,
         language: str | None = None, via: str = "web") -> HandoutGiven:
    """Record that ``handout`` was given to ``client`` (in their language unless told)."""
    given = HandoutGiven(client_id=client.id, handout=handout.id,
                         language=handout.language_for(language or client.preferred_language),
                         user_id=user.id)
    given.agency_id = client.agency_id
    session.add(given)
    session.flush()
    audit.record(session, audit.CREATE, given, user_id=user.id, via=via)
    return given


def given_to(session: Session, client: Client) -> list[HandoutGiven]:
    return list(session.scalars(select(HandoutGiven).where(HandoutGiven.client_id == client.id)
                                .order_by(HandoutGiven.at.desc())))
