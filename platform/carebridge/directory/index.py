"""The app's search index: one ``SearchBackend`` per app (Whoosh, or PostgreSQL for a PostgreSQL
database), derived from the directory tables."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.db import database
from carebridge.tenancy import ALL_AGENCIES
from resource_directory.documents import service_document, service_documents
from resource_directory.geography import locate
from resource_directory.models import ServiceAtLocation
from resource_directory.search.backend import SearchBackend
from resource_directory.search.backends import backend_kind, open_backend
from resource_directory.search.query_analysis import SynonymMap

KEY = "carebridge.search"
_lock = threading.Lock()


def index_path(app: Flask) -> Path:
    configured = app.config.get("SEARCH_INDEX_DIR")
    return Path(configured) if configured else Path(app.instance_path) / "search-index"


def synonym_paths(app: Flask) -> list[str]:
    return config_paths(app, "SEARCH_SYNONYMS")


def config_paths(app: Flask, key: str) -> list[str]:
    configured = app.config.get(key) or []
    if isinstance(configured, str):  # from the environment: paths separated like PATH
        configured = [p for p in configured.split(os.pathsep) if p]
    return list(configured)


def backend(app: Flask | None = None) -> SearchBackend:
    """The app's backend, opened once; an index that is missing is built from the database."""
    app = app or current_app
    found = app.extensions.get(KEY)
    if found is not None:
        return found
    with _lock:
        if KEY in app.extensions:
            return app.extensions[KEY]
        found = open_backend(
            backend_kind(app.config.get("SEARCH_BACKEND"), app.config["DATABASE_URL"]),
            index_dir=index_path(app),
            engine=database(app).engine,
            synonyms=SynonymMap.load(synonym_paths(app), config_paths(app, "SEARCH_LEXICONS")),
            locate_zip=locate,
            time_zone=app.config["TIME_ZONE"],
        )
        app.extensions[KEY] = found
        if len(found) == 0:
            with database(app).session(ALL_AGENCIES) as session:
                found.rebuild(service_documents(session))
    return found


def rebuild(app: Flask, session: Session) -> int:
    """Replace the whole index with the directory as ``session`` sees it; return the count."""
    return backend(app).rebuild(service_documents(session))


def document_ids(session: Session, service_id: str) -> list[str]:
    """The ids the index holds for a service: one per location (see ``ServiceDocument.id``)."""
    locations = session.scalars(
        select(ServiceAtLocation.location_id).where(ServiceAtLocation.service_id == service_id)
    ).all()
    return [f"{service_id}@{location}" for location in locations] or [service_id]


def refresh(session: Session, service_id: str, previous_ids: Iterable[str] = ()) -> None:
    """Bring one service's documents in step after an edit; ids it no longer has go away."""
    documents = service_document(session, service_id)
    gone = set(previous_ids) - {document.id for document in documents}
    search = backend()
    if gone:
        search.delete(sorted(gone))
    if documents:
        search.upsert(documents)


def init_app(app: Flask) -> None:
    # `carebridge directory import` and the demo call these after the directory changed.
    app.extensions.setdefault("carebridge.directory_refreshers", []).append(
        lambda session: rebuild(app, session)
    )
