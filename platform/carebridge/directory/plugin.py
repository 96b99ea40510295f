"""The directory as a built-in plugin: it plugs in through the same hooks an outside one uses."""

from __future__ import annotations

from carebridge.plugins import hookimpl


@hookimpl
def register_commands(cli):
    from carebridge.directory.commands import directory

    cli.add_command(directory)


@hookimpl
def register_demo_data():
    return [_load_demo_directory]


def _load_demo_directory(session):
    from resource_directory.demo import load_demo

    report = load_demo(session)
    if report is None:
        yield "directory: already has services (unchanged)"
    else:
        yield f"directory: {report.summary()}"
