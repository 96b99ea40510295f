"""A program the client will apply for becomes a need on their file (coded from the needs
vocabulary, with the screening's estimate in its note), followed like any other need."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.benefits.apply_places import place_for
from carebridge.clients.models import OPEN_NEED_STATUSES, ClientNeed, NeedEvent
from carebridge.i18n import _
from carebridge.i18n import lazy_gettext as _l

STATUS_WORDS = {"likely_eligible": _l("likely eligible"), "unknown": _l("not known yet"),
                "likely_ineligible": _l("likely not eligible")}

log = logging.getLogger(__name__)


def label_for(result: dict) -> str:
    return _("Apply for %(program)s", program=result["name"])


def note_for(row, result: dict) -> str:
    value = result.get("estimated_value")
    worth = ""
    if value:
        amount = f"{value['amount']:,.0f}"
        worth = " " + {"month": _("Estimated $%(amount)s a month.", amount=amount),
                       "year": _("Estimated $%(amount)s a year.", amount=amount)}.get(
            value["period"], _("Estimated $%(amount)s once.", amount=amount))
    return _("Benefits screening of %(day)s: %(status)s.", day=row.as_of.isoformat(),
             status=STATUS_WORDS[result["status"]]) + worth


def will_apply(session: Session, row, result: dict, *, user_id: int | None,
               via: str = "web") -> ClientNeed:
    """The need for applying to ``result``'s program; an open one already there is kept."""
    label = label_for(result)
    existing = session.scalar(select(ClientNeed).where(
        ClientNeed.client_id == row.client_id, ClientNeed.label == label,
        ClientNeed.status.in_(OPEN_NEED_STATUSES)))
    if existing is not None:
        return existing
    need = ClientNeed(client_id=row.client_id, code=place_for(session, result["id"]).need_code,
                      label=label, note=note_for(row, result), created_by_id=user_id)
    session.add(need)
    session.flush()
    session.add(NeedEvent(need_id=need.id, status=need.status, note=need.note, user_id=user_id))
    audit.record(session, audit.CREATE, need, user_id=user_id, via=via)
    log.info("need raised from a benefits screening",
             extra={"need_id": need.id, "screening_id": row.id})
    return need
