"""A definition's ``scoring`` block read into score and flag rules (both forms of the format).

A definition either names several scores (``"scores": [...]``) or, in the first form of the
format, describes one score at the top of the block (``method``, ``items``, ``bands``); that
score is called ``total``. Flags sit beside either form.
"""

from __future__ import annotations

from dataclasses import dataclass

from carebridge.assessments.answers import WILDCARD, schemas_at, split_path

METHODS = ("sum", "mean", "count")
SEVERITIES = ("info", "warning", "high")
DEFAULT_SEVERITY = "warning"
SINGLE_SCORE_NAME = "total"
MEAN_DECIMALS = 2


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str
    description: str = ""

    def holds(self, value: float) -> bool:
        return self.low <= value <= self.high


@dataclass(frozen=True)
class ScoreRule:
    """One named score: how its items combine, when it may be computed, and its bands."""

    name: str
    label: str
    method: str
    items: tuple[str, ...]
    reverse: frozenset[str] = frozenset()
    match: dict | None = None  # for "count": the schema an answer must satisfy to be counted
    missing_allowed: int = 0
    decimals: int = 0
    bands: tuple[Band, ...] = ()
    code: dict | None = None
    pointer: str = "/scoring"  # where the rule is in the definition, for problems

    def band_for(self, value: float) -> Band | None:
        return next((band for band in self.bands if band.holds(value)), None)


@dataclass(frozen=True)
class FlagRule:
    """An answer (``path``) or a score (``score``) in ``low``..``high`` raises this flag."""

    name: str
    label: str
    severity: str
    message: str
    path: str | None = None
    score: str | None = None
    low: float | None = None
    high: float | None = None
    pointer: str = "/scoring/flags"

    def holds(self, value: object) -> bool:
        return (self.low is None or value >= self.low) and (
            self.high is None or value <= self.high
        )


@dataclass(frozen=True)
class ScoringRules:
    scores: tuple[ScoreRule, ...] = ()
    flags: tuple[FlagRule, ...] = ()


def _bands(entries: list[dict]) -> tuple[Band, ...]:
    return tuple(
        Band(b["min"], b["max"], b["label"], b.get("description", "")) for b in entries or []
    )


def _score(entry: dict, name: str, label: str, pointer: str) -> ScoreRule:
    method = entry.get("method", "sum")
    return ScoreRule(
        name=name,
        label=label,
        method=method,
        items=tuple(entry.get("items") or ()),
        reverse=frozenset(entry.get("reverse") or ()),
        match=entry.get("match"),
        missing_allowed=int(entry.get("missing_allowed", 0)),
        decimals=int(entry.get("decimals", MEAN_DECIMALS if method == "mean" else 0)),
        bands=_bands(entry.get("bands")),
        code=entry.get("code"),
        pointer=pointer,
    )


def _field_title(schema: dict, path: str) -> str | None:
    for node in schemas_at(schema, path):
        if isinstance(node.get("title"), str) and node["title"].strip():
            return node["title"]
    return None


def scoring_rules(definition: dict) -> ScoringRules:
    """The score and flag rules of ``definition`` (empty when it is not scored)."""
    block = definition.get("scoring")
    if not isinstance(block, dict):
        return ScoringRules()
    if "scores" in block:
        scores = tuple(
            _score(entry, entry["name"], entry.get("label") or entry["name"],
                   f"/scoring/scores/{index}")
            for index, entry in enumerate(block["scores"])
        )
    else:
        scores = (_score(block, SINGLE_SCORE_NAME, block.get("label") or "Total", "/scoring"),)
    labels = {score.name: score.label for score in scores}
    schema = definition.get("schema") if isinstance(definition.get("schema"), dict) else {}
    flags, taken = [], set()
    for index, entry in enumerate(block.get("flags") or []):
        path, score = entry.get("path"), entry.get("score")
        name = entry.get("name") or _unique(_default_flag_name(path, score), taken)
        taken.add(name)
        label = entry.get("label") or (
            labels.get(score) if score else _field_title(schema, path or "")
        ) or name
        flags.append(FlagRule(
            name=name,
            label=label,
            severity=entry.get("severity", DEFAULT_SEVERITY),
            message=entry["message"],
            path=path,
            score=score,
            low=entry.get("min"),
            high=entry.get("max"),
            pointer=f"/scoring/flags/{index}",
        ))
    return ScoringRules(scores, tuple(flags))


def _default_flag_name(path: str | None, score: str | None) -> str:
    if score:
        return score
    parts = [part for part in split_path(path or "") if part != WILDCARD]
    return parts[-1] if parts else "flag"


def _unique(name: str, taken: set[str]) -> str:
    candidate, number = name, 2
    while candidate in taken:
        candidate, number = f"{name}_{number}", number + 1
    return candidate
