"""The app's search index: one ``SearchBackend`` per app (Whoosh, or PostgreSQL for a PostgreSQL
database), derived from the directory tables."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from flask import Flask, current_app
from sqlalchemy.orm import Session

from carebridge.app_state import app_state
from carebridge.directory import semantic
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from resource_directory.documents import service_document, service_documents
from resource_directory.geography import locate
from resource_directory.search.backend import SearchBackend
from resource_directory.search.backends import backend_kind, open_backend
from resource_directory.search.query_analysis import SynonymMap

log = logging.getLogger(__name__)


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
    app = app or current_app._get_current_object()
    return app_state(app).cached("search", lambda: _open(app))


def _open(app: Flask) -> SearchBackend:
    kind = backend_kind(app.config.get("SEARCH_BACKEND"), app.config["DATABASE_URL"])
    found = open_backend(
        kind,
        index_dir=index_path(app),
        engine=app_state(app).database.engine,
        synonyms=SynonymMap.load(synonym_paths(app), config_paths(app, "SEARCH_LEXICONS")),
        locate_zip=locate,
        time_zone=app.config["TIME_ZONE"],
    )
    found = semantic.with_meaning(app, found, kind, index_path(app))
    if len(found) == 0:
        with unit_of_work(app, ALL_AGENCIES) as session:
            found.rebuild(service_documents(session))
    elif semantic.embeddings_stale(found):
        with unit_of_work(app, ALL_AGENCIES) as session:
            semantic.embed_all(found, service_documents(session))
    return found


def rebuild(app: Flask, session: Session) -> int:
    """Replace the whole index with the directory as ``session`` sees it; return the count."""
    return backend(app).rebuild(service_documents(session))


def refresh(session: Session, service_id: str) -> None:
    """Bring one service's documents in step after a committed edit. A document per location
    it is offered at (editing adds locations, never removes them), so the one document of a
    service without a location goes once it has one."""
    documents = service_document(session, service_id)
    gone = {service_id} - {document.id for document in documents}
    search = backend()
    if gone:
        search.delete(sorted(gone))
    if documents:
        search.upsert(documents)


def directory_changed(service_ids: list[str] | None, session: Session) -> None:
    """After a committed change: re-index the services named, or everything (``None``)."""
    if service_ids is None:
        count = rebuild(current_app, session)
        log.info("search index rebuilt", extra={"services": count})
        return
    for service_id in service_ids:
        refresh(session, service_id)
