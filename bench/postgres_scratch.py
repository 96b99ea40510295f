"""A scratch schema in a PostgreSQL database for the benchmarks, dropped afterwards.

The database is $CAREBRIDGE_BENCH_POSTGRES_URL, else $CAREBRIDGE_TEST_POSTGRES_URL; without
either the benchmarks run without the PostgreSQL backend and say so.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa


def postgres_url() -> str | None:
    return os.environ.get("CAREBRIDGE_BENCH_POSTGRES_URL") or os.environ.get(
        "CAREBRIDGE_TEST_POSTGRES_URL"
    )


@contextmanager
def scratch_engine() -> Iterator[sa.engine.Engine | None]:
    base = postgres_url()
    if not base:
        print("(no CAREBRIDGE_BENCH_POSTGRES_URL or CAREBRIDGE_TEST_POSTGRES_URL: "
              "PostgreSQL left out)")
        yield None
        return
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(base)
    with admin.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    engine = sa.create_engine(f"{base}{separator}options=-csearch_path%3D{schema}")
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
