"""Merging two records of one person: everything of the one merged away moves to the one kept.

The move is generic: every table with a foreign key to ``clients`` (submissions, drafts, needs,
and whatever referrals, care plans or a plugin add) has its rows re-pointed, so a feature added
later is merged without this module knowing it. The merged record stays, marked ``merged`` and
pointing at the survivor, so old links still lead somewhere and nothing is lost.
"""

from __future__ import annotations

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.clients.models import ACTIVE, MERGED, OPEN_NEED_STATUSES, Client, ClientNeed
from carebridge.db import Base
from carebridge.errors import Conflict
from carebridge.i18n import _

#: Fields the kept record takes from the merged one when it has none of its own.
FILLED_IN = ("middle_name", "preferred_name", "birth_date", "preferred_language", "phone",
             "email", "address_line1", "address_line2", "city", "state", "postal_code",
             "care_manager_id")


def client_references() -> list[tuple[Table, str]]:
    """(table, column) for every column of every mapped table that refers to a client,
    other than a client's own ``merged_into_id``."""
    found = []
    for table in Base.metadata.sorted_tables:
        for key in table.foreign_keys:
            if key.column.table.name == "clients" and table.name != "clients":
                found.append((table, key.parent.name))
    return found


def merge_clients(session: Session, keep: Client, other: Client, *, user_id: int | None,
                  via: str = "web") -> dict[str, int]:
    """Move everything of ``other`` to ``keep`` and mark ``other`` merged into it; returns how
    many rows of each table moved. Both must be this agency's and not merged already."""
    if keep.id == other.id:
        raise Conflict(_("A record cannot be merged with itself."))
    if MERGED in (keep.status, other.status):
        raise Conflict(_("One of these records was already merged."))
    session.flush()
    moved: dict[str, int] = {}
    for table, column in client_references():
        statement = update(table).where(table.c[column] == other.id)
        if "agency_id" in table.c:  # a Core statement: tenancy is spelled out here
            statement = statement.where(table.c.agency_id == keep.agency_id)
        count = session.execute(statement.values({column: keep.id})).rowcount
        if count:
            moved[table.name] = moved.get(table.name, 0) + count
    for name in FILLED_IN:
        if not getattr(keep, name) and getattr(other, name):
            setattr(keep, name, getattr(other, name))
    known = {(i["system"], i["value"]) for i in keep.external_ids or []}
    keep.external_ids = [*(keep.external_ids or []),
                         *(i for i in other.external_ids or []
                           if (i["system"], i["value"]) not in known)]
    if keep.status != ACTIVE and other.status == ACTIVE:
        keep.status, keep.closed_reason, keep.closed_at = ACTIVE, "", None
    other.status, other.merged_into_id = MERGED, keep.id
    session.flush()
    session.expire_all()  # rows moved under the ORM's feet: read them again
    _settle_repeated_needs(session, keep, user_id=user_id)
    detail = {"merged": other.id, "moved": moved}
    audit.record(session, audit.UPDATE, keep, user_id=user_id, via=via, detail=detail)
    audit.record(session, audit.UPDATE, other, user_id=user_id, via=via,
                 detail={"merged_into": keep.id})
    return moved


def _settle_repeated_needs(session: Session, client: Client, *, user_id: int | None) -> None:
    """Both records may have had the same open need: the later one is closed as a repeat of
    the earlier (its history and evidence kept), so the client has one open need per code."""
    from carebridge.clients.needs import set_status

    first: dict[str, ClientNeed] = {}
    needs = session.scalars(select(ClientNeed).where(
        ClientNeed.client_id == client.id, ClientNeed.status.in_(OPEN_NEED_STATUSES),
    ).order_by(ClientNeed.identified_at, ClientNeed.id))
    for need in list(needs):
        if need.code in first:
            set_status(session, need, "closed", user_id=user_id,
                       note=_("The same need as #%(id)s, after merging two records of this "
                              "client.", id=first[need.code].id))
        else:
            first[need.code] = need
