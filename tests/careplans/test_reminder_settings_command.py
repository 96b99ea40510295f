"""`carebridge agency set-reminders`: an agency's reminder times from the command line, checked
as the service checks them."""

from __future__ import annotations

from click.testing import CliRunner

from carebridge import create_app
from carebridge.agencies import agency_by_slug
from carebridge.careplans.reminder_schedule import ReminderSettings, settings_of
from carebridge.cli import main
from carebridge.db import database
from carebridge.tenancy import ALL_AGENCIES
from carebridge.unit_of_work import unit_of_work


def test_an_agency_sets_its_reminder_times(tmp_path):
    runner = CliRunner()
    instance = tmp_path / "instance"

    def run(*args):
        return runner.invoke(main, ["--instance", str(instance), *args])

    assert run("init").exit_code == 0
    assert run("agency", "create", "eastside", "--name", "Eastside Cares").exit_code == 0
    done = run("agency", "set-reminders", "eastside", "--first-hours", "48",
               "--second-hours", "3", "--follow-up-days", "off")
    assert done.exit_code == 0, done.output
    assert "48 h and 3 h before appointments; no follow-up reminders" in done.output
    refused = run("agency", "set-reminders", "eastside", "--first-hours", "2",
                  "--second-hours", "5")
    assert refused.exit_code == 1 and "fewer hours before" in refused.output
    app = create_app(instance_path=instance)
    with unit_of_work(app, ALL_AGENCIES) as session:
        assert settings_of(agency_by_slug(session, "eastside")) == ReminderSettings(48, 3, None,
                                                                                     10)
    database(app).engine.dispose()
