"""Scores, flags and need rules edited as rows, written as the definition's own blocks.

A score is ``scoring.scores[]`` (items, method, bands), a flag ``scoring.flags[]``, a need rule
``needs[]`` whose ``when`` is compiled from rows ("*food ran out* is one of *Often true*,
*Sometimes true*"); a row may test a score ("score *total* is at least 3"), and the rule is
then judged against answers and scores together, as ``docs/definition-format.md`` describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from carebridge.builder import places
from carebridge.builder.refused import EditRefused
from carebridge.builder.rules import Row, compile_row, parse_row
from carebridge.i18n import gettext as _

METHODS = ("sum", "mean", "count")
SEVERITIES = ("info", "warning", "high")


@dataclass(frozen=True)
class Band:
    min: int | float
    max: int | float
    label: str


def _scores(doc: dict) -> list[dict]:
    scoring = doc.setdefault("scoring", {})
    if "method" in scoring:
        raise EditRefused(_("This form's scoring is in the first form; edit it as JSON."))
    return scoring.setdefault("scores", [])


def set_score(document: dict, name: str, *, label: str = "", method: str = "sum",
              items: list[str] = (), bands: list[Band] = ()) -> dict:  # type: ignore[assignment]
    """Create or replace the score ``name`` (its code, LOINC ``code`` and other keys stay)."""
    doc = places.fresh_copy(document)
    if method not in METHODS:
        raise EditRefused(_("Unknown scoring method %(name)s.", name=method))
    scores = _scores(doc)
    score = next((s for s in scores if s.get("name") == name), None)
    if score is None:
        score = {"name": name}
        scores.append(score)
    score["method"] = method
    score["items"] = list(items)
    if label:
        score["label"] = label
    else:
        score.pop("label", None)
    ordered = sorted(bands, key=lambda b: b.min)
    if ordered:
        score["bands"] = [{"min": b.min, "max": b.max, "label": b.label} for b in ordered]
    else:
        score.pop("bands", None)
    return doc


def remove_score(document: dict, name: str) -> dict:
    """Remove a score, with the flags on it and the need-rule rows that test it."""
    doc = places.fresh_copy(document)
    scores = _scores(doc)
    scores[:] = [s for s in scores if s.get("name") != name]
    flags = doc["scoring"].get("flags")
    if isinstance(flags, list):
        flags[:] = [f for f in flags if not (isinstance(f, dict) and f.get("score") == name)]
    forget_in_needs(doc, lambda row: row.field == f"score:{name}")
    _tidy(doc)
    return doc


def forget_in_needs(doc: dict, gone) -> None:
    """Drop the rows ``gone(row)`` names from need rules written as rows (in place); a rule
    left without rows goes too. Rules written by hand are left as they are."""
    needs = doc.get("needs")
    if not isinstance(needs, list):
        return
    for rule in list(needs):
        parsed = parse_need(rule) if isinstance(rule, dict) else None
        if parsed is None:
            continue
        rows, join = parsed
        kept = [r for r in rows if not gone(r)]
        if len(kept) == len(rows):
            continue
        if not kept:
            needs.remove(rule)
            continue
        rule["when"], about_scores = compile_need(kept, join)
        if about_scores:
            rule["about"] = "answers_and_scores"
        else:
            rule.pop("about", None)
    if not needs:
        del doc["needs"]


def set_flag(document: dict, index: int | None, *, message: str, path: str = "",
             score: str = "", low: Any = None, high: Any = None, severity: str = "warning",
             label: str = "") -> dict:
    """Create (``index`` None) or replace a flag on an answer (``path``) or a ``score``."""
    doc = places.fresh_copy(document)
    if severity not in SEVERITIES:
        raise EditRefused(_("Unknown severity %(name)s.", name=severity))
    if bool(path) == bool(score):
        raise EditRefused(_("A flag watches one answer or one score."))
    if low is None and high is None:
        raise EditRefused(_("A flag needs a lowest or a highest value."))
    if not message.strip():
        raise EditRefused(_("A flag needs a message for the worker."))
    flag: dict = {"path": path} if path else {"score": score}
    if low is not None:
        flag["min"] = low
    if high is not None:
        flag["max"] = high
    flag.update(severity=severity, message=message.strip())
    if label.strip():
        flag["label"] = label.strip()
    flags = doc.setdefault("scoring", {}).setdefault("flags", [])
    if index is None:
        flags.append(flag)
    else:
        old = flags[index]  # changed in place, so its translations follow it
        name = {k: v for k, v in old.items() if k == "name"}
        old.clear()
        old.update({**name, **flag})
    return doc


def remove_flag(document: dict, index: int) -> dict:
    doc = places.fresh_copy(document)
    del doc["scoring"]["flags"][index]
    _tidy(doc)
    return doc


def _tidy(doc: dict) -> None:
    scoring = doc.get("scoring", {})
    for key in ("scores", "flags"):
        if key in scoring and not scoring[key]:
            del scoring[key]
    if "scoring" in doc and not doc["scoring"]:
        del doc["scoring"]


# -- need rules ---------------------------------------------------------------------------


def score_row(score: str, op: str, value: Any) -> Row:
    """A row about a score: its field is ``score:<name>``."""
    return Row(f"score:{score}", op, value)


def _compile_need_row(row: Row, about_scores: bool) -> dict:
    if row.field.startswith("score:"):
        name = row.field.removeprefix("score:")
        return {"required": ["scores"],
                "properties": {"scores": compile_row(Row(name, row.op, row.value))}}
    compiled = compile_row(row)
    if about_scores:
        return {"required": ["answers"], "properties": {"answers": compiled}}
    return compiled


def compile_need(rows: list[Row], join: str = "or") -> tuple[dict, bool]:
    """A need rule's ``when`` and whether it reads scores (``about: answers_and_scores``)."""
    if not rows:
        raise EditRefused(_("A need rule needs at least one condition."))
    about_scores = any(r.field.startswith("score:") for r in rows)
    parts = [_compile_need_row(r, about_scores) for r in rows]
    if len(parts) == 1:
        return parts[0], about_scores
    return {"allOf" if join == "and" else "anyOf": parts}, about_scores


def _parse_need_row(part: object, about_scores: bool) -> Row | None:
    if about_scores:
        if not isinstance(part, dict) or set(part) != {"required", "properties"}:
            return None
        props = part["properties"]
        if not isinstance(props, dict) or len(props) != 1:
            return None
        (key, inner), = props.items()
        if part["required"] != [key] or key not in ("scores", "answers"):
            return None
        row = parse_row(inner)
        if row is None:
            return None
        return Row(f"score:{row.field}", row.op, row.value) if key == "scores" else row
    return parse_row(part)


def parse_need(rule: dict) -> tuple[list[Row], str] | None:
    """A need rule's rows and join when the builder can show it as rows, else ``None``."""
    about_scores = rule.get("about") == "answers_and_scores"
    when = rule.get("when")
    row = _parse_need_row(when, about_scores)
    if row is not None:
        return [row], "or"
    if isinstance(when, dict) and len(when) == 1:
        (key, parts), = when.items()
        if key in ("allOf", "anyOf") and isinstance(parts, list) and parts:
            rows = [_parse_need_row(p, about_scores) for p in parts]
            if all(r is not None for r in rows):
                return rows, "and" if key == "allOf" else "or"  # type: ignore[return-value]
    return None


def set_need_rule(document: dict, index: int | None, *, need: str, label: str,
                  rows: list[Row], join: str = "or", description: str = "") -> dict:
    """Create (``index`` None) or replace a need rule from rows."""
    doc = places.fresh_copy(document)
    if not need or not label.strip():
        raise EditRefused(_("A need rule needs a need and a label."))
    when, about_scores = compile_need(rows, join)
    rule: dict = {"need": need, "label": label.strip()}
    if description.strip():
        rule["description"] = description.strip()
    if about_scores:
        rule["about"] = "answers_and_scores"
    rule["when"] = when
    needs = doc.setdefault("needs", [])
    if index is None:
        needs.append(rule)
    else:
        needs[index].clear()
        needs[index].update(rule)
    return doc


def remove_need_rule(document: dict, index: int) -> dict:
    doc = places.fresh_copy(document)
    del doc["needs"][index]
    if not doc["needs"]:
        del doc["needs"]
    return doc
