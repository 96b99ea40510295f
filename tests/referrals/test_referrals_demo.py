"""The shipped demo: its clients have a consent on file and referrals in several states, one
of them overdue, and the client file shows them."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from carebridge.cli import main


@pytest.mark.slow
def test_the_demo_has_referrals_in_several_states(tmp_path, monkeypatch):
    monkeypatch.delenv("CAREBRIDGE_DATABASE_URL", raising=False)
    instance = tmp_path / "instance"
    runner = CliRunner()
    for command in (["init"], ["demo"]):
        result = runner.invoke(main, ["--instance", str(instance), *command])
        assert result.exit_code == 0, result.output + result.stderr
    assert "demo referrals" in result.output
    again = runner.invoke(main, ["--instance", str(instance), "demo"])
    assert "already has referrals (unchanged)" in again.output

    from carebridge import create_app
    from carebridge.referrals.models import Referral
    from carebridge.referrals.service import is_overdue
    from carebridge.tenancy import ALL_AGENCIES
    from carebridge.unit_of_work import unit_of_work

    app = create_app(instance_path=instance)
    with unit_of_work(app, ALL_AGENCIES) as session:
        referrals = session.scalars(select(Referral)).all()
        from carebridge.forms.service import today

        statuses = {r.status for r in referrals}
        assert {"completed", "sent", "accepted", "draft", "declined"} <= statuses
        assert any(is_overdue(r, today()) for r in referrals)
        assert all(r.service.get("name") for r in referrals)
