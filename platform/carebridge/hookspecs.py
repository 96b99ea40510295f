"""Every Carebridge plugin hook, declared once, each with a docstring saying what to return."""

from __future__ import annotations

import pluggy

hookspec = pluggy.HookspecMarker("carebridge")


@hookspec
def register_blueprints(app):
    """Return a list of Flask blueprints to register on ``app``."""


@hookspec
def register_commands(cli):
    """Add click commands or groups to the ``carebridge`` command group ``cli``; return nothing."""


@hookspec
def register_demo_data():
    """Return a list of callables ``loader(session) -> iterable of lines`` run by ``demo``."""


@hookspec
def register_template_dirs():
    """Return a list of template folders, searched before the core templates."""


@hookspec
def register_form_definition_dirs():
    """Return a list of folders of form definition files offered as starting points."""


@hookspec
def register_widgets():
    """Return a list of ``carebridge.renderer.widget_table.Widget`` (ways to draw a question)."""


@hookspec
def register_importers():
    """Return a list of ``resource_directory.importers.ImportFormat`` the directory can import."""


@hookspec
def register_openapi_paths():
    """Return a dict of OpenAPI path items the plugin's API routes add to the document."""


@hookspec
def register_benefit_engines():
    """Return a list of ``carebridge.benefits.engines.BenefitEngine`` that screen households."""


@hookspec
def register_jobs():
    """Return a list of functions the job queue may run (JSON arguments, JSON result)."""


@hookspec
def register_periodic_jobs():
    """Return a list of ``carebridge.jobs.Periodic`` the workers run on a schedule."""


@hookspec
def worker_started(app):
    """Called once in a job worker before it takes jobs (warm caches here); return nothing."""


@hookspec
def extra_nav_items(user):
    """Return a list of ``(label, url)`` pairs for the navigation bar of ``user``."""


@hookspec
def extra_nav_items_for_role(role):
    """Return ``(label, url)`` pairs for the navigation bar of every user with ``role``."""


@hookspec
def submission_created(submission, session):
    """Called after the commit that stored a new submission; return nothing."""


@hookspec
def definition_published(definition, version, session):
    """Called after the commit that published a new definition version; return nothing."""


@hookspec
def directory_changed(service_ids, session):
    """Called after a commit that changed these services (None: any); return nothing."""


@hookspec
def client_file_sections(client, user):
    """Return a list of ``ClientFileSection`` to show on ``client``'s file to ``user``."""


@hookspec
def client_timeline(client, user):
    """Return a list of ``TimelineEntry`` (events of ``client`` that ``user`` may see)."""


@hookspec
def register_message_senders():
    """Return a list of ``carebridge.careplans.reminders.Sender`` (e-mail, SMS…) for reminders."""
