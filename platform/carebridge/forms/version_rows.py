"""A published version as one Core row plus its decoded document from the app's cache: what an
API submission needs (id, digest, number, definition, agency, document), without loading the
version and its definition as ORM objects (a fifth of a warm submission's profiled time).

Only a version whose document is already kept (``published.decoded_definitions``) is answered
this way; otherwise the caller loads it as before (``service.get_version``), which keeps it.
The row is read on every request, so a newly published version is seen at once.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from carebridge.forms.published import decoded_definitions, version_row


class PublishedVersion:
    """A version's columns and its (shared, never changed) decoded document."""

    __slots__ = ("id", "digest", "number", "definition_id", "agency_id", "document")

    def __init__(self, row, document: dict):
        self.id, self.digest, self.number = row.id, row.digest, row.number
        self.definition_id, self.agency_id = row.definition_id, row.agency_id
        self.document = document

    def __repr__(self) -> str:
        return f"<PublishedVersion {self.id} (number {self.number})>"


def kept_version(session: Session, slug: str, number: int | None = None
                 ) -> PublishedVersion | None:
    """The agency's form ``slug`` at version ``number`` (None: the latest) as a
    ``PublishedVersion`` when its document is kept; None when it is not, the form or version
    does not exist, or the session has no agency (the caller then asks ``get_version``)."""
    row = version_row(session, slug, number)
    if row is None:
        return None
    document = decoded_definitions().get(row.id, row.digest)
    if document is None:
        return None
    return PublishedVersion(row, document)
