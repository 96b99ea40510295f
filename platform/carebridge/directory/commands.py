"""``carebridge directory …``: import, export and inspect the shared resource directory."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from resource_directory.importers import FORMATS, ImportFailed, import_path


@click.group()
def directory() -> None:
    """The shared resource directory (HSDS)."""


@directory.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(sorted(FORMATS)), default=None,
              help="Detected from the file when omitted.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_obj
def import_command(ctx, path: Path, format_name: str | None, quiet: bool) -> None:
    """Import an HSDS JSON file or data package, an Ohana CSV set or flat JSON records."""
    with ctx.app.app_context(), ctx.session() as session:
        try:
            report = import_path(session, path, format=format_name,
                                 progress=not quiet and sys.stderr.isatty())
        except ImportFailed as exc:
            click.echo(f"Error: nothing was imported: {exc}", err=True)
            sys.exit(1)
        after_change(ctx.app, session)
    click.echo(report.summary())
    for rejection in report.rejections:
        click.echo(f"  rejected {rejection}", err=True)
    for warning in report.warnings[:50]:
        click.echo(f"  warning {warning}", err=True)
    if len(report.warnings) > 50:
        click.echo(f"  … and {len(report.warnings) - 50} more warnings", err=True)


@directory.command("export")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def export_command(ctx, path: Path) -> None:
    """Write the directory as HSDS 3.0 JSON (organizations with their services)."""
    from resource_directory.exporter import write_export

    with ctx.session() as session:
        count = write_export(session, path)
    click.echo(f"Wrote {count} organizations to {path}")


@directory.command("reindex")
@click.pass_obj
def reindex_command(ctx) -> None:
    """Rebuild the search index from the database (it is derived data, never the source)."""
    from carebridge.directory import index

    with ctx.app.app_context(), ctx.session() as session:
        count = index.rebuild(ctx.app, session)
    click.echo(f"Indexed {count} services at their locations into {index.index_path(ctx.app)}")


def after_change(app, session) -> None:
    """Keep derived data (the search index) in step after the directory changed."""
    for refresh in app.extensions.get("carebridge.directory_refreshers", []):
        refresh(session)
