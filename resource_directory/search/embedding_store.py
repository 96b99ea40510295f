"""Service embeddings kept with the index: a NumPy file beside Whoosh, a table in PostgreSQL.

Like the index they are derived data, computed when the index is written. Each set records
the model that made it; vectors of another model are never compared with a query's, they are
computed again. Each row keeps a digest of the text it was made from, so a rebuild embeds only
the documents whose text changed. Readers keep the matrix in memory and re-read it only when
it changed (another worker re-indexed a service).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import numpy as np
from sqlalchemy import Engine, text

FILE_NAME = "embeddings.npz"


def text_digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


Row = tuple[np.ndarray, str]  # a unit vector and the digest of the text it was made from


@dataclass
class Embeddings:
    """Document ids, one unit row each, the digests of their texts, and the model."""

    model_id: str | None = None
    ids: list[str] = field(default_factory=list)
    matrix: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    digests: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)

    def rows(self) -> dict[str, Row]:
        return {i: (vector, digest)
                for i, vector, digest in zip(self.ids, self.matrix, self.digests, strict=True)}

    def by_digest(self) -> dict[str, np.ndarray]:
        """Each text's vector, by the text's digest (to reuse what did not change)."""
        return dict(zip(self.digests, self.matrix, strict=True))

    def merged(self, other: Embeddings) -> Embeddings:
        """``other``'s rows added or replaced (by id); rows of another model are dropped."""
        kept = self.rows() if other.model_id == self.model_id else {}
        kept.update(other.rows())
        return Embeddings.of(other.model_id, kept, width=other.matrix.shape[1])

    def without(self, ids: Iterable[str]) -> Embeddings:
        gone = set(ids)
        kept = {i: row for i, row in self.rows().items() if i not in gone}
        return Embeddings.of(self.model_id, kept, width=self.matrix.shape[1])

    @staticmethod
    def of(model_id: str | None, rows: dict[str, Row], width: int = 0) -> Embeddings:
        ids = sorted(rows)
        width = len(next(iter(rows.values()))[0]) if rows else width
        matrix = (np.stack([rows[i][0] for i in ids]).astype(np.float32) if ids
                  else np.zeros((0, width), dtype=np.float32))
        return Embeddings(model_id, ids, matrix, [rows[i][1] for i in ids])


class EmbeddingStore(Protocol):
    """Where an index keeps its documents' embeddings."""

    def load(self) -> Embeddings:
        """The stored embeddings as they are now (cached while unchanged)."""

    def replace(self, embeddings: Embeddings) -> None:
        """Store exactly these embeddings (a rebuild)."""

    def upsert(self, embeddings: Embeddings) -> None:
        """Add or replace these documents' rows."""

    def delete(self, ids: Iterable[str]) -> None:
        """Drop these documents' rows."""


class FileEmbeddings:
    """``embeddings.npz`` in the Whoosh index's folder, replaced whole at each write."""

    def __init__(self, folder: str | Path) -> None:
        self.path = Path(folder) / FILE_NAME
        self._lock = threading.Lock()
        self._cached: tuple[tuple[int, int], Embeddings] | None = None

    def load(self) -> Embeddings:
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            return Embeddings()
        stamp = (stat.st_mtime_ns, stat.st_size)
        with self._lock:
            if self._cached is None or self._cached[0] != stamp:
                with np.load(self.path, allow_pickle=False) as data:
                    found = Embeddings(str(data["model"]), [str(i) for i in data["ids"]],
                                       data["vectors"].astype(np.float32),
                                       [str(d) for d in data["digests"]])
                self._cached = (stamp, found)
            return self._cached[1]

    def replace(self, embeddings: Embeddings) -> None:
        # Written beside, then renamed: a reader sees the old file or the new one, never half.
        partial = self.path.with_name(f".{FILE_NAME}.{os.getpid()}.{threading.get_ident()}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(partial, "wb") as out:
            np.savez(out, model=np.array(embeddings.model_id or ""),
                     ids=np.array(embeddings.ids, dtype=str), vectors=embeddings.matrix,
                     digests=np.array(embeddings.digests, dtype=str))
        os.replace(partial, self.path)

    def upsert(self, embeddings: Embeddings) -> None:
        self.replace(self.load().merged(embeddings))

    def delete(self, ids: Iterable[str]) -> None:
        self.replace(self.load().without(ids))


class PostgresEmbeddings:
    """A ``search_embedding`` table beside the PostgreSQL index: one float32 row per document."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._cached: tuple[int, Embeddings] | None = None
        with engine.begin() as connection:
            connection.execute(text(
                "CREATE TABLE IF NOT EXISTS search_embedding "
                "(id text PRIMARY KEY, model text NOT NULL, digest text NOT NULL, "
                "vector bytea NOT NULL)"
            ))
            connection.execute(text(
                "CREATE TABLE IF NOT EXISTS search_embedding_version (version bigint NOT NULL)"
            ))
            connection.execute(text(
                "INSERT INTO search_embedding_version SELECT 0 "
                "WHERE NOT EXISTS (SELECT 1 FROM search_embedding_version)"
            ))

    def load(self) -> Embeddings:
        with self.engine.connect() as connection:
            version = connection.execute(
                text("SELECT version FROM search_embedding_version")
            ).scalar_one()
            with self._lock:
                if self._cached is not None and self._cached[0] == version:
                    return self._cached[1]
            rows = connection.execute(
                text("SELECT id, model, digest, vector FROM search_embedding ORDER BY id")
            ).all()
        models = {row.model for row in rows}
        model_id = models.pop() if len(models) == 1 else None
        found = Embeddings.of(
            model_id,
            {row.id: (np.frombuffer(row.vector, dtype=np.float32), row.digest) for row in rows},
        ) if model_id else Embeddings()
        with self._lock:
            self._cached = (version, found)
        return found

    def replace(self, embeddings: Embeddings) -> None:
        with self.engine.begin() as connection:
            connection.execute(text("DELETE FROM search_embedding"))
            self._write(connection, embeddings)

    def upsert(self, embeddings: Embeddings) -> None:
        with self.engine.begin() as connection:
            connection.execute(text("DELETE FROM search_embedding WHERE model <> :model"),
                               {"model": embeddings.model_id})
            self._write(connection, embeddings)

    def delete(self, ids: Iterable[str]) -> None:
        with self.engine.begin() as connection:
            connection.execute(text("DELETE FROM search_embedding WHERE id = ANY(:ids)"),
                               {"ids": list(ids)})
            self._bump(connection)

    def _write(self, connection, embeddings: Embeddings) -> None:
        rows = [{"id": i, "model": embeddings.model_id or "", "digest": digest,
                 "vector": vector.astype(np.float32).tobytes()}
                for i, (vector, digest) in embeddings.rows().items()]
        if rows:
            connection.execute(
                text("INSERT INTO search_embedding (id, model, digest, vector) "
                     "VALUES (:id, :model, :digest, :vector) ON CONFLICT (id) DO UPDATE "
                     "SET model = EXCLUDED.model, digest = EXCLUDED.digest, "
                     "vector = EXCLUDED.vector"),
                rows,
            )
        self._bump(connection)

    @staticmethod
    def _bump(connection) -> None:
        connection.execute(text("UPDATE search_embedding_version SET version = version + 1"))
