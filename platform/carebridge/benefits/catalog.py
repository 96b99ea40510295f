"""An agency's own programs as stored rows: list, read, save (checked like the API's body) and
retire them; ``agency_programs`` hands the active ones to a screening."""

from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.benefits import programs
from carebridge.benefits.models import BenefitProgram
from carebridge.errors import Conflict, InvalidInput, NotFound, Problem
from carebridge.i18n import _

log = logging.getLogger(__name__)


def list_programs(session: Session, *, include_retired: bool = False) -> list[BenefitProgram]:
    """The agency's programs by name."""
    query = select(BenefitProgram).order_by(BenefitProgram.name, BenefitProgram.slug)
    if not include_retired:
        query = query.where(BenefitProgram.active.is_(True))
    return list(session.scalars(query))


def agency_programs(session: Session) -> tuple[programs.AgencyProgram, ...]:
    """The agency's active programs, ready for ``screening.start``."""
    return tuple(programs.parse(row.document) for row in list_programs(session))


def get_program(session: Session, slug: str) -> BenefitProgram:
    """The agency's program ``slug`` (another agency's is ``NotFound``, as a missing one)."""
    row = session.scalar(select(BenefitProgram).where(BenefitProgram.slug == slug))
    if row is None or not row.active:
        raise NotFound(_("No such program."))
    return row


def save_program(session: Session, data: object, *, user_id: int | None, via: str = "web",
                 slug: str | None = None, create: bool | None = None) -> BenefitProgram:
    """Check ``data`` and store it. ``create``: True refuses an existing id (409), False a
    missing one (404), None takes either (PUT). ``slug``, when given, must match the body."""
    program = programs.parse(data)
    if slug is not None and program.id != slug:
        raise InvalidInput(_("The program's id cannot change."),
                           [Problem("/id", _("Expected %(slug)s.", slug=slug))])
    check_services(session, program.services)
    row = session.scalar(select(BenefitProgram).where(BenefitProgram.slug == program.id))
    if row is not None and create is True and row.active:
        raise Conflict(_("There is already a program called %(id)s.", id=program.id))
    if (row is None or not row.active) and create is False:
        raise NotFound(_("No such program."))
    action = audit.UPDATE
    if row is None:
        row = BenefitProgram(slug=program.id)
        session.add(row)
        action = audit.CREATE
    row.name = program.name
    row.document = program.as_dict()
    row.version = program.version
    row.active = True
    row.updated_by_id = user_id
    session.flush()
    audit.record(session, action, row, user_id=user_id, via=via)
    log.info("benefit program saved", extra={"program_id": row.id})
    return row


def retire_program(session: Session, slug: str, *, user_id: int | None,
                   via: str = "web") -> None:
    """Stop screening for a program; past screenings keep its results."""
    row = get_program(session, slug)
    row.active = False
    audit.record(session, audit.DELETE, row, user_id=user_id, via=via)


def check_services(session: Session, service_ids, pointer: str = "/services") -> None:
    """Every named service must be in the directory (one shared by every agency)."""
    from resource_directory.models import Service

    ids = list(service_ids)
    if not ids:
        return
    found = set(session.scalars(select(Service.id).where(Service.id.in_(ids))))
    missing = [Problem(f"{pointer}/{i}", _("No service %(id)s in the directory.", id=sid))
               for i, sid in enumerate(ids) if sid not in found]
    if missing:
        raise InvalidInput(_("Some services are not in the directory."), missing)
