"""Choosing a search backend: PostgreSQL for a PostgreSQL database, Whoosh otherwise.

Several app servers sharing one PostgreSQL database share its index too; an embedded install
(SQLite) keeps a Whoosh index in its instance folder. ``SEARCH_BACKEND`` ("whoosh" or
"postgres") overrides the choice.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from resource_directory.search.backend import SearchBackend
from resource_directory.search.geo import LocateZip
from resource_directory.search.query_analysis import SynonymMap

KINDS = ("whoosh", "postgres")


class UnknownBackend(ValueError):
    """SEARCH_BACKEND names no backend this version has."""


def backend_kind(configured: str | None, database_url: str) -> str:
    """The backend to use: the configured one, else the database's."""
    if configured:
        kind = configured.strip().lower().replace("postgresql", "postgres")
        if kind not in KINDS:
            raise UnknownBackend(
                f"SEARCH_BACKEND={configured!r}: use one of {', '.join(KINDS)}."
            )
        return kind
    return "postgres" if database_url.startswith("postgresql") else "whoosh"


def open_backend(
    kind: str,
    *,
    index_dir: Path,
    engine: Engine | str | None = None,
    synonyms: SynonymMap,
    locate_zip: LocateZip | None,
    time_zone: str,
) -> SearchBackend:
    if kind == "postgres":
        from resource_directory.search.postgres_backend import PostgresBackend

        if engine is None:
            raise UnknownBackend("The PostgreSQL search backend needs the database's URL.")
        return PostgresBackend(engine, synonyms=synonyms, locate_zip=locate_zip,
                               time_zone=time_zone)
    from resource_directory.search.whoosh_backend import WhooshBackend

    return WhooshBackend(index_dir, synonyms=synonyms, locate_zip=locate_zip,
                         time_zone=time_zone)
