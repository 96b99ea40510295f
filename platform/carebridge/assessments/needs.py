"""Need rules: which social needs a submission (and the scores computed from it) indicate.

A rule's ``when`` is a JSON Schema judged by ``jsonschema``. By default it is judged against the
submission's answers, as it always was. A rule with ``"about": "answers_and_scores"`` is judged
against ``{"answers": …, "scores": {name: value}, "flags": [names]}`` instead, so it can test a
score ("the safety score is 11 or more") or a raised flag; only computed scores appear there.
"""

from __future__ import annotations

from dataclasses import dataclass

from carebridge.assessments.scoring import Scoring, cached_validator, score

ABOUT_ANSWERS = "answers"
ABOUT_ANSWERS_AND_SCORES = "answers_and_scores"


@dataclass(frozen=True)
class IndicatedNeed:
    """A need a rule found, with the rule's label and why (its description)."""

    code: str
    label: str
    description: str = ""
    rule_index: int = 0

    def as_json(self) -> dict:
        return {"code": self.code, "label": self.label, "description": self.description}


def judged_document(answers: object, scoring: Scoring) -> dict:
    """What an ``answers_and_scores`` rule is judged against."""
    return {
        "answers": answers,
        "scores": scoring.values(),
        "flags": [flag.name for flag in scoring.flags],
    }


def indicated_needs(
    definition: dict, answers: object, scoring: Scoring | None = None
) -> list[IndicatedNeed]:
    """Every need whose rule matches, once per need code (the first matching rule's label), in
    the order the rules are written. ``scoring`` is computed when not given."""
    rules = definition.get("needs") or []
    if not rules:
        return []
    scoring = scoring if scoring is not None else score(definition, answers)
    combined = None
    found: dict[str, IndicatedNeed] = {}
    for index, rule in enumerate(rules):
        if rule["need"] in found:
            continue
        if rule.get("about", ABOUT_ANSWERS) == ABOUT_ANSWERS_AND_SCORES:
            combined = combined if combined is not None else judged_document(answers, scoring)
            subject = combined
        else:
            subject = answers
        if cached_validator(rule["when"]).is_valid(subject):
            found[rule["need"]] = IndicatedNeed(
                rule["need"], rule["label"], rule.get("description", ""), index
            )
    return list(found.values())
