"""Agencies as tenants: one place that scopes every query and insert to the current agency."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import ForeignKey, event
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    declared_attr,
    mapped_column,
    with_loader_criteria,
)


class _Sentinel:
    def __init__(self, name: str):
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: A session that has not been told its agency: touching tenant data raises.
NO_TENANT = _Sentinel("NO_TENANT")
#: Operator work (CLI, migrations, login lookup) that deliberately spans agencies.
ALL_AGENCIES = _Sentinel("ALL_AGENCIES")


class TenancyError(RuntimeError):
    """Tenant data was touched by a session that does not know its agency."""


class TenantScoped:
    """Mixin for every row that belongs to one agency."""

    @declared_attr
    def agency_id(cls) -> Mapped[int]:  # noqa: N805
        return mapped_column(ForeignKey("agencies.id", ondelete="CASCADE"), index=True)


def set_tenant(session: Session, agency_id: int | _Sentinel) -> None:
    session.info["tenant"] = agency_id


def tenant_of(session: Session) -> int | _Sentinel:
    return session.info.get("tenant", NO_TENANT)


@contextmanager
def acting_for(session: Session, agency_id: int | _Sentinel) -> Iterator[Session]:
    """Scope ``session`` to ``agency_id`` for a block (a demo loader, an import for one agency),
    then give it back the agency it had."""
    previous = tenant_of(session)
    set_tenant(session, agency_id)
    try:
        yield session
    finally:
        set_tenant(session, previous)


@event.listens_for(Session, "do_orm_execute")
def _scope_queries(state: ORMExecuteState) -> None:
    if not (state.is_select or state.is_update or state.is_delete):
        return
    if state.execution_options.get("include_all_agencies"):
        return
    tenant = tenant_of(state.session)
    if tenant is ALL_AGENCIES:
        return
    if tenant is NO_TENANT:
        if any(_is_tenant_scoped(m.entity) for m in state.all_mappers):
            raise TenancyError("tenant data queried without an agency (log in first)")
        return
    state.statement = state.statement.options(_agency_criteria(tenant))


@functools.lru_cache(maxsize=1024)
def _agency_criteria(tenant: int):
    """The criteria that keep ``tenant``'s queries to its rows, made once per agency and
    process: building it (a lambda's closure analysed) was ~3% of every request's time."""
    return with_loader_criteria(
        TenantScoped,
        lambda cls: cls.agency_id == tenant,
        include_aliases=True,
        track_closure_variables=True,
    )


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _context, _instances) -> None:
    for obj in list(session.new) + list(session.dirty):
        if not isinstance(obj, TenantScoped):
            continue
        agency_id = agency_for(session, type(obj).__name__, obj.agency_id)
        if obj.agency_id is None:
            obj.agency_id = agency_id


def agency_for(session: Session, kind: str, agency_id: int | None) -> int:
    """The agency a new or changed ``kind`` row is written for: its own, else the session's.
    Raises ``TenancyError`` when this session may not write it (the ORM's flush asks for every
    row; a service inserting rows itself asks before it does)."""
    tenant = tenant_of(session)
    if tenant is ALL_AGENCIES:
        if agency_id is None:
            raise TenancyError(f"{kind} has no agency")
        return agency_id
    if tenant is NO_TENANT:
        raise TenancyError(f"{kind} written without an agency")
    if agency_id is not None and agency_id != tenant:
        raise TenancyError(f"{kind} belongs to another agency")
    return tenant


def _is_tenant_scoped(entity) -> bool:
    return isinstance(entity, type) and issubclass(entity, TenantScoped)
