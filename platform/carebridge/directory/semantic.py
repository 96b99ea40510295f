"""Semantic search for the app: on when the ``semantic`` extra is installed, unless turned off.

``SEMANTIC`` (``CAREBRIDGE_SEMANTIC``): unset means on when the extra's packages are
importable; 0/false turns it off; 1/true asks for it (a warning is logged when the extra is
missing, and search stays lexical). Embeddings are stored beside the Whoosh index, or in a
table beside the PostgreSQL one. ``SEMANTIC_EMBEDDER`` lets a test hand in its own embedder.
"""

from __future__ import annotations

import logging
import time

from flask import Flask

from resource_directory.search.backend import SearchBackend
from resource_directory.search.embedding import Embedder, load_embedder, missing_modules
from resource_directory.search.embedding_store import FileEmbeddings, PostgresEmbeddings
from resource_directory.search.hybrid import HybridBackend

log = logging.getLogger(__name__)

OFF = {"0", "false", "no", "off", ""}


def wanted(app: Flask) -> bool | None:
    """True or False when the setting says so, None when it is left to the installation."""
    setting = app.config.get("SEMANTIC")
    if setting is None:
        return None
    if isinstance(setting, str):
        return setting.strip().lower() not in OFF
    return bool(setting)


def embedder(app: Flask) -> Embedder | None:
    """The embedder this app uses, or None for lexical search only."""
    if wanted(app) is False:
        return None
    given = app.config.get("SEMANTIC_EMBEDDER")
    if given is not None:
        return given
    found = load_embedder()
    if found is None and wanted(app):
        log.warning("SEMANTIC is on but the semantic extra is not installed (make semantic): "
                    "missing %s; search is lexical only", ", ".join(missing_modules()))
    return found


def with_meaning(app: Flask, lexical: SearchBackend, kind: str, index_dir) -> SearchBackend:
    """``lexical`` with semantic retrieval fused in, when the app has an embedder."""
    chosen = embedder(app)
    if chosen is None:
        return lexical
    store = (PostgresEmbeddings(lexical.engine) if kind == "postgres"
             else FileEmbeddings(index_dir))
    return HybridBackend(lexical, chosen, store)


def embeddings_stale(backend: SearchBackend) -> bool:
    """Whether the stored embeddings are missing or another model's (the extra was installed,
    or its model changed, after the index was built)."""
    return isinstance(backend, HybridBackend) and backend.embeddings_stale()


def embed_all(backend: HybridBackend, documents) -> None:
    started = time.perf_counter()
    count = backend.embed_all(documents)
    log.info("search embeddings computed", extra={
        "documents": count, "seconds": round(time.perf_counter() - started, 1)})
