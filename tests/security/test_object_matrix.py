"""Every route that names an agency's object, aimed at real objects of every kind.

``test_route_matrix`` asks each route as anonymous and as every role; it names alpha's forms,
submissions, drafts, users, tokens, kiosk links and one client, and a made-up id for anything
else. Here the demo agency holds one of everything (care plans, goals, tasks, appointments,
referrals, screenings, programs…) and every path parameter of ``app.url_map`` must name one of
its object kinds or be declared shared below: a new kind of id in a path fails the suite until
it is listed. Then each role of another agency that holds the route's permissions asks for the
demo agency's objects and must learn nothing (404, or the very answer an id that exists nowhere
gets), and the demo agency's own roles never see a server error.
"""

from __future__ import annotations

import re

from sqlalchemy import select

from carebridge.auth.models import ApiToken, User
from carebridge.auth.roles import can
from carebridge.benefits.models import BenefitProgram, BenefitScreening
from carebridge.builder.models import BuilderDraft
from carebridge.careplans.casework import CareTeamMember, CaseNote, Transition
from carebridge.careplans.models import Appointment, CarePlan, Goal, Task
from carebridge.clients.models import Client, ClientNeed
from carebridge.forms.models import Draft, FormDefinition, FormVersion, Submission
from carebridge.programs.models import Enrolment, Program
from carebridge.referrals.models import Referral
from carebridge.renderer.kiosk import KioskLink
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work
from tests.conftest import ROLES
from tests.security.test_route_matrix import Caller, _marker, _routes

#: The kind of object each path parameter names.
NAMES = {
    "client_id": Client, "plan_id": CarePlan, "goal_id": Goal, "task_id": Task,
    "appointment_id": Appointment, "member_id": CareTeamMember, "need_id": ClientNeed,
    "note_id": CaseNote, "referral_id": Referral, "transition_id": Transition,
    "screening_id": BenefitScreening, "enrolment_id": Enrolment, "submission_id": Submission,
    "user_id": User, "token_id": ApiToken, "link_id": KioskLink, "slug": FormDefinition,
    "number": FormVersion,
}
#: Where one parameter name means another kind in one blueprint.
IN_BLUEPRINT = {
    ("benefits", "program_id"): BenefitProgram, ("benefits_admin", "program_id"): BenefitProgram,
    ("benefits_api", "program_id"): BenefitProgram, ("programs", "program_id"): Program,
    ("programs_api", "program_id"): Program, ("builder", "draft_id"): BuilderDraft,
    ("api", "draft_id"): Draft, ("renderer", "draft_id"): Draft,
}
#: Parameters that name no agency's object: the shared directory (its services and the edits
#: suggested for them), handouts shipped with the product, a figure of the reports, a checklist
#: item's place, a flag's name, a kiosk's token (its own credential), a static file.
SHARED = {"service_id", "edit_id", "handout_id", "figure", "index", "flag", "change", "token",
          "name"}
#: Kinds a path names by their slug, not their primary key.
BY_SLUG = {FormDefinition, BenefitProgram}
#: Routes that take any program's name (an engine's, such as ``snap``, or the agency's own):
#: another agency must get exactly what a name that exists nowhere gets.
ANY_NAME = {"benefits_admin.where_to_apply"}
#: The attribute of an object that gives a parameter naming its parent.
PARENT = {"client_id": "client_id", "plan_id": "plan_id", "slug": "definition"}


def _kind(rule, name):
    return IN_BLUEPRINT.get((rule.endpoint.split(".")[0], name)) or NAMES.get(name)


def _parameters(rule) -> list[str]:
    """The rule's parameters in the order the path gives them (parents first)."""
    return re.findall(r"<(?:[^:<>]+:)?([^<>]+)>", rule.rule)


def test_every_path_parameter_names_a_kind_of_object_or_is_shared(app):
    unknown = sorted({f"{name} in {rule.rule}" for rule, _ in _routes(app)
                      for name in _parameters(rule)
                      if name not in SHARED and _kind(rule, name) is None})
    assert unknown == [], "add the parameter to NAMES (or IN_BLUEPRINT), or to SHARED"


def _values(app, rule, rows) -> dict[str, str] | None:
    """Path values naming the demo agency's objects, children fitting their parents (the
    goal of that plan, the screening of that client); None when it has no such object."""
    values: dict[str, str] = {}
    with unit_of_work(app, ALL_AGENCIES) as session:
        for name in reversed(_parameters(rule)):
            kind = _kind(rule, name)
            if kind is None or name in values:
                continue
            ids = rows.get(kind) or []
            if not ids:
                return None
            row = session.get(kind, ids[0])
            if kind in BY_SLUG:
                values[name] = row.slug
            elif name == "number":
                values[name] = str(row.number)
                values.setdefault("slug", row.definition.slug)
            else:
                values[name] = str(ids[0])
            for parent in _parameters(rule):
                attribute = getattr(row, PARENT.get(parent, "-"), None)
                if parent != name and parent not in values and attribute is not None:
                    values[parent] = attribute.slug if parent == "slug" else str(attribute)
        for name in _parameters(rule):
            if name in values:
                continue
            converter = type(rule._converters[name]).__name__
            if converter == "AnyConverter":
                values[name] = re.findall(r"\w+", rule._converters[name].regex)[0]
            else:
                values[name] = "0" if converter == "IntegerConverter" else "nothing-here"
    return values


def _nowhere(rule, values: dict[str, str]) -> dict[str, str]:
    changed = dict(values)
    for name in values:
        if _kind(rule, name) is not None:
            integer = type(rule._converters[name]).__name__ == "IntegerConverter"
            changed[name] = "987654" if integer else "no-such-thing"
    return changed


def test_another_agency_learns_nothing_of_any_object_and_its_own_get_no_server_error(attacked):
    app, world, rows = attacked
    beta = {role: Caller(app, world, "beta", role) for role in ROLES}
    demo = {role: Caller(app, world, "demo", role) for role in ROLES}
    wrong, aimed = [], set()
    for rule, method in _routes(app):
        permissions = _marker(app, rule)
        if permissions is None or not any(_kind(rule, n) for n in _parameters(rule)):
            continue
        values = _values(app, rule, rows)
        assert values is not None, f"the demo agency has nothing for {rule.rule}"
        url = rule.build(values, append_unknown=False)[1]
        nowhere = rule.build(_nowhere(rule, values), append_unknown=False)[1]
        where = f"{method} {rule.rule}"
        for role, caller in beta.items():
            if not all(can(role, p) for p in permissions):
                continue
            aimed.add(rule.rule)
            status = caller.ask(method, url)[0]
            if status == 404:
                continue
            if (status in (400, 422) or rule.endpoint in ANY_NAME) and \
                    caller.ask(method, nowhere)[0] == status:
                continue  # refused (or answered) alike for a name that exists nowhere
            wrong.append(f"{where}: beta {role} got {status} for {url}")
        for role, caller in demo.items():
            if all(can(role, p) for p in permissions):
                status = caller.ask(method, url)[0]
                if status >= 500:
                    wrong.append(f"{where}: demo {role} got {status} for {url}")
    assert len(aimed) > 100
    assert wrong == [], "\n".join(wrong)


def test_the_demo_agency_has_every_kind_the_paths_name(attacked):
    _app, _world, rows = attacked
    kinds = set(NAMES.values()) | set(IN_BLUEPRINT.values())
    assert sorted(k.__name__ for k in kinds if not rows.get(k)) == []
    with unit_of_work(attacked[0], ALL_AGENCIES) as session:
        assert session.scalar(select(Referral.id).where(Referral.id.in_(rows[Referral])))
