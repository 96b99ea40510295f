"""A published version as one Core row plus its decoded document from the app's cache: what an
API submission needs (id, digest, number, definition, agency, document), without loading the
version and its definition as ORM objects (a fifth of a warm submission's profiled time).

Only a version whose document is already kept (``published.decoded_definitions``) is answered
this way; otherwise the caller loads it as before (``service.get_version``), which keeps it.
The row is read on every request, so a newly published version is seen at once.
"""

from __future__ import annotations

import functools

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session

from carebridge.forms.models import FormDefinition, FormVersion
from carebridge.forms.published import decoded_definitions
from carebridge.tenancy import tenant_of


class PublishedVersion:
    """A version's columns and its (shared, never changed) decoded document."""

    __slots__ = ("id", "digest", "number", "definition_id", "agency_id", "document")

    def __init__(self, row, agency_id: int, document: dict):
        self.id, self.digest, self.number = row.id, row.digest, row.number
        self.definition_id, self.agency_id, self.document = row.definition_id, agency_id, document

    def __repr__(self) -> str:
        return f"<PublishedVersion {self.id} (number {self.number})>"


def kept_version(session: Session, slug: str, number: int | None = None
                 ) -> PublishedVersion | None:
    """The agency's form ``slug`` at version ``number`` (None: the latest) as a
    ``PublishedVersion`` when its document is kept; None when it is not, the form or version
    does not exist, or the session has no agency (the caller then asks ``get_version``)."""
    agency = tenant_of(session)
    if type(agency) is not int:
        return None
    values = {"slug": slug, "agency": agency}
    if number is not None:
        values["number"] = number
    # Scoped to the agency here (a Core statement is not the ORM's, which tenancy.py scopes).
    row = session.connection().execute(_statement(number is None), values).first()
    if row is None:
        return None
    document = decoded_definitions().get(row.id, row.digest)
    if document is None:
        return None
    return PublishedVersion(row, agency, document)


@functools.cache
def _statement(latest: bool) -> Select:
    version, definition = FormVersion.__table__, FormDefinition.__table__
    return (
        select(version.c.id, version.c.digest, version.c.number, version.c.definition_id)
        .join(definition, version.c.definition_id == definition.c.id)
        .where(definition.c.slug == bindparam("slug"),
               definition.c.agency_id == bindparam("agency"),
               version.c.agency_id == bindparam("agency"),
               version.c.number == (definition.c.latest_version if latest
                                    else bindparam("number")))
    )
