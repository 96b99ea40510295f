"""Benefit engines: what the ``register_benefit_engines`` hook returns, and the app's table.

An engine screens a household for the programs it knows. Fast ones (agency rules) run in the
request; ``background`` ones (a rules engine that takes a minute to load) only ever run in a
job worker, whose process keeps them warm.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol, runtime_checkable

from carebridge.app_state import app_state
from carebridge.benefits.facts import Facts
from carebridge.benefits.household import Household
from carebridge.benefits.results import ProgramResult


@dataclass(frozen=True)
class ScreeningContext:
    """Everything a screening knows besides the household."""

    as_of: date
    facts: Facts
    agency_programs: tuple = ()  # carebridge.benefits.programs.AgencyProgram


@runtime_checkable
class BenefitEngine(Protocol):
    """An engine: a stable ``id``, a ``name`` for people, and where it may run."""

    id: str
    name: str
    background: bool

    def rules_version(self, context: ScreeningContext) -> str:
        """Changes whenever the same household could get a different answer."""

    def screen(self, household: Household, context: ScreeningContext) -> list[ProgramResult]:
        """One result per program the engine knows (eligible or not)."""


def engines(app) -> dict[str, BenefitEngine]:
    """The app's engines by id, from every plugin (built once per app); ``BENEFIT_ENGINES``,
    when set, names the ones to use."""
    state = app_state(app)
    return state.cached("benefit_engines", lambda: _engine_table(state))


def _engine_table(state) -> dict[str, BenefitEngine]:
    table: dict[str, BenefitEngine] = {}
    wanted = state.config.get("BENEFIT_ENGINES")
    for found in state.hook.register_benefit_engines():
        for engine in found:
            if wanted is not None and getattr(engine, "id", None) not in wanted:
                continue
            if not isinstance(engine, BenefitEngine):
                raise TypeError(f"{engine!r} is not a benefit engine (id, name, background, "
                                "rules_version(), screen())")
            if engine.id in table:
                raise ValueError(f"Two benefit engines are called {engine.id!r}")
            table[engine.id] = engine
    return table
