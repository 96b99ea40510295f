"""A client's care team as a service: the agency's workers with their role on the case,
outside providers and family or caregivers, how to reach them and what consent allows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge import audit
from carebridge.auth.models import User
from carebridge.careplans.casework import SHARE_TOPICS, TEAM_KINDS, WORKER, CareTeamMember
from carebridge.clients.models import Client
from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.i18n import _


def add_member(session: Session, client: Client, data: dict, *, user: User,
               via: str = "web") -> CareTeamMember:
    problems: list[Problem] = []
    kind = data.get("kind")
    if kind not in TEAM_KINDS:
        problems.append(Problem("/kind", _("Choose a worker, a provider or family.")))
    texts = {}
    for name, limit in (("name", 200), ("role", 200), ("organization", 300), ("phone", 40),
                        ("email", 254), ("consent_note", 500)):
        value = data.get(name, "")
        if not isinstance(value, str) or len(value) > limit:
            problems.append(Problem(f"/{name}", _("Use at most %(n)s characters.", n=limit)))
            value = ""
        texts[name] = value.strip()
    worker = None
    if kind == WORKER:
        try:
            worker = session.get(User, int(data.get("user_id")))
        except (TypeError, ValueError):
            worker = None
        if worker is None:
            problems.append(Problem("/user_id", _("Choose a worker of this agency.")))
    elif not texts["name"]:
        problems.append(Problem("/name", _("This cannot be empty.")))
    share = data.get("may_share") or []
    if not isinstance(share, list) or any(topic not in SHARE_TOPICS for topic in share):
        problems.append(Problem("/may_share", _("Choose among: %(options)s.",
                                                options=", ".join(SHARE_TOPICS))))
        share = []
    if problems:
        raise InvalidInput(_("The care team member has problems; nothing was saved."), problems)
    member = CareTeamMember(client_id=client.id, kind=kind, user_id=worker.id if worker else None,
                            may_share=list(dict.fromkeys(share)), **texts)
    if worker is not None and not member.name:
        member.name = worker.name or worker.email
    if worker is not None and not member.email:
        member.email = worker.email
    member.agency_id = client.agency_id
    session.add(member)
    session.flush()
    audit.record(session, audit.CREATE, member, user_id=user.id, via=via)
    return member


def team_of(session: Session, client: Client) -> list[CareTeamMember]:
    return list(session.scalars(select(CareTeamMember).where(
        CareTeamMember.client_id == client.id, CareTeamMember.active.is_(True))
        .order_by(CareTeamMember.kind, CareTeamMember.name)))


def remove(session: Session, member_id: object, *, user: User, via: str = "web"
           ) -> CareTeamMember:
    try:
        member = session.get(CareTeamMember, int(member_id))
    except (TypeError, ValueError):
        member = None
    if member is None or not member.active:
        raise NotFound(_("No such member of the care team."))
    member.active = False
    audit.record(session, audit.UPDATE, member, user_id=user.id, via=via,
                 detail={"removed": True})
    return member


def as_json(member: CareTeamMember) -> dict:
    return {"id": member.id, "client_id": member.client_id, "kind": member.kind,
            "user_id": member.user_id, "name": member.name, "role": member.role,
            "organization": member.organization, "phone": member.phone, "email": member.email,
            "may_share": member.may_share, "consent_note": member.consent_note}
