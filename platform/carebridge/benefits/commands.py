"""``carebridge benefits``: poverty guideline tables, the facts rules use, and screening a file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from carebridge.cli import Context, pass_ctx, reports_errors
from carebridge.errors import InvalidInput, Problem
from carebridge.i18n import _


@click.group()
def benefits() -> None:
    """Benefits screening: poverty guidelines, agency program rules, screening a household."""


@benefits.group("poverty-guidelines")
def poverty_guidelines() -> None:
    """The HHS poverty guidelines screenings measure income against."""


@poverty_guidelines.command("list")
@pass_ctx
@reports_errors
def guidelines_list(ctx: Context) -> None:
    """Print every loaded year, region and amount, with its source."""
    from carebridge.benefits import poverty

    table = poverty.for_app(ctx.app)
    for (year, region), g in sorted(table.rows.items()):
        click.echo(f"{year}  {region:<14} {g.first_person:>7,} + {g.each_additional_person:>6,}"
                   f" a person   {g.source}")


@poverty_guidelines.command("load")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Replace figures already loaded for a year.")
@pass_ctx
@reports_errors
def guidelines_load(ctx: Context, path: Path, replace: bool) -> None:
    """Add a year's table (CSV: year,region,first_person,each_additional_person,source)."""
    from carebridge.benefits import poverty

    years = poverty.add_years(ctx.app.instance_path, path.read_text(encoding="utf-8"), replace)
    click.echo(f"Loaded {', '.join(map(str, years))} into "
               f"{poverty.instance_file(ctx.app.instance_path)}")


@benefits.command("facts")
def facts_list() -> None:
    """The facts agency rules can use, with their meaning."""
    from carebridge.benefits.facts import FACTS

    for fact in FACTS:
        click.echo(f"{fact.name:<32} {fact.type:<8} {fact.description}")


@benefits.command("screen")
@click.argument("household_file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--programs", "programs_file", type=click.Path(exists=True, dir_okay=False,
                                                             path_type=Path),
              help="A JSON list of agency programs to judge as well.")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Screen as of this date (default: today).")
@pass_ctx
@reports_errors
def screen(ctx: Context, household_file: Path, programs_file: Path | None, as_of) -> None:
    """Screen a household file with every engine here and now; print the results as JSON."""
    from carebridge.benefits import household, programs, screening

    app = ctx.app
    day: date = as_of.date() if as_of else screening.today(app)
    agency_programs = programs.parse_all(_json(programs_file)) if programs_file else ()
    parsed = household.parse(_json(household_file), day)
    with app.app_context():
        context = screening.context_for(app, parsed, day, agency_programs)
        results = screening.screen_now(parsed, context, app)
    click.echo(json.dumps({"as_of": day.isoformat(),
                           "facts": context.facts.values,
                           "unknown_facts": sorted(context.facts.unknown),
                           "programs": [r.as_dict() for r in results]}, indent=2))


def _json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise InvalidInput(_("%(path)s is not JSON.", path=path), [Problem("", str(exc))]) from None
