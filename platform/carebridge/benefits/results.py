"""What an engine says about one program for one household, in the API's shape."""

from __future__ import annotations

from dataclasses import dataclass

from carebridge.benefits import reasons
from carebridge.benefits.reasons import Reason
from carebridge.i18n import N_

STATUSES = ("likely_eligible", "likely_ineligible", "unknown")
PERIODS = ("month", "year", "once")
#: Kept with every screening in English; the API says it in the reader's language.
DISCLAIMER = N_("This is a screening, not a determination: only the agency that runs a "
                "program can decide who is eligible and for how much.")


@dataclass(frozen=True)
class EstimatedValue:
    """An amount in US dollars per ``period`` (month, year, or once)."""

    amount: float
    period: str

    @property
    def monthly(self) -> float | None:
        return {"month": self.amount, "year": self.amount / 12}.get(self.period)

    def as_dict(self) -> dict:
        return {"amount": round(self.amount, 2), "period": self.period}


@dataclass(frozen=True)
class ProgramResult:
    """One program's outcome: ``name`` is a plain string (an agency's own words, as written)
    or a ``Reason`` (a name marked with ``N_``, said in the reader's language); ``missing``
    lists household fields (JSON Pointers) that would settle an ``unknown``; ``engine`` and
    ``rules_version`` say what decided. A reason is a ``Reason``, said in the reader's language
    when shown, or (kept before reasons were messages, or from an engine that has only
    English) a plain sentence."""

    id: str
    name: str | Reason
    status: str
    engine: str
    rules_version: str
    reasons: tuple[Reason | str, ...] = ()
    missing: tuple[str, ...] = ()
    estimated_value: EstimatedValue | None = None
    services: tuple[str, ...] = ()  # directory services that take or help with applications

    def __post_init__(self):
        if self.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {self.status!r}")

    def as_dict(self) -> dict:
        data = {"id": self.id, "status": self.status,
                "name": self.name.as_dict() if isinstance(self.name, Reason) else self.name,
                "reasons": [r.as_dict() if isinstance(r, Reason) else r for r in self.reasons],
                "missing": list(self.missing),
                "engine": self.engine, "rules_version": self.rules_version,
                "services": list(self.services)}
        if self.estimated_value is not None:
            data["estimated_value"] = self.estimated_value.as_dict()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ProgramResult:
        value = data.get("estimated_value")
        name = data["name"]
        return cls(id=data["id"], status=data["status"],
                   name=Reason.from_dict(name) if isinstance(name, dict) else name,
                   engine=data["engine"], rules_version=data["rules_version"],
                   reasons=tuple(Reason.from_dict(r) if isinstance(r, dict) else r
                                 for r in data.get("reasons", ())),
                   missing=tuple(data.get("missing", ())),
                   estimated_value=EstimatedValue(value["amount"], value["period"])
                   if value else None, services=tuple(data.get("services", ())))


def monthly_total(results) -> float:
    """The likely monthly value of the programs a household is likely eligible for."""
    return round(sum(r.estimated_value.monthly or 0 for r in results
                     if r.status == "likely_eligible" and r.estimated_value), 2)


def program_name(program: dict) -> str:
    """A kept result's program name in the reader's language (a plain name as it is)."""
    return reasons.say(program["name"])
