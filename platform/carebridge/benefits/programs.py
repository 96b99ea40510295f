"""Agency programs as data (a rental fund, a food bank's income limit) and the engine that
judges them: each program is a name, a rule over the facts, and optionally a value and the
directory services that take its applications."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from carebridge.benefits import rules
from carebridge.benefits.engines import ScreeningContext
from carebridge.benefits.household import Household
from carebridge.benefits.results import PERIODS, EstimatedValue, ProgramResult
from carebridge.errors import InvalidInput, Problem
from carebridge.forms.validation import make_validator, problems
from carebridge.i18n import _
from carebridge.i18n import lazy_gettext as _l

ENGINE_ID = "agency"
PROGRAM_SCHEMA = {
    "type": "object",
    "required": ["id", "name", "rule"],
    "additionalProperties": False,
    "properties": {
        "id": {"title": "Program id", "type": "string",
               "pattern": "^[a-z][a-z0-9_-]{1,62}$"},
        "name": {"title": "Name", "type": "string", "minLength": 1, "maxLength": 200},
        "description": {"title": "Description", "type": "string", "maxLength": 2000},
        "rule": {"title": "Rule over the facts", "type": ["object", "boolean"]},
        "value": {
            "title": "Estimated value", "type": "object", "required": ["amount", "period"],
            "additionalProperties": False,
            "properties": {"amount": {"type": "number", "minimum": 0, "maximum": 1000000},
                           "period": {"enum": list(PERIODS)}},
        },
        "services": {"title": "Directory services that take applications", "type": "array",
                     "maxItems": 50, "uniqueItems": True,
                     "items": {"type": "string", "minLength": 1, "maxLength": 200}},
    },
}


@dataclass(frozen=True)
class AgencyProgram:
    """One agency program; ``version`` is a digest of its definition (its rules version)."""

    id: str
    name: str
    rule: dict | bool
    description: str = ""
    value: EstimatedValue | None = None
    services: tuple[str, ...] = ()
    version: str = field(default="", compare=False)

    def as_dict(self) -> dict:
        data = {"id": self.id, "name": self.name, "rule": self.rule,
                "services": list(self.services)}
        if self.description:
            data["description"] = self.description
        if self.value is not None:
            data["value"] = self.value.as_dict()
        return data


def parse(data: object) -> AgencyProgram:
    """Check a program definition (the rule too) and build it."""
    found = problems(make_validator(PROGRAM_SCHEMA), data)
    if not found:
        found = [Problem("/rule" + p.pointer, p.message) for p in rules.check(data["rule"])]
    if found:
        raise InvalidInput(_("The program needs attention."), found)
    value = data.get("value")
    program = AgencyProgram(
        id=data["id"], name=data["name"].strip(), rule=data["rule"],
        description=data.get("description", "").strip(),
        value=EstimatedValue(float(value["amount"]), value["period"]) if value else None,
        services=tuple(data.get("services", ())),
    )
    digest = hashlib.sha256(json.dumps(program.as_dict(), sort_keys=True).encode()).hexdigest()
    return AgencyProgram(**{**program.__dict__, "version": digest[:12]})


def parse_all(items: object) -> tuple[AgencyProgram, ...]:
    """A list of programs (ids unique), every problem reported at ``/<index>/…``."""
    if not isinstance(items, list):
        raise InvalidInput(_("Programs come as a list."), [Problem("", _("Expected a list."))])
    programs, found = [], []
    for i, item in enumerate(items):
        try:
            programs.append(parse(item))
        except InvalidInput as exc:
            found += [Problem(f"/{i}{p.pointer}", p.message) for p in exc.problems]
    seen = set()
    for i, program in enumerate(programs):
        if program.id in seen:
            found.append(Problem(f"/{i}/id", _("Two programs are called '%(id)s'.", id=program.id)))
        seen.add(program.id)
    if found:
        raise InvalidInput(_("Some programs need attention."), found)
    return tuple(programs)


class AgencyProgramsEngine:
    """Judges the agency's own programs in the request: JSON Schema is fast."""

    id = ENGINE_ID
    name = _l("Agency programs")
    background = False

    def rules_version(self, context: ScreeningContext) -> str:
        versions = sorted(p.version for p in context.agency_programs)
        table = context.facts.values.get("poverty_guideline_year")
        return hashlib.sha256(f"{table}:{versions}".encode()).hexdigest()[:12]

    def screen(self, household: Household, context: ScreeningContext) -> list[ProgramResult]:
        results = []
        for program in context.agency_programs:
            verdict = rules.judge(program.rule, context.facts)
            value = program.value if verdict.status == rules.LIKELY_ELIGIBLE else None
            results.append(ProgramResult(
                id=program.id, name=program.name, status=verdict.status, engine=self.id,
                rules_version=program.version, reasons=verdict.reasons,
                missing=verdict.missing, estimated_value=value, services=program.services,
            ))
        return results
