"""Published definitions kept decoded per version, so a warm fill page or submission never
reads or decodes a version's JSON.

A version row is immutable: its id and digest name one document for good. The request path
loads the row ``without_document()`` and gives it the decoded document from this
app's cache; only the first request for a version in a worker reads the JSON. The latest
version of a form is still looked up in the database on every request, so a version published
by another worker or server is seen at once. Publishing drops the form's older versions from
the cache (memory, not correctness: an old version's id and digest still name its document).
"""

from __future__ import annotations

import functools

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import Session, defer
from sqlalchemy.orm.attributes import set_committed_value

from carebridge import sizes
from carebridge.app_state import app_state
from carebridge.forms.models import FormDefinition, FormVersion
from carebridge.plain_reads import first_row
from carebridge.sized_lru import SizedLru
from carebridge.tenancy import tenant_of
from carebridge.unit_of_work import connection_of

#: How many documents, and how many bytes of them decoded, one worker keeps (the bench's
#: 1,460-question form is 0.17 MB of JSON and 0.5 MB decoded; the PHQ-9 10 KB and 38 KB).
MAX_DOCUMENTS = 256
MAX_BYTES = 32 * 1024 * 1024
CACHE_KEY = "decoded_definitions"


class DecodedDefinitions:
    """Decoded documents by (version id, digest), least recently used first out; bounded by
    count and by the bytes the decoded documents hold (``sizes.held``). Documents are shared:
    nothing changes them in place (the builder works on a copy)."""

    def __init__(self, max_documents: int = MAX_DOCUMENTS, max_bytes: int = MAX_BYTES):
        self.max_documents = max_documents
        self.max_bytes = max_bytes
        # (version id, digest) -> (document, definition id)
        self._kept = SizedLru(max_documents, max_bytes)

    def get(self, version_id: int, digest: str) -> dict | None:
        kept = self._kept.get((version_id, digest))
        return None if kept is None else kept[0]

    def put(self, version: FormVersion, document: dict) -> None:
        self._kept.put((version.id, version.digest), (document, version.definition_id),
                       sizes.held(document))

    def forget_definition(self, definition_id: int, keep_version_id: int | None = None) -> int:
        """Drop the versions of one definition (but ``keep_version_id``); returns how many."""
        return self._kept.drop(lambda key, kept: kept[1] == definition_id
                               and key[0] != keep_version_id)

    def usage(self) -> tuple[int, int]:
        """How many documents are kept and the bytes they hold."""
        return self._kept.usage()


def decoded_definitions() -> DecodedDefinitions:
    """The current app's cache of decoded definitions."""
    return app_state().cached(CACHE_KEY, DecodedDefinitions)


def without_document():
    """The loader option for a version without its document:
    ``select(FormVersion).options(without_document())``, then ``with_document(found)``."""
    return defer(FormVersion.document)


def with_document(version: FormVersion) -> FormVersion:
    """``version``, loaded ``without_document()``, with its document: from the cache, or read once
    (one statement) and kept. A version already loaded whole is returned as it is."""
    if "document" in version.__dict__:
        return version
    cache = decoded_definitions()
    document = cache.get(version.id, version.digest)
    if document is None:
        document = version.document  # the deferred column: read and decoded now
        cache.put(version, document)
    else:
        # As if loaded from the row: not a change, nothing to flush.
        set_committed_value(version, "document", document)
    return version


def forget_older_versions(version: FormVersion) -> None:
    """After ``version`` is published, its definition's older versions leave the cache."""
    decoded_definitions().forget_definition(version.definition_id, keep_version_id=version.id)


def latest(session: Session, slug: str) -> tuple | None:
    """The latest version of the agency's form ``slug`` as a row (``version_row``): what a
    kept page needs to know it is still the page to serve, without loading the version and
    definition as objects (two thirds of that look-up's time)."""
    return version_row(session, slug)


def version_row(session: Session, slug: str, number: int | None = None) -> tuple | None:
    """Version ``number`` (None: the latest) of the agency's form ``slug`` as a row (``id``,
    ``digest``, ``number``, ``definition_id``, ``agency_id``, ``title``), read with one Core
    statement; None when there is none, or outside an agency's request."""
    agency = tenant_of(session)
    if type(agency) is not int:
        return None
    values = {"slug": slug, "agency": agency}
    if number is not None:
        values["number"] = number
    # Scoped to the agency here (a Core statement is not the ORM's, which tenancy.py scopes).
    # Run on the driver's cursor (plain_reads.py): every fill page and submission reads it.
    return first_row(connection_of(session), _version_statement(number is None), values)


@functools.cache
def _version_statement(latest: bool) -> Select:
    version, definition = FormVersion.__table__, FormDefinition.__table__
    return (
        select(version.c.id, version.c.digest, version.c.number, version.c.definition_id,
               version.c.agency_id, definition.c.title)
        .join(definition, version.c.definition_id == definition.c.id)
        .where(definition.c.slug == bindparam("slug"),
               definition.c.agency_id == bindparam("agency"),
               version.c.agency_id == bindparam("agency"),
               version.c.number == (definition.c.latest_version if latest
                                    else bindparam("number")))
    )
