"""``carebridge csv-export``: the same export from the command line, for scheduled reports."""

from __future__ import annotations

from pathlib import Path

import click

from carebridge.plugin_api import (
    CommandContext,
    agency_by_slug,
    get_definition,
    pass_command_context,
    reports_errors,
    set_tenant,
)


@click.command("csv-export")
@click.argument("form")
@click.option("--agency", "agency_slug", required=True)
@click.option("--since", default=None, help="First day (YYYY-MM-DD), agency time.")
@click.option("--until", default=None, help="Last day (YYYY-MM-DD), agency time.")
@click.option("--codes", is_flag=True, help="Answers as stored (es, true), not as shown.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write (default: standard output).")
@pass_command_context
@reports_errors
def csv_export(ctx: CommandContext, form: str, agency_slug: str, since: str | None,
               until: str | None, codes: bool, out: Path | None) -> None:
    """Write a form's submissions as CSV: one row per submission, one column per answer."""
    from carebridge_csv_export.export import Range, export_csv

    within = Range.parse(since, until)
    with ctx.session() as session:
        agency = agency_by_slug(session, agency_slug)
        set_tenant(session, agency.id)
        definition = get_definition(session, form)
        text, count = export_csv(session, definition, within=within, labels=not codes,
                                 time_zone=ctx.app.config["TIME_ZONE"], user_id=None, via="cli")
    if out is None:
        click.echo(text.removeprefix("\ufeff"), nl=False)
    else:
        out.write_text(text, encoding="utf-8", newline="")
        click.echo(f"Wrote {count} submission{'s' if count != 1 else ''} to {out}.", err=True)
