"""The operator CLI: ``carebridge [--instance DIR] COMMAND``; errors go to stderr, exit 1."""

from __future__ import annotations

import functools
import json
import secrets
import sys
from pathlib import Path

import click

from carebridge import config as config_layers
from carebridge.errors import CarebridgeError
from carebridge.tenancy import ALL_AGENCIES

DEMO_AGENCY = "demo"
DEMO_ROLES = ("admin", "care_manager", "intake", "directory_editor")
DEMO_LOGINS_FILE = "demo_logins.json"


class Context:
    """What a command works with: the instance folder, its app (built once, on first use) and
    a unit of work per ``with ctx.session() as session:`` (committed when the block ends)."""

    def __init__(self, instance: Path):
        self.instance = instance
        self._app = None

    @property
    def app(self):
        if self._app is None:
            from carebridge.app import create_app

            self._app = create_app(instance_path=self.instance)
        return self._app

    def session(self, tenant=ALL_AGENCIES):
        """A unit of work on the app's database, inside the app's context."""
        from carebridge.unit_of_work import unit_of_work

        return unit_of_work(self.app, tenant)

    def plugin_manager(self):
        """The app's plugin manager; before ``init`` (no secret key yet, so no app) one built
        from the same configuration, so ``--help`` lists every command either way."""
        try:
            from carebridge.app_state import app_state

            return app_state(self.app).plugins
        except RuntimeError:
            from flask import Flask

            from carebridge.plugins import make_manager

            bare = Flask("carebridge", instance_path=str(self.instance))
            config_layers.load(bare, None)
            return make_manager(bare.config.get("PLUGINS", ()))


pass_ctx = click.make_pass_decorator(Context)


def context_of(ctx: click.Context) -> Context:
    """The command line's ``Context`` (made from ``--instance`` on first use)."""
    root = ctx.find_root()
    if not isinstance(root.obj, Context):
        instance = root.params.get("instance") or config_layers.default_instance_path()
        root.obj = Context(Path(instance).resolve())
    return root.obj


class CommandsFromPlugins(click.Group):
    """The built-in commands, then those the app's plugins add through ``register_commands``:
    the built-in features', installed plugins' and the instance's ``PLUGINS``'."""

    def _from_plugins(self, ctx: click.Context) -> click.Group:
        meta = ctx.find_root().meta
        if "carebridge.plugin_commands" not in meta:
            holder = click.Group()
            context_of(ctx).plugin_manager().hook.register_commands(cli=holder)
            meta["carebridge.plugin_commands"] = holder
        return meta["carebridge.plugin_commands"]

    def get_command(self, ctx: click.Context, cmd_name: str):
        return super().get_command(ctx, cmd_name) or self._from_plugins(ctx).get_command(
            ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self._from_plugins(ctx).list_commands(ctx)})


def reports_errors(command):
    """Turn domain errors into a readable message on stderr and exit code 1."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except CarebridgeError as exc:
            click.echo(f"Error: {exc.message}", err=True)
            for problem in exc.problems:
                where = f"at '{problem.pointer}': " if problem.pointer else ""
                click.echo(f"  {where}{problem.message}", err=True)
            sys.exit(1)

    return wrapped


@click.group(cls=CommandsFromPlugins)
@click.option("--instance", type=click.Path(file_okay=False, path_type=Path),
              envvar="CAREBRIDGE_INSTANCE", default="instance", show_default=True,
              # Eager, so --help (also eager) after it lists this instance's plugins' commands.
              is_eager=True,
              help="The instance folder: configuration, secret key, SQLite database.")
@click.pass_context
def main(ctx: click.Context, instance: Path) -> None:
    """Carebridge: care-management forms, submissions and a resource directory."""
    context_of(ctx)


@main.command()
@pass_ctx
@reports_errors
def init(ctx: Context) -> None:
    """Create or upgrade the database (safe to run again)."""
    from carebridge import migrations

    config_layers.ensure_secret_key(ctx.instance)
    migrations.upgrade(ctx.app)
    click.echo(f"Database ready: {ctx.app.config['DATABASE_URL']}")


@main.group()
def agency() -> None:
    """Agencies (tenants)."""


@agency.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@pass_ctx
@reports_errors
def agency_create(ctx: Context, slug: str, name: str) -> None:
    """Create an agency."""
    from carebridge.agencies import create_agency

    with ctx.session() as session:
        created = create_agency(session, slug, name)
        click.echo(f"Created agency {created.slug} ({created.name}).")


@agency.command("set-time-zone")
@click.argument("slug")
@click.argument("zone")
@pass_ctx
@reports_errors
def agency_set_time_zone(ctx: Context, slug: str, zone: str) -> None:
    """Show the agency's times in ZONE (an IANA name such as America/Chicago)."""
    from carebridge.agencies import agency_by_slug, set_time_zone

    with ctx.session() as session:
        found = set_time_zone(session, agency_by_slug(session, slug), zone)
        click.echo(f"{found.slug} shows times in {found.settings['time_zone']}.")


@agency.command("set-reminders")
@click.argument("slug")
@click.option("--first-hours", default=24, show_default=True, type=int,
              help="Hours before an appointment that the first reminder goes out.")
@click.option("--second-hours", default=None, type=int,
              help="Hours before it for an optional second reminder (fewer than the first).")
@click.option("--follow-up-days", default="1", show_default=True,
              help="Days before a referral's follow-up date for its reminder ('off': none).")
@click.option("--follow-up-hour", default=10, show_default=True, type=int,
              help="The hour of that day (the agency's time zone) it goes out.")
@pass_ctx
@reports_errors
def agency_set_reminders(ctx: Context, slug: str, first_hours: int, second_hours: int | None,
                         follow_up_days: str, follow_up_hour: int) -> None:
    """When reminders to the agency's clients go out (appointments booked from now on)."""
    from carebridge.agencies import agency_by_slug
    from carebridge.careplans.reminder_schedule import set_settings

    with ctx.session() as session:
        chosen = set_settings(session, agency_by_slug(session, slug), first_hours=first_hours,
                              second_hours=second_hours,
                              follow_up_days=None if follow_up_days == "off" else follow_up_days,
                              follow_up_hour=follow_up_hour)
        second = f" and {chosen.second_hours} h" if chosen.second_hours else ""
        follow = (f"{chosen.follow_up_days} day(s) before a follow-up at "
                  f"{chosen.follow_up_hour}:00" if chosen.follow_up_days is not None
                  else "no follow-up reminders")
        click.echo(f"{slug}: reminders {chosen.first_hours} h{second} before appointments; "
                   f"{follow}.")


@main.group()
def user() -> None:
    """Users."""


@user.command("create")
@click.argument("email")
@click.option("--agency", "agency_slug", required=True)
@click.option("--role", required=True, type=click.Choice(DEMO_ROLES))
@click.option("--name", default="")
@click.option("--password-stdin", is_flag=True, required=True,
              help="Read the password from the first line of standard input.")
@pass_ctx
@reports_errors
def user_create(ctx: Context, email: str, agency_slug: str, role: str, name: str,
                password_stdin: bool) -> None:
    """Create a user of an agency with a role."""
    from carebridge.agencies import agency_by_slug
    from carebridge.auth.service import create_user

    password = sys.stdin.readline().rstrip("\r\n")
    with ctx.session() as session:
        created = create_user(session, agency_by_slug(session, agency_slug), email, role,
                              password, name)
        click.echo(f"Created {created.role} {created.email} in {agency_slug}.")


def _account_change(ctx: Context, email: str, change: str) -> None:
    from carebridge.auth import accounts
    from carebridge.auth.service import user_by_email

    with ctx.session() as session:
        getattr(accounts, change)(session, user_by_email(session, email), by=None, via="cli")


@user.command("deactivate")
@click.argument("email")
@pass_ctx
@reports_errors
def user_deactivate(ctx: Context, email: str) -> None:
    """Stop a user: no login, sessions ended, tokens and kiosk links they made stop working."""
    _account_change(ctx, email, "deactivate")
    click.echo(f"Deactivated {email}.")


@user.command("reactivate")
@click.argument("email")
@pass_ctx
@reports_errors
def user_reactivate(ctx: Context, email: str) -> None:
    """Let a deactivated user log in again."""
    _account_change(ctx, email, "reactivate")
    click.echo(f"Reactivated {email}.")


@user.command("unlock")
@click.argument("email")
@pass_ctx
@reports_errors
def user_unlock(ctx: Context, email: str) -> None:
    """Unlock an account locked after repeated wrong passwords."""
    _account_change(ctx, email, "unlock")
    click.echo(f"Unlocked {email}.")


@user.command("reset-password")
@click.argument("email")
@click.option("--password-stdin", is_flag=True,
              help="Read the new password from standard input (default: generate one).")
@pass_ctx
@reports_errors
def user_reset_password(ctx: Context, email: str, password_stdin: bool) -> None:
    """Set a new password and end the user's sessions; a generated one is printed last."""
    from carebridge.auth import accounts
    from carebridge.auth.service import user_by_email

    given = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with ctx.session() as session:
        password = accounts.reset_password(session, user_by_email(session, email), by=None,
                                           via="cli", password=given)
    click.echo(f"New password for {email} set; their sessions are ended.")
    if given is None:
        click.echo(password)


@main.group()
def token() -> None:
    """API tokens."""


def _expiry(day) -> object:
    from datetime import UTC, datetime, time

    return datetime.combine(day.date(), time(), UTC) if day is not None else None


@token.command("create")
@click.argument("email")
@click.option("--label", default="")
@click.option("--expires", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="The day (UTC) the token stops working.")
@pass_ctx
@reports_errors
def token_create(ctx: Context, email: str, label: str, expires) -> None:
    """Issue an API token; it is printed once, as the last line."""
    from carebridge.auth import accounts
    from carebridge.auth.service import user_by_email

    with ctx.session() as session:
        issued = accounts.issue_token(session, user_by_email(session, email), by=None,
                                      via="cli", label=label, expires_at=_expiry(expires))
    click.echo(f"Token for {email} (store it now; it cannot be shown again):")
    click.echo(issued)


@token.command("list")
@click.argument("email")
@pass_ctx
@reports_errors
def token_list(ctx: Context, email: str) -> None:
    """A user's tokens: prefix, label, expiry, whether revoked."""
    from carebridge.auth import accounts
    from carebridge.auth.service import user_by_email

    with ctx.session() as session:
        for row in accounts.user_tokens(session, user_by_email(session, email)):
            state = "revoked" if row.revoked_at else (
                f"expires {row.expires_at:%Y-%m-%d}" if row.expires_at else "no expiry")
            click.echo(f"{row.prefix}  {row.label or '-'}  {state}")


@token.command("revoke")
@click.argument("prefix")
@pass_ctx
@reports_errors
def token_revoke(ctx: Context, prefix: str) -> None:
    """Revoke the token starting with PREFIX (as `token list` shows it)."""
    from carebridge.auth import accounts

    with ctx.session() as session:
        row = accounts.token_by_prefix(session, prefix)
        accounts.revoke_token(session, row.id, by=None, via="cli")
    click.echo(f"Revoked {prefix}.")


@token.command("expire")
@click.argument("prefix")
@click.option("--on", "day", type=click.DateTime(["%Y-%m-%d"]), required=True,
              help="The day (UTC) the token stops working.")
@pass_ctx
@reports_errors
def token_expire(ctx: Context, prefix: str, day) -> None:
    """Set the day the token starting with PREFIX stops working."""
    from carebridge.auth import accounts

    with ctx.session() as session:
        row = accounts.token_by_prefix(session, prefix)
        accounts.expire_token(session, row.id, _expiry(day), by=None, via="cli")
    click.echo(f"{prefix} stops working on {day:%Y-%m-%d}.")


@main.group()
def forms() -> None:
    """Form definitions."""


@forms.command("load")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--agency", "agency_slug", required=True)
@pass_ctx
@reports_errors
def forms_load(ctx: Context, path: Path, agency_slug: str) -> None:
    """Load a definition file or a folder of them; unchanged files create no new version."""
    from carebridge.forms import loading

    with ctx.session() as session:
        for line in loading.load_path(session, agency_slug, path):
            click.echo(line)


@forms.command("export")
@click.option("--agency", "agency_slug", required=True)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True)
@pass_ctx
@reports_errors
def forms_export(ctx: Context, agency_slug: str, out: Path) -> None:
    """Write the latest version of each of an agency's forms as <id>.json files."""
    from carebridge.forms import loading

    with ctx.session() as session:
        for written in loading.export(session, agency_slug, out):
            click.echo(f"Wrote {written}")


@main.command()
@pass_ctx
@reports_errors
def demo(ctx: Context) -> None:
    """Set up the demo agency with one user per role and the shipped forms; print the logins."""
    from carebridge.agencies import create_agency
    from carebridge.auth.service import create_user
    from carebridge.forms import loading

    logins_file = ctx.instance / DEMO_LOGINS_FILE
    logins = json.loads(logins_file.read_text()) if logins_file.exists() else {}
    with ctx.session() as session:
        from sqlalchemy import select

        from carebridge.agencies import Agency
        from carebridge.app_state import app_state

        agency_row = session.scalar(select(Agency).where(Agency.slug == DEMO_AGENCY))
        if agency_row is None:
            agency_row = create_agency(session, DEMO_AGENCY, "Demo Community Care")
        for role in DEMO_ROLES:
            email = f"{role.replace('_', '-')}@demo.carebridge.example"
            if email not in logins:
                logins[email] = secrets.token_urlsafe(9)
                create_user(session, agency_row, email, role, logins[email],
                            name=role.replace("_", " ").title())
        for line in loading.load_path(session, DEMO_AGENCY, loading.shipped_instruments()):
            click.echo(line)
        for loaders in app_state(ctx.app).hook.register_demo_data():
            for loader in loaders:
                for line in loader(session):
                    click.echo(line)
    fd_path = logins_file
    fd_path.write_text(json.dumps(logins, indent=2))
    fd_path.chmod(0o600)
    click.echo("\nDemo logins (also in " + str(logins_file) + "):")
    for email, password in logins.items():
        click.echo(f"  {email}  {password}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=5000, show_default=True, type=int)
@click.option("--workers", type=int, default=None, help="Default: SERVE_WORKERS from config.")
@click.option("--job-worker/--no-job-worker", default=None,
              help="Start a job worker beside the server (default: unless JOBS_WORKER is "
                   "'external').")
@pass_ctx
def serve(ctx: Context, host: str, port: int, workers: int | None,
          job_worker: bool | None) -> None:
    """Serve the app with gunicorn (and, by default, a background job worker)."""
    from carebridge.serving import serve as run

    app = ctx.app
    if job_worker is None:
        job_worker = app.config["JOBS_WORKER"] == "embedded"
    click.echo(f"Carebridge on http://{host}:{port}/")
    run(app, host, port, workers or int(app.config["SERVE_WORKERS"]),
        int(app.config["SERVE_THREADS"]), job_worker=job_worker)


@main.command()
@click.option("--threads", type=int, default=None,
              help="Jobs run at once. Default: JOBS_WORKER_THREADS from config.")
@click.option("--parent-pid", type=int, default=None, hidden=True)
@pass_ctx
def worker(ctx: Context, threads: int | None, parent_pid: int | None) -> None:
    """Run background jobs until stopped (Ctrl-C lets running jobs finish first)."""
    from carebridge import job_worker

    app = ctx.app
    job_worker.run(app, threads or int(app.config["JOBS_WORKER_THREADS"]), parent_pid)


