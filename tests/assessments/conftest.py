"""Shared helpers for the assessment tests: the shipped definitions, read as the platform reads
them."""

from __future__ import annotations

import json
from pathlib import Path

INSTRUMENTS = Path(__file__).parents[2] / "form_definitions" / "instruments"


def load(slug: str) -> dict:
    return json.loads((INSTRUMENTS / f"{slug}.json").read_text(encoding="utf-8"))


def shipped() -> dict[str, dict]:
    return {path.stem: load(path.stem) for path in sorted(INSTRUMENTS.glob("*.json"))}
