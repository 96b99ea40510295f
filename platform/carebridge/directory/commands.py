"""``carebridge directory …``: import, export and inspect the shared resource directory."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from carebridge.app_state import app_state
from carebridge.unit_of_work import hook_after_commit
from resource_directory.importers import ImportFailed, ImportFormat, by_name, import_path


def import_formats(app) -> dict[str, ImportFormat]:
    """The formats every plugin registers through ``register_importers``, gathered once per app.

    pluggy calls outside plugins first, so their formats are detected before the built-in ones.
    """
    state = app_state(app)
    return state.cached(
        "import_formats",
        lambda: by_name(f for found in state.hook.register_importers() for f in found),
    )


class RegisteredFormat(click.ParamType):
    """A format name checked against the app's registered formats when the command runs (the
    app, and so an instance's PLUGINS, is only known then)."""

    name = "format"

    def convert(self, value, param, ctx):
        formats = import_formats(ctx.find_root().obj.app)
        if value not in formats:
            self.fail(f"{value!r} is not a registered format; choose from: "
                      f"{', '.join(formats)}.", param, ctx)
        return value


@click.group()
def directory() -> None:
    """The shared resource directory (HSDS)."""


@directory.command("import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_name", type=RegisteredFormat(), default=None,
              help="Detected from the file when omitted; `directory formats` lists them.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.option("--keep-missing", is_flag=True,
              help="The file holds only some of its source's services: leave the others "
                   "active (by default they are marked inactive).")
@click.pass_obj
def import_command(ctx, path: Path, format_name: str | None, quiet: bool,
                   keep_missing: bool) -> None:
    """Import an HSDS JSON file or data package, an Ohana CSV set or flat JSON records."""
    with ctx.session() as session:
        try:
            report = import_path(session, path, format=format_name,
                                 progress=not quiet and sys.stderr.isatty(),
                                 formats=import_formats(ctx.app),
                                 withdraw_missing=not keep_missing)
        except ImportFailed as exc:
            click.echo(f"Error: nothing was imported: {exc}", err=True)
            sys.exit(1)
        if not quiet and sys.stderr.isatty():
            click.echo("Updating the search index…", err=True)
        # The search index (and any plugin listening) follows once the import is committed.
        hook_after_commit(session, "directory_changed", service_ids=None, session=session)
    click.echo(report.summary())
    for line in report.by_kind():
        click.echo(f"  {line}")
    for rejection in report.rejections:
        click.echo(f"  rejected {rejection}", err=True)
    for warning in report.warnings[:50]:
        click.echo(f"  warning {warning}", err=True)
    if len(report.warnings) > 50:
        click.echo(f"  … and {len(report.warnings) - 50} more warnings", err=True)


@directory.command("formats")
@click.pass_obj
def formats_command(ctx) -> None:
    """List the import formats, in the order they are tried on a file."""
    for import_format in import_formats(ctx.app).values():
        click.echo(f"{import_format.name}\t{import_format.description}")


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

    with ctx.session() as session:
        count = index.rebuild(ctx.app, session)
    click.echo(f"Indexed {count} services at their locations into {index.index_path(ctx.app)}")
