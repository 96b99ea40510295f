"""Care-plan templates: the ``care_plan`` data of a definition of kind care_plan, read into the
goals and tasks a new plan starts with."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from carebridge.errors import InvalidInput, NotFound, Problem
from carebridge.forms.models import FormDefinition, FormVersion
from carebridge.i18n import _

DEFAULT_REVIEW_DAYS = 90


@dataclass(frozen=True)
class PlannedTask:
    title: str
    responsible: str
    due: date


@dataclass(frozen=True)
class PlannedGoal:
    need: str
    statement: str
    measurable_outcome: str
    target: str
    target_date: date
    interventions: list[str]
    tasks: list[PlannedTask] = field(default_factory=list)


@dataclass(frozen=True)
class Planned:
    """What a plan starting on ``start`` holds before the care manager edits it."""

    needs: list[str]
    goals: list[PlannedGoal]
    tasks: list[PlannedTask]
    review_date: date
    reassessments: list[dict]


def care_plan_templates(session: Session) -> list[FormDefinition]:
    """The agency's definitions of kind care_plan, by title."""
    return list(session.scalars(select(FormDefinition).where(FormDefinition.kind == "care_plan")
                                .order_by(FormDefinition.title)))


def template_version(session: Session, slug: object) -> FormVersion:
    """The latest version of the agency's care-plan template ``slug``."""
    form = (session.scalar(select(FormDefinition).where(FormDefinition.slug == slug))
            if isinstance(slug, str) else None)
    if form is None:
        raise NotFound(_("No care-plan template '%(slug)s'.", slug=str(slug)[:100]))
    if form.kind != "care_plan":
        raise InvalidInput(_("'%(slug)s' is not a care-plan template.", slug=slug),
                           [Problem("/template", _("Choose a form of kind care_plan."))])
    return session.scalar(select(FormVersion).where(
        FormVersion.definition_id == form.id, FormVersion.number == form.latest_version))


def plan_from(document: dict, start: date, needs: list[str] | None = None,
              need_labels: dict[str, str] | None = None) -> Planned:
    """The goals and tasks of ``document``'s template for a plan starting on ``start``: the
    template's own needs, or ``needs`` (a client's open needs: a goal per need, the
    template's suggestion where it has one, a plain goal otherwise)."""
    template = document.get("care_plan") or {}
    review = start + timedelta(days=int(template.get("review_in_days") or DEFAULT_REVIEW_DAYS))
    chosen = list(template.get("needs") or []) if needs is None else list(dict.fromkeys(needs))
    suggested = template.get("goals") or []
    goals = []
    for code in chosen:
        matching = [goal for goal in suggested if goal["need"] == code]
        if matching:
            goals += [_goal(goal, start) for goal in matching]
        elif needs is not None:
            label = (need_labels or {}).get(code, code)
            goals.append(PlannedGoal(
                need=code, statement=_("Address the need: %(need)s", need=label),
                measurable_outcome=_("The need is met (recorded on the client's file)."),
                target="", target_date=review, interventions=[]))
    tasks = [_task(task, start) for task in template.get("tasks") or []]
    return Planned(chosen, goals, tasks, review, list(template.get("reassessments") or []))


def _goal(goal: dict, start: date) -> PlannedGoal:
    return PlannedGoal(
        need=goal["need"], statement=goal["statement"],
        measurable_outcome=goal["measurable_outcome"], target=goal.get("target", ""),
        target_date=start + timedelta(days=int(goal["target_in_days"])),
        interventions=list(goal.get("interventions") or []),
        tasks=[_task(task, start) for task in goal.get("tasks") or []],
    )


def _task(task: dict, start: date) -> PlannedTask:
    return PlannedTask(task["title"], task["responsible"],
                       start + timedelta(days=int(task["due_in_days"])))
